"""Self-training keeps only paragraphs whose spans are all above the threshold."""
from __future__ import annotations

import pytest

from model.errors import ConfigError
from train.self_training import SelfTrainingOptions, read_paragraphs, select_confident

TEXT = "江西省委书记吴立新主持"
TAGS = ["B-ORG", "I-ORG", "I-ORG", "I-ORG", "B-TITLE", "I-TITLE", "B-PER", "I-PER", "I-PER", "O", "O"]


def test_all_confident_spans_are_kept_with_their_offsets():
    entities = select_confident(TEXT, TAGS, [0.95] * len(TEXT), threshold=0.9, char_threshold=0.5)
    assert [(e.label, e.text) for e in entities] == [("ORG", "江西省委"), ("TITLE", "书记"), ("PER", "吴立新")]
    assert [(e.start, e.end) for e in entities] == [(0, 4), (4, 6), (6, 9)]


def test_one_span_below_threshold_drops_the_paragraph():
    scores = [0.95] * len(TEXT)
    scores[6:9] = [0.95, 0.7, 0.8]  # 吴立新 averages 0.82
    assert select_confident(TEXT, TAGS, scores, threshold=0.9, char_threshold=0.5) is None
    kept = select_confident(TEXT, TAGS, scores, threshold=0.8, char_threshold=0.5)
    assert kept is not None and min(e.score for e in kept) >= 0.8


def test_unsure_outside_character_drops_the_paragraph():
    scores = [0.99] * len(TEXT)
    scores[-1] = 0.4  # maybe a missed entity
    assert select_confident(TEXT, TAGS, scores, threshold=0.9, char_threshold=0.5) is None


def test_read_paragraphs_respects_length_and_budget(tmp_path):
    raw = tmp_path / "news.txt"
    raw.write_text("短标题\n" + "\n".join("会议强调要坚持稳中求进工作总基调推动高质量发展" * 2 for _ in range(10)), encoding="utf-8")
    options = SelfTrainingOptions(teacher="x", raw=[str(raw)], max_chars=100)
    paragraphs = read_paragraphs(options.raw, "", options)
    assert all(len(p) >= 20 for p in paragraphs) and 100 <= sum(map(len, paragraphs)) < 150
    with pytest.raises(ConfigError, match="no file matches"):
        read_paragraphs([str(tmp_path / "none*.txt")], "", options)
    with pytest.raises(ConfigError, match="thresholds"):
        SelfTrainingOptions(teacher="x", threshold=1.5)


def test_paragraphs_of_held_out_real_news_stories_are_never_read(tmp_path):
    from conftest import make_shared, write_selection

    kept = "9月4日，省委书记王明主持召开省委常委会会议，研究部署全省经济工作。"
    dev = "今天，全省防汛工作电视电话会议召开，副省长李强出席会议并讲话。"
    shared = make_shared(tmp_path / "shared", ["省委召开常委会会议\n" + kept, "防汛会议召开\n" + dev])
    selection = write_selection(tmp_path / "selection.tsv", [("xwlb-2024Q3-0001", "xwlb_2024Q3.txt", 1, "dev")])
    options = SelfTrainingOptions(teacher="x", raw=["{shared}/corpora/raw_news/*.txt"], min_length=10)
    assert read_paragraphs(options.raw, str(shared), options, selection) == [kept]
    everything = write_selection(tmp_path / "none.tsv", [])
    assert read_paragraphs(options.raw, str(shared), options, everything) == [kept, dev]


def test_bracket_rule_applies_to_pseudo_labels():
    text = "发布《若干措施》"
    tags = ["O"] * len(text)
    entities = select_confident(text, tags, [0.99] * len(text), threshold=0.9, char_threshold=0.5)
    assert [(e.label, e.text) for e in entities] == [("DOC", "若干措施")]
    assert select_confident(text, tags, [0.99] * len(text), 0.9, 0.5, bracket_rule=False) == []
    # a teacher without DOC (CLUENER's labels) gets no 《》 spans either
    assert select_confident(text, tags, [0.99] * len(text), 0.9, 0.5, teacher_labels=["name", "address"]) == []

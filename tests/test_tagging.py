from __future__ import annotations

import random

import pytest

from conftest import project_data_files
from model.entities import Entity
from model.tagging import IOB2, tag_labels
from train.annotations import read_articles


def test_adjacent_spans_of_one_label_stay_apart():
    scheme = IOB2()
    text = "湖北武汉召开会议"
    entities = [Entity(0, 2, "LOC", "湖北"), Entity(2, 4, "LOC", "武汉")]
    tags = scheme.encode(len(text), entities)
    assert tags[:4] == ["B-LOC", "I-LOC", "B-LOC", "I-LOC"]
    assert scheme.decode(text, tags) == entities


def test_decode_repairs_orphan_inside_tag():
    scheme = IOB2()
    entities = scheme.decode("省委书记", ["O", "I-ORG", "I-ORG", "B-TITLE"])
    assert [(e.start, e.end, e.label) for e in entities] == [(1, 3, "ORG"), (3, 4, "TITLE")]


def test_encode_rejects_overlap_and_unknown_label():
    scheme = IOB2()
    with pytest.raises(ValueError, match="overlaps"):
        scheme.encode(5, [Entity(0, 3, "ORG", "abc"), Entity(2, 4, "LOC", "cd")])
    with pytest.raises(ValueError, match="label"):
        scheme.encode(5, [Entity(0, 3, "NAME", "abc")])


def test_entity_scores_are_averaged_over_the_span():
    scheme = IOB2()
    [entity] = scheme.decode("马兴", ["B-PER", "I-PER"], [0.5, 1.0])
    assert entity.score == pytest.approx(0.75)


@pytest.mark.parametrize("path", project_data_files(), ids=lambda p: p.name)
def test_spans_to_tags_to_spans_is_identity_on_project_data(path):
    scheme = IOB2()
    articles = read_articles(path)
    assert articles, f"{path} holds no article"
    for article in articles:
        tags = scheme.encode(len(article.text), article.entities)
        assert scheme.decode(article.text, tags) == article.entities, article.id


def test_allowed_transitions_forbid_inside_after_other_label():
    scheme = IOB2(["PER", "ORG"])
    allowed = scheme.allowed_transitions()
    t = scheme.tag_to_id
    assert not allowed[t["O"], t["I-PER"]]
    assert not allowed[t["B-ORG"], t["I-PER"]]
    assert allowed[t["B-PER"], t["I-PER"]] and allowed[t["I-PER"], t["I-PER"]]
    assert allowed[t["I-PER"], t["B-PER"]] and allowed[t["O"], t["B-ORG"]]
    assert not scheme.allowed_starts()[t["I-ORG"]]


def test_random_tags_roundtrip_after_decoding():
    scheme = IOB2()
    rng = random.Random(0)
    text = "".join(rng.choice("甲乙丙丁") for _ in range(200))
    tags = [rng.choice(scheme.tags) for _ in text]
    entities = scheme.decode(text, tags)
    assert scheme.decode(text, scheme.encode(len(text), entities)) == entities


def test_vocab_reads_half_width_punctuation_as_full_width():
    from model.vocab import build_vocab

    vocab = build_vocab(["会议，指出：要（坚持）"], min_count=1)
    assert vocab.encode(",:()") == vocab.encode("，：（）")
    assert len(vocab.encode("12日报道,11月")) == len("12日报道,11月")  # one id per character
    assert vocab.char_id("Ａ") == vocab.char_id("A")


def test_decode_tag_ids_equals_decode_of_the_tag_strings():
    import numpy as np

    from model.tagging import decode_tag_ids

    scheme = IOB2()
    tags = list(scheme.tags)
    random.Random(1).shuffle(tags)  # a model's tag list may be in any order
    rng = np.random.default_rng(0)
    for trial in range(500):
        n = int(rng.integers(0, 40))
        ids = rng.integers(0, len(tags), size=n)
        if trial % 2:
            ids = np.where(rng.random(n) < 0.6, tags.index("O"), ids)  # sparse spans, as in news
        text = "".join(chr(0x4E00 + int(i)) for i in rng.integers(0, 500, size=n))
        scores = rng.random(n).astype(np.float32)
        expected = scheme.decode(text, [tags[i] for i in ids], scores.tolist())
        got = decode_tag_ids(text, ids, tags, scores)
        assert got == expected and [e.score for e in got] == [e.score for e in expected], trial


def test_tag_labels_are_sorted_and_name_each_label_once():
    assert tag_labels(["O", "B-PER", "I-LOC", "I-PER", "B-LOC"]) == ["LOC", "PER"]
    assert tag_labels(["O"]) == []
    # the order IOB2 numbers its tags in does not depend on the tag list's order
    assert IOB2(tag_labels(["B-ORG", "O", "I-ORG", "B-DATE"])).tags == IOB2(["DATE", "ORG"]).tags

"""The real-news corpus: standoff round trips on a small raw_news folder written here,
and the committed standoff files against the shared corpus when it is present."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from conftest import QUARTERS, ROOT, STORIES, load_script, make_shared, write_selection
from model.errors import AnnotationError, ConfigError
from train.annotations import read_articles
from train.real_news import (
    EVALUATION_SPLITS, SELECTION, RawNews, SharedCorpusError, held_out, rebuild_article, text_hash, to_standoff,
)


def annotated_first_story() -> dict:
    text = STORIES[0]

    def entity(sub: str, label: str, nth: int = 0) -> dict:
        start = -1
        for _ in range(nth + 1):
            start = text.index(sub, start + 1)
        return {"start": start, "end": start + len(sub), "label": label, "text": sub}

    entities = [
        entity("省委", "ORG"), entity("常委会会议", "MEETING"), entity("9月4日", "DATE"),
        entity("省委书记", "TITLE"), entity("王明", "PER"), entity("省委常委会会议", "MEETING"),
    ]
    entities.sort(key=lambda e: e["start"])
    record = {
        "date": "2024-09-04", "date_text": "9月4日", "region": None, "meeting": "省委常委会会议",
        "organizer": None, "people": [{"name": "王明", "titles": ["省委书记"], "roles": ["chair"]}], "documents": [],
    }
    return {"id": "xwlb-2024Q3-0000", "published": "2024-09-04", "text": text, "entities": entities,
            "records": [record], "kind": "standing_committee"}


def test_story_text_is_its_lines_and_ids_follow_the_file(tmp_path: Path) -> None:
    raw = RawNews(make_shared(tmp_path))
    story = raw.story("xwlb_2024Q3.txt", 1)
    assert story.text == STORIES[1]
    assert story.id == "xwlb-2024Q3-0001"
    assert story.published == "2024-09-05"
    assert [s.id for s in raw.stories()] == ["xwlb-2024Q3-0000", "xwlb-2024Q3-0001"]


def test_standoff_round_trip_keeps_every_entity_and_record(tmp_path: Path) -> None:
    raw = RawNews(make_shared(tmp_path))
    article = annotated_first_story()
    line = to_standoff(article, raw.story("xwlb_2024Q3.txt", 0), "here")
    assert "text" not in line and line["sha256"] == text_hash(STORIES[0])
    assert json.dumps(line, ensure_ascii=False).count("王明") == 0  # no text of the story in the standoff
    back = rebuild_article(line, raw, "here")
    assert back["entities"] == article["entities"]
    assert back["records"] == article["records"]
    assert back["published"] == "2024-09-04" and back["kind"] == "standing_committee"


def test_record_values_point_at_entities(tmp_path: Path) -> None:
    raw = RawNews(make_shared(tmp_path))
    article = annotated_first_story()
    line = to_standoff(article, raw.story("xwlb_2024Q3.txt", 0), "here")
    text = STORIES[0]
    meeting = line["records"][0]["meeting"]
    assert text[meeting[0]:meeting[1]] == "省委常委会会议" and meeting[0] > text.index("常委会会议")
    article["records"][0]["people"][0]["titles"] = ["省长"]
    with pytest.raises(AnnotationError, match="省长"):
        to_standoff(article, raw.story("xwlb_2024Q3.txt", 0), "here")


def test_annotation_of_other_text_is_refused(tmp_path: Path) -> None:
    raw = RawNews(make_shared(tmp_path))
    article = annotated_first_story()
    article["text"] = article["text"].replace("主持", "主特")
    with pytest.raises(AnnotationError, match=f"character {STORIES[0].index('持')}"):
        to_standoff(article, raw.story("xwlb_2024Q3.txt", 0), "here")


def test_changed_story_is_a_clear_error(tmp_path: Path) -> None:
    line = to_standoff(annotated_first_story(), RawNews(make_shared(tmp_path / "a")).story("xwlb_2024Q3.txt", 0), "here")
    changed = [STORIES[0].replace("王明", "王亮"), STORIES[1]]
    raw = RawNews(make_shared(tmp_path / "b", changed))
    with pytest.raises(SharedCorpusError, match="xwlb-2024Q3-0000.*changed"):
        rebuild_article(line, raw, "so.jsonl:1")


def test_held_out_stories_are_the_committed_selection_by_split() -> None:
    with SELECTION.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    everything, evaluation = held_out(), held_out(EVALUATION_SPLITS)
    assert everything.story_ids == {row["id"] for row in rows}  # what distillation leaves out
    assert evaluation.story_ids == {row["id"] for row in rows if row["split"] in ("dev", "test")}  # mining, vectors
    assert 0 < len(evaluation.story_ids) < len(everything.story_ids)
    assert not everything.headlines and not evaluation.headlines  # headlines only with the raw corpus


def test_with_the_raw_corpus_real_dev_and_test_headlines_are_held_out_too(tmp_path: Path) -> None:
    raw = RawNews(make_shared(tmp_path, files=QUARTERS))
    selection = write_selection(tmp_path / "selection.tsv", [
        ("xwlb-2024Q3-0000", "xwlb_2024Q3.txt", 0, "dev"),
        ("xwlb-2024Q3-0001", "xwlb_2024Q3.txt", 1, "test"),
        ("xwlb-2024Q4-0000", "xwlb_2024Q4.txt", 0, "train"),
    ])
    everything = held_out(raw=raw, selection=selection)
    assert everything.story_ids == {"xwlb-2024Q3-0000", "xwlb-2024Q3-0001", "xwlb-2024Q4-0000"}
    assert everything.headlines == {"省委召开常委会会议", "国内联播快讯"}  # not the real-train headline
    # Q4 story 1 is the dev story's report broadcast again under another id
    assert [s.id for s in raw.stories() if everything.excludes(s)] == [
        "xwlb-2024Q3-0000", "xwlb-2024Q3-0001", "xwlb-2024Q4-0000", "xwlb-2024Q4-0001"]
    evaluation = held_out(EVALUATION_SPLITS, raw=raw, selection=selection)
    assert evaluation.story_ids == {"xwlb-2024Q3-0000", "xwlb-2024Q3-0001"}
    assert evaluation.headlines == everything.headlines


def test_a_bad_or_missing_selection_is_a_config_error_naming_the_line(tmp_path: Path) -> None:
    selection = write_selection(tmp_path / "selection.tsv", [
        ("xwlb-2024Q3-0000", "xwlb_2024Q3.txt", 0, "dev"), ("xwlb-2024Q3-0001", "xwlb_2024Q3.txt", 1, "held")])
    with pytest.raises(ConfigError, match=r"selection\.tsv:3: split 'held'"):
        held_out(selection=selection)
    with pytest.raises(ConfigError, match="not found"):
        held_out(selection=tmp_path / "missing.tsv")
    bare = tmp_path / "bare.tsv"
    bare.write_text("id\tsplit\nxwlb-2024Q3-0000\tdev\n", encoding="utf-8")
    assert held_out(selection=bare).story_ids == {"xwlb-2024Q3-0000"}
    with pytest.raises(ConfigError, match="bare.tsv:1: the header lacks article, file"):
        held_out(raw=RawNews(make_shared(tmp_path / "shared")), selection=bare)


def test_missing_shared_folder_names_the_variable(tmp_path: Path) -> None:
    with pytest.raises(SharedCorpusError, match="POLICY_IE_SHARED"):
        RawNews(tmp_path / "nowhere")


def test_build_script_writes_valid_splits(tmp_path: Path) -> None:
    build = load_script("build_real_corpus")
    shared = make_shared(tmp_path / "shared")
    raw = RawNews(shared)
    standoff = tmp_path / "standoff"
    standoff.mkdir()
    line = to_standoff(annotated_first_story(), raw.story("xwlb_2024Q3.txt", 0), "here")
    (standoff / "batch_00.jsonl").write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    selection = tmp_path / "selection.tsv"
    selection.write_text("id\tsplit\nxwlb-2024Q3-0000\tdev\n", encoding="utf-8")
    out = tmp_path / "build"
    args = ["--out", str(out), "--shared-dir", str(shared), "--standoff", str(standoff), "--selection", str(selection)]
    assert build.main(args) == 0
    dev = read_articles(out / "dev.jsonl")
    assert [a.id for a in dev] == ["xwlb-2024Q3-0000"]
    assert dev[0].records[0]["people"][0]["name"] == "王明"
    assert read_articles(out / "train.jsonl") == []
    # the same story twice is an error, not a silent duplicate
    (standoff / "batch_01.jsonl").write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    assert build.main(args) == 1


def test_committed_standoff_builds_against_the_shared_corpus(shared: Path, tmp_path: Path) -> None:
    build = load_script("build_real_corpus")
    files = sorted((ROOT / "data/real/standoff").glob("batch_*.jsonl"))
    if not files:
        pytest.skip("no real-news standoff files committed yet")
    out = tmp_path / "build"
    assert build.main(["--out", str(out), "--shared-dir", str(shared)]) == 0
    built = sum(len(read_articles(out / f"{name}.jsonl")) for name in ("train", "dev", "test"))
    assert built == sum(1 for path in files for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def test_agreement_counts_what_the_two_annotations_share() -> None:
    agreement = load_script("real_agreement").agreement
    from train.annotations import parse_article

    first = parse_article(annotated_first_story())
    second_data = annotated_first_story()
    second_data["entities"] = [e for e in second_data["entities"] if e["label"] != "DATE"]
    second_data["records"][0]["date_text"] = None
    second = parse_article(second_data)
    same = agreement({first.id: first}, {first.id: first})
    assert same["entities"]["micro"]["f1"] == 1.0 and same["records"]["slot"]["f1"] == 1.0
    report = agreement({first.id: first}, {second.id: second})
    # 6 reference entities, 5 found, none spurious: P 1, R 5/6
    assert report["entities"]["micro"]["recall"] == pytest.approx(5 / 6)
    assert report["entities"]["micro"]["precision"] == 1.0
    assert report["entities"]["per_label"]["DATE"]["f1"] == 0.0
    assert report["stories"] == 1

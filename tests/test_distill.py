"""train.distill: which raw stories the student reads, and resuming the teacher's output."""
from __future__ import annotations

import json
from pathlib import Path

from conftest import QUARTERS, make_shared, write_selection
from train.annotations import read_articles
from train.distill import done_ids, draw_stories, main
from train.real_news import RawNews, held_out


def test_selected_stories_and_held_out_headlines_are_never_drawn(tmp_path: Path) -> None:
    raw = RawNews(make_shared(tmp_path, files=QUARTERS))
    # Q3 story 0 is in real-dev: it and the Q4 story with the same headline stay out;
    # Q3 story 2 is in real-train (gold labels): it stays out, but its headline may recur.
    selection = write_selection(tmp_path / "selection.tsv", [
        ("xwlb-2024Q3-0000", "xwlb_2024Q3.txt", 0, "dev"),
        ("xwlb-2024Q3-0002", "xwlb_2024Q3.txt", 2, "train"),
    ])
    excluded = held_out(raw=raw, selection=selection)
    drawn = [s.id for s in draw_stories(raw, excluded, max_chars=10_000, seed=1, min_chars=0)]
    assert sorted(drawn) == ["xwlb-2024Q3-0001", "xwlb-2024Q4-0000", "xwlb-2024Q4-0002"]
    assert drawn == [s.id for s in draw_stories(raw, excluded, max_chars=10_000, seed=1, min_chars=0)]


def test_drawing_alternates_quarters_and_stops_at_the_budget(tmp_path: Path) -> None:
    raw = RawNews(make_shared(tmp_path, files=QUARTERS))
    excluded = held_out(raw=raw, selection=write_selection(tmp_path / "selection.tsv", []))
    stories = list(draw_stories(raw, excluded, max_chars=1, seed=3, min_chars=0))
    assert len(stories) == 1
    first_two = list(draw_stories(raw, excluded, max_chars=len(stories[0].text) + 1, seed=3, min_chars=0))
    assert len(first_two) == 2 and {s.file for s in first_two} == set(QUARTERS)
    long_only = list(draw_stories(raw, excluded, max_chars=10_000, seed=3, min_chars=30))
    assert long_only and all(len(s.text) >= 30 for s in long_only)
    assert len(long_only) < 6


def test_a_half_written_last_line_is_dropped_on_resume(tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    output.write_text(json.dumps({"id": "a"}) + "\n" + json.dumps({"id": "b"}) + "\n" + '{"id": "c", "te', encoding="utf-8")
    assert done_ids(output) == {"a", "b"}
    assert output.read_text(encoding="utf-8").count("\n") == 2
    assert done_ids(tmp_path / "missing.jsonl") == set()


def test_teacher_output_is_valid_and_a_rerun_adds_nothing(tmp_path: Path, tiny_model: Path) -> None:
    shared = make_shared(tmp_path, files=QUARTERS)
    selection = write_selection(tmp_path / "selection.tsv", [("xwlb-2024Q3-0000", "xwlb_2024Q3.txt", 0, "test")])
    output = tmp_path / "teacher.jsonl"
    argv = ["--teacher", str(tiny_model), "--output", str(output), "--shared-dir", str(shared),
            "--selection", str(selection), "--min-chars", "0", "--chunk", "2"]
    assert main(argv) == 0
    articles = read_articles(output)  # the validator checks every entity against the text
    assert sorted(a.id for a in articles) == [
        "xwlb-2024Q3-0001", "xwlb-2024Q3-0002", "xwlb-2024Q4-0000", "xwlb-2024Q4-0002"]
    by_id = {a.id: a for a in articles}
    assert by_id["xwlb-2024Q4-0000"].published == "2024-12-04"  # from articles.tsv
    assert by_id["xwlb-2024Q3-0001"].text == QUARTERS["xwlb_2024Q3.txt"][1]
    before = output.read_text(encoding="utf-8")
    assert main(argv) == 0
    assert output.read_text(encoding="utf-8") == before

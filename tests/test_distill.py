"""train.distill: which raw stories the student reads, and resuming the teacher's output."""
from __future__ import annotations

import json
from pathlib import Path

from train.annotations import read_articles
from train.distill import done_ids, draw_stories, held_out, main
from train.real_news import RawNews

FILES = {
    "xwlb_2024Q3.txt": ["省委召开常委会会议\n9月4日，省委书记王明主持召开省委常委会会议。",
                        "国内联播快讯\n今天，全国防汛会商会在京召开。",
                        "市政府召开常务会议\n9月6日，市长李华主持召开市政府常务会议。"],
    "xwlb_2024Q4.txt": ["全国秋冬季农业生产工作会议召开\n10月8日，全国秋冬季农业生产工作会议在京召开。",
                        "省委召开常委会会议\n10月9日，省委召开常委会会议，研究部署安全生产工作。",
                        "县委召开理论学习中心组学习会\n10月10日，县委书记赵平主持召开学习会。"],
}


def make_raw(folder: Path) -> Path:
    raw = folder / "corpora" / "raw_news"
    raw.mkdir(parents=True)
    rows = ["file\tarticle\tline\tpublished\theadline"]
    for file, stories in FILES.items():
        (raw / file).write_text("\n\n".join(stories) + "\n", encoding="utf-8")
        line = 1
        for index, story in enumerate(stories):
            rows.append(f"{file}\t{index}\t{line}\t2024-{9 + (file[-5] == '4'):02d}-1{index}\t{story.splitlines()[0]}")
            line += len(story.splitlines()) + 1
    (raw / "articles.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


def write_selection(path: Path, rows: list[tuple[str, str, int, str]]) -> Path:
    lines = ["id\tfile\tarticle\tpublished\tgroup\tkind\tsplit\tbatch\tsecond_batch"]
    lines += [f"{i}\t{f}\t{a}\t2024-09-04\tmeeting\tstanding\t{split}\t0\t" for i, f, a, split in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_selected_stories_and_held_out_headlines_are_never_drawn(tmp_path: Path) -> None:
    raw = RawNews(make_raw(tmp_path))
    # Q3 story 0 is in real-dev: it and the Q4 story with the same headline stay out;
    # Q3 story 2 is in real-train (gold labels): it stays out, but its headline may recur.
    selection = write_selection(tmp_path / "selection.tsv", [
        ("xwlb-2024Q3-0000", "xwlb_2024Q3.txt", 0, "dev"),
        ("xwlb-2024Q3-0002", "xwlb_2024Q3.txt", 2, "train"),
    ])
    excluded = held_out(raw, selection)
    drawn = [s.id for s in draw_stories(raw, excluded, max_chars=10_000, seed=1, min_chars=0)]
    assert sorted(drawn) == ["xwlb-2024Q3-0001", "xwlb-2024Q4-0000", "xwlb-2024Q4-0002"]
    assert drawn == [s.id for s in draw_stories(raw, excluded, max_chars=10_000, seed=1, min_chars=0)]


def test_drawing_alternates_quarters_and_stops_at_the_budget(tmp_path: Path) -> None:
    raw = RawNews(make_raw(tmp_path))
    excluded = held_out(raw, write_selection(tmp_path / "selection.tsv", []))
    stories = list(draw_stories(raw, excluded, max_chars=1, seed=3, min_chars=0))
    assert len(stories) == 1
    first_two = list(draw_stories(raw, excluded, max_chars=len(stories[0].text) + 1, seed=3, min_chars=0))
    assert len(first_two) == 2 and {s.file for s in first_two} == set(FILES)
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
    shared = make_raw(tmp_path)
    selection = write_selection(tmp_path / "selection.tsv", [("xwlb-2024Q3-0000", "xwlb_2024Q3.txt", 0, "test")])
    output = tmp_path / "teacher.jsonl"
    argv = ["--teacher", str(tiny_model), "--output", str(output), "--shared-dir", str(shared),
            "--selection", str(selection), "--min-chars", "0", "--chunk", "2"]
    assert main(argv) == 0
    articles = read_articles(output)  # the validator checks every entity against the text
    assert sorted(a.id for a in articles) == [
        "xwlb-2024Q3-0001", "xwlb-2024Q3-0002", "xwlb-2024Q4-0000", "xwlb-2024Q4-0002"]
    by_id = {a.id: a for a in articles}
    assert by_id["xwlb-2024Q4-0000"].published == "2024-10-10"
    assert by_id["xwlb-2024Q3-0001"].text == FILES["xwlb_2024Q3.txt"][1]
    before = output.read_text(encoding="utf-8")
    assert main(argv) == 0
    assert output.read_text(encoding="utf-8") == before

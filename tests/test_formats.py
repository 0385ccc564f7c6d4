"""Annotation formats (policy_ie.formats): round trips keep every entity; losses are reported, not silent."""
from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from model.entities import LABELS
from model.errors import AnnotationError
from policy_ie.cli import main as cli_main
from policy_ie.formats import FORMATS, ConversionReport, convert, label_studio_config, read, write
from policy_ie.formats import labelstudio
from policy_ie.formats.conll import escape, unescape
from policy_ie.palette import COLOURS
from train.annotations import read_articles

ROOT = Path(__file__).resolve().parents[1]
TARGETS = [fmt for fmt in FORMATS if fmt != "jsonl"]


def round_trip(source: Path, fmt: str, tmp_path: Path) -> tuple[list, ConversionReport, ConversionReport]:
    middle, back = tmp_path / f"mid.{fmt}", tmp_path / "back.jsonl"
    with middle.open("w", encoding="utf-8") as handle:
        there = convert(source, handle, "jsonl", fmt)
    with back.open("w", encoding="utf-8") as handle:
        home = convert(middle, handle, fmt, "jsonl")
    return read_articles(back), there, home


@pytest.mark.parametrize("fmt", TARGETS)
def test_round_trip_of_the_corpus_keeps_everything(tmp_path, fmt):
    source = ROOT / "data" / "dev.jsonl"
    original = read_articles(source)
    articles, there, home = round_trip(source, fmt, tmp_path)
    assert [a.to_dict() for a in articles] == [a.to_dict() for a in original]
    assert sum(len(a.entities) for a in articles) == there.entities == home.entities > 100
    assert not there.losses and not home.losses


@pytest.mark.parametrize("fmt", TARGETS)
def test_round_trip_of_the_seed_keeps_every_entity(shared, tmp_path, fmt):
    source = shared / "examples" / "seed.jsonl"
    original = read_articles(source)
    articles, _, _ = round_trip(source, fmt, tmp_path)
    assert [(e.start, e.end, e.label, e.text) for e in articles[0].entities] == \
        [(e.start, e.end, e.label, e.text) for e in original[0].entities]
    assert articles[0].to_dict() == original[0].to_dict()


def scored_file(tmp_path: Path) -> Path:
    """A predicted article: entities with scores, as `predict --format jsonl` writes."""
    text = "3月2日，江西省委召开常委会会议，省委书记吴立新主持。"
    entities = [
        {"start": 0, "end": 4, "label": "DATE", "text": "3月2日", "score": 0.97},
        {"start": 5, "end": 9, "label": "ORG", "text": "江西省委", "score": 0.88},
        {"start": 11, "end": 16, "label": "MEETING", "text": "常委会会议", "score": 0.91},
        {"start": 17, "end": 21, "label": "TITLE", "text": "省委书记", "score": 0.99},
        {"start": 21, "end": 24, "label": "PER", "text": "吴立新", "score": 0.95},
    ]
    path = tmp_path / "scored.jsonl"
    path.write_text(json.dumps({"id": "p1", "published": "2024-03-03", "text": text, "entities": entities,
                                "records": []}, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt,kept", [("label-studio", True), ("doccano", False), ("conll", False)])
def test_scores_are_kept_or_reported(tmp_path, fmt, kept):
    out = io.StringIO()
    report = convert(scored_file(tmp_path), out, "jsonl", fmt)
    if kept:
        assert not report.losses
        assert [item["score"] for item in json.loads(out.getvalue())[0]["annotations"][0]["result"]][:2] == [0.97, 0.88]
    else:
        assert sum(report.losses.values()) == 5
        assert any("score" in message for message in report.losses)


def test_strict_convert_refuses_a_loss_and_writes_nothing(tmp_path, capsys):
    target = tmp_path / "out.conll"
    assert cli_main(["convert", str(scored_file(tmp_path)), str(target), "--from", "jsonl", "--to", "conll", "--strict"]) == 5
    assert not target.exists()
    assert "entity scores" in capsys.readouterr().err
    assert cli_main(["convert", str(scored_file(tmp_path)), str(target), "--from", "jsonl", "--to", "conll"]) == 0
    assert target.read_text(encoding="utf-8").count("B-") == 5


def test_convert_reads_stdin_and_writes_stdout(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO((ROOT / "data" / "dev.jsonl").read_text(encoding="utf-8")))
    assert cli_main(["convert", "-", "-", "--from", "jsonl", "--to", "doccano"]) == 0
    lines = capsys.readouterr().out.splitlines()
    original = read_articles(ROOT / "data" / "dev.jsonl")
    assert len(lines) == len(original)
    first = json.loads(lines[0])
    assert first["article_id"] == original[0].id
    assert first["label"] == [[e.start, e.end, e.label] for e in original[0].entities]


def ls_task(text: str, regions: list[dict], **extra) -> dict:
    return {"id": 7, "data": {"text": text, "id": "t1"}, "annotations": [{"id": 1, "result": regions}], **extra}


def ls_region(start: int, end: int, label: str, text: str) -> dict:
    return {"id": "r", "from_name": "label", "to_name": "text", "type": "labels",
            "value": {"start": start, "end": end, "text": text, "labels": [label]}}


def read_ls(tmp_path: Path, tasks: list[dict], **options) -> tuple[list, ConversionReport]:
    path = tmp_path / "export.json"
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    report = ConversionReport()
    return read(path, "label-studio", report, **options), report


def test_label_studio_utf16_offsets_are_converted(tmp_path):
    text = "𠮷𠮷，省委书记王明主持会议。"  # two characters beyond the BMP before the entity
    start = text.index("王明")
    articles, report = read_ls(tmp_path, [ls_task(text, [ls_region(start + 2, start + 4, "PER", "王明")])])
    entity = articles[0].entities[0]
    assert (entity.start, entity.end, entity.text) == (start, start + 2, "王明")
    assert any("UTF-16" in note for note in report.notes)


def test_label_studio_region_text_mismatch_names_the_task(tmp_path):
    with pytest.raises(AnnotationError, match="task 0, result 0.*'王明'"):
        read_ls(tmp_path, [ls_task("省委书记王明主持会议。", [ls_region(0, 2, "PER", "王明")])])


def test_label_studio_overlapping_regions_are_an_error(tmp_path):
    text = "省委书记王明主持会议。"
    with pytest.raises(AnnotationError, match="overlapping"):
        read_ls(tmp_path, [ls_task(text, [ls_region(0, 4, "TITLE", "省委书记"), ls_region(2, 6, "PER", "书记王明")])])


def test_label_studio_annotation_choice_and_reports(tmp_path):
    text = "省委书记王明主持会议。"
    old = {"id": 1, "updated_at": "2024-01-01T00:00:00Z", "result": [ls_region(4, 6, "ORG", "王明")]}
    new = {"id": 2, "updated_at": "2024-02-01T00:00:00Z",
           "result": [ls_region(4, 6, "PER", "王明"), {"type": "relation", "from_id": "a", "to_id": "b"}]}
    cancelled = {"id": 3, "was_cancelled": True, "updated_at": "2025-01-01T00:00:00Z", "result": []}
    unannotated = {"id": 9, "data": {"text": text, "id": "t2"},
                   "predictions": [{"result": [ls_region(0, 4, "TITLE", "省委书记")]}]}
    tasks = [{"id": 8, "data": {"text": text, "id": "t1", "colour": "red"}, "annotations": [old, new, cancelled]},
             unannotated]
    articles, report = read_ls(tmp_path, tasks)
    assert [a.id for a in articles] == ["t1"]
    assert [(e.label, e.text) for e in articles[0].entities] == [("PER", "王明")]
    losses = " ".join(report.losses)
    assert "relation" in losses and "without an annotation" in losses and "'colour'" in losses
    assert any("several annotations" in note for note in report.notes)
    with_predictions, _ = read_ls(tmp_path, tasks, use_predictions=True)
    assert [(e.label, e.text) for e in with_predictions[1].entities] == [("TITLE", "省委书记")]


def test_stale_records_stop_a_conversion_unless_assembled_or_dropped(tmp_path):
    text = "3月2日，江西省委召开常委会会议，省委书记吴立新主持。"
    record = {"date": "2024-03-02", "date_text": "3月2日", "region": "江西省", "meeting": "常委会会议",
              "organizer": "江西省委", "people": [{"name": "吴立新", "titles": ["省委书记"], "roles": ["chair"]}],
              "documents": []}
    regions = [ls_region(0, 4, "DATE", "3月2日"), ls_region(5, 9, "ORG", "江西省委"),
               ls_region(11, 16, "MEETING", "常委会会议"), ls_region(17, 21, "TITLE", "省委书记")]  # PER deleted
    task = {"data": {"text": text, "id": "t1", "published": "2024-03-03", "records": [record]},
            "annotations": [{"result": regions}]}
    with pytest.raises(AnnotationError, match="吴立新.*no PER entity"):
        read_ls(tmp_path, [task])
    dropped, _ = read_ls(tmp_path, [task], records="drop")
    assert dropped[0].records == []
    task["annotations"][0]["result"].append(ls_region(21, 24, "PER", "吴立新"))
    assembled, report = read_ls(tmp_path, [task], records="assemble")
    assert assembled[0].records[0]["people"][0]["name"] == "吴立新"
    assert assembled[0].records[0]["date"] == "2024-03-02"
    assert any("re-assembled" in note for note in report.notes)


def test_prediction_tasks_hold_scores_and_sort_by_the_weakest():
    from model.entities import Entity

    entities = [Entity(0, 2, "PER", "王明", 0.91), Entity(2, 4, "TITLE", "书记", 0.42)]
    task = labelstudio.prediction_task("a1", "王明书记", "2024-01-01", entities, "policy-ie test")
    prediction = task["predictions"][0]
    assert prediction["score"] == 0.42 and prediction["model_version"] == "policy-ie test"
    assert [r["score"] for r in prediction["result"]] == [0.91, 0.42]
    assert all(r["from_name"] == labelstudio.FROM_NAME and r["to_name"] == labelstudio.TO_NAME for r in prediction["result"])
    assert task["data"] == {"text": "王明书记", "id": "a1", "published": "2024-01-01"}


def test_label_studio_config_matches_the_labels_and_the_converter():
    root = ET.fromstring(label_studio_config())
    labels = root.find("Labels")
    text = root.find("Text")
    assert labels.get("name") == labelstudio.FROM_NAME and labels.get("toName") == text.get("name") == labelstudio.TO_NAME
    assert text.get("value") == "$text"
    assert [(label.get("value"), label.get("background")) for label in labels] == \
        [(name, COLOURS[name][1]) for name in LABELS]


def test_cli_prints_the_label_studio_config(capsys):
    assert cli_main(["convert", "--label-studio-config"]) == 0
    assert capsys.readouterr().out == label_studio_config()


@pytest.mark.parametrize("char", [" ", "\t", "\n", "\r", "\u3000", "\\", "\x85", "a", "中"])
def test_conll_escapes_every_character_a_line_cannot_hold(char):
    token = escape(char)
    assert not any(c.isspace() for c in token)
    assert unescape(token) == char


def test_conll_round_trip_of_whitespace_and_backslashes(tmp_path):
    text = "标题\n\n3月2日\t江西省委 召开\u3000会议\\说明"
    entities = [{"start": 4, "end": 8, "label": "DATE", "text": "3月2日"}, {"start": 9, "end": 13, "label": "ORG", "text": "江西省委"}]
    source = tmp_path / "a.jsonl"
    source.write_text(json.dumps({"id": "w", "text": text, "entities": entities}, ensure_ascii=False) + "\n", encoding="utf-8")
    articles, _, _ = round_trip(source, "conll", tmp_path)
    assert articles[0].text == text
    assert [e.to_dict() for e in articles[0].entities] == entities


def test_conll_reads_plain_files_of_other_tools(tmp_path):
    path = tmp_path / "other.conll"
    path.write_text("-DOCSTART- -X- O\n\n王 x B-PER\n明 x I-PER\n主 x O\n持 x O\n\n省委 B-ORG\n召开 O\n", encoding="utf-8")
    report = ConversionReport()
    articles = read(path, "conll", report)
    assert [(a.text, [(e.label, e.text) for e in a.entities]) for a in articles] == \
        [("王明主持", [("PER", "王明")]), ("省委召开", [("ORG", "省委")])]
    assert articles[0].id == f"{path}:3"
    assert any("multi-character" in note for note in report.notes)


def test_conll_bad_tag_names_the_line(tmp_path):
    path = tmp_path / "bad.conll"
    path.write_text("王\tB-PER\n明\tX-PER\n", encoding="utf-8")
    with pytest.raises(AnnotationError, match=r"bad.conll, line 2: tag 'X-PER'"):
        read(path, "conll", ConversionReport())


def test_doccano_exports_are_read_in_both_layouts(tmp_path):
    path = tmp_path / "doccano.jsonl"
    rows = [
        {"id": 41, "text": "王明主持会议", "label": [[0, 2, "PER"]], "Comments": [], "article_id": "a1", "published": "2024-05-06"},
        {"id": 42, "text": "省委召开会议", "entities": [{"id": 1, "label": "ORG", "start_offset": 0, "end_offset": 2}],
         "relations": [], "topic": "x"},
    ]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    report = ConversionReport()
    articles = read(path, "doccano", report)
    assert [(a.id, a.published, [(e.label, e.text) for e in a.entities]) for a in articles] == [
        ("a1", "2024-05-06", [("PER", "王明")]), ("42", None, [("ORG", "省委")])]
    assert any("'topic'" in message for message in report.losses)


def test_doccano_span_outside_the_text_names_the_line(tmp_path):
    path = tmp_path / "doccano.jsonl"
    path.write_text('{"text": "王明", "label": [[0, 2, "PER"]]}\n{"text": "王明", "label": [[1, 5, "PER"]]}\n', encoding="utf-8")
    with pytest.raises(AnnotationError, match=r"doccano.jsonl, line 2: span \[1, 5, 'PER'\] is not inside"):
        read(path, "doccano", ConversionReport())


def test_writers_of_every_format_accept_an_empty_list():
    for fmt in FORMATS:
        out = io.StringIO()
        write([], out, fmt, ConversionReport())
        assert out.getvalue().strip() in ("", "[]")

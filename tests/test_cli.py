"""The ``policy-ie`` command: predict formats, stdin/stdout, folders, progress, exit codes, layering."""
from __future__ import annotations

import ast
import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import SAMPLE_ARTICLE
from model.inference import DEFAULT_MODEL_DIR
from model.tables import PEOPLE_COLUMNS
from policy_ie.cli import FORWARDED, main
from policy_ie.formats import ConversionReport, read

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(not DEFAULT_MODEL_DIR.is_dir(), reason="no shipped model in this copy")
MODEL = ["--model", str(DEFAULT_MODEL_DIR)]


def test_no_module_of_the_inference_package_imports_train():
    offenders = []
    for path in sorted((ROOT / "model").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0 else []
            offenders += [f"{path.name}: {name}" for name in names if name == "train" or name.startswith("train.")]
    assert offenders == []


@pytest.fixture
def articles_file(tmp_path) -> Path:
    sample = SAMPLE_ARTICLE.read_text(encoding="utf-8")
    lines = [{"id": "a", "text": sample, "published": "2024-11-22"},
             {"id": "b", "text": "3月2日，江西省委召开常委会会议，省委书记吴立新主持。", "published": "2024-03-03"},
             {"text": "国务院召开常务会议。"}]
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    return path


def test_predict_txt_prints_one_json_object(capsys):
    assert main(["predict", str(SAMPLE_ARTICLE), "--published", "2024-11-22", *MODEL]) == 0
    output = json.loads(capsys.readouterr().out)
    assert output["id"] == "sample_article.txt" and output["published"] == "2024-11-22"
    text = SAMPLE_ARTICLE.read_text(encoding="utf-8")
    assert output["entities"] and all(text[e["start"]:e["end"]] == e["text"] for e in output["entities"])
    assert output["records"] and set(output["records"][0]) == {"date", "date_text", "region", "meeting", "organizer",
                                                               "people", "documents"}


def test_predict_jsonl_streams_every_format(articles_file, tmp_path, capsys):
    # one chunk size throughout: int8 activations are quantized per batch, so scores move a little with it
    out, MODEL_CHUNK = tmp_path / "out", [*MODEL, "--chunk", "2"]
    assert main(["predict", str(articles_file), *MODEL_CHUNK, "-o", f"{out}.json"]) == 0
    listed = json.loads(Path(f"{out}.json").read_text(encoding="utf-8"))
    assert [item["id"] for item in listed] == ["a", "b", f"{articles_file}:3"]
    assert main(["predict", str(articles_file), *MODEL_CHUNK, "--format", "jsonl", "--evidence", "-o", f"{out}.jsonl"]) == 0
    report = ConversionReport()
    back = read(f"{out}.jsonl", "jsonl", report)  # the guide's format: it validates as annotated articles
    assert [a.id for a in back] == ["a", "b", f"{articles_file}:3"]
    assert [len(a.entities) for a in back] == [len(item["entities"]) for item in listed]
    assert main(["predict", str(articles_file), *MODEL_CHUNK, "--format", "csv", "-o", f"{out}.csv"]) == 0
    with open(f"{out}.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and list(rows[0]) == list(PEOPLE_COLUMNS)
    expected = sum(max(1, len(r["people"])) for item in listed for r in item["records"])
    assert len(rows) == expected
    assert json.loads(rows[0]["roles"]) == listed[0]["records"][0]["people"][0]["roles"]
    assert main(["predict", str(articles_file), *MODEL_CHUNK, "--format", "parquet", "--table", "meetings", "-o", f"{out}.parquet"]) == 0
    table = pq.read_table(f"{out}.parquet").to_pylist()
    assert len(table) == sum(len(item["records"]) for item in listed)
    assert table[0]["people"] == [p["name"] for p in listed[0]["records"][0]["people"]]
    assert main(["predict", str(articles_file), *MODEL_CHUNK, "--format", "label-studio", "-o", f"{out}.tasks.json"]) == 0
    tasks = json.loads(Path(f"{out}.tasks.json").read_text(encoding="utf-8"))
    assert [t["data"]["id"] for t in tasks] == ["a", "b", f"{articles_file}:3"]
    regions = tasks[0]["predictions"][0]["result"]
    assert [(r["value"]["start"], r["value"]["labels"][0], r["score"]) for r in regions] == \
        [(e["start"], e["label"], round(e["score"], 4)) for e in listed[0]["entities"]]
    assert not list(tmp_path.glob("*.partial"))
    capsys.readouterr()


def test_predict_reads_stdin_and_shows_progress_on_stderr(articles_file, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(articles_file.read_text(encoding="utf-8")))
    assert main(["predict", "-", *MODEL, "--format", "jsonl", "--progress", "--chunk", "1"]) == 0
    captured = capsys.readouterr()
    assert [json.loads(line)["id"] for line in captured.out.splitlines()] == ["a", "b", "<stdin>:3"]
    assert "3article" in captured.err.replace(" ", "")  # tqdm's count of articles
    monkeypatch.setattr("sys.stdin", io.StringIO(SAMPLE_ARTICLE.read_text(encoding="utf-8")))
    assert main(["predict", "-", *MODEL, "--published", "2024-11-22", "--no-progress"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["id"] == "stdin" and captured.err == ""


def test_predict_a_folder(tmp_path, articles_file, capsys):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "one.txt").write_text("3月2日，江西省委召开常委会会议。", encoding="utf-8")
    (folder / "many.jsonl").write_text(articles_file.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "notes.md").write_text("not an article", encoding="utf-8")
    assert main(["predict", str(folder), *MODEL]) == 0
    ids = [item["id"] for item in json.loads(capsys.readouterr().out)]
    assert ids == ["a", "b", f"{folder / 'many.jsonl'}:3", "sub/one.txt"]


@pytest.mark.parametrize("content,message", [
    ('{"text": "会议"}\n{"text": 3}\n', "line 2: expected an object with a string 'text'"),
    ('{"text": "会议"}\nnot json\n', "line 2: invalid JSON"),
    ('{"text": "会议", "published": "2024-02-30"}\n', "line 1: published '2024-02-30' is not an ISO date"),
    ('{"id": "x", "text": "会议"}\n{"id": "x", "text": "会"}\n', "line 2: duplicate id 'x'"),
    ('\n\n', "no articles"),
])
def test_bad_input_exits_2_naming_file_and_line(tmp_path, capsys, content, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    assert main(["predict", str(path), *MODEL, "-o", str(tmp_path / "out.json")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err
    assert not (tmp_path / "out.json").exists()


def test_an_error_after_some_results_keeps_them_in_the_partial_file(tmp_path, capsys):
    path = tmp_path / "late.jsonl"
    path.write_text('{"text": "国务院召开常务会议。"}\n{"text": ""}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["predict", str(path), *MODEL, "--format", "jsonl", "--chunk", "1", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "line 2: the text is empty" in err and "1 articles written to" in err
    assert not out.exists() and len(Path(f"{out}.partial").read_text(encoding="utf-8").splitlines()) == 1


def test_long_text_and_missing_model_have_their_own_codes(tmp_path, capsys):
    path = tmp_path / "long.txt"
    path.write_text("会" * 50, encoding="utf-8")
    assert main(["predict", str(path), *MODEL, "--max-chars", "10"]) == 2
    assert "over the limit of 10" in capsys.readouterr().err
    assert main(["predict", str(SAMPLE_ARTICLE), "--model", str(tmp_path / "nothing")]) == 4
    assert "model folder not found" in capsys.readouterr().err
    assert main(["predict", str(tmp_path / "missing.txt"), *MODEL]) == 2
    assert "file not found" in capsys.readouterr().err


@pytest.mark.parametrize("command", sorted(FORWARDED))
def test_training_commands_are_forwarded(command, capsys):
    with pytest.raises(SystemExit) as leave:
        main([command, "--help"])
    assert leave.value.code == 0
    assert "usage:" in capsys.readouterr().out

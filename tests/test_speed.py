"""train.speed: system names, what one measurement reports, and fresh-process memory and imports."""
from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import pytest

from model.errors import ArgumentError
from train.speed import combine, main, measure, parse_models, read_data, resolve_systems

TEXTS = ["9月4日，省委书记王明主持召开省委常委会会议。", "今天，全国防汛会商会在京召开。"]


def write_texts(path: Path) -> Path:
    path.write_text("".join(json.dumps({"text": t, "published": "2024-09-04"}, ensure_ascii=False) + "\n" for t in TEXTS),
                    encoding="utf-8")
    return path


def test_systems_resolve_to_their_model_folders_and_bad_names_are_errors() -> None:
    models = parse_models("fast=a,accurate=b")
    assert models == {"fast": "a", "accurate": "b"}
    assert resolve_systems(["fast/onnx", "accurate/torch-int8", "jieba"], models) == [
        ("fast/onnx", "a"), ("accurate/torch-int8", "b"), ("jieba", None)]
    for bad in ("slow/onnx", "fast/tensorrt", "fast", "spacy"):
        with pytest.raises(argparse.ArgumentTypeError, match=bad.split("/")[0]):
            resolve_systems([bad], models)
    with pytest.raises(argparse.ArgumentTypeError, match="NAME=FOLDER"):
        parse_models("fast")


def test_a_measurement_reports_speeds_and_memory(tiny_model: Path) -> None:
    row = measure("tiny/torch-fp32", str(tiny_model), TEXTS, [None, None], repeat=1)
    assert row["backend"] == "torch"
    assert row["one_by_one_chars_per_s"] > 0 and row["batched_chars_per_s"] > 0
    assert 0 < row["first_result_peak_mb"] <= row["peak_mb"]
    assert 0 < row["import_and_load_s"] < row["first_result_s"]
    first = measure("tiny/torch-fp32", str(tiny_model), TEXTS, [None, None], repeat=1, first_only=True)
    assert "batched_chars_per_s" not in first and "one_by_one_chars_per_s" not in first
    assert first["imports_torch"] is True and first["imports_transformers"] is True


def test_several_processes_keep_the_fastest_first_result_and_the_largest_peaks() -> None:
    runs = [
        {"backend": "onnx", "first_result_s": 2.0, "import_and_load_s": 1.5, "first_result_peak_mb": 150.0,
         "peak_mb": 160.0, "imports_torch": False, "imports_transformers": False},
        {"backend": "onnx", "first_result_s": 1.0, "import_and_load_s": 0.8, "first_result_peak_mb": 140.0,
         "peak_mb": 170.0, "imports_torch": False, "imports_transformers": False},
    ]
    row = combine(runs)
    assert (row["first_result_s"], row["import_and_load_s"]) == (1.0, 0.8)
    assert (row["first_result_peak_mb"], row["peak_mb"], row["processes"]) == (150.0, 170.0, 2)
    speeds = [dict(run, batched_chars_per_s=b, one_by_one_chars_per_s=o) for run, b, o in zip(runs, (900, 800), (400, 500))]
    assert (combine(speeds)["batched_chars_per_s"], combine(speeds)["one_by_one_chars_per_s"]) == (900, 500)


def test_data_is_a_jsonl_file_or_one_text_file_and_index_picks_one_article(tmp_path: Path) -> None:
    data = write_texts(tmp_path / "texts.jsonl")
    assert read_data(str(data)) == (TEXTS, ["2024-09-04", "2024-09-04"])
    assert read_data(str(data), index=1) == (TEXTS[1:], ["2024-09-04"])
    article = tmp_path / "article.txt"
    article.write_text(TEXTS[0], encoding="utf-8")
    assert read_data(str(article)) == ([TEXTS[0]], [None])
    with pytest.raises(ArgumentError, match="--index 2: .*texts.jsonl has 2 article"):
        read_data(str(data), index=2)
    assert main(["--data", str(data), "--index", "5", "--systems", "rules"]) == 2


def test_the_command_writes_one_row_per_system(tmp_path: Path) -> None:
    data = write_texts(tmp_path / "texts.jsonl")
    output = tmp_path / "speed.json"
    assert main(["--data", str(data), "--systems", "rules", "--repeat", "1", "--processes", "2",
                 "--output", str(output)]) == 0
    report = json.loads(output.read_text(encoding="utf-8"))
    assert report["articles"] == 2 and report["characters"] == sum(map(len, TEXTS))
    assert list(report["systems"]) == ["rules"]
    assert report["systems"]["rules"]["processes"] == 2 and report["systems"]["rules"]["batched_chars_per_s"] > 0


def test_a_fresh_onnx_process_imports_neither_torch_nor_transformers(tiny_model: Path, tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("onnxruntime", reason="onnxruntime is not installed (pip install onnxruntime onnx)")
    pytest.importorskip("onnx", reason="onnx is not installed (pip install onnxruntime onnx)")
    from model.onnx_export import export_onnx

    folder = tmp_path / "tiny"
    shutil.copytree(tiny_model, folder)
    export_onnx(folder)
    article = tmp_path / "article.txt"
    article.write_text(TEXTS[0], encoding="utf-8")
    output = tmp_path / "memory.json"
    assert main(["--data", str(article), "--models", f"tiny={folder}", "--systems", "tiny/onnx,tiny/torch-fp32",
                 "--first-only", "--output", str(output)]) == 0
    systems = json.loads(output.read_text(encoding="utf-8"))["systems"]
    onnx, torch = systems["tiny/onnx"], systems["tiny/torch-fp32"]
    assert onnx["backend"] == "onnx" and not onnx["imports_torch"] and not onnx["imports_transformers"]
    assert torch["backend"] == "torch" and torch["imports_torch"] and torch["imports_transformers"]
    assert 0 < onnx["first_result_peak_mb"] < torch["first_result_peak_mb"]
    assert "batched_chars_per_s" not in onnx
    table = capsys.readouterr().out
    assert any(line.startswith("tiny/onnx") and line.endswith("no/no") and " - " in line for line in table.splitlines())

"""train.speed: system names, and what one measurement reports."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from train.speed import main, measure, parse_models, resolve_systems

TEXTS = ["9月4日，省委书记王明主持召开省委常委会会议。", "今天，全国防汛会商会在京召开。"]


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


def test_the_command_writes_one_row_per_system(tmp_path: Path) -> None:
    data = tmp_path / "texts.jsonl"
    data.write_text("".join(json.dumps({"text": t, "published": "2024-09-04"}, ensure_ascii=False) + "\n" for t in TEXTS),
                    encoding="utf-8")
    output = tmp_path / "speed.json"
    assert main(["--data", str(data), "--systems", "rules", "--repeat", "1", "--output", str(output)]) == 0
    report = json.loads(output.read_text(encoding="utf-8"))
    assert report["articles"] == 2 and report["characters"] == sum(map(len, TEXTS))
    assert list(report["systems"]) == ["rules"]

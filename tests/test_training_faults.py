"""Training that survives faults: a killed run resumes from its checkpoint and ends where an
uninterrupted one ends; a bad line in a training or vocabulary file names the file and the line."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file

from conftest import ROOT, write_tiny_config
from model.errors import AnnotationError
from train.__main__ import main as train_main
from train.build_vocab import main as build_vocab_main
from train.config import load_config
from train.trainer import run_training

#: Runs ``python -m train`` and kills its own process (SIGKILL: no clean-up, as a crash or an
#: out-of-memory kill) when the Trainer is about to take step $KILL_AT_STEP.
KILLED_RUN = """
import os, signal, sys
from transformers import Trainer
take_step = Trainer.training_step
def training_step(self, *args, **kwargs):
    if self.state.global_step >= int(os.environ["KILL_AT_STEP"]):
        os.kill(os.getpid(), signal.SIGKILL)
    return take_step(self, *args, **kwargs)
Trainer.training_step = training_step
from train.__main__ import main
sys.exit(main(sys.argv[1:]))
"""
#: Metrics that measure the machine, not the model.
TIMING = ("runtime", "per_second")


def dev_metrics(folder: Path) -> dict[str, float]:
    metrics = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))["dev"]
    return {key: value for key, value in metrics.items() if not any(word in key for word in TIMING)}


def test_a_killed_run_resumes_and_ends_as_an_uninterrupted_one(tmp_path):
    # 12 steps are two epochs of the tiny split; a checkpoint is saved after each epoch
    whole = run_training(load_config(write_tiny_config(tmp_path / "a", "whole", max_steps=12)))
    config = write_tiny_config(tmp_path / "b", "killed", max_steps=12)
    env = dict(os.environ, KILL_AT_STEP="8", PYTHONPATH=str(ROOT))
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_RUN, "--config", str(config)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert killed.returncode == -9, killed.stderr[-2000:]
    output = tmp_path / "b" / "killed"
    assert not (output / "model.safetensors").exists()
    assert [p.name for p in (output / "checkpoints").glob("checkpoint-*")] == ["checkpoint-6"]

    resumed = run_training(load_config(config, ["training.resume=true"]))
    assert dev_metrics(resumed) == dev_metrics(whole)
    assert dev_metrics(whole)["epoch"] == 2.0
    first, second = load_file(whole / "model.safetensors"), load_file(resumed / "model.safetensors")
    assert first.keys() == second.keys()
    assert all(torch.equal(first[key], second[key]) for key in first)


BAD_LINES = [
    (b'{"id": "x", "text": \n', "line {n}: invalid JSON"),
    ('{"id": "x", "text": "会议', "line {n}: invalid JSON"),
    (b'{"id": "x", "text": "\xe4\xbc"}\n', "line {n}: not UTF-8 text at byte 21 of the line"),
    (b"[1, 2]\n", "line {n}: expected a JSON object"),
    ('{"id": "x", "published": null, "text": "会议", "entities": [{"start": 0, "end": 9, "label": "MEETING", "text": "会议"}], "records": []}\n',
     "line {n}: entity 0 offsets [0, 9) are outside the text"),
]


@pytest.mark.parametrize("bad,message", BAD_LINES, ids=["json", "unterminated", "utf8", "array", "offsets"])
def test_a_bad_training_line_names_the_file_and_the_line(tmp_path, capsys, bad, message):
    config = write_tiny_config(tmp_path, "bad")
    train = tmp_path / "train.jsonl"
    good = train.read_bytes()
    line = good.count(b"\n") + 1
    train.write_bytes(good + (bad if isinstance(bad, bytes) else bad.encode("utf-8")))
    with pytest.raises(AnnotationError) as caught:
        run_training(load_config(config))
    assert caught.value.path == str(train) and caught.value.line == line
    assert message.format(n=line) in str(caught.value)
    assert train_main(["--config", str(config)]) == 2
    assert f"{train}, line {line}" in capsys.readouterr().err


def test_a_bad_line_in_a_vocabulary_source_names_the_file_and_the_line(tmp_path, capsys):
    good = tmp_path / "news.txt"
    good.write_text("省委召开会议\n王明主持\n", encoding="utf-8")
    assert build_vocab_main([str(good), "--output", str(tmp_path / "vocab"), "--min-count", "1"]) == 0
    assert "王" in (tmp_path / "vocab" / "vocab.txt").read_text(encoding="utf-8").split("\n")
    bad_text = tmp_path / "bad.txt"
    bad_text.write_bytes("省委召开会议\n".encode("utf-8") + b"\xff\n")
    assert build_vocab_main([str(bad_text), "--output", str(tmp_path / "v2")]) == 2
    assert f"{bad_text}, line 2: not UTF-8 text" in capsys.readouterr().err
    bad_json = tmp_path / "bad.jsonl"
    bad_json.write_text('{"text": "会议"}\n{"text": 5}\n{"text": \n', encoding="utf-8")
    assert build_vocab_main([str(bad_json), "--output", str(tmp_path / "v3")]) == 2
    assert f"{bad_json}, line 2: 'text' must be a string" in capsys.readouterr().err

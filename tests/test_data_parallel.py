"""Data-parallel training: two processes (DDP over gloo on the CPU) train a model that loads and
predicts, and metrics.json records how many processes ran and the batch of one optimizer step."""
from __future__ import annotations

import json
import logging
import math
import os
import shutil
import socket
import subprocess

import pytest

from conftest import ROOT
from model.inference import load_model, predict
from train.trainer import _warn_single_cpu_launch

ACCELERATE = shutil.which("accelerate")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.skipif(ACCELERATE is None, reason="the accelerate launcher is not installed")
def test_two_processes_train_a_model_that_loads_and_predicts(tmp_path):
    # --multi_gpu is accelerate's torchrun launcher; with no visible GPU each process trains on the CPU over gloo.
    # (`--cpu --num_processes 2` would start one process: accelerate's multi-CPU launcher needs --mpirun_hostfile.)
    out = tmp_path / "ddp"
    command = [ACCELERATE, "launch", "--multi_gpu", "--num_processes", "2", "--num_machines", "1",
               "--mixed_precision", "no", "--dynamo_backend", "no", "--main_process_port", str(free_port()),
               "-m", "train", "--config", "configs/tiny.yaml",
               f"training.output_dir={out}", "training.max_steps=4", "training.disable_tqdm=true"]
    env = dict(os.environ, CUDA_VISIBLE_DEVICES="", PYTHONPATH=str(ROOT), OMP_NUM_THREADS="1")
    run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "data parallel: 2 process(es)" in run.stderr
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["world_size"] == 2
    assert metrics["effective_batch_size"] == 16 * 2 * 1 == \
        metrics["per_device_batch_size"] * metrics["world_size"] * metrics["gradient_accumulation_steps"]
    # 4 steps of 32 examples: the share of an epoch that two processes of 16 cover (one alone would cover half)
    assert metrics["train"]["epoch"] == pytest.approx(4 / math.ceil(metrics["train_examples"] / 32))
    assert not (out / "checkpoints").exists()
    model = load_model(out, device="cpu")
    result = predict("3月2日，江西省委召开常委会会议，省委书记吴立新主持。", published="2024-03-03", model=model)
    assert result.text.startswith("3月2日") and all(0 <= e.start < e.end <= len(result.text) for e in result.entities)


def test_one_process_records_world_size_one(tiny_model):
    metrics = json.loads((tiny_model / "metrics.json").read_text(encoding="utf-8"))
    assert (metrics["world_size"], metrics["per_device_batch_size"], metrics["effective_batch_size"]) == (1, 8, 8)


def test_a_cpu_launch_that_starts_one_process_says_so(monkeypatch, caplog):
    monkeypatch.setenv("ACCELERATE_USE_CPU", "True")
    monkeypatch.setenv("MASTER_ADDR", "127.0.0.1")
    with caplog.at_level(logging.WARNING, logger="train.trainer"):
        _warn_single_cpu_launch(1)
        _warn_single_cpu_launch(2)
    assert [r.getMessage() for r in caplog.records if "started one process" in r.getMessage()] and len(caplog.records) == 1

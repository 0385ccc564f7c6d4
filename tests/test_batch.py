"""Corpus-scale jobs: ``predict --workers N`` gives the output of one worker, in input order; an
interrupted job resumed gives the output of an uninterrupted one; a dead worker is an error; the
same prediction runs as a ``datasets`` map with ``num_proc``."""
from __future__ import annotations

import json
import multiprocessing
import os
import signal
from pathlib import Path

import pytest

from conftest import DATA_DIR
from policy_ie.batch import WorkerError, WorkerPool, map_predict
from policy_ie.cli import main
from policy_ie.inputs import open_articles

#: one predict() call per chunk of 2: 7 articles make 4 chunks, more than two workers hold in flight
CHUNK = ["--chunk", "2", "--no-progress"]


def write_articles(path: Path, count: int = 7, ids: bool = False) -> Path:
    """``count`` articles of the project's dev split as a JSONL file, one without an id (unless ``ids``),
    one as an HTML page."""
    lines = []
    for number, line in zip(range(count), (DATA_DIR / "dev.jsonl").read_text(encoding="utf-8").splitlines()):
        data = json.loads(line)
        item = {"id": data["id"], "text": data["text"], "published": data["published"]}
        if number == 2 and not ids:
            del item["id"]
        if number == 4:
            item.update(text=f"<html><body><p>{data['text'][:200]}</p></body></html>", format="html")
        lines.append(json.dumps(item, ensure_ascii=False) + "\n")
    path.write_text("".join(lines), encoding="utf-8")
    return path


@pytest.fixture
def articles(tmp_path) -> Path:
    return write_articles(tmp_path / "articles.jsonl")


def run(source: Path, out: Path, model: Path, *options: str) -> int:
    return main(["predict", str(source), "--model", str(model), *CHUNK, "-o", str(out), *options])


def input_ids(source: Path) -> list[str]:
    return [a.id for a in open_articles(str(source)).articles]


@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_two_workers_write_the_bytes_of_one_in_input_order(tiny_model, articles, tmp_path, fmt):
    one, two = tmp_path / f"one.{fmt}", tmp_path / f"two.{fmt}"
    assert run(articles, one, tiny_model, "--format", fmt) == 0
    assert run(articles, two, tiny_model, "--format", fmt, "--workers", "2") == 0
    assert two.read_bytes() == one.read_bytes()
    if fmt == "jsonl":
        lines = one.read_text(encoding="utf-8").splitlines()
        assert [json.loads(line)["id"] for line in lines] == input_ids(articles)
        assert any(json.loads(line)["entities"] for line in lines)  # the tiny model finds something: a real comparison
    assert not list(tmp_path.glob("*.partial"))


def test_an_interrupted_job_resumed_ends_as_an_uninterrupted_one(tiny_model, articles, tmp_path, capsys):
    whole = tmp_path / "whole.jsonl"
    assert run(articles, whole, tiny_model, "--format", "jsonl") == 0
    lines = whole.read_bytes().splitlines(keepends=True)
    for kept, workers in ((3, "1"), (0, "2")):
        out = tmp_path / f"resumed-{kept}.jsonl"
        half = lines[kept][: len(lines[kept]) // 2 + 1]  # cut inside a multi-byte character too, as a crash may
        Path(f"{out}.partial").write_bytes(b"".join(lines[:kept]) + half)
        assert run(articles, out, tiny_model, "--format", "jsonl", "--resume", "--workers", workers) == 0
        assert out.read_bytes() == whole.read_bytes()
        assert not Path(f"{out}.partial").exists()
        assert f"resuming: {kept} articles already in" in capsys.readouterr().err
    # a finished file resumed is left as it is; an absent one is simply started
    assert run(articles, whole, tiny_model, "--format", "jsonl", "--resume") == 0
    assert whole.read_bytes() == b"".join(lines)
    assert "resuming: 7 articles already in" in capsys.readouterr().err
    fresh = tmp_path / "fresh.jsonl"
    assert run(articles, fresh, tiny_model, "--format", "jsonl", "--resume") == 0
    assert fresh.read_bytes() == whole.read_bytes() and "starting" in capsys.readouterr().err


def test_resume_refuses_the_output_of_another_input(tiny_model, tmp_path, capsys):
    articles = write_articles(tmp_path / "ids.jsonl", ids=True)  # explicit ids: another file name keeps them
    out = tmp_path / "out.jsonl"
    assert run(articles, out, tiny_model, "--format", "jsonl") == 0
    other = tmp_path / "other.jsonl"
    lines = articles.read_text(encoding="utf-8").splitlines(keepends=True)
    other.write_text("".join([lines[1], lines[0], *lines[2:]]), encoding="utf-8")
    before = out.read_bytes()
    assert run(other, out, tiny_model, "--format", "jsonl", "--resume") == 2
    err = capsys.readouterr().err
    assert f"{out}, line 1: the output has id" in err and "belongs to another input" in err
    assert out.read_bytes() == before and not Path(f"{out}.partial").exists()  # nothing changed
    shorter = tmp_path / "shorter.jsonl"
    shorter.write_text("".join(lines[:3]), encoding="utf-8")
    assert run(shorter, out, tiny_model, "--format", "jsonl", "--resume") == 2
    assert "line 4: the output has more articles than the input (3)" in capsys.readouterr().err
    assert run(articles, tmp_path / "out.json", tiny_model, "--resume") == 2
    assert "--resume continues --format jsonl" in capsys.readouterr().err


def test_a_bad_line_with_two_workers_keeps_what_one_worker_keeps(tiny_model, articles, tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(articles.read_text(encoding="utf-8") + "not json\n", encoding="utf-8")
    partials = []
    for workers in ("1", "2"):
        out = tmp_path / f"out-{workers}.jsonl"
        assert run(bad, out, tiny_model, "--format", "jsonl", "--workers", workers) == 2
        err = capsys.readouterr().err
        assert "line 8: invalid JSON" in err and "6 articles written to" in err and "--resume continues it" in err
        partials.append(Path(f"{out}.partial").read_bytes())
    assert partials[0] == partials[1] and partials[0].count(b"\n") == 6


class KillsWorkersAtLine:
    """A stdin whose reading kills the worker processes (SIGKILL: as the out-of-memory killer does)
    when line ``at`` is reached, while earlier chunks are in flight."""

    def __init__(self, text: str, at: int):
        self.lines, self.at = text.splitlines(keepends=True), at

    def __iter__(self):
        for number, line in enumerate(self.lines, start=1):
            if number == self.at:
                children = multiprocessing.active_children()
                assert children, "no worker process to kill"
                for child in children:
                    os.kill(child.pid, signal.SIGKILL)
                    child.join()
            yield line


def test_a_dead_worker_is_an_error_and_resume_finishes_the_job(tiny_model, tmp_path, capsys, monkeypatch):
    source = write_articles(tmp_path / "ids.jsonl", ids=True)  # stdin: explicit ids, the same for the file
    whole = tmp_path / "whole.jsonl"
    assert run(source, whole, tiny_model, "--format", "jsonl") == 0
    out = tmp_path / "out.jsonl"
    monkeypatch.setattr("sys.stdin", KillsWorkersAtLine(source.read_text(encoding="utf-8"), at=6))
    assert main(["predict", "-", "--model", str(tiny_model), *CHUNK, "--format", "jsonl", "--workers", "2",
                 "-o", str(out)]) == WorkerError.exit_code
    err = capsys.readouterr().err
    assert "a worker process died" in err and "--resume continues it" in err
    partial = Path(f"{out}.partial").read_bytes()
    assert whole.read_bytes().startswith(partial) and partial.count(b"\n") < 7  # a prefix: no article dropped
    assert run(source, out, tiny_model, "--format", "jsonl", "--resume") == 0
    assert out.read_bytes() == whole.read_bytes()


def test_a_broken_model_folder_fails_in_the_workers_with_its_own_code(tmp_path, articles, capsys):
    assert run(articles, tmp_path / "out.jsonl", tmp_path / "nothing", "--workers", "2") == 4
    assert "model folder not found" in capsys.readouterr().err
    assert not (tmp_path / "out.jsonl.partial").exists()


def test_the_pool_bounds_the_chunks_in_flight(tiny_model, articles):
    read = []

    def chunks():
        for article in open_articles(str(articles)).articles:
            read.append(article.id)
            yield [article]

    with WorkerPool(2, str(tiny_model), in_flight=3) as pool:
        for index, (chunk, predictions) in enumerate(pool.predict_chunks(chunks())):
            assert chunk[0].id == read[index] and len(predictions) == 1
            assert len(read) <= min(index + 3, 7)  # never more than 3 chunks read ahead of the one written


def test_a_datasets_map_with_two_processes_predicts_what_the_command_does(tiny_model, tmp_path):
    datasets = pytest.importorskip("datasets")
    source = write_articles(tmp_path / "ids.jsonl", count=8, ids=True)
    # 2 processes take 4 rows each, in batches of 2: the chunks of `--chunk 2`, so the same predict() calls
    command = tmp_path / "command.jsonl"
    assert run(source, command, tiny_model, "--format", "jsonl") == 0
    dataset = datasets.Dataset.from_json(str(source), cache_dir=str(tmp_path / "cache"))
    mapped = map_predict(dataset, tiny_model, num_proc=2, batch_size=2)
    assert mapped["id"] == input_ids(source)
    assert "".join(line + "\n" for line in mapped["prediction"]) == command.read_text(encoding="utf-8")

"""Corpus-scale prediction: worker processes for ``policy-ie predict --workers N``, and a
``datasets`` map for jobs that outgrow one machine.

:class:`WorkerPool` starts N processes (``spawn``: no forked copy of a
parent's threads), each loading the model once; the command's chunks of
articles go to them and come back **in input order**, with at most
``in_flight`` chunks submitted and not yet written, so memory stays bounded
however long the input is. A chunk is predicted by one ``predict`` call in
one process, exactly as ``--workers 1`` predicts it, so the output is the
same. A worker that dies is a :class:`WorkerError`, never a silent gap.

:func:`map_predict` runs the same prediction as a ``datasets`` ``map``
(``num_proc`` processes, one model per process): the engine shards, runs
and caches the job, so that no home-made scheduler is needed to take it to
a cluster (a ``datasets`` map over a sharded dataset, or the same function
inside Ray Data's ``map_batches``).

This module imports no torch at import time: a spawned worker sets its
thread count before the inference package (and its backend) is imported.
"""
from __future__ import annotations

import json
import os
import signal
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import date, datetime
from multiprocessing import get_context
from typing import Any

from model.errors import PolicyIEError

from .inputs import InputArticle

#: Per process: the loaded model (or the error that loading it raised) and its settings.
_STATE: dict[str, Any] = {}


class WorkerError(PolicyIEError):
    """A worker process died (killed, out of memory) or could not start: its articles were not predicted."""

    exit_code = 6
    http_status = 500


def cpu_count() -> int:
    """CPUs this process may run on (the affinity mask, not the machine's count)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def threads_per_worker(workers: int) -> int:
    """Threads each of ``workers`` processes gets, so that together they do not oversubscribe the CPUs."""
    return max(1, cpu_count() // max(1, workers))


def _load(model: str | None, load_options: dict[str, Any], threads: int | None) -> Any:
    """The model of this process, loaded on first use; a loading error is kept and raised at each use."""
    key = (model, repr(sorted(load_options.items())))
    if _STATE.get("key") != key:
        if threads is not None:
            os.environ["OMP_NUM_THREADS"] = str(threads)  # read when the backend is first imported
        from transformers.utils import logging as hf_logging

        from model.inference import load_model

        hf_logging.disable_progress_bar()
        if threads is not None and "torch" in sys.modules:
            sys.modules["torch"].set_num_threads(threads)
        _STATE.clear()
        _STATE["key"] = key
        try:
            _STATE["model"] = load_model(model, **load_options)
        except PolicyIEError as error:
            _STATE["error"] = error
    return _loaded()


def _loaded() -> Any:
    if "error" in _STATE:
        raise _STATE["error"]
    return _STATE["model"]


def _start_worker(model: str | None, load_options: dict[str, Any], threads: int) -> None:
    """Pool initializer: load the model once per process. A typed loading error is raised by the
    process's first task, where the parent gets it (an initializer's exception only breaks the pool)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it stops reading and lets chunks finish
    try:
        _load(model, load_options, threads)
    except PolicyIEError:
        pass


def _model_path() -> str:
    return str(_loaded().path)


def _predict_chunk(texts: list[str], published: list[str | None], formats: list[str], max_chars: int) -> list[Any]:
    from model.inference import predict

    return predict(texts, published=published, model=_loaded(), max_chars=max_chars, input_format=formats)


class WorkerPool:
    """``workers`` processes, each with the model loaded once; chunks in, predictions out in order.

    Use as a context manager: entering starts the processes and waits until
    one has loaded the model (a broken model folder fails here, before any
    input is read, as with one process); leaving cancels what was not started.
    """

    def __init__(self, workers: int, model: str | None, load_options: dict[str, Any] | None = None,
                 max_chars: int | None = None, in_flight: int | None = None):
        from model.inference import MAX_CHARS

        if workers < 1:
            raise ValueError(f"workers must be >= 1, got {workers}")
        self.workers, self.model, self.load_options = workers, model, dict(load_options or {})
        self.max_chars = max_chars or MAX_CHARS
        #: chunks submitted and not yet handed back: two per worker keeps each busy while the parent writes
        self.in_flight = in_flight or 2 * workers
        self.pool: ProcessPoolExecutor | None = None
        self.model_path = ""

    def __enter__(self) -> "WorkerPool":
        self.pool = ProcessPoolExecutor(self.workers, mp_context=get_context("spawn"), initializer=_start_worker,
                                        initargs=(self.model, self.load_options, threads_per_worker(self.workers)))
        try:
            self.model_path = self._result(self.pool.submit(_model_path), "while loading the model")
        except BaseException:
            self.pool.shutdown(wait=True, cancel_futures=True)
            raise
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    @staticmethod
    def _result(future: Future, what: str) -> Any:
        try:
            return future.result()
        except BrokenProcessPool as error:
            raise WorkerError(f"a worker process died or could not start {what} (killed, or out of memory? "
                              f"fewer --workers or a smaller --chunk need less)") from error

    def predict_chunks(self, chunks: Iterable[list[InputArticle]]) -> Iterator[tuple[list[InputArticle], list[Any]]]:
        """``(chunk, predictions)`` in the order of ``chunks``.

        An input error raised while reading the chunks comes after the
        results of every chunk read before it, as with one process.
        """
        assert self.pool is not None, "use WorkerPool as a context manager"
        pending: deque[tuple[list[InputArticle], Future]] = deque()
        reading_error: PolicyIEError | None = None
        source = iter(chunks)
        while True:
            try:
                chunk = next(source)
            except StopIteration:
                break
            except PolicyIEError as error:
                reading_error = error
                break
            try:
                future = self.pool.submit(_predict_chunk, [a.text for a in chunk], [a.published for a in chunk],
                                          [a.format for a in chunk], self.max_chars)
            except BrokenProcessPool:  # a worker died since the last chunk: the chunks before it come first
                future = Future()
                future.set_exception(BrokenProcessPool("the pool was broken before this chunk was submitted"))
            pending.append((chunk, future))
            if len(pending) >= self.in_flight:
                yield self._handed_back(*pending.popleft())
        while pending:
            yield self._handed_back(*pending.popleft())
        if reading_error is not None:
            raise reading_error

    def _handed_back(self, chunk: list[InputArticle], future: Future) -> tuple[list[InputArticle], list[Any]]:
        where = chunk[0].where if len(chunk) == 1 else f"{chunk[0].where} to {chunk[-1].where}"
        return chunk, self._result(future, f"while predicting {where}")


def _iso_date(value: Any) -> Any:
    """A date column as ``datasets`` reads it: Arrow's JSON reader turns "2024-03-03" into a timestamp."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    return value.isoformat() if isinstance(value, date) else value


def _predict_rows(batch: dict[str, list[Any]], indices: list[int], model: str | None, load_options: dict[str, Any],
                  threads: int | None, evidence: bool, max_chars: int) -> dict[str, list[str]]:
    """One ``datasets`` batch: the ``policy-ie predict --format jsonl`` line of each row, in a ``prediction`` column."""
    from model.inference import predict

    from .inputs import check_length, make_article
    from .outputs import article_line

    loaded = _load(model, load_options, threads)
    count = len(indices)
    column = lambda name, default: batch[name] if name in batch else [default] * count  # noqa: E731
    # a JSON file's missing key is a null in its column: the default, as when the column is absent
    articles = [check_length(make_article(text, _iso_date(published), row if article_id is None else article_id, f"row {row}",
                                          text_format or "text"), max_chars)
                for text, published, article_id, text_format, row in
                zip(batch["text"], column("published", None), column("id", None), column("format", "text"), indices)]
    predictions = predict([a.text for a in articles], published=[a.published for a in articles], model=loaded,
                          max_chars=max_chars, input_format=[a.format for a in articles])
    return {"prediction": [json.dumps(article_line(a, p, evidence), ensure_ascii=False)
                           for a, p in zip(articles, predictions)]}


def map_predict(dataset: Any, model: str | os.PathLike[str] | None = None, *, num_proc: int | None = None,
                batch_size: int = 16, evidence: bool = False, max_chars: int | None = None,
                **load_options: Any) -> Any:
    """``dataset`` (a ``datasets.Dataset`` with ``text`` and optional ``published``, ``id``, ``format``
    columns) with a ``prediction`` column: each row's ``policy-ie predict --format jsonl`` line.

    ``num_proc`` processes each load the model once (``load_options`` go to
    ``load_model``) and predict ``batch_size`` rows per call, as the command
    predicts ``--chunk`` articles; rows keep their order. The result is a
    JSON string so that its Arrow type never depends on which shard saw an
    empty list first. A bad row raises :class:`~model.errors.InputTextError`
    naming the row. Results are not taken from the ``datasets`` cache: the
    cache cannot tell that the model folder changed.
    """
    from model.errors import InputTextError
    from model.inference import MAX_CHARS

    if "text" not in dataset.column_names:
        raise InputTextError(f"the dataset has no 'text' column (it has {', '.join(dataset.column_names) or 'none'})")
    threads = None if num_proc is None else threads_per_worker(num_proc)  # in this process: leave its threads alone
    return dataset.map(
        _predict_rows, batched=True, batch_size=batch_size, with_indices=True, num_proc=num_proc,
        fn_kwargs={"model": None if model is None else str(model), "load_options": load_options, "threads": threads,
                   "evidence": evidence, "max_chars": max_chars or MAX_CHARS},
        load_from_cache_file=False, desc="policy-ie predict",
    )

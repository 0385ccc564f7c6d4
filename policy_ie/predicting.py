"""``policy-ie predict``: articles in, results out, streamed chunk by chunk.

The input is read lazily (:mod:`policy_ie.inputs`), predicted in chunks of
``chunk`` articles (one batched ``predict`` call each) and each chunk is
written before the next is read, so memory is bounded by the chunk, not the
file. With ``workers`` > 1 the chunks go to that many processes
(:class:`policy_ie.batch.WorkerPool`, each loading the model once) and come
back in input order, a few chunks per worker in flight: the same output,
the same bounded memory. A progress bar on stderr counts articles and
characters per second (on by default when stderr is a terminal). Output to a
file is written to ``FILE.partial``, flushed after each chunk, and renamed
when complete, so a file at ``FILE`` is always whole; after an error the
partial file keeps the results so far and the message says so, and
``resume`` (``--format jsonl``) continues it (:mod:`policy_ie.resume`).
"""
from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from model.errors import InputTextError, PolicyIEError

from .inputs import InputArticle, check_length, open_articles
from .outputs import BINARY_FORMATS, make_writer
from .resume import RESUMABLE, resume

STDOUT = "-"


@dataclass
class PredictOptions:
    source: str
    output: str = STDOUT
    fmt: str = "json"
    model: str | None = None
    published: str | None = None
    evidence: bool = False
    table: str = "people"
    input_format: str = "auto"
    chunk: int = 16
    progress: bool | None = None
    max_chars: int | None = None
    #: processes that predict; 1 predicts in this process
    workers: int = 1
    #: continue an interrupted ``--format jsonl`` job in ``output``
    resume: bool = False
    #: passed to ``load_model`` as keyword arguments (e.g. a backend), in every worker
    load_options: dict[str, Any] = field(default_factory=dict)


def chunks(items: Iterator[InputArticle], size: int) -> Iterator[list[InputArticle]]:
    while True:
        chunk = list(itertools.islice(items, size))
        if not chunk:
            return
        yield chunk


class OutputFile:
    """``-`` (stdout) or a file written as ``FILE.partial`` and renamed on success."""

    def __init__(self, target: str, binary: bool, append: bool = False):
        self.target, self.binary, self.append = target, binary, append
        self.partial = None if target == STDOUT else Path(f"{target}.partial")
        self.handle: IO[Any] | None = None

    def __enter__(self) -> IO[Any]:
        if self.partial is None:
            self.handle = sys.stdout.buffer if self.binary else sys.stdout
        else:
            self.partial.parent.mkdir(parents=True, exist_ok=True)
            mode = "a" if self.append else "w"
            self.handle = self.partial.open(f"{mode}b") if self.binary else \
                self.partial.open(mode, encoding="utf-8", newline="")
        return self.handle

    def __exit__(self, kind: Any, error: Any, trace: Any) -> None:
        if self.partial is None:
            return
        self.handle.close()
        if kind is None:
            os.replace(self.partial, self.target)


class InProcess:
    """``--workers 1``: the model loaded here, each chunk predicted by one ``predict`` call."""

    def __init__(self, options: PredictOptions):
        from model.inference import MAX_CHARS, load_model

        self.model = load_model(options.model, **options.load_options)
        self.model_path, self.max_chars = str(self.model.path), options.max_chars or MAX_CHARS

    def predict_chunks(self, chunks: Iterable[list[InputArticle]]) -> Iterator[tuple[list[InputArticle], list[Any]]]:
        from model.inference import predict

        for chunk in chunks:
            yield chunk, predict([a.text for a in chunk], published=[a.published for a in chunk], model=self.model,
                                 max_chars=self.max_chars, input_format=[a.format for a in chunk])


class Progress:
    """The tqdm bar: articles, and characters per second in the postfix (of this run's articles)."""

    def __init__(self, total: int | None, initial: int, enabled: bool):
        from tqdm import tqdm

        self.bar = tqdm(total=total, initial=initial, unit="article", file=sys.stderr, disable=not enabled,
                        dynamic_ncols=True)
        self.characters = 0

    def update(self, chunk: list[InputArticle]) -> None:
        self.characters += sum(len(a.text) for a in chunk)
        self.bar.update(len(chunk))
        elapsed = self.bar.format_dict.get("elapsed") or 0
        if elapsed > 0:
            self.bar.set_postfix_str(f"{self.characters / elapsed:,.0f} chars/s")

    def close(self) -> None:
        self.bar.close()


def run_predict(options: PredictOptions) -> int:
    """Run the command; returns 0 (errors are raised as PolicyIEError for the CLI to report)."""
    from huggingface_hub.utils import disable_progress_bars

    from model.inference import MAX_CHARS

    from .batch import WorkerPool

    # Keep the terminal for the results: transformers (if the torch backend imports it) starts with
    # huggingface_hub's setting; importing transformers here would defeat the onnx backend's lean start.
    disable_progress_bars()
    if options.resume and (options.fmt != RESUMABLE or options.output == STDOUT):
        raise InputTextError(f"--resume continues --format {RESUMABLE} written to --output FILE")
    if options.workers < 1:
        raise InputTextError(f"--workers must be at least 1, got {options.workers}")
    source = open_articles(options.source, options.published, options.input_format)
    output = OutputFile(options.output, options.fmt in BINARY_FORMATS, append=options.resume)
    resumed = 0
    if options.resume:
        point = resume(Path(options.output), output.partial, source.articles)
        print(point.message() if point else f"resuming: no {options.output} or its .partial yet; starting",
              file=sys.stderr)
        resumed = point.done if point else 0
    limit = options.max_chars or MAX_CHARS
    articles = (check_length(article, limit) for article in source.articles)
    done = resumed
    try:
        with ExitStack() as stack:
            predictor = InProcess(options) if options.workers == 1 else \
                stack.enter_context(WorkerPool(options.workers, options.model, options.load_options, limit))
            handle = stack.enter_context(output)
            progress = Progress(source.total, resumed, sys.stderr.isatty() if options.progress is None else options.progress)
            stack.callback(progress.close)
            version = f"policy-ie {Path(predictor.model_path).name}"
            writer = make_writer(options.fmt, handle, source.single, options.evidence, options.table, version)
            for chunk, predictions in predictor.predict_chunks(chunks(articles, max(1, options.chunk))):
                writer.write(list(zip(chunk, predictions)))
                handle.flush()  # what --resume finds after a crash
                done += len(chunk)
                progress.update(chunk)
            if done == 0:
                raise InputTextError(f"{options.source}: no articles")
            writer.close()
    except PolicyIEError as error:
        if output.partial is not None and output.partial.exists():
            hint = "; --resume continues it" if options.fmt == RESUMABLE else ""
            raise type(error)(f"{error} ({done} articles written to {output.partial} before the error{hint})") from error
        raise
    except KeyboardInterrupt:
        if output.partial is not None and output.partial.exists() and options.fmt == RESUMABLE:
            print(f"{done} articles written to {output.partial}; --resume continues it", file=sys.stderr)
        raise
    return 0

"""``policy-ie predict``: articles in, results out, streamed chunk by chunk.

The input is read lazily (:mod:`policy_ie.inputs`), predicted in chunks of
``chunk`` articles (one batched ``predict`` call each) and each chunk is
written before the next is read, so memory is bounded by the chunk, not the
file. A progress bar on stderr counts articles (on by default when stderr is
a terminal). Output to a file is written to ``FILE.partial`` and renamed
when complete, so a file at ``FILE`` is always whole; after an error the
partial file keeps the results so far and the message says so.
"""
from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from model.errors import InputTextError, PolicyIEError

from .inputs import InputArticle, open_articles
from .outputs import BINARY_FORMATS, make_writer

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


def chunks(items: Iterator[InputArticle], size: int) -> Iterator[list[InputArticle]]:
    while True:
        chunk = list(itertools.islice(items, size))
        if not chunk:
            return
        yield chunk


class OutputFile:
    """``-`` (stdout) or a file written as ``FILE.partial`` and renamed on success."""

    def __init__(self, target: str, binary: bool):
        self.target, self.binary = target, binary
        self.partial = None if target == STDOUT else Path(f"{target}.partial")
        self.handle: IO[Any] | None = None

    def __enter__(self) -> IO[Any]:
        if self.partial is None:
            self.handle = sys.stdout.buffer if self.binary else sys.stdout
        else:
            self.partial.parent.mkdir(parents=True, exist_ok=True)
            self.handle = self.partial.open("wb") if self.binary else self.partial.open("w", encoding="utf-8", newline="")
        return self.handle

    def __exit__(self, kind: Any, error: Any, trace: Any) -> None:
        if self.partial is None:
            return
        self.handle.close()
        if kind is None:
            os.replace(self.partial, self.target)


def run_predict(options: PredictOptions) -> int:
    """Run the command; returns 0 (errors are raised as PolicyIEError for the CLI to report)."""
    from huggingface_hub.utils import disable_progress_bars
    from tqdm import tqdm

    from model.inference import MAX_CHARS, load_model, predict

    # Keep the terminal for the results: transformers (if the torch backend imports it) starts with
    # huggingface_hub's setting; importing transformers here would defeat the onnx backend's lean start.
    disable_progress_bars()
    source = open_articles(options.source, options.published, options.input_format)
    model = load_model(options.model)
    progress = sys.stderr.isatty() if options.progress is None else options.progress
    version = f"policy-ie {Path(model.path).name}"
    done = 0
    output = OutputFile(options.output, options.fmt in BINARY_FORMATS)
    try:
        with output as handle, tqdm(total=source.total, unit="article", file=sys.stderr, disable=not progress,
                                    dynamic_ncols=True) as bar:
            writer = make_writer(options.fmt, handle, source.single, options.evidence, options.table, version)
            for chunk in chunks(source.articles, max(1, options.chunk)):
                limit = options.max_chars or MAX_CHARS
                for article in chunk:
                    if len(article.text) > limit:
                        raise InputTextError(f"{article.where}: {len(article.text):,} characters is over the limit "
                                             f"of {limit:,}; split it or pass a larger --max-chars")
                predictions = predict([a.text for a in chunk], published=[a.published for a in chunk],
                                      model=model, max_chars=limit, input_format=[a.format for a in chunk])
                writer.write(list(zip(chunk, predictions)))
                done += len(chunk)
                bar.update(len(chunk))
            if done == 0:
                raise InputTextError(f"{options.source}: no articles")
            writer.close()
    except PolicyIEError as error:
        if output.partial is not None and output.partial.exists():
            raise type(error)(f"{error} ({done} articles written to {output.partial} before the error)") from error
        raise
    return 0

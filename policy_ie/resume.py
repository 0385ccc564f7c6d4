"""``policy-ie predict --resume``: continue an interrupted job into the same output file.

A job writing ``--format jsonl`` to ``FILE`` writes ``FILE.partial``, one
line per article in input order, flushed after each chunk. When the job is
killed, that file holds the first K articles' lines, maybe followed by a
half-written line. Resuming keeps the K complete lines, cuts the half line,
checks that line k of the output is article k of the input (the same id and
the same text: otherwise the output belongs to another input, and nothing
is touched) and skips those K articles; the job then appends the rest. The
result is byte for byte the output of an uninterrupted job (the chunks are
counted from the first article predicted, which makes no difference to the
results: articles are predicted independently).

Only ``jsonl`` is resumable: its lines are articles. The tables have a row
per person, and the JSON list and Parquet files have a closing part that an
interrupted file lacks.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from model.errors import InputTextError

from .inputs import InputArticle

#: the output format that --resume continues
RESUMABLE = "jsonl"


@dataclass
class ResumePoint:
    """What resuming found: the articles already done and the half line cut off."""

    done: int
    dropped_bytes: int
    path: Path

    def message(self) -> str:
        cut = f"; cut a half-written last line ({self.dropped_bytes} bytes)" if self.dropped_bytes else ""
        return f"resuming: {self.done} articles already in {self.path}{cut}"


def _kept_bytes(path: Path) -> int:
    """The length of ``path`` up to and with its last newline (what follows is a half-written line)."""
    with path.open("rb") as handle:
        keep, step = handle.seek(0, os.SEEK_END), 1 << 16
        while keep > 0:  # read backwards to the last newline: the file may be large
            start = max(0, keep - step)
            handle.seek(start)
            newline = handle.read(keep - start).rfind(b"\n")
            if newline >= 0:
                return start + newline + 1
            keep = start
    return 0


def skip_done(path: Path, articles: Iterator[InputArticle]) -> int:
    """Check that each complete line of ``path`` is the prediction of the next article of ``articles``
    (consuming them); the number of lines. An InputTextError names the first line that is not."""
    done = 0
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.endswith(b"\n"):
                break  # the half-written last line
            where = f"{path}, line {number}"
            try:
                data = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as error:
                raise InputTextError(f"{where}: not a line of `predict --format jsonl` output ({error}); "
                                     f"cannot resume it; nothing was changed") from error
            if not isinstance(data, dict) or "id" not in data or "text" not in data:
                raise InputTextError(f"{where}: not a line of `predict --format jsonl` output (no id and text); "
                                     f"cannot resume it; nothing was changed")
            article = next(articles, None)
            if article is None:
                raise InputTextError(f"{where}: the output has more articles than the input ({number - 1}): "
                                     f"it belongs to another input; nothing was changed")
            if str(data["id"]) != article.id or data["text"] != article.text:
                what = f"id {data['id']!r}" if str(data["id"]) != article.id else f"another text for {article.id!r}"
                raise InputTextError(
                    f"{where}: the output has {what} where the input has {article.id!r} ({article.where}): "
                    f"this output belongs to another input (or the input changed, or was named by another path, "
                    f"which changes default ids); nothing was changed: remove it or write to another --output")
            done += 1
    return done


def resume(target: Path, partial: Path, articles: Iterator[InputArticle]) -> ResumePoint | None:
    """Check the output so far against the input and skip the articles it holds, then ready
    ``partial`` to be appended to: the half line cut, a finished ``target`` moved back to it.
    None when neither file exists (the job starts from the beginning). Nothing is changed when
    the check fails."""
    found = partial if partial.is_file() else target if target.is_file() else None
    if found is None:
        return None
    keep = _kept_bytes(found)
    done = skip_done(found, articles)
    dropped = found.stat().st_size - keep
    if dropped:
        with found.open("rb+") as handle:
            handle.truncate(keep)
    if found != partial:
        os.replace(found, partial)
    return ResumePoint(done, dropped, found)

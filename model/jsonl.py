"""Reading JSON Lines files with errors that name the file and the line."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .errors import AnnotationError


def iter_text_lines(path: str | Path) -> Iterator[tuple[int, str]]:
    """``(line number, line)`` of a UTF-8 text file, line ends kept; AnnotationError naming the
    file and the line at a byte that is not UTF-8 (a byte order mark at the start is allowed).

    Read as bytes and decoded line by line, so that a bad byte names its line.
    """
    path = Path(path)
    if not path.is_file():
        raise AnnotationError("file not found", str(path))
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                yield number, raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as error:
                raise AnnotationError(f"not UTF-8 text at byte {error.start} of the line ({error.reason})", str(path), number) from error


def iter_json_lines(path: str | Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line number, object)`` for each non-blank line; AnnotationError on bad UTF-8, bad JSON or a non-object."""
    for number, line in iter_text_lines(path):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            raise AnnotationError(f"invalid JSON: {error.msg} at column {error.colno}", str(path), number) from error
        if not isinstance(data, dict):
            raise AnnotationError(f"expected a JSON object, got {type(data).__name__}", str(path), number)
        yield number, data

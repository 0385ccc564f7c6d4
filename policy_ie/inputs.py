"""Input files -> articles, for ``predict``, ``view`` and the service.

:func:`open_articles` is the one place that decides how a path (or ``-``
for standard input) becomes articles: a ``.txt`` file is one article, a
``.jsonl`` file has one article per line (``text``, optional ``published``
and ``id``), a folder holds such files. Articles are yielded one at a time,
so a large JSON Lines file is never held in memory. Every problem is an
:class:`~model.errors.InputTextError` that names the file and the line.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from model.errors import InputTextError
from model.inference import check_published

#: ``--input-format`` values; ``auto`` goes by the file name (stdin: by its first line).
INPUT_FORMATS: tuple[str, ...] = ("auto", "txt", "jsonl")
#: File suffixes a folder is searched for, and the format each means.
SUFFIXES: dict[str, str] = {".txt": "txt", ".jsonl": "jsonl"}
STDIN = "-"


@dataclass(frozen=True)
class InputArticle:
    """One article to predict, with where it came from (for messages)."""

    id: str
    text: str
    published: str | None
    where: str


@dataclass
class ArticleSource:
    """What :func:`open_articles` returns: the articles, lazily, and what is known up front."""

    articles: Iterator[InputArticle]
    #: one .txt article (printed as one JSON object) rather than a list
    single: bool
    #: number of articles when it can be counted without reading them (None: unknown)
    total: int | None


def _article(text: Any, published: Any, article_id: Any, where: str) -> InputArticle:
    if not isinstance(text, str):
        raise InputTextError(f"{where}: expected an object with a string 'text', got {type(text).__name__}")
    if not text.strip():
        raise InputTextError(f"{where}: the text is empty")
    if isinstance(article_id, bool) or not isinstance(article_id, (str, int)):
        raise InputTextError(f"{where}: 'id' must be a string or an integer, got {type(article_id).__name__}")
    return InputArticle(str(article_id), text, check_published(published, where), where)


def _json_lines(lines: Iterable[str], name: str, published: str | None, first_number: int = 1) -> Iterator[InputArticle]:
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=first_number):
        if not line.strip():
            continue
        where = f"{name}, line {number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputTextError(f"{where}: invalid JSON: {error.msg} at column {error.colno}") from error
        if not isinstance(data, dict):
            raise InputTextError(f"{where}: expected a JSON object, got {type(data).__name__}")
        article = _article(data.get("text"), data.get("published", published), data.get("id", f"{name}:{number}"), where)
        if article.id in seen:
            raise InputTextError(f"{where}: duplicate id {article.id!r} (first on line {seen[article.id]})")
        seen[article.id] = number
        yield article


def _jsonl_file(path: Path, published: str | None) -> Iterator[InputArticle]:
    with path.open(encoding="utf-8") as handle:
        yield from _json_lines(handle, str(path), published)


def _text_file(path: Path, published: str | None) -> Iterator[InputArticle]:
    yield _article(path.read_text(encoding="utf-8"), published, path.name, str(path))


def _count_lines(path: Path) -> int:
    with path.open(encoding="utf-8") as handle:
        return sum(1 for line in handle if line.strip())


def _file_format(path: Path, input_format: str) -> str:
    if input_format != "auto":
        return input_format
    return SUFFIXES.get(path.suffix.lower(), "txt")


def _folder(folder: Path, published: str | None, input_format: str) -> ArticleSource:
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
    if not files:
        raise InputTextError(f"{folder}: no {' or '.join(SUFFIXES)} files in this folder")
    formats = [_file_format(path, input_format) for path in files]
    total = sum(_count_lines(p) if f == "jsonl" else 1 for p, f in zip(files, formats))

    def articles() -> Iterator[InputArticle]:
        seen: dict[str, str] = {}
        for path, kind in zip(files, formats):
            reader = _jsonl_file if kind == "jsonl" else _text_file
            for article in reader(path, published):
                key = f"{path.relative_to(folder)}" if kind == "txt" else article.id
                if key in seen:
                    raise InputTextError(f"{article.where}: duplicate id {key!r} (also in {seen[key]})")
                seen[key] = article.where
                yield InputArticle(key, article.text, article.published, article.where)

    return ArticleSource(articles(), single=False, total=total)


def _stdin(stream: IO[str], published: str | None, input_format: str) -> ArticleSource:
    lines = iter(stream)
    head: list[str] = []
    for line in lines:
        head.append(line)
        if line.strip():
            break
    kind = input_format
    if kind == "auto":
        first = head[-1].strip() if head else ""
        kind = "jsonl" if first.startswith("{") and first.endswith("}") else "txt"
    if kind == "jsonl":
        def chained() -> Iterator[str]:
            yield from head
            yield from lines

        return ArticleSource(_json_lines(chained(), "<stdin>", published), single=False, total=None)
    text = "".join(head) + "".join(lines)
    return ArticleSource(iter([_article(text, published, "stdin", "<stdin>")]), single=True, total=1)


def open_articles(source: str, published: str | None = None, input_format: str = "auto",
                  stdin: IO[str] | None = None) -> ArticleSource:
    """The articles of ``source``: a .txt or .jsonl file, a folder of them, or ``-`` (standard input).

    ``published`` is the default publication date (a JSON line's own
    ``published`` wins). Problems with the path are raised here; problems
    inside a JSON Lines file are raised when its line is read.
    """
    if input_format not in INPUT_FORMATS:
        raise InputTextError(f"unknown input format {input_format!r} (expected one of {', '.join(INPUT_FORMATS)})")
    published = check_published(published, "--published")
    if source == STDIN:
        return _stdin(stdin if stdin is not None else sys.stdin, published, input_format)
    path = Path(source)
    if path.is_dir():
        return _folder(path, published, input_format)
    if not path.is_file():
        raise InputTextError(f"{path}: file not found")
    if _file_format(path, input_format) == "jsonl":
        return ArticleSource(_jsonl_file(path, published), single=False, total=_count_lines(path))
    return ArticleSource(_text_file(path, published), single=True, total=1)

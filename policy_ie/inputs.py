"""Input files -> articles, for ``predict``, ``view`` and the service.

:func:`open_articles` is the one place that decides how a path (or ``-``
for standard input) becomes articles: a ``.txt`` file is one article, an
``.html``/``.htm`` page is one article read as HTML (``predict(...,
input_format="html")``: offsets index the page), a ``.jsonl`` file has one
article per line (``text``, optional ``published``, ``id`` and ``format``),
a folder holds such files. Articles are yielded one at a time,
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

from model.document import INPUT_FORMATS as TEXT_FORMATS
from model.errors import InputTextError
from model.html_input import read_article_file
from model.inference import check_published

#: ``--input-format`` values; ``auto`` goes by the file name (stdin: by its first line).
INPUT_FORMATS: tuple[str, ...] = ("auto", "txt", "html", "jsonl")
#: File suffixes a folder is searched for, and the format each means.
SUFFIXES: dict[str, str] = {".txt": "txt", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}
STDIN = "-"


@dataclass(frozen=True)
class InputArticle:
    """One article to predict, with where it came from (for messages)."""

    id: str
    text: str
    published: str | None
    where: str
    #: how predict() reads the text: "text" or "html" (model.document.INPUT_FORMATS)
    format: str = "text"


@dataclass
class ArticleSource:
    """What :func:`open_articles` returns: the articles, lazily, and what is known up front."""

    articles: Iterator[InputArticle]
    #: one .txt article (printed as one JSON object) rather than a list
    single: bool
    #: number of articles when it can be counted without reading them (None: unknown)
    total: int | None


def make_article(text: Any, published: Any, article_id: Any, where: str, text_format: Any = "text") -> InputArticle:
    """One checked article (every reader of articles, and the ``datasets`` map, makes them here)."""
    if not isinstance(text, str):
        raise InputTextError(f"{where}: expected an object with a string 'text', got {type(text).__name__}")
    if not text.strip():
        raise InputTextError(f"{where}: the text is empty")
    if isinstance(article_id, bool) or not isinstance(article_id, (str, int)):
        raise InputTextError(f"{where}: 'id' must be a string or an integer, got {type(article_id).__name__}")
    if text_format not in TEXT_FORMATS:
        raise InputTextError(f"{where}: 'format' must be one of {', '.join(TEXT_FORMATS)}, got {text_format!r}")
    return InputArticle(str(article_id), text, check_published(published, where), where, text_format)


def check_length(article: InputArticle, limit: int) -> InputArticle:
    """``article``, or an InputTextError naming it when it is longer than ``limit`` characters."""
    if len(article.text) > limit:
        raise InputTextError(f"{article.where}: {len(article.text):,} characters is over the limit "
                             f"of {limit:,}; split it or pass a larger --max-chars")
    return article


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
        article = make_article(data.get("text"), data.get("published", published), data.get("id", f"{name}:{number}"), where,
                           data.get("format", "text"))
        if article.id in seen:
            raise InputTextError(f"{where}: duplicate id {article.id!r} (first on line {seen[article.id]})")
        seen[article.id] = number
        yield article


def _jsonl_file(path: Path, published: str | None) -> Iterator[InputArticle]:
    with path.open(encoding="utf-8") as handle:
        yield from _json_lines(handle, str(path), published)


def _text_file(path: Path, published: str | None, as_html: bool | None = None) -> Iterator[InputArticle]:
    """One article: a .txt file as text, an .html/.htm page as HTML (``as_html`` forces either)."""
    text, text_format = read_article_file(path)
    if as_html is not None:
        text_format = "html" if as_html else "text"
    yield make_article(text, published, path.name, str(path), text_format)


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
            reader = _jsonl_file(path, published) if kind == "jsonl" else _text_file(path, published, kind == "html")
            for article in reader:
                key = article.id if kind == "jsonl" else f"{path.relative_to(folder)}"
                if key in seen:
                    raise InputTextError(f"{article.where}: duplicate id {key!r} (also in {seen[key]})")
                seen[key] = article.where
                yield InputArticle(key, article.text, article.published, article.where, article.format)

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
    text_format = "html" if kind == "html" else "text"
    return ArticleSource(iter([make_article(text, published, "stdin", "<stdin>", text_format)]), single=True, total=1)


def open_articles(source: str, published: str | None = None, input_format: str = "auto",
                  stdin: IO[str] | None = None) -> ArticleSource:
    """The articles of ``source``: a .txt, .html/.htm or .jsonl file, a folder of them, or ``-`` (standard input).

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
    kind = _file_format(path, input_format)
    if kind == "jsonl":
        return ArticleSource(_jsonl_file(path, published), single=False, total=_count_lines(path))
    return ArticleSource(_text_file(path, published, kind == "html"), single=True, total=1)

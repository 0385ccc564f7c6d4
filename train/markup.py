"""Inline markup for writing annotated articles by hand.

Writing character offsets by hand is slow and error-prone, so the project's
articles are authored as text with inline spans, ``[孙绍骋]{PER}``, and a
block of records as JSON lines. :func:`parse_markup` turns a markup file into
article dicts of ANNOTATION.md; :mod:`scripts.build_corpus` validates them
and writes the JSON Lines files. Format of one article::

    ### id: gd-2023-001
    published: 2023-05-12
    source: 南方日报
    kind: standing_committee
    form: party_paper

    [5月11日]{DATE}，[广东省委]{ORG}召开[常委会会议]{MEETING}……

    @records
    {"date": "2023-05-11", "date_text": "5月11日", ...}

Header lines run from ``### id:`` to the first blank line; the body runs to
``@records`` (blank lines inside it are kept, the ones around it are
trimmed); each later line up to the next ``### id:`` is one record in JSON.
Literal ``[`` ``]`` ``{`` ``}`` are not allowed in the body (use 【】).
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from model.errors import AnnotationError

ARTICLE_START = "### id:"
RECORDS_MARK = "@records"
HEADER_KEYS = ("published", "source", "kind", "form")
_SPAN = re.compile(r"\[([^\[\]{}]+)\]\{([A-Z]+)\}")


def parse_body(lines: list[str], path: str, first_line: int) -> tuple[str, list[dict[str, Any]]]:
    """Strip the span markup from body lines; return the text and its entities."""
    text_parts: list[str] = []
    entities: list[dict[str, Any]] = []
    offset = 0
    for index, line in enumerate(lines):
        number = first_line + index
        if index:
            text_parts.append("\n")
            offset += 1
        position = 0
        for match in _SPAN.finditer(line):
            plain = line[position : match.start()]
            _check_plain(plain, path, number)
            text_parts.append(plain)
            offset += len(plain)
            span_text, label = match.group(1), match.group(2)
            entities.append({"start": offset, "end": offset + len(span_text), "label": label, "text": span_text})
            text_parts.append(span_text)
            offset += len(span_text)
            position = match.end()
        rest = line[position:]
        _check_plain(rest, path, number)
        text_parts.append(rest)
        offset += len(rest)
    return "".join(text_parts), entities


def _check_plain(plain: str, path: str, number: int) -> None:
    for char in "[]{}":
        if char in plain:
            column = plain.index(char)
            raise AnnotationError(
                f"stray {char!r} outside a [span]{{LABEL}} (near {plain[max(0, column - 8): column + 8]!r})",
                path,
                number,
            )


def parse_markup(source: str, path: str = "<markup>") -> list[tuple[int, dict[str, Any]]]:
    """Parse a markup file into ``(line number, article dict)`` pairs."""
    lines = source.splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith(ARTICLE_START)]
    if not starts:
        raise AnnotationError(f"no article (no line starting with {ARTICLE_START!r})", path, 1)
    if any(line.strip() for line in lines[: starts[0]]):
        raise AnnotationError(f"text before the first {ARTICLE_START!r} line", path, 1)
    articles = []
    for block_index, start in enumerate(starts):
        end = starts[block_index + 1] if block_index + 1 < len(starts) else len(lines)
        articles.append((start + 1, _parse_article_block(lines, start, end, path)))
    return articles


def _parse_article_block(lines: list[str], start: int, end: int, path: str) -> dict[str, Any]:
    article: dict[str, Any] = {"id": lines[start][len(ARTICLE_START):].strip()}
    if not article["id"]:
        raise AnnotationError("empty article id", path, start + 1)
    i = start + 1
    while i < end and lines[i].strip():
        key, sep, value = lines[i].partition(":")
        key, value = key.strip(), value.strip()
        if not sep or key not in HEADER_KEYS:
            raise AnnotationError(f"bad header line {lines[i]!r} (expected one of {', '.join(HEADER_KEYS)}: value)", path, i + 1)
        article[key] = None if value in ("", "null") else value
        i += 1
    marks = [j for j in range(i, end) if lines[j].strip() == RECORDS_MARK]
    if len(marks) != 1:
        raise AnnotationError(f"article {article['id']!r} needs exactly one {RECORDS_MARK!r} line", path, start + 1)
    body_start, body_end = i, marks[0]
    while body_start < body_end and not lines[body_start].strip():
        body_start += 1
    while body_end > body_start and not lines[body_end - 1].strip():
        body_end -= 1
    if body_start == body_end:
        raise AnnotationError(f"article {article['id']!r} has no text", path, start + 1)
    text, entities = parse_body(lines[body_start:body_end], path, body_start + 1)
    article["text"] = text
    article["entities"] = entities
    records = []
    for j in range(marks[0] + 1, end):
        if not lines[j].strip():
            continue
        try:
            records.append(json.loads(lines[j]))
        except json.JSONDecodeError as error:
            raise AnnotationError(f"record is not valid JSON: {error.msg} at column {error.colno}", path, j + 1) from error
    article["records"] = records
    return article


def read_markup_file(path: str | Path) -> list[tuple[int, dict[str, Any]]]:
    path = Path(path)
    return parse_markup(path.read_text(encoding="utf-8"), str(path))

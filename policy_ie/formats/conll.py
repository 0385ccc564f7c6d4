"""CoNLL/BIO (one character per line, IOB2 tags) <-> guide articles.

One block per article, blocks apart by a blank line; each line is a
character and its tag, tab-separated::

    # id = "seed-2022-11-13"
    # published = "2022-11-13"
    # records = [...]
    孙	B-PER
    绍	I-PER
    \\n	O

Characters a line cannot hold are escaped: whitespace as ``\\n``, ``\\t``,
``\\r`` or ``\\uXXXX``, the backslash as ``\\\\``. The article's fields
(id, published, source, records, extras) are ``# key = JSON`` comment lines,
which policy-ie reads back and other CoNLL readers skip. Entity scores have
no place in a tag column and are reported as not kept.

Reading also takes plain files of other tools: no comments (ids are made
from the file name and line), tags in the last column of a multi-column
line (CoNLL-2003 style), ``-DOCSTART-`` lines, and multi-character tokens,
which are concatenated without separator (right for Chinese).
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from model.errors import AnnotationError
from model.tagging import IOB2
from train.annotations import Article

from .articles import META_KEYS, build_article, meta_of
from .report import ConversionReport

_COMMENT = re.compile(r"^#\s+([A-Za-z_][\w.]*)\s+=\s(.*)$")
_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r", "\\": "\\\\"}


def escape(char: str) -> str:
    """The token of one character: itself, or an escape for whitespace and the backslash."""
    if char in _ESCAPES:
        return _ESCAPES[char]
    if char.isspace():
        return f"\\u{ord(char):04x}"
    return char


def unescape(token: str) -> str:
    """The text of a token (undoes :func:`escape`; a token that is no escape is itself)."""
    if len(token) > 1 and token.startswith("\\"):
        try:
            return json.loads(f'"{token}"')
        except json.JSONDecodeError:
            return token
    return token


def write_blocks(articles: Iterable[Article], handle: Any, report: ConversionReport) -> None:
    for article in articles:
        report.loss("entity scores (a tag column has no score)", sum(1 for e in article.entities if e.score is not None))
        handle.write(f"# id = {json.dumps(article.id, ensure_ascii=False)}\n")
        for key, value in meta_of(article).items():
            handle.write(f"# {key} = {json.dumps(value, ensure_ascii=False)}\n")
        labels = sorted({e.label for e in article.entities})
        tags = IOB2(labels).encode(len(article.text), article.entities)
        for char, tag in zip(article.text, tags):
            handle.write(f"{escape(char)}\t{tag}\n")
        handle.write("\n")


def _blocks(path: Path) -> Iterator[tuple[int, list[tuple[int, str]]]]:
    """(first line number, [(line number, line)]) for each blank-line-separated block."""
    block: list[tuple[int, str]] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            line = line.rstrip("\n")
            if not line.strip():
                if block:
                    yield block[0][0], block
                block = []
            else:
                block.append((number, line))
    if block:
        yield block[0][0], block


def _check_tag(tag: str, previous: str, path: str, number: int, report: ConversionReport) -> None:
    if tag == "O":
        return
    prefix, _, label = tag.partition("-")
    if prefix not in ("B", "I") or not label:
        raise AnnotationError(f"tag {tag!r} is not O, B-LABEL or I-LABEL", path, number)
    if prefix == "I" and previous not in (f"B-{label}", f"I-{label}"):
        report.note("an I- tag that does not continue its label's span starts a new span (IOB1 style)")


def read_blocks(path: str, report: ConversionReport, keep_records: bool = True) -> list[Article]:
    file = Path(path)
    if not file.is_file():
        raise AnnotationError("file not found", path)
    articles = []
    for first, block in _blocks(file):
        fields: dict[str, Any] = {}
        chars: list[str] = []
        tags: list[str] = []
        for number, line in block:
            comment = _COMMENT.match(line)
            if comment:
                key, raw = comment.groups()
                try:
                    value = json.loads(raw)
                except json.JSONDecodeError:
                    value = raw
                if key not in ("id", *META_KEYS):
                    report.loss(f"CoNLL comment {key!r} (the guide's article has no such field)")
                fields[key] = value
                continue
            if line.startswith("-DOCSTART-"):
                report.note("-DOCSTART- lines skipped")
                continue
            parts = line.split()
            if len(parts) < 2:
                raise AnnotationError(f"expected a token and a tag, got {line!r}", path, number)
            token, tag = unescape(parts[0]), parts[-1]
            _check_tag(tag, tags[-1] if tags else "O", path, number, report)
            if len(token) > 1:
                report.note("multi-character tokens were joined without a separator")
            chars.append(token)
            tags.extend([tag] + [("I-" + tag[2:]) if tag != "O" else "O"] * (len(token) - 1))
        if not chars:
            if fields:
                raise AnnotationError("comment lines without any token after them", path, first)
            continue
        text = "".join(chars)
        labels = sorted({tag[2:] for tag in tags if tag != "O"})
        entities = [e.to_dict() for e in IOB2(labels).decode(text, tags)]
        fields["id"] = str(fields.get("id", f"{path}:{first}"))
        fields["text"] = text
        articles.append(build_article(fields, entities, (path, first), report, keep_records))
    return articles

"""Annotation formats: the guide's JSONL, Label Studio, doccano and CoNLL/BIO.

Each format has a reader (a file -> validated guide articles) and a writer
(articles -> a text stream), both counting in a
:class:`~policy_ie.formats.report.ConversionReport` what they could not
carry. :func:`convert` chains the two. Entities always survive a round trip;
what a target format cannot hold (scores in doccano or CoNLL, relations of a
Label Studio export) is counted as a loss, never dropped silently.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from model.errors import AnnotationError
from model.records import assemble_records
from train.annotations import Article, read_articles

from . import conll, doccano, labelstudio
from .report import ConversionReport

FORMATS: tuple[str, ...] = ("jsonl", "label-studio", "doccano", "conll")
#: What to do with an article's records: keep (and check) them, re-assemble them from the entities, or drop them.
RECORD_MODES: tuple[str, ...] = ("keep", "assemble", "drop")

__all__ = ["FORMATS", "RECORD_MODES", "ConversionReport", "convert", "read", "write", "label_studio_config"]


def label_studio_config() -> str:
    """The Label Studio labeling config (XML) for the guide's seven labels, as shipped in the package."""
    return resources.files("policy_ie").joinpath("resources", "label_studio_config.xml").read_text(encoding="utf-8")


def _read_jsonl(path: str, report: ConversionReport, keep_records: bool) -> list[Article]:
    articles = read_articles(path)
    for article in articles:
        report.articles += 1
        report.entities += len(article.entities)
        if not keep_records:
            article.records = []
    return articles


def _write_jsonl(articles: Iterable[Article], handle: Any, report: ConversionReport) -> None:
    for article in articles:
        handle.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")


Reader = Callable[[str, ConversionReport, bool], list[Article]]
Writer = Callable[[Iterable[Article], Any, ConversionReport], None]
WRITERS: dict[str, Writer] = {
    "jsonl": _write_jsonl,
    "label-studio": labelstudio.write_tasks,
    "doccano": doccano.write_lines,
    "conll": conll.write_blocks,
}


def read(path: str | Path, fmt: str, report: ConversionReport, records: str = "keep",
         use_predictions: bool = False) -> list[Article]:
    """The articles of ``path`` in format ``fmt`` (AnnotationError on a broken file, naming where)."""
    _check(fmt, FORMATS, "format")
    _check(records, RECORD_MODES, "records mode")
    path = str(path)
    keep = records == "keep"
    if fmt == "jsonl":
        articles = _read_jsonl(path, report, keep)
    elif fmt == "label-studio":
        articles = labelstudio.read_tasks(_read_text(path), path, report, keep, use_predictions)
    elif fmt == "doccano":
        articles = doccano.read_lines(path, report, keep)
    else:
        articles = conll.read_blocks(path, report, keep)
    if records == "assemble":
        for article in articles:
            article.records = [r.to_dict() for r in assemble_records(article.text, article.entities, article.published)]
        report.note("records re-assembled from the entities", len(articles))
    return articles


def write(articles: Iterable[Article], handle: Any, fmt: str, report: ConversionReport) -> None:
    """Write ``articles`` to the text stream ``handle`` in format ``fmt``."""
    _check(fmt, FORMATS, "format")
    WRITERS[fmt](articles, handle, report)


def convert(source: str | Path, handle: Any, from_fmt: str, to_fmt: str, records: str = "keep",
            use_predictions: bool = False) -> ConversionReport:
    """Read ``source`` in ``from_fmt`` and write it to ``handle`` in ``to_fmt``; the report says what was not kept."""
    report = ConversionReport()
    articles = read(source, from_fmt, report, records, use_predictions)
    write(articles, handle, to_fmt, report)
    return report


def _read_text(path: str) -> str:
    if not Path(path).is_file():
        raise AnnotationError("file not found", path)
    return Path(path).read_text(encoding="utf-8")


def _check(value: str, allowed: tuple[str, ...], what: str) -> None:
    if value not in allowed:
        raise ValueError(f"unknown {what} {value!r} (expected one of {', '.join(allowed)})")

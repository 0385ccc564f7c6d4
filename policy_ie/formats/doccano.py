"""doccano sequence-labelling JSONL <-> guide articles.

doccano's import format for sequence labelling is one JSON object per line
with ``text`` and ``label``: a list of ``[start, end, "LABEL"]`` (character
offsets, end exclusive). Keys beside those two are kept by doccano as the
example's metadata and written back on export, so the article's other
fields travel as top-level keys: ``article_id`` (doccano writes its own
numeric ``id``), ``published``, ``source``, ``records`` and the corpus'
extra keys. doccano labels carry no score: scores are reported as not kept.
An export written in doccano's relation mode (``entities``:
``[{"start_offset", "end_offset", "label"}]``) is read too.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from model.errors import AnnotationError
from model.jsonl import iter_json_lines
from train.annotations import Article

from .articles import META_KEYS, build_article, meta_of
from .report import ConversionReport

#: Keys doccano adds to its own exports, ignored on reading.
DOCCANO_KEYS: frozenset[str] = frozenset({"id", "Comments", "comments", "relations", "cats"})


def article_line(article: Article) -> dict[str, Any]:
    return {
        "text": article.text,
        "label": [[e.start, e.end, e.label] for e in article.entities],
        "article_id": article.id,
        **meta_of(article),
    }


def write_lines(articles: Iterable[Article], handle: Any, report: ConversionReport) -> None:
    for article in articles:
        dropped = sum(1 for e in article.entities if e.score is not None)
        report.loss("entity scores (doccano labels have no score)", dropped)
        handle.write(json.dumps(article_line(article), ensure_ascii=False) + "\n")


def _entities(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The spans of one line as guide entity dicts (raises AnnotationError without file/line)."""
    if "entities" in data and "label" not in data:
        raw = data["entities"]
        if not isinstance(raw, list) or not all(isinstance(e, dict) for e in raw):
            raise AnnotationError("'entities' must be a list of objects")
        spans = [(e.get("start_offset"), e.get("end_offset"), e.get("label")) for e in raw]
    else:
        raw = data.get("label", [])
        if not isinstance(raw, list) or not all(isinstance(s, list) and len(s) == 3 for s in raw):
            raise AnnotationError("'label' must be a list of [start, end, label]")
        spans = [tuple(span) for span in raw]
    text = data["text"]
    entities = []
    for start, end, label in spans:
        if isinstance(start, bool) or not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end <= len(text):
            raise AnnotationError(f"span [{start!r}, {end!r}, {label!r}] is not inside the text (length {len(text)})")
        entities.append({"start": start, "end": end, "label": label, "text": text[start:end]})
    return entities


def read_lines(path: str, report: ConversionReport, keep_records: bool = True) -> list[Article]:
    articles = []
    for number, data in iter_json_lines(path):
        if not isinstance(data.get("text"), str):
            raise AnnotationError("expected an object with a string 'text'", path, number)
        fields = dict(data.get("meta") or {}) if isinstance(data.get("meta"), dict) else {}
        fields.update({k: v for k, v in data.items() if k != "meta"})
        for key in sorted(set(fields) - {"text", "label", "entities", "article_id", *META_KEYS} - DOCCANO_KEYS):
            report.loss(f"doccano key {key!r} (the guide's article has no such field)")
        if fields.get("Comments") or fields.get("comments"):
            report.loss("doccano comments (the guide's article has no such field)")
        article_id = fields.get("article_id", fields.get("id", f"{path}:{number}"))
        fields["id"] = str(article_id)
        try:
            entities = _entities(data)
        except AnnotationError as error:
            raise AnnotationError(error.problem, path, number) from error
        articles.append(build_article(fields, entities, (path, number), report, keep_records))
    return articles

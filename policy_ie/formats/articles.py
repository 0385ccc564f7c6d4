"""Shared steps of the readers: turn a format's fields into a validated guide article.

Every reader builds the guide's article dict and hands it to
:func:`train.annotations.parse_article`, so a converted file obeys exactly
the contract an annotated file does (offsets match the text, no overlaps,
known labels, records that name entities of the article).
"""
from __future__ import annotations

from typing import Any

from model.errors import AnnotationError
from train.annotations import EXTRA_ARTICLE_KEYS, Article, parse_article

from .report import ConversionReport

#: Article fields a format carries beside the text and entities.
META_KEYS: tuple[str, ...] = ("published", "source", "records", *EXTRA_ARTICLE_KEYS)


def meta_of(article: Article) -> dict[str, Any]:
    """The fields of ``article`` other than id, text and entities, as one dict (None values left out)."""
    data = article.to_dict()
    return {key: data[key] for key in META_KEYS if data.get(key) is not None}


def build_article(
    fields: dict[str, Any],
    entities: list[dict[str, Any]],
    where: tuple[str, int | None],
    report: ConversionReport,
    keep_records: bool = True,
) -> Article:
    """A validated :class:`Article` from ``fields`` (id, text, published, source, records, extras).

    ``where`` is (file, line or item number) for the error message. With
    ``keep_records=False`` the fields' records are left out (the caller
    assembles or drops them), so stale records cannot stop a conversion.
    """
    data = {key: fields[key] for key in ("id", "text", *META_KEYS) if fields.get(key) is not None}
    if not keep_records:
        data.pop("records", None)
    data["entities"] = entities
    try:
        article = parse_article(data)
    except AnnotationError as error:
        raise AnnotationError(error.problem, where[0], where[1]) from error
    report.articles += 1
    report.entities += len(article.entities)
    return article

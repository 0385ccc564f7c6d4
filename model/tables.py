"""Meeting records as flat rows, for pandas, CSV and Parquet.

A record nests people inside a meeting; an analyst wants a table. Two
tables cover every record without loss:

* **people**: one row per person per meeting (the usual unit of analysis:
  who met where, when, in which post). A meeting without people still gets
  one row, with ``name``, ``titles`` and ``roles`` empty (as pandas'
  ``explode`` does), so no meeting disappears from this table.
* **meetings**: one row per meeting, people as a list of names.

Rows are plain dicts with the keys of :data:`PEOPLE_COLUMNS` or
:data:`MEETING_COLUMNS`; list-valued cells stay Python lists (Parquet keeps
them as lists; the CSV writer of the CLI writes them as JSON arrays).
``pandas`` is optional: :func:`to_pandas` imports it only when called.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas

    from .inference import ArticlePrediction

#: Columns of the people table, in order.
PEOPLE_COLUMNS: tuple[str, ...] = (
    "article_id", "published", "record", "date", "date_text", "region", "meeting", "organizer",
    "name", "titles", "roles", "documents",
)
#: Columns of the meetings table, in order.
MEETING_COLUMNS: tuple[str, ...] = (
    "article_id", "published", "record", "date", "date_text", "region", "meeting", "organizer",
    "people", "documents",
)
#: Columns whose cells are lists of strings.
LIST_COLUMNS: frozenset[str] = frozenset({"titles", "roles", "documents", "people"})
TABLES: tuple[str, ...] = ("people", "meetings")


def _meeting_fields(prediction: ArticlePrediction, article_id: Any, index: int) -> dict[str, Any]:
    record = prediction.records[index]
    return {
        "article_id": article_id,
        "published": prediction.published,
        "record": index,
        "date": record.date,
        "date_text": record.date_text,
        "region": record.region,
        "meeting": record.meeting,
        "organizer": record.organizer,
    }


def people_rows(prediction: ArticlePrediction, article_id: Any = None) -> list[dict[str, Any]]:
    """One row per person per meeting of one article (a meeting without people: one row, no name)."""
    rows = []
    for index, record in enumerate(prediction.records):
        base = _meeting_fields(prediction, article_id, index)
        people = record.people or [None]
        for person in people:
            rows.append({
                **base,
                "name": person.name if person else None,
                "titles": list(person.titles) if person else [],
                "roles": list(person.roles) if person else [],
                "documents": list(record.documents),
            })
    return rows


def meeting_rows(prediction: ArticlePrediction, article_id: Any = None) -> list[dict[str, Any]]:
    """One row per meeting of one article, people as a list of names."""
    return [
        {
            **_meeting_fields(prediction, article_id, index),
            "people": [person.name for person in record.people],
            "documents": list(record.documents),
        }
        for index, record in enumerate(prediction.records)
    ]


def table_rows(
    predictions: ArticlePrediction | Sequence[ArticlePrediction],
    ids: Iterable[Any] | None = None,
    table: str = "people",
) -> list[dict[str, Any]]:
    """The rows of ``table`` ("people" or "meetings") for one prediction or a list.

    ``ids`` names the articles (default: their position in the list).
    """
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r} (expected one of {', '.join(TABLES)})")
    items = [predictions] if not isinstance(predictions, (list, tuple)) else list(predictions)
    names = list(range(len(items))) if ids is None else list(ids)
    if len(names) != len(items):
        raise ValueError(f"{len(names)} ids for {len(items)} predictions")
    make = people_rows if table == "people" else meeting_rows
    rows: list[dict[str, Any]] = []
    for article_id, prediction in zip(names, items):
        rows.extend(make(prediction, article_id))
    return rows


def to_pandas(
    predictions: ArticlePrediction | Sequence[ArticlePrediction],
    ids: Iterable[Any] | None = None,
    table: str = "people",
) -> pandas.DataFrame:
    """A DataFrame of :func:`table_rows` (needs pandas: ``pip install 'policy-ie[tables]'``)."""
    try:
        import pandas
    except ImportError as error:
        raise ImportError("to_pandas() needs pandas: pip install 'policy-ie[tables]' (or use table_rows())") from error
    columns = PEOPLE_COLUMNS if table == "people" else MEETING_COLUMNS
    return pandas.DataFrame(table_rows(predictions, ids, table), columns=list(columns))

"""Records as flat tables (model.tables): one row per person per meeting, or per meeting."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from model.inference import ArticlePrediction
from model.records import assemble_records
from model.tables import MEETING_COLUMNS, PEOPLE_COLUMNS, table_rows, to_pandas
from train.annotations import read_articles

ROOT = Path(__file__).resolve().parents[1]


def gold_predictions(count: int = 6) -> list[ArticlePrediction]:
    """Predictions made of gold entities, with records assembled by the rules (no model needed)."""
    articles = read_articles(ROOT / "data" / "dev.jsonl")[:count]
    return [ArticlePrediction(a.text, a.published, a.entities, assemble_records(a.text, a.entities, a.published))
            for a in articles]


def test_people_table_has_one_row_per_person_per_meeting():
    predictions = gold_predictions()
    rows = table_rows(predictions, [f"a{i}" for i in range(len(predictions))])
    expected = sum(max(1, len(r.people)) for p in predictions for r in p.records)
    assert len(rows) == expected > 0
    assert all(list(row) == list(PEOPLE_COLUMNS) for row in rows)
    first = predictions[0].records[0]
    head = [row for row in rows if row["article_id"] == "a0" and row["record"] == 0]
    assert [row["name"] for row in head] == [person.name for person in first.people]
    assert head[0]["titles"] == first.people[0].titles and head[0]["roles"] == first.people[0].roles
    assert all(row["date"] == first.date and row["meeting"] == first.meeting for row in head)


def test_meeting_without_people_keeps_one_row():
    prediction = gold_predictions(1)[0]
    prediction.records[0].people = []
    rows = prediction.rows("people", article_id="x")
    assert rows[0]["name"] is None and rows[0]["titles"] == [] and rows[0]["record"] == 0
    assert len(prediction.rows("meetings", article_id="x")) == len(prediction.records)


def test_meetings_table_and_pandas_frames():
    predictions = gold_predictions()
    meetings = table_rows(predictions, table="meetings")
    assert len(meetings) == sum(len(p.records) for p in predictions)
    assert meetings[0]["people"] == [person.name for person in predictions[0].records[0].people]
    frame = to_pandas(predictions, table="meetings")
    assert isinstance(frame, pd.DataFrame) and list(frame.columns) == list(MEETING_COLUMNS)
    assert len(frame) == len(meetings)
    people = predictions[0].to_pandas(article_id="first")
    assert list(people.columns) == list(PEOPLE_COLUMNS) and set(people["article_id"]) == {"first"}


def test_bad_table_arguments_are_errors():
    predictions = gold_predictions(2)
    with pytest.raises(ValueError, match="unknown table"):
        table_rows(predictions, table="persons")
    with pytest.raises(ValueError, match="1 ids for 2 predictions"):
        table_rows(predictions, ["only-one"])

"""scripts/benchmark.py scores a system on the labels both it and the file cover
(a public corpus with PER/LOC/ORG only is not charged for a TITLE the model finds)."""
from __future__ import annotations

import pytest

from model.entities import Entity
from train import benchmark
from train.annotations import Article

TEXT = "国务院总理李强在北京主持会议。"


def article() -> Article:
    entities = [Entity(5, 7, "PER", "李强"), Entity(8, 10, "LOC", "北京")]
    return Article("a", TEXT, entities)


def result(entities: list[Entity]) -> dict:
    return {"labels": ["PER", "TITLE", "ORG", "LOC", "DATE", "MEETING", "DOC"],
            "entities": [[e.to_dict() for e in entities]], "records": [[]], "seconds": 1.0, "peak_rss_mb": 1.0}


def test_labels_the_file_does_not_annotate_are_not_scored() -> None:
    predicted = [Entity(0, 5, "TITLE", "国务院总理"), Entity(5, 7, "PER", "李强"), Entity(8, 11, "LOC", "北京主")]
    scores = benchmark.score_system([article()], result(predicted), data_labels=("LOC", "ORG", "PER"))
    # PER right, LOC wrong boundary, TITLE ignored: P = R = 1/2
    assert scores["entities"]["micro"]["precision"] == pytest.approx(0.5)
    assert scores["entities"]["micro"]["recall"] == pytest.approx(0.5)
    assert scores["labels"] == ["PER", "ORG", "LOC"]


def test_every_label_is_scored_on_an_article_file() -> None:
    predicted = [Entity(0, 5, "TITLE", "国务院总理"), Entity(5, 7, "PER", "李强"), Entity(8, 10, "LOC", "北京")]
    scores = benchmark.score_system([article()], result(predicted))
    # the TITLE is a false positive here: P = 2/3, R = 1
    assert scores["entities"]["micro"]["precision"] == pytest.approx(2 / 3)
    assert scores["entities"]["micro"]["recall"] == pytest.approx(1.0)

"""Our entity scores agree with seqeval called directly (strict IOB2)."""
from __future__ import annotations

import pytest
from seqeval.metrics import classification_report, f1_score
from seqeval.scheme import IOB2

from train.metrics import entity_scores, format_entity_table

TRUE = [
    ["B-PER", "I-PER", "O", "B-TITLE", "I-TITLE", "O", "B-LOC"],
    ["B-ORG", "I-ORG", "I-ORG", "O", "B-DATE", "I-DATE", "O"],
]
PRED = [
    ["B-PER", "I-PER", "O", "B-TITLE", "O", "O", "B-LOC"],       # TITLE cut short
    ["I-ORG", "I-ORG", "I-ORG", "O", "B-DATE", "I-DATE", "B-DOC"],  # orphan I-ORG: wrong in strict mode
]


def test_micro_and_per_label_match_seqeval():
    scores = entity_scores(TRUE, PRED)
    assert scores["micro"]["f1"] == pytest.approx(f1_score(TRUE, PRED, mode="strict", scheme=IOB2))
    report = classification_report(TRUE, PRED, mode="strict", scheme=IOB2, output_dict=True)
    for label in ("PER", "TITLE", "ORG", "LOC", "DATE"):
        assert scores["per_label"][label]["f1"] == pytest.approx(report[label]["f1-score"])
    # By hand: gold 5 entities; predicted PER, LOC, DATE right; TITLE, DOC wrong; orphan ORG not an entity.
    assert scores["micro"]["precision"] == pytest.approx(3 / 5)
    assert scores["micro"]["recall"] == pytest.approx(3 / 5)
    assert scores["per_label"]["ORG"]["recall"] == 0.0


def test_table_lists_every_label_and_micro():
    table = format_entity_table(entity_scores(TRUE, PRED))
    for label in ("PER", "TITLE", "ORG", "LOC", "DATE", "micro"):
        assert label in table


def test_precision_and_recall_are_not_swapped():
    # by hand: one gold entity, two predicted, one of them right: precision 1/2, recall 1/1
    true = [["B-PER", "I-PER", "O", "O"]]
    pred = [["B-PER", "I-PER", "B-LOC", "O"]]
    micro = entity_scores(true, pred)["micro"]
    assert (micro["precision"], micro["recall"]) == (pytest.approx(0.5), pytest.approx(1.0))
    assert micro["f1"] == pytest.approx(2 / 3)

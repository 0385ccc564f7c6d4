"""Record scoring (train.record_metrics) against hand-computed figures."""
from __future__ import annotations

import pytest

from train.record_metrics import key_agreement, pair_records, score_article, score_records, slot_values


def record(date=None, region=None, meeting=None, organizer=None, people=(), documents=(), date_text=None):
    return {
        "date": date,
        "date_text": date_text,
        "region": region,
        "meeting": meeting,
        "organizer": organizer,
        "people": [{"name": n, "titles": list(t), "roles": list(r)} for n, t, r in people],
        "documents": list(documents),
    }


G1 = record("2024-03-05", "江苏省", "常委会会议", "江苏省委", [("王一", ["省委书记"], ["chair", "speaker"])], ["方案甲"])
G2 = record("2024-03-05", "全国", "新闻发布会", None, [("李二", [], ["speaker"])])
P1 = record("2024-03-05", "江苏省", "常委会会议", None, [("王一", ["省委书记"], ["chair"])], ["方案甲", "方案乙"])
P2 = record("2024-03-06", "浙江省", "座谈会")


def test_hand_computed_article():
    # P1 pairs with G1 (date, region, meeting, 1 name = 4 key agreements; with G2 only the date).
    # P2 agrees with nothing: unpaired. G2 is left unpaired.
    # pair G1/P1: tp date, region, meeting, name, (王一,省委书记), (王一,chair), 方案甲 = 7;
    #             fn organizer, (王一,speaker) = 2; fp 方案乙 = 1
    # G2 alone: fn date, region, meeting, name, (李二,speaker) = 5
    # P2 alone: fp date, region, meeting = 3
    scores, pairs = score_article([G1, G2], [P1, P2])
    assert pairs == [(0, 0)]
    report = scores.to_dict()
    assert report["slot"]["tp"] == 7
    assert report["slot"]["fp"] == 4
    assert report["slot"]["fn"] == 7
    assert report["slot"]["precision"] == pytest.approx(7 / 11)
    assert report["slot"]["recall"] == pytest.approx(0.5)
    assert report["slot"]["f1"] == pytest.approx(14 / 25)
    assert report["record"]["precision"] == pytest.approx(0.5)
    assert report["record"]["recall"] == pytest.approx(0.5)
    assert report["record_f1"] == pytest.approx(0.5)
    assert report["per_slot"]["date"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "tp": 1, "fp": 1, "fn": 1}
    assert report["per_slot"]["organizer"]["fn"] == 1 and report["per_slot"]["organizer"]["tp"] == 0
    # roles: (王一,chair) found; (王一,speaker) and (李二,speaker) missed -> P 1, R 1/3, F1 0.5
    assert report["per_slot"]["role"] == {"precision": 1.0, "recall": pytest.approx(1 / 3), "f1": 0.5, "tp": 1, "fp": 0, "fn": 2}
    assert report["per_slot"]["document"]["fp"] == 1


def test_score_records_sums_articles():
    total = score_records([[G1, G2], [G1]], [[P1, P2], [G1]])
    # second article: a perfect copy of G1 = 9 values (date, region, meeting, organizer, name, title, 2 roles, doc)
    assert total.slot.tp == 7 + 9
    assert total.slot.fp == 4 and total.slot.fn == 7
    assert (total.paired_records, total.gold_records, total.predicted_records) == (2, 3, 3)
    assert total.record_f1 == pytest.approx(2 / 3)


def test_pairing_is_optimal_not_greedy():
    # P1~G1 agree on 3 key slots, P1~G2 on 2, P2~G1 on 2 (two names), P2~G2 on 0.
    # Greedy would take P1-G1 (3) and leave P2 unpaired; the optimum pairs P1-G2 and P2-G1 (2 + 2 = 4).
    g1 = record("d1", "R1", "M1", people=[("甲", [], []), ("乙", [], [])])
    g2 = record("d1", "R1", "M9")
    p1 = record("d1", "R1", "M1")
    p2 = record("d8", "R8", "M8", people=[("甲", [], []), ("乙", [], [])])
    assert key_agreement(g1, p1) == 3 and key_agreement(g2, p1) == 2 and key_agreement(g1, p2) == 2
    assert pair_records([g1, g2], [p1, p2]) == [(0, 1), (1, 0)]


def test_no_pair_without_any_agreement_and_nulls_do_not_agree():
    a = record(None, None, None, organizer="省委")
    b = record(None, None, None, organizer="省委")
    assert key_agreement(a, b) == 0
    scores, pairs = score_article([a], [b])
    assert pairs == []
    assert scores.per_slot["organizer"].fp == 1 and scores.per_slot["organizer"].fn == 1
    assert scores.record_f1 == 0.0


def test_multisets_and_empty_inputs():
    values = slot_values(record(documents=["方案", "方案"], people=[("甲", ["书记"], ["chair"])]))
    assert values["document"]["方案"] == 2
    assert values["title"][("甲", "书记")] == 1
    gold = record("d", documents=["方案", "方案"])
    predicted = record("d", documents=["方案"])
    scores, _ = score_article([gold], [predicted])
    assert scores.per_slot["document"].tp == 1 and scores.per_slot["document"].fn == 1
    empty = score_records([[]], [[]])
    assert empty.to_dict()["slot"]["f1"] == 0.0 and empty.record_f1 == 0.0
    with pytest.raises(ValueError):
        score_records([[]], [])


def test_accepts_record_objects():
    from model.records import MeetingRecord

    scores, pairs = score_article([G2], [MeetingRecord(date="2024-03-05", region="全国", meeting="新闻发布会")])
    assert pairs == [(0, 0)]
    assert scores.slot.tp == 3

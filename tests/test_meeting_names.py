"""The meeting-name rule: party congresses, plenums and 全国两会 are MEETING spans."""
from __future__ import annotations

from conftest import find_entity, text_labels
from model.meeting_names import apply_meeting_name_rule
from model.postprocess import apply_rules


def test_untagged_congresses_plenums_and_the_two_sessions_become_meetings():
    text = "以实际行动迎接党的二十大胜利召开，学习贯彻十九届六中全会精神，在今年的全国两会上，中共十四大以来。"
    assert text_labels(apply_meeting_name_rule(text, [])) == [
        ("党的二十大", "MEETING"), ("十九届六中全会", "MEETING"), ("全国两会", "MEETING"), ("中共十四大", "MEETING"),
    ]


def test_a_meeting_span_inside_one_is_widened_and_a_doc_holding_one_is_left_alone():
    text = "党的二十大召开。党的二十大报告提出要求。"
    tagged = [find_entity(text, "二十大", "MEETING"), find_entity(text, "党的二十大报告", "DOC")]
    assert text_labels(apply_meeting_name_rule(text, tagged)) == [("党的二十大", "MEETING"), ("党的二十大报告", "DOC")]


def test_ordinals_of_other_things_are_no_congress():
    text = "推出十大创新模式，十二大类产品，二十大城市，越共十四大，中国工会十七大以来。"
    assert apply_meeting_name_rule(text, []) == []


def test_the_rule_runs_only_for_a_tagger_that_knows_meetings():
    text = "学习贯彻落实二十大精神。"
    assert text_labels(apply_rules(text, [], ["MEETING"])) == [("二十大", "MEETING")]
    assert apply_rules(text, [], ["PER", "LOC"]) == []

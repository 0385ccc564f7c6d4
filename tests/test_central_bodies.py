"""The central-body rule: the national bodies the news names every day are each one ORG span."""
from __future__ import annotations

from conftest import find_entity, text_labels
from model.central_bodies import CENTRAL_BODIES, apply_central_body_rule
from model.entities import Entity
from model.postprocess import RULE_NAMES, apply_rules


def test_an_untagged_body_and_a_tail_of_one_become_whole_org_spans():
    text = "水利部最新调度显示，人社部、工业和信息化部负责人介绍了情况。"
    tagged = [find_entity(text, "社部", "ORG"), find_entity(text, "信息化部", "ORG"), find_entity(text, "负责人", "TITLE")]
    assert text_labels(apply_central_body_rule(text, tagged)) == [
        ("水利部", "ORG"), ("人社部", "ORG"), ("工业和信息化部", "ORG"), ("负责人", "TITLE"),
    ]


def test_two_bodies_run_together_by_a_verb_are_cut_apart():
    text = "应急管理部会同国家粮食和物资储备局紧急调拨物资，党中央研究确定了支持政策。"
    tagged = [find_entity(text, "应急管理部会同国家粮食和物资储备局", "ORG"), find_entity(text, "党中央研究", "ORG")]
    assert text_labels(apply_central_body_rule(text, tagged)) == [
        ("应急管理部", "ORG"), ("国家粮食和物资储备局", "ORG"), ("党中央", "ORG"),
    ]


def test_a_body_inside_a_longer_span_or_before_a_common_word_is_left_alone():
    text = "水利部门加强调度。国务院常务会议上，水利部部长发言。中央纪委国家监委通报，部分全国政协委员发言。"
    tagged = [
        find_entity(text, "国务院常务会议", "MEETING"),
        find_entity(text, "水利部部长", "TITLE"),
        find_entity(text, "中央纪委国家监委", "ORG"),
    ]
    assert apply_central_body_rule(text, tagged) == tagged


def test_the_start_of_a_meeting_name_the_tagger_missed_gets_no_org():
    text = "国务院常务会议\n李强主持召开国务院常务会议。全国政协全体会议闭幕。"
    assert apply_central_body_rule(text, [find_entity(text, "国务院常务会议", "MEETING", nth=1)]) == [
        find_entity(text, "国务院常务会议", "MEETING", nth=1)
    ]


def test_a_span_already_right_keeps_its_score():
    text = "科技部宣布首批名单。"
    tagged = [find_entity(text, "科技部", "ORG", score=0.42)]
    assert apply_central_body_rule(text, tagged) == tagged
    assert apply_central_body_rule(text, []) == [Entity(0, 3, "ORG", "科技部", 1.0)]


def test_the_list_holds_no_name_twice_and_the_rule_runs_in_predict_order():
    assert len(set(CENTRAL_BODIES)) == len(CENTRAL_BODIES)
    assert RULE_NAMES.index("central-body") > RULE_NAMES.index("org-short-form")
    text = "文化和旅游部发布通知。"
    assert text_labels(apply_rules(text, [], ["ORG"])) == [("文化和旅游部", "ORG")]
    assert apply_rules(text, [], ["PER"]) == []

"""The war-place rule: the towns of the wars in the news are one LOC each."""
from __future__ import annotations

from conftest import find_entity, text_labels
from model.war_places import WAR_PLACES, apply_war_place_rule
from model.postprocess import RULE_NAMES


def test_places_taken_for_people_cut_or_missed_become_one_loc():
    text = "俄军打击顿涅茨克等地目标，马里乌波尔局势紧张，加沙地带南部遭空袭，哈尔科夫州发生爆炸。"
    tagged = [
        find_entity(text, "俄", "LOC"),
        find_entity(text, "顿涅茨克", "PER"),
        find_entity(text, "马里", "LOC"),
        find_entity(text, "乌", "LOC"),
        find_entity(text, "波尔", "LOC"),
    ]
    assert text_labels(apply_war_place_rule(text, tagged)) == [
        ("俄", "LOC"), ("顿涅茨克", "LOC"), ("马里乌波尔", "LOC"), ("加沙地带", "LOC"), ("哈尔科夫州", "LOC"),
    ]


def test_a_place_inside_another_kind_of_span_or_naming_a_structure_is_left_alone():
    text = "克里米亚大桥遇袭，加沙卫生部门通报，在顿涅茨克地区的村庄。"
    tagged = [find_entity(text, "加沙卫生部门", "ORG"), find_entity(text, "顿涅茨克", "LOC")]
    assert apply_war_place_rule(text, tagged) == tagged


def test_the_list_is_unique_and_the_rule_is_in_predict_order():
    assert len(set(WAR_PLACES)) == len(WAR_PLACES)
    assert "war-place" in RULE_NAMES

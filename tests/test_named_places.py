"""The named-place rule: the towns of the wars in the news and world regions are one LOC each."""
from __future__ import annotations

from conftest import find_entity, text_labels
from model.named_places import REGIONS, WAR_PLACES, apply_named_place_rule
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
    assert text_labels(apply_named_place_rule(text, tagged)) == [
        ("俄", "LOC"), ("顿涅茨克", "LOC"), ("马里乌波尔", "LOC"), ("加沙地带", "LOC"), ("哈尔科夫州", "LOC"),
    ]


def test_a_place_inside_another_kind_of_span_or_naming_a_structure_is_left_alone():
    text = "克里米亚大桥遇袭，加沙卫生部门通报，在顿涅茨克地区的村庄。"
    tagged = [find_entity(text, "加沙卫生部门", "ORG"), find_entity(text, "顿涅茨克", "LOC")]
    assert apply_named_place_rule(text, tagged) == tagged


def test_the_list_is_unique_and_the_rule_is_in_predict_order():
    assert len(set(WAR_PLACES + REGIONS)) == len(WAR_PLACES + REGIONS)
    assert "named-place" in RULE_NAMES


def test_regions_are_added_where_untagged_but_not_inside_other_words_or_spans():
    text = "共创亚太美好未来，中东欧国家和中东地区，我国中东部地区降温，亚太经合组织会议。"
    tagged = [find_entity(text, "亚太经合组织", "ORG")]
    assert text_labels(apply_named_place_rule(text, tagged)) == [
        ("亚太", "LOC"), ("中东欧", "LOC"), ("中东", "LOC"), ("亚太经合组织", "ORG"),
    ]

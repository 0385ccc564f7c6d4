"""The building rule: a place before a building is a LOC, the building no entity."""
from __future__ import annotations

from model.buildings import apply_building_rule
from model.entities import Entity


def test_a_place_and_building_tagged_as_one_name_keeps_the_place_as_a_loc():
    text = "他在北京人民大会堂会见外宾，并在钓鱼台国宾馆出席宴会。"
    tagged = [
        Entity(2, 9, "ORG", "北京人民大会堂", 0.9),
        Entity(16, 22, "LOC", "钓鱼台国宾馆", 0.9),
    ]
    assert apply_building_rule(tagged) == [Entity(2, 4, "LOC", "北京", 0.9)]


def test_other_labels_and_names_are_left_alone():
    kept = [Entity(0, 7, "MEETING", "人民大会堂会议", 0.9), Entity(8, 11, "ORG", "国务院", 0.9)]
    assert apply_building_rule(kept) == kept

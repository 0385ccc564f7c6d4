"""The place-word rule: 新中国 is one LOC; 北京时间, 北京冬奥会 and 巴方 hold no place."""
from __future__ import annotations

from conftest import find_entity, text_labels
from model.place_words import apply_place_word_rule
from model.postprocess import RULE_NAMES, apply_rules


def test_new_china_is_widened_to_one_loc_but_not_inside_a_slogan():
    text = "新中国成立以来，上海发生了巨变，创新中国的步伐加快。"
    tagged = [find_entity(text, "中国", "LOC", nth=0), find_entity(text, "上海", "LOC"), find_entity(text, "中国", "LOC", nth=1)]
    assert text_labels(apply_place_word_rule(text, tagged)) == [("新中国", "LOC"), ("上海", "LOC"), ("中国", "LOC")]


def test_new_is_not_taken_from_a_span_that_holds_it():
    text = "走进新中国成立纪念馆。"
    tagged = [find_entity(text, "走进新", "ORG"), find_entity(text, "中国", "LOC")]
    assert apply_place_word_rule(text, tagged) == tagged


def test_beijing_time_and_the_winter_games_hold_no_place_but_the_organising_committee_keeps_its_org():
    text = "截至北京时间今天16时，北京冬奥会、北京2022年冬奥会筹备就绪，北京冬奥组委发布消息，北京天气晴。"
    tagged = [
        find_entity(text, "北京", "LOC", nth=0),
        find_entity(text, "北京", "LOC", nth=1),
        find_entity(text, "北京", "LOC", nth=2),
        find_entity(text, "北京冬奥组委", "ORG"),
        find_entity(text, "北京", "LOC", nth=4),
    ]
    assert apply_place_word_rule(text, tagged) == tagged[3:]


def test_an_abbreviation_before_side_is_no_place_but_one_before_other_words_is():
    text = "巴方表示感谢，中巴关系不断发展。"
    tagged = [find_entity(text, "巴", "LOC"), find_entity(text, "中", "LOC", nth=0), find_entity(text, "巴", "LOC", nth=1)]
    assert apply_place_word_rule(text, tagged) == tagged[1:]


def test_the_rule_runs_after_the_abbreviation_rule_in_predict():
    assert RULE_NAMES.index("place-word") == RULE_NAMES.index("abbreviation") + 1
    text = "新中国成立七十多年来"
    assert text_labels(apply_rules(text, [find_entity(text, "中国", "LOC")], ["LOC"])) == [("新中国", "LOC")]

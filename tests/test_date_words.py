"""The date-word rule: closed calendar words the guide always tags become DATE spans."""
from __future__ import annotations

from conftest import text_labels as texts
from model.entities import Entity
from model.date_words import apply_date_word_rule
from model.postprocess import apply_rules


def test_untagged_date_words_and_times_counted_back_become_dates():
    text = "近期，省里召开会议。这两天雨水较多，十年前这里还是荒地，3年前建成新路，与去年同期相比增长。"
    assert texts(apply_date_word_rule(text, [])) == [
        ("近期", "DATE"), ("这两天", "DATE"), ("十年前", "DATE"), ("3年前", "DATE"), ("去年同期", "DATE"),
    ]


def test_words_inside_other_entities_years_and_untagged_words_are_left_alone():
    text = "《近期重点工作安排》印发。2019年前后，当前和今后一个时期。"
    doc = Entity(1, 9, "DOC", "近期重点工作安排", 0.9)
    # 2019年前 is "before 2019" (the year is the tagger's to find); 当前 and 今后 the guide leaves untagged
    assert apply_date_word_rule(text, [doc]) == [doc]


def test_a_date_the_tagger_found_is_kept_as_it_is():
    text = "近期以来，工作稳步推进。"
    found = Entity(0, 4, "DATE", "近期以来", 0.8)
    assert apply_date_word_rule(text, [found]) == [found]


def test_apply_rules_adds_date_words_only_for_taggers_that_know_dates():
    text = "这几天，代表们陆续抵京。"
    assert texts(apply_rules(text, [], {"DATE", "LOC"})) == [("这几天", "DATE")]
    assert apply_rules(text, [], {"PER", "LOC", "ORG"}) == []


def test_holiday_periods_are_added_whole_and_a_date_cut_inside_one_is_widened():
    text = "国庆中秋假期，各地游人如织，较去年国庆节假期增长，“五一”假期期间出行平稳。"
    cut = Entity(text.index("去年"), text.index("去年") + 5, "DATE", "去年国庆节", 0.9)
    assert texts(apply_date_word_rule(text, [cut])) == [
        ("国庆中秋假期", "DATE"), ("去年国庆节假期", "DATE"), ("“五一”假期", "DATE"),
    ]


def test_a_holiday_period_inside_another_entity_is_left_alone():
    text = "春节假期旅游市场分析座谈会召开。"
    meeting = Entity(0, 13, "MEETING", text[:13], 0.9)
    assert apply_date_word_rule(text, [meeting]) == [meeting]


def test_a_count_from_the_start_of_the_year_takes_the_qian_before_it():
    text = "前三季度，全省增长；今年前10个月，出口回升；会前一天举行。"
    quarters = Entity(text.index("三季度"), text.index("三季度") + 3, "DATE", "三季度", 0.9)
    months = Entity(text.index("今年前"), text.index("今年前") + 7, "DATE", "今年前10个月", 0.9)
    assert texts(apply_date_word_rule(text, [quarters, months])) == [("前三季度", "DATE"), ("今年前10个月", "DATE")]

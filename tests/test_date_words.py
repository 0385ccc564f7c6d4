"""The date-word rule: closed calendar words the guide always tags become DATE spans."""
from __future__ import annotations

from conftest import find_entity, text_labels as texts
from model.entities import Entity
from model.date_words import apply_date_edge_rule, apply_date_word_rule
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


def test_relative_days_months_and_years_the_annotation_always_tags_are_added():
    text = "明天将迎来降温，上月产量比上年增长，新的一年开局良好，今明两天有雨。"
    assert texts(apply_date_word_rule(text, [])) == [
        ("明天", "DATE"), ("上月", "DATE"), ("上年", "DATE"), ("新的一年", "DATE"), ("今明两天", "DATE"),
    ]


def test_vague_periods_and_todays_that_mean_our_time_are_no_dates():
    text = "近年来，多年来，在变化的今天，今天的中国，今天下午召开会议，今天（5月8日）上午出席。"
    tagged = [
        find_entity(text, "近年来", "DATE"),
        find_entity(text, "多年来", "DATE"),
        find_entity(text, "今天", "DATE", nth=0),
        find_entity(text, "今天", "DATE", nth=1),
        find_entity(text, "今天下午", "DATE"),
        find_entity(text, "今天（5月8日）上午", "DATE"),
    ]
    assert texts(apply_date_edge_rule(text, tagged)) == [("今天下午", "DATE"), ("今天（5月8日）上午", "DATE")]


def test_a_zone_name_is_cut_off_and_a_time_cut_before_its_unit_takes_it():
    text = "当地时间14日，北京时间上午10时40分许发生地震，下午5点通车，北京时间发布。"
    tagged = [
        find_entity(text, "当地时间14日", "DATE"),
        find_entity(text, "北京时间上午10时40", "DATE"),
        find_entity(text, "下午5", "DATE"),
        find_entity(text, "北京时间", "DATE"),
    ]
    assert texts(apply_date_edge_rule(text, tagged)) == [
        ("14日", "DATE"), ("上午10时40分许", "DATE"), ("下午5点", "DATE"), ("北京时间", "DATE"),
    ]


def test_a_time_unit_already_in_another_span_is_not_taken():
    text = "10时30分钟内完成"
    tagged = [find_entity(text, "10时30", "DATE"), find_entity(text, "分钟内", "ORG")]
    assert apply_date_edge_rule(text, tagged) == tagged

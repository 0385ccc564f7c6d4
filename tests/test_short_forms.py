"""The short-form rules: one-character abbreviations as their own LOC spans, 兵团 as an ORG."""
from __future__ import annotations

from conftest import find_entity as span, text_labels as spans
from model.entities import LABELS
from model.postprocess import apply_rules
from model.short_forms import apply_abbreviation_rule, apply_org_short_form_rule, apply_title_end_rule, is_pair


def test_pairs_are_china_with_a_foreign_abbreviation_two_powers_or_two_provinces():
    assert all(is_pair(word) for word in ("中美", "欧中", "中斯", "俄乌", "美以", "粤港", "京津"))
    # full names, provinces' names, a repeated character, no abbreviation at all
    assert not any(is_pair(word) for word in ("巴西", "古巴", "印尼", "辽宁", "浙江", "晋中", "中中", "中国", "北京", "中美俄"))


def test_a_pair_tagged_as_one_place_is_split_in_two():
    text = "双方同意推动中欧关系稳定发展。"
    result = apply_abbreviation_rule(text, [span(text, "中欧", "LOC")])
    assert spans(result) == [("中", "LOC"), ("欧", "LOC")]
    assert [(e.start, e.end) for e in result] == [(6, 7), (7, 8)]


def test_a_full_name_and_other_labels_are_not_split():
    text = "代表团访问巴西，会见中欧班列公司负责人。"
    entities = [span(text, "巴西", "LOC"), span(text, "中欧班列公司", "ORG")]
    assert apply_abbreviation_rule(text, entities) == sorted(entities)


def test_an_untagged_pair_before_a_relation_word_is_added():
    text = "他说，中塔两国是好邻居，中巴关系历久弥坚，俄乌冲突仍在继续。"
    result = apply_abbreviation_rule(text, [])
    assert spans(result) == [("中", "LOC"), ("塔", "LOC"), ("中", "LOC"), ("巴", "LOC"), ("俄", "LOC"), ("乌", "LOC")]


def test_a_pair_is_not_added_without_a_relation_word_or_inside_another_entity():
    text = "中巴车停在路边，中美国际商会举办中美贸易论坛。"
    kept = span(text, "中美国际商会", "ORG")
    meeting = span(text, "中美贸易论坛", "MEETING")
    assert apply_abbreviation_rule(text, [kept, meeting]) == sorted([kept, meeting])


def test_bingtuan_tagged_as_a_place_becomes_an_organisation():
    text = "新疆生产建设兵团和兵团各师市，以及新疆、兵团两地。"
    entities = [span(text, "新疆生产建设兵团", "LOC"), span(text, "兵团", "LOC", nth=1), span(text, "新疆", "LOC", nth=1)]
    result = apply_org_short_form_rule(text, entities)
    assert spans(result) == [("新疆生产建设兵团", "ORG"), ("兵团", "ORG"), ("新疆", "LOC")]


def test_apply_rules_runs_the_short_form_rules_only_for_taggers_that_know_the_labels():
    text = "推动中非合作。兵团召开会议。"
    entities = [span(text, "中非", "LOC"), span(text, "兵团", "LOC")]
    assert spans(apply_rules(text, entities, LABELS)) == [("中", "LOC"), ("非", "LOC"), ("兵团", "ORG")]
    assert spans(apply_rules(text, [], {"PER"})) == []


def test_a_title_that_runs_on_after_general_secretary_is_cut_there():
    text = "总书记说，中共中央总书记、国家主席习近平。"
    entities = [span(text, "总书记说", "TITLE"), span(text, "中共中央总书记", "TITLE"), span(text, "国家主席", "TITLE")]
    assert spans(apply_title_end_rule(entities)) == [("总书记", "TITLE"), ("中共中央总书记", "TITLE"), ("国家主席", "TITLE")]


def test_three_province_abbreviations_are_split_but_a_named_zone_is_kept():
    text = "沪苏浙三地和京津冀协同发展。"
    entities = [span(text, "沪苏浙", "LOC"), span(text, "京津冀", "LOC")]
    assert spans(apply_abbreviation_rule(text, entities)) == [("沪", "LOC"), ("苏", "LOC"), ("浙", "LOC"), ("京津冀", "LOC")]


def test_abbreviations_tagged_apart_from_the_zone_after_them_are_joined_to_it():
    text = "建设粤港澳大湾区，粤港澳三地携手。"
    entities = [span(text, "粤港澳", "LOC"), span(text, "大湾区", "LOC"), span(text, "粤港澳", "LOC", nth=1)]
    assert spans(apply_abbreviation_rule(text, entities)) == [("粤港澳大湾区", "LOC"), ("粤", "LOC"), ("港", "LOC"), ("澳", "LOC")]


def test_short_forms_of_organisations_become_orgs_where_only_places_or_people_inside_overlap():
    text = "东盟秘书长表示，哈马斯与以军交火，胡塞武装发表声明，世卫组织和总台报道，美军事专家、军队。"
    entities = [span(text, "哈马斯", "LOC"), span(text, "以", "LOC", nth=0), span(text, "胡塞", "PER"), span(text, "东盟秘书长", "TITLE")]
    result = apply_org_short_form_rule(text, entities)
    assert spans(result) == [
        ("东盟秘书长", "TITLE"), ("哈马斯", "ORG"), ("以军", "ORG"), ("胡塞武装", "ORG"), ("世卫组织", "ORG"), ("总台", "ORG"),
    ]


def test_a_pair_taken_for_a_date_is_split_into_two_places_but_a_real_date_is_kept():
    text = "打造健康稳定的中日关系。12日晚，会谈举行。"
    result = apply_abbreviation_rule(text, [span(text, "中日", "DATE"), span(text, "12日晚", "DATE")])
    assert spans(result) == [("中", "LOC"), ("日", "LOC"), ("12日晚", "DATE")]


def test_a_country_that_says_something_at_the_start_of_a_headline_or_clause_is_a_place():
    text = "俄称已控制索列达尔 乌称战斗仍持续\n乌称击退攻势，美称将提供援助。“天下第一雄关”美称，弘扬美德。"
    assert spans(apply_abbreviation_rule(text, [span(text, "俄", "LOC")])) == [
        ("俄", "LOC"), ("乌", "LOC"), ("乌", "LOC"), ("美", "LOC"),
    ]


def test_a_post_run_on_into_a_surname_gives_it_back_and_one_run_into_a_joining_word_drops_it():
    text = "外交部副部长乐玉成会见，国家主席和马茂总统，国务院总理访俄。"
    entities = [
        span(text, "外交部副部长乐", "TITLE"), span(text, "玉成", "PER"),
        span(text, "国家主席和", "TITLE"), span(text, "马茂", "PER"),
        span(text, "国务院总理访", "TITLE"),
    ]
    assert spans(apply_title_end_rule(entities)) == [
        ("外交部副部长", "TITLE"), ("乐玉成", "PER"), ("国家主席", "TITLE"), ("马茂", "PER"), ("国务院总理", "TITLE"),
    ]


def test_a_post_that_ends_in_a_bracket_or_with_no_name_after_it_is_kept():
    text = "副校长（副院长）谢春涛出席，人民代表大会代表团团长讲话。"
    entities = [span(text, "副校长（副院长）", "TITLE"), span(text, "谢春涛", "PER"), span(text, "代表团团长讲", "TITLE")]
    assert apply_title_end_rule(entities) == entities

"""The leader rule: the names of the most-named leaders become exactly one PER span."""
from __future__ import annotations

from conftest import find_entity as find, text_labels as texts
from model.entities import LABELS, Entity
from model.leaders import apply_leader_rule
from model.postprocess import apply_rules


def test_missed_cut_and_mislabelled_names_become_one_per_span():
    text = "习近平等步入会场。国家主席习近平和夫人出席。\n普京表示，习近平欢迎马克龙到访。"
    cut = Entity(text.index("习近平和"), text.index("习近平和") + 2, "PER", "习近", 0.9)
    entities = [cut, find(text, "普京", "LOC"), find(text, "习近平欢迎马克龙", "PER")]
    assert texts(apply_leader_rule(text, entities)) == [
        ("习近平", "PER"), ("习近平", "PER"), ("普京", "PER"), ("习近平", "PER"), ("马克龙", "PER"),
    ]


def test_names_inside_other_spans_and_other_peoples_longer_names_are_left_alone():
    text = "学习《习近平谈治国理政》，李强国当选，韩正式宣布。"
    doc = find(text, "习近平谈治国理政", "DOC")
    other = find(text, "李强国", "PER")
    assert apply_leader_rule(text, [doc, other]) == [doc, other]


def test_the_name_in_a_named_thought_is_still_removed_after_the_leader_rule():
    text = "以习近平新时代中国特色社会主义思想为指导。"
    assert apply_rules(text, [], LABELS) == []

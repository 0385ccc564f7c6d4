"""The document-name rule (bare laws and conventions as DOC) and the miner of its names."""
from __future__ import annotations

from conftest import find_entity, text_labels
from model.document_names import apply_document_name_rule, document_names
from model.postprocess import apply_rules
from train.document_names import kept_names, mine_names, write_names


def test_bare_laws_their_drafts_and_conventions_become_doc_spans():
    text = "会议审议了药品管理法修订草案二次审议稿，根据宪法和外商投资法，维护联合国宪章宗旨，坚持香港基本法。"
    assert text_labels(apply_document_name_rule(text, [])) == [
        ("药品管理法修订草案二次审议稿", "DOC"), ("宪法", "DOC"), ("外商投资法", "DOC"), ("联合国宪章", "DOC"),
        ("香港基本法", "DOC"),
    ]


def test_spans_inside_a_name_are_replaced_and_a_longer_doc_is_left_alone():
    text = "维护联合国宪章宗旨。会议听取了关于森林法修订草案修改情况的汇报。"
    tagged = [find_entity(text, "联合国", "ORG"), find_entity(text, "关于森林法修订草案修改情况的汇报", "DOC")]
    assert text_labels(apply_document_name_rule(text, tagged)) == [
        ("联合国宪章", "DOC"), ("关于森林法修订草案修改情况的汇报", "DOC"),
    ]


def test_words_that_only_begin_with_a_name_are_no_document():
    text = "学习安全生产法律法规，公司法定代表人，宪法法律委副主任委员，宪法宣誓仪式，国家宪法日，《宪法》。"
    assert apply_document_name_rule(text, []) == []


def test_the_shipped_list_holds_mined_names_longest_first():
    names = document_names()
    assert {"药品管理法", "联合国宪章", "宪法", "民法典"} <= set(names)
    assert [len(n) for n in names] == sorted((len(n) for n in names), reverse=True)
    assert not {"实施办法", "办法", "法律"} & set(names)


def test_the_rule_runs_only_for_a_tagger_that_knows_documents():
    text = "贯彻实施外商投资法。"
    assert text_labels(apply_rules(text, [], ["DOC"])) == [("外商投资法", "DOC")]
    assert apply_rules(text, [], ["PER", "LOC"]) == []


def test_the_miner_takes_bracketed_and_draft_names_with_their_short_forms(tmp_path):
    texts = [
        "《中华人民共和国监察法》公布。会议审议了关于国家发展规划法草案。",
        "学习《中华人民共和国监察法》。审议国家发展规划法草案，对立法法修正草案进行审议。",
        "审议立法法修正草案。《某某办法》发布，提请审议实施办法草案，审议实施办法草案。",
    ]
    found = mine_names(texts)
    assert found["bracketed"]["中华人民共和国监察法"] == 2
    assert found["draft"]["国家发展规划法"] == 2  # 关于 is the sentence's, not the name's
    names = kept_names(found)
    assert names["监察法"] == 2  # the short form of 中华人民共和国监察法
    assert names["立法法"] == 2  # 对立法法 merged into 立法法, which occurs on its own
    assert "对立法法" not in names and "实施办法" not in names and "某某办法" not in names  # generic; seen once
    path = tmp_path / "names.tsv"
    assert write_names(path, names) == len(names)
    assert set(document_names.__wrapped__(path)) == set(names) | {"宪法", "党章", "香港基本法", "澳门基本法"}

from __future__ import annotations

from model.entities import Entity
from model.postprocess import apply_bracket_rule, apply_ordinal_rule, apply_sentence_rule


def span(text, part, label, score=0.5):
    start = text.index(part)
    return Entity(start, start + len(part), label, part, score)


def test_misaligned_doc_is_snapped_to_the_brackets():
    text = "会议审议通过《节约用水条例（草案）》。"
    predicted = [span(text, "用水条例（草案）》。", "DOC")]
    [doc] = apply_bracket_rule(text, predicted)
    assert (doc.label, doc.text, doc.score) == ("DOC", "节约用水条例（草案）", 1.0)
    assert text[doc.start : doc.end] == doc.text


def test_missed_short_title_is_added_and_others_kept():
    text = "省政府出台《若干措施》，省长王明主持"
    predicted = [span(text, "省政府", "ORG"), span(text, "王明", "PER")]
    entities = apply_bracket_rule(text, predicted)
    assert [(e.label, e.text) for e in entities] == [("ORG", "省政府"), ("DOC", "若干措施"), ("PER", "王明")]


def test_title_inside_a_meeting_name_and_media_titles_are_left_alone():
    text = "举行《新时代的中国绿色发展》白皮书新闻发布会。据《求是》杂志"
    meeting = span(text, "《新时代的中国绿色发展》白皮书新闻发布会", "MEETING")
    assert apply_bracket_rule(text, [meeting]) == [meeting]
    assert apply_bracket_rule("据《求是》杂志报道", []) == []


def test_meeting_cut_inside_its_ordinal_is_widened_to_the_di():
    text = "四川省政府召开第48次常务会议，省长主持。召开第十四届理事会第三次会议"
    for cut in ("8次常务会议", "次常务会议", "常务会议", "48次常务会议"):
        [meeting] = apply_ordinal_rule(text, [span(text, cut, "MEETING", 0.7)])
        assert (meeting.text, meeting.score) == ("第48次常务会议", 0.7)
        assert text[meeting.start : meeting.end] == meeting.text
    [meeting] = apply_ordinal_rule(text, [span(text, "十四届理事会第三次会议", "MEETING")])
    assert meeting.text == "第十四届理事会第三次会议"


def test_ordinal_rule_leaves_other_spans_alone():
    text = "这次常务会议由省政府第一副省长主持，召开第48次常务会议"
    plain = span(text, "常务会议", "MEETING")  # 这次 is no ordinal
    title = span(text, "第一副省长", "TITLE")  # not a meeting
    assert apply_ordinal_rule(text, [plain, title]) == [plain, title]
    # part of the ordinal already belongs to another entity: no change
    held = span(text, "第48", "DATE")
    cut = Entity(held.end, held.end + 5, "MEETING", text[held.end : held.end + 5])
    assert apply_ordinal_rule(text, [held, cut]) == [held, cut]


def test_spans_across_a_sentence_end_or_line_break_are_dropped():
    text = "研究部署全省冬春季森林防火工作。会议强调，省长王明\n李华出席"
    across = span(text, "全省冬春季森林防火工作。会议", "MEETING")
    two_lines = span(text, "王明\n李华", "PER")
    name = span(text, "王明", "PER")
    assert apply_sentence_rule([across, two_lines, name]) == [name]


def test_edge_rule_trims_brackets_and_separators_a_span_cannot_end_or_start_with():
    from model.postprocess import apply_edge_rule

    text = "谭德塞（Tedros）出席，“十四五”规划。"
    entities = [Entity(0, 4, "PER", "谭德塞（"), Entity(14, 21, "DOC", text[14:21]), Entity(13, 14, "ORG", "，")]
    trimmed = apply_edge_rule(entities)
    assert [(e.start, e.end, e.text) for e in trimmed] == [(0, 3, "谭德塞"), (14, 21, "“十四五”规划")]


def test_edge_rule_trims_a_bracket_whose_partner_the_span_does_not_hold():
    from model.postprocess import apply_edge_rule

    text = "【推动高质量发展系列主题新闻发布会】洪秉明）讲话，（广东）代表团，《规划》（草案）"
    entities = [
        span(text, "【推动高质量发展系列主题新闻发布会", "MEETING"),
        span(text, "洪秉明）", "PER"),
        span(text, "（广东）", "LOC"),
        span(text, "《规划》（草案）", "DOC"),
    ]
    assert [e.text for e in apply_edge_rule(entities)] == ["推动高质量发展系列主题新闻发布会", "洪秉明", "（广东）", "《规划》（草案）"]


def test_inner_name_rule_drops_names_inside_a_named_thought_and_china_in_fixed_terms():
    from model.postprocess import apply_inner_name_rule

    text = "以习近平新时代中国特色社会主义思想为指导，学习习近平经济思想，推进中国式现代化。习近平指出，中国经济向好。"

    def at(sub: str, label: str, nth: int = 0, extra: int = 0) -> Entity:
        start = -1
        for _ in range(nth + 1):
            start = text.index(sub, start + 1)
        return Entity(start, start + len(sub) + extra, label, text[start:start + len(sub) + extra])

    entities = [at("习近平", "PER", extra=1), at("中国", "LOC"), at("习近平", "PER", 1), at("中国", "LOC", 1),
                at("习近平", "PER", 2), at("中国", "LOC", 2)]
    kept = apply_inner_name_rule(text, entities)
    assert [(e.text, e.start) for e in kept] == [("习近平", text.index("习近平指出")), ("中国", text.index("中国经济"))]


def test_china_inside_fixed_terms_programmes_events_and_facilities_is_untagged():
    from model.postprocess import apply_inner_name_rule

    text = "坚持一个中国原则，建设美丽中国，办好中国国际进口博览会，中国空间站在轨运行，中国经济稳中向好。"
    entities = [Entity(m, m + 2, "LOC", "中国") for m in range(len(text)) if text.startswith("中国", m)]
    kept = apply_inner_name_rule(text, entities)
    assert [e.start for e in kept] == [text.index("中国经济")]

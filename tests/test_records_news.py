"""Record assembly on patterns of real news reports (each case a sentence of our own).

Each test is one rule of model.records added after the real-news error analysis
(scripts/record_errors.py on real-train and real-dev); the articles are written
for the test in the project's inline markup, not copied from news.
"""
from __future__ import annotations

from model.entities import Entity
from model.records import assemble_records
from train.markup import parse_body


def records(markup: str, published: str | None = "2024-05-20") -> list[dict]:
    text, raw = parse_body(markup.strip().split("\n"), "<test>", 1)
    return [r.to_dict() for r in assemble_records(text, [Entity.from_dict(e) for e in raw], published)]


def people(record: dict) -> dict[str, tuple[list[str], list[str]]]:
    return {p["name"]: (p["titles"], p["roles"]) for p in record["people"]}


def test_a_long_headline_with_subtitles_is_the_title_block_not_a_second_meeting():
    headline = (
        "[周明远]{PER}主持召开[全省城乡供水保障工作领导小组会议]{MEETING} 要求扎实做好夏季用水高峰保障工作"
        " 确保群众饮水安全和城乡供水稳定 加快推进农村供水工程建设"
    )
    plain, _ = parse_body([headline], "<test>", 1)
    assert len(plain) > 60  # longer than a body line without punctuation may be
    (record,) = records(
        headline + "\n"
        "[18日]{DATE}，[省长]{TITLE}、[领导小组组长]{TITLE}[周明远]{PER}主持召开[领导小组会议]{MEETING}。\n"
        "[副省长]{TITLE}[孙立]{PER}出席。"
    )
    assert record["meeting"] == "全省城乡供水保障工作领导小组会议"
    assert record["date"] == "2024-05-18"
    assert people(record) == {"周明远": (["省长", "领导小组组长"], ["chair"]), "孙立": (["副省长"], ["attendee"])}


def test_a_long_line_alone_is_still_body():
    line = "[5月18日]{DATE}[市政府]{ORG}召开[全市防汛工作会议]{MEETING} 部署做好汛期各项准备工作 确保全市安全度汛 切实保障人民群众生命财产安全"
    (record,) = records(line)
    assert record["meeting"] == "全市防汛工作会议" and record["date"] == "2024-05-18"


def test_a_talk_with_those_who_attend_a_session_is_the_talk_not_the_session():
    (record,) = records(
        "[赵明]{PER}同[省人大常委会会议]{MEETING}列席代表座谈\n"
        "[省人大常委会主任]{TITLE}[赵明]{PER}[19日]{DATE}下午同列席[省十四届人大常委会第九次会议]{MEETING}的部分省人大代表座谈。"
        "他强调，要密切联系群众。\n"
        "[座谈会]{MEETING}上，代表们围绕[水污染防治条例]{DOC}提出意见建议。\n"
        "[省人大常委会副主任]{TITLE}[钱立]{PER}主持[座谈会]{MEETING}。"
    )
    assert record["meeting"] == "座谈会"
    assert record["date"] == "2024-05-19"
    assert record["documents"] == ["水污染防治条例"]
    assert people(record) == {"赵明": (["省人大常委会主任"], ["speaker"]), "钱立": (["省人大常委会副主任"], ["chair"])}


def test_a_talk_without_a_named_meeting_is_a_record_without_a_name():
    (record,) = records("[省长]{TITLE}[周明远]{PER}[16日]{DATE}同部分企业家代表座谈，听取意见建议。他要求，各地要优化营商环境。")
    assert record["meeting"] is None and record["date"] == "2024-05-16"
    assert people(record) == {"周明远": (["省长"], ["speaker"])}


def test_meeting_those_who_attend_or_taking_part_in_a_call_is_no_attendance():
    (record,) = records(
        "[5月16日]{DATE}，[第三届全球水资源论坛]{MEETING}在[杭州]{LOC}开幕，[副主席]{TITLE}[孙立]{PER}出席并致辞。"
        "[副主席]{TITLE}[钱立]{PER}会见出席[论坛]{MEETING}的外方嘉宾。[赵青]{PER}参加会见。"
    )
    assert people(record) == {"孙立": (["副主席"], ["attendee", "speaker"])}


def test_a_national_meeting_placed_in_beijing_stays_one_meeting():
    (record,) = records(
        "[纪念周平同志诞辰100周年座谈会]{MEETING}[18日]{DATE}在[京]{LOC}举行。"
        "[中共中央政治局常委]{TITLE}、[全国政协主席]{TITLE}[钱立]{PER}出席[座谈会]{MEETING}。\n"
        "[全国政协副主席]{TITLE}[孙立]{PER}主持[座谈会]{MEETING}。"
    )
    assert record["meeting"] == "纪念周平同志诞辰100周年座谈会" and record["region"] == "全国"
    assert people(record) == {"钱立": (["中共中央政治局常委", "全国政协主席"], ["attendee"]),
                              "孙立": (["全国政协副主席"], ["chair"])}


def test_a_headline_name_with_the_same_head_noun_is_the_body_meeting():
    (record,) = records(
        "[孙立]{PER}主持召开[省政协主席会议]{MEETING}\n"
        "[政协第十三届省委员会第二十次主席会议]{MEETING}[16日]{DATE}召开。[省政协主席]{TITLE}[孙立]{PER}主持并讲话。"
    )
    assert record["meeting"] == "政协第十三届省委员会第二十次主席会议" and record["date"] == "2024-05-16"
    assert people(record) == {"孙立": (["省政协主席"], ["chair", "speaker"])}


def test_meetings_looked_forward_to_are_planned_not_held():
    assert records("各级干部要以实际行动迎接[省第十二次党代会]{MEETING}胜利召开。") == []
    assert records("[全省工作会议]{MEETING}召开在即，各地要抓紧做好准备。") == []
    (record,) = records(
        "[省人大常委会第九次会议]{MEETING}[16日]{DATE}在[福州]{LOC}举行。"
        "本次会议的一项任务是为召开[省十四届人大三次会议]{MEETING}作准备。"
    )
    assert record["meeting"] == "省人大常委会第九次会议"


def test_the_mode_of_a_meeting_is_no_meeting():
    (record,) = records("[欧盟]{ORG}[19日]{DATE}以[视频会议]{MEETING}的形式召开[成员国领导人峰会]{MEETING}。")
    assert record["meeting"] == "成员国领导人峰会" and record["date"] == "2024-05-19"


def test_a_session_that_holds_a_press_conference_is_not_a_second_record():
    (record,) = records(
        "[十四届全国人大五次会议]{MEETING}举行[记者会]{MEETING}\n"
        "[十四届全国人大五次会议]{MEETING}[今天（5月20日）]{DATE}举行[记者会]{MEETING}，"
        "[财政部部长]{TITLE}[孙立]{PER}回答中外记者提问。"
    )
    assert record["meeting"] == "记者会" and record["region"] == "全国" and record["date"] == "2024-05-20"
    assert people(record) == {"孙立": (["财政部部长"], ["speaker"])}


def test_a_dated_meeting_that_deliberates_is_held_but_a_meeting_cited_for_what_it_passed_is_not():
    (record,) = records("[5月16日]{DATE}，[省委常委会会议]{MEETING}审议并通过《[关于加强耕地保护的意见]{DOC}》。")
    assert record["meeting"] == "省委常委会会议" and record["documents"] == ["关于加强耕地保护的意见"]
    assert records("[省委十二届五次全会]{MEETING}审议通过的《[决定]{DOC}》明确了方向。") == []


def test_a_meeting_with_a_national_leader_is_national_unless_a_province_chairs_it_or_it_is_abroad():
    (talk,) = records(
        "[中共中央政治局常委]{TITLE}、[国务院副总理]{TITLE}[钱立]{PER}[19日]{DATE}在[新疆]{LOC}调研，"
        "并在[石河子]{LOC}召开[座谈会]{MEETING}，听取意见建议。"
    )
    assert talk["region"] == "全国"
    (provincial,) = records(
        "[19日]{DATE}，[省委书记]{TITLE}[周明远]{PER}在[西宁]{LOC}主持召开[专题读书班研讨会]{MEETING}，"
        "[中央党校]{ORG}[教授]{TITLE}[孙立]{PER}作辅导报告。"
    )
    assert provincial["region"] == "青海省"
    (abroad,) = records(
        "当地时间[19日]{DATE}，[国务院总理]{TITLE}[钱立]{PER}出席[第九届经贸论坛]{MEETING}并致辞。"
    )
    assert abroad["region"] is None


def test_a_bare_general_secretary_is_a_national_title():
    (record,) = records("[19日]{DATE}，[习近平]{PER}[总书记]{TITLE}主持召开[基础研究座谈会]{MEETING}并发表重要讲话。")
    assert record["region"] == "全国"


def test_a_forum_held_in_the_capital_is_national():
    (record,) = records("[2024全球媒体论坛]{MEETING}[19日]{DATE}在[京]{LOC}开幕，主题为“共享发展机遇”。")
    assert record["region"] == "全国"


def test_the_place_a_person_holds_a_meeting_at_is_no_organizer():
    (record,) = records("[副总理]{TITLE}[钱立]{PER}[19日]{DATE}在[江城大学]{ORG}召开[座谈会]{MEETING}，听取师生意见。")
    assert record["organizer"] is None and people(record) == {"钱立": (["副总理"], ["chair"])}


def test_a_province_named_in_passing_is_not_the_region_of_a_meeting_held_elsewhere():
    (record,) = records(
        "[18国]{LOC}近日召开[视频会议]{MEETING}，表示支持多边合作。\n"
        "另据报道，[四川]{LOC}一家企业捐赠了防护物资。"
    )
    assert record["region"] is None
    (provincial,) = records(
        "[四川]{LOC}[19日]{DATE}召开[防汛工作会议]{MEETING}。\n"
        "会议要求[成都]{LOC}、[绵阳]{LOC}等地加强巡查。"
    )
    assert provincial["region"] == "四川省"


def test_the_youth_league_central_committee_is_national():
    (record,) = records("[19日]{DATE}，[共青团中央]{ORG}召开[学习座谈会]{MEETING}。")
    assert record["region"] == "全国"


def test_posts_joined_by_jian_are_two_titles():
    (record,) = records("[19日]{DATE}，[全省安全生产工作会议]{MEETING}召开，[副省长]{TITLE}兼[省公安厅厅长]{TITLE}[孙立]{PER}主持会议。")
    assert people(record) == {"孙立": (["副省长", "省公安厅厅长"], ["chair"])}


def test_a_name_only_cited_keeps_no_role_and_does_not_end_the_speakers_verbs():
    (record,) = records(
        "[19日]{DATE}，[省政协主席会议]{MEETING}召开。[省政协副主席]{TITLE}[孙立]{PER}、[钱立]{PER}"
        "围绕学习贯彻[习近平]{PER}[总书记]{TITLE}重要讲话精神作发言。会议传达了[省委书记]{TITLE}[周明远]{PER}的批示要求。"
    )
    assert people(record) == {"孙立": (["省政协副主席"], ["speaker"]), "钱立": (["省政协副主席"], ["speaker"])}


def test_names_that_are_objects_or_inside_anothers_words_take_no_role():
    (record,) = records(
        "[纪念周平同志诞辰100周年座谈会]{MEETING}[19日]{DATE}在[杭州]{LOC}举行。"
        "[省委书记]{TITLE}[钱立]{PER}在[座谈会]{MEETING}上缅怀了[周平]{PER}同志光辉的一生，强调要学习他的精神。"
        "[钱立]{PER}指出，[孙立]{PER}同志生前多次强调调查研究。"
    )
    assert people(record) == {"钱立": (["省委书记"], ["speaker"])}


def test_a_speech_at_a_meeting_echoed_later_is_no_record_of_the_meeting():
    assert records(
        "[周明远]{PER}[书记]{TITLE}在[全省民营经济发展大会]{MEETING}上的重要讲话在各地引发热烈反响\n"
        "连日来，各地干部群众认真学习讲话内容，表示要把讲话要求落到实处。"
    ) == []


def test_people_in_talks_are_no_participants_of_the_meeting():
    (record,) = records(
        "[第三届水资源论坛]{MEETING}[19日]{DATE}在[杭州]{LOC}开幕，[副主席]{TITLE}[孙立]{PER}出席并致辞。\n"
        "[孙立]{PER}当天还会见了[某国水利部长]{TITLE}[亚当]{PER}，[亚当]{PER}表示愿加强合作。"
    )
    assert people(record) == {"孙立": (["副主席"], ["attendee", "speaker"])}


def test_a_headline_verb_gives_no_speaker_the_body_does_not():
    (record,) = records(
        "[周明远]{PER}主持召开[省政府常务会议]{MEETING} 强调抓好夏粮收购\n"
        "[省长]{TITLE}[周明远]{PER}[19日]{DATE}主持召开[省政府常务会议]{MEETING}。会议指出，要抓好夏粮收购。"
    )
    assert people(record) == {"周明远": (["省长"], ["chair"])}


def test_a_meeting_recalled_in_someones_words_is_no_record():
    (record,) = records(
        "[省长]{TITLE}[周明远]{PER}[19日]{DATE}主持召开[企业家座谈会]{MEETING}，听取意见建议。\n"
        "[周明远]{PER}说，去年全省经济顶住压力。我们及时召开[全省稳增长电视电话会议]{MEETING}，推动政策落地。\n"
        "[孙立]{PER}、[钱立]{PER}参加。"
    )
    assert record["meeting"] == "企业家座谈会"
    assert people(record) == {"周明远": (["省长"], ["chair", "speaker"]), "孙立": ([], ["attendee"]),
                              "钱立": ([], ["attendee"])}


def test_proposed_congratulated_and_modifier_meetings_are_no_records():
    assert records("[省政府]{ORG}倡议适时召开[长三角生态论坛]{MEETING}，推动区域合作。") == []
    assert records("[外方]{ORG}祝贺[省第十二次党代会]{MEETING}成功举行。") == []
    (record,) = records(
        "[省长]{TITLE}[周明远]{PER}[19日]{DATE}主持召开[省政府常务会议]{MEETING}，听取[省两会]{MEETING}建议提案办理情况汇报。"
    )
    assert record["meeting"] == "省政府常务会议"

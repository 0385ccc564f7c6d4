"""Record assembly: rules added for issue #16 after the error analysis on real-train (each case our own sentences).

Every test names the pattern it guards; the articles are written for the test
in the project's inline markup (``train.markup``), not copied from news.
"""
from __future__ import annotations

from tests.test_records_news import people, records


def test_a_headline_talk_takes_the_body_talk_and_its_people():
    (record,) = records(
        "[周明远]{PER}同青年企业家举行[恳谈座谈会]{MEETING}\n"
        "[省长]{TITLE}[周明远]{PER}[16日]{DATE}下午在[杭州]{LOC}会见青年企业家代表并座谈交流。\n"
        "[周明远]{PER}指出，要优化营商环境。\n"
        "[孙立]{PER}、[钱立]{PER}等出席。"
    )
    assert record["meeting"] == "恳谈座谈会" and record["date"] == "2024-05-16"
    assert people(record) == {"周明远": (["省长"], ["chair", "speaker"]), "孙立": ([], ["attendee"]),
                              "钱立": ([], ["attendee"])}


def test_the_jing_of_a_committee_name_is_no_approval_by_the_meeting():
    (record,) = records(
        "[省人大常委会第九次会议]{MEETING}[19日]{DATE}举行第二次全体会议。[主任]{TITLE}[赵明]{PER}主持。\n"
        "会议听取了[财经委主任委员]{TITLE}[钱立]{PER}作的关于[省十四届人大二次会议]{MEETING}主席团交付审议的议案审议结果的报告。"
    )
    assert record["meeting"] == "省人大常委会第九次会议"
    assert people(record) == {"赵明": (["主任"], ["chair"]), "钱立": (["财经委主任委员"], ["speaker"])}


def test_the_decisions_listed_after_an_executive_meeting_are_the_meetings_not_the_chairs():
    (record,) = records(
        "[省长]{TITLE}[周明远]{PER}[19日]{DATE}主持召开[省政府常务会议]{MEETING}，听取夏粮收购情况汇报，要求抓好防汛准备。"
    )
    assert people(record) == {"周明远": (["省长"], ["chair"])}
    (record,) = records("[省长]{TITLE}[周明远]{PER}[19日]{DATE}主持召开[全省防汛工作会议]{MEETING}，要求抓好防汛准备。")
    assert people(record) == {"周明远": (["省长"], ["chair", "speaker"])}  # other meetings: the chair asks


def test_what_follows_a_speech_verb_is_the_speakers_words_not_an_act():
    (record,) = records(
        "[省长]{TITLE}[周明远]{PER}[19日]{DATE}同列席[省人大常委会会议]{MEETING}的代表座谈。"
        "他强调，代表要积极参加立法调研。"
    )
    assert people(record) == {"周明远": (["省长"], ["speaker"])}


def test_one_who_comes_to_hear_the_speeches_attends():
    (record,) = records(
        "[19日]{DATE}，[省政协]{ORG}召开[专题协商会]{MEETING}，委员们围绕乡村振兴建言献策。"
        "[省委副书记]{TITLE}[孙立]{PER}到会听取发言。"
    )
    assert people(record) == {"孙立": (["省委副书记"], ["attendee"])}


def test_a_subjectless_act_during_a_trip_is_the_travellers_and_a_revered_name_is_no_participant():
    (record,) = records(
        "[中央政治局委员]{TITLE}[钱立]{PER}[12日至14日]{DATE}到[江西]{LOC}调研。\n"
        "在[南昌]{LOC}，[钱立]{PER}走访了企业。调研期间主持召开[座谈会]{MEETING}，听取意见建议。"
        "随后瞻仰[方志敏]{PER}烈士事迹，要求干部传承红色基因。"
    )
    assert record["meeting"] == "座谈会" and record["region"] == "全国"
    assert people(record) == {"钱立": (["中央政治局委员"], ["chair"])}


def test_a_law_only_invoked_is_no_document_of_the_meeting():
    (record,) = records(
        "[省人大常委会第九次会议]{MEETING}[19日]{DATE}举行。会议审议了[水污染防治条例修订草案]{DOC}。"
        "会议认为，根据[立法条例]{DOC}规定，草案可以提请表决；各方要恪守[《省人大议事规则》]{DOC}。"
    )
    assert record["documents"] == ["水污染防治条例修订草案"]


def test_documents_after_a_meeting_still_to_come_are_its_agenda():
    (record,) = records(
        "[省人大常委会主任会议]{MEETING}[19日]{DATE}举行。[主任]{TITLE}[赵明]{PER}主持。"
        "会议决定，[省人大常委会第十次会议]{MEETING}[6月5日]{DATE}召开。\n"
        "主任会议建议，[省人大常委会第十次会议]{MEETING}审议[湿地保护条例草案]{DOC}、[林业条例修订草案]{DOC}。\n"
        "会议还审议了[关于代表资格的报告]{DOC}。"
    )
    assert record["meeting"] == "省人大常委会主任会议"
    assert record["documents"] == ["关于代表资格的报告"]


def test_a_meeting_decided_or_studied_for_later_is_planned_not_held():
    (record,) = records(
        "[省政协主席会议]{MEETING}[19日]{DATE}在[杭州]{LOC}召开。[主席]{TITLE}[赵明]{PER}主持。\n"
        "会议研究了召开[省政协十三届三次会议]{MEETING}的有关事项，决定[6月20日]{DATE}在[杭州]{LOC}召开[省政协常委会第九次会议]{MEETING}。\n"
        "[副主席]{TITLE}[钱立]{PER}作说明。"
    )
    assert record["meeting"] == "省政协主席会议" and record["date"] == "2024-05-19"
    assert people(record) == {"赵明": (["主席"], ["chair"]), "钱立": (["副主席"], ["speaker"])}


def test_a_study_held_by_a_session_is_its_own_record_dated_by_the_session():
    first, second = records(
        "[省政协第十次主席会议]{MEETING}[19日]{DATE}召开。[主席]{TITLE}[赵明]{PER}主持。\n"
        "[主席会议]{MEETING}举行[2024年]{DATE}[第二次集体学习]{MEETING}，[省水利厅厅长]{TITLE}[钱立]{PER}应邀作报告。"
    )
    assert first["meeting"] == "省政协第十次主席会议" and people(first) == {"赵明": (["主席"], ["chair"])}
    assert second["meeting"] == "第二次集体学习" and second["date"] == "2024-05-19"
    assert people(second) == {"钱立": (["省水利厅厅长"], ["speaker"])}


def test_a_paragraph_that_opens_someones_words_reports_them_until_a_dated_sentence():
    (record,) = records(
        "[省长]{TITLE}[周明远]{PER}[19日]{DATE}主持召开[全省防汛工作会议]{MEETING}。"
        "他指出，[省委书记]{TITLE}[赵明]{PER}十分关心防汛工作。[钱立]{PER}[副省长]{TITLE}作出批示，提出明确要求。"
        "[孙立]{PER}参加会议。[20日]{DATE}上午，[周明远]{PER}主持召开调度会，[水利厅厅长]{TITLE}[李华]{PER}发言。"
    )
    found = people(record)
    assert "赵明" not in found and "钱立" not in found
    assert found["孙立"] == ([], ["attendee"]) and found["李华"] == (["水利厅厅长"], ["speaker"])


def test_lecturers_and_members_who_propose_speak_and_a_commemorated_name_does_not_end_the_subjects_verbs():
    (record,) = records(
        "[省委常委会]{ORG}[19日]{DATE}下午举行[第九次集体学习]{MEETING}。[省社科院研究员]{TITLE}[李华]{PER}就这个问题作了讲解。\n"
        "[孙立]{PER}[常委]{TITLE}建议，加快完善地方立法。\n"
        "[省委书记]{TITLE}[赵明]{PER}在会上缅怀了[周平]{PER}同志的一生，强调要学习他的优良作风。"
    )
    assert people(record) == {"李华": (["省社科院研究员"], ["speaker"]), "孙立": (["常委"], ["speaker"]),
                              "赵明": (["省委书记"], ["speaker"])}
    assert records("[周平]{PER}老人[19日]{DATE}走上古桥，给游客义务讲解古桥的历史。") == []


def test_the_host_sessions_report_resumes_after_the_study_it_holds():
    host, study = records(
        "[省政协第十次主席会议]{MEETING}[19日]{DATE}召开。[主席]{TITLE}[赵明]{PER}主持。\n"
        "[主席会议]{MEETING}举行[第二次集体学习]{MEETING}。[省水利厅厅长]{TITLE}[钱立]{PER}应邀作报告。\n"
        "[副主席]{TITLE}[孙立]{PER}、[周平]{PER}围绕学习贯彻会议精神作发言。"
    )
    assert people(host) == {"赵明": (["主席"], ["chair"]), "孙立": (["副主席"], ["speaker"]),
                            "周平": (["副主席"], ["speaker"])}
    assert people(study) == {"钱立": (["省水利厅厅长"], ["speaker"])}


def test_meetings_of_next_year_or_since_a_meeting_are_no_records():
    (record,) = records(
        "[省长]{TITLE}[周明远]{PER}[19日]{DATE}出席[长三角合作论坛]{MEETING}并致辞。"
        "论坛提出，以[明年]{DATE}举办的[世界水资源大会]{MEETING}为契机深化合作。"
        "各方积极评价[去年]{DATE}[长江保护峰会]{MEETING}以来的合作成果。"
    )
    assert record["meeting"] == "长三角合作论坛"


def test_a_meeting_held_severally_in_several_places_is_a_record_per_place():
    first, second = records("[近日]{DATE}，[浙江省]{LOC}、[江西省]{LOC}分别举行[“奋进十年”主题新闻发布会]{MEETING}，介绍发展成就。")
    assert (first["region"], second["region"]) == ("浙江省", "江西省")
    assert first["meeting"] == second["meeting"] == "“奋进十年”主题新闻发布会"
    one, two = records(
        "[这两天]{DATE}，[中央宣讲团报告会]{MEETING}分别在[浙江]{LOC}、[江西]{LOC}等地举行。\n"
        "[今天]{DATE}，[宣讲团成员]{TITLE}[钱立]{PER}在[杭州]{LOC}作宣讲报告。\n"
        "[宣讲团成员]{TITLE}[孙立]{PER}[19日]{DATE}在[南昌]{LOC}作宣讲报告。"
    )
    assert (one["region"], two["region"]) == ("浙江省", "江西省")
    assert people(one) == {"钱立": (["宣讲团成员"], ["speaker"])} and one["date"] == "2024-05-20"
    assert people(two) == {"孙立": (["宣讲团成员"], ["speaker"])} and two["date"] == "2024-05-19"
    (record,) = records("[这两天]{DATE}，[省委宣讲团报告会]{MEETING}分别在[湖州]{LOC}、[衢州]{LOC}等地举行。")
    assert record["region"] == "浙江省"  # two cities of one province: one record


def test_a_pronoun_after_a_conveyed_instruction_is_the_conveyor_and_a_lecturer_speaks():
    (record,) = records(
        "[19日]{DATE}晚，[副省长]{TITLE}[钱立]{PER}主持召开[防汛调度会]{MEETING}，传达[省长]{TITLE}[周明远]{PER}批示要求。"
        "他指出，要全力做好防汛工作。"
    )
    assert people(record) == {"钱立": (["副省长"], ["chair", "speaker"])}
    (record,) = records("[19日]{DATE}，[省委宣讲团报告会]{MEETING}在[湖州]{LOC}举行，[宣讲团成员]{TITLE}[孙立]{PER}宣讲全会精神。")
    assert people(record) == {"孙立": (["宣讲团成员"], ["speaker"])}


def test_the_body_that_hosts_or_holds_a_study_on_a_topic_organizes_it():
    (record,) = records(
        "[第三届水资源论坛]{MEETING}[19日]{DATE}在[杭州]{LOC}开幕，由[省水利厅]{ORG}、[省外办]{ORG}共同主办。"
    )
    assert record["organizer"] == "省水利厅"
    (record,) = records("[省委常委会]{ORG}[19日下午]{DATE}就推进乡村振兴进行[第九次集体学习]{MEETING}。")
    assert record["organizer"] == "省委常委会"


def test_a_talk_is_dated_by_its_day_not_by_a_year_named_in_its_clause():
    (record,) = records(
        "[周明远]{PER}同外国专家举行[新春座谈会]{MEETING}\n"
        "[省长]{TITLE}[周明远]{PER}[2月4日下午]{DATE}与获得[2023年度]{DATE}省友谊奖的外国专家座谈交流。"
    )
    assert record["date"] == "2024-02-04"

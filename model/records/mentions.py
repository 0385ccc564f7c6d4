"""Mentions step: classify every MEETING span by how its clause reports it.

A mention is counted (5场座谈会), planned (将于…召开), a reference point
(在…会议后, …闭幕后), cited (传达学习…精神, 按照…要求), held with a strong cue
(召开, 举行, 主持, 出席, 在…上 …), held with a weak cue (a date in the clause),
or unclear. ``ORG/LOC 召开会议`` without a MEETING span is a bare mention. A
meeting dated after publication is planned, not held.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from model.entities import Entity
from model.region_resolver import classify_region

from .doc import Doc, Mention

__all__ = ["annotate", "subject_before", "explicit_region", "nearest_date", "MEDIA"]

_HELD_VERB = re.compile(r"召开|举行|举办|主持|出席|参加|列席|主办|开幕|开班|(?:进行|开展)了?(?=[^，。；]{0,12}$)")
_POST_HELD = re.compile(r"^[^，,。；;]{0,30}?(?<!的)(?:召开|举行|举办|开幕|开班)(?!的)")
_CITING_VERB = re.compile(r"传达|学习|贯彻|落实|按照|根据|依据|遵照|对标|对照|围绕")
_CITED_AFTER = re.compile(
    r"^(?:的|上的|期间的|期间)?(?:重要讲话)?(?:精神|要求|部署|决策部署|有关要求|筹备有关要求|各项部署|确定的|"
    r"提出的|作出的|审议通过的|决定)"
)
#: 总书记在X上的重要讲话引发热烈反响: the speech is cited, the meeting not reported here
_SPEECH_AT = re.compile(r"^上(?:的|所作的)(?:重要)?(?:讲话|致辞|报告|主旨演讲|指示)")
#: 祝贺X成功举行: a congratulation on a meeting held elsewhere and earlier
_CONGRATULATED = re.compile(r"祝贺[^，,。；;]{0,6}$")
#: X建议提案办理情况: the meeting names what came from it
_MODIFIES = re.compile(r"^(?:建议提案|建议和提案|提案|议案)")
_SAYS = re.compile(r"(?:说|表示|指出|强调|认为|介绍)[，,：:]")
_REFERENCE_AFTER = re.compile(r"^(?:结束|闭幕|召开|散会)?(?:后|之后|以后|以来|前|之前|前夕)")
_PLANNED = re.compile(
    r"将于|将在|将要|将召开|将举行|将举办|拟于|拟召开|拟在|即将|定于|计划于|计划在|预计于|筹备|前夕|关于(?:召开|举办|举行)|"
    r"将(?=[^，。；]{0,6}(?:主持|召开|举行|举办|出席))|为(?:召开|举行|举办)|待召开|在即|迎接[^，。；]{0,16}(?:召开|举行)|倡议|适时召开|"
    r"(?:决定|建议|同意)[^，。；]{0,24}(?:召开|举行|举办)"
)
#: 研究召开X会议的有关事项: the convening of a meeting still to come is what is discussed
_CONVENING_STUDIED = re.compile(r"(?:研究|讨论|审议|部署)了?(?:召开|举行|举办)$")
_MATTERS = re.compile(r"^的?(?:有关|相关)?(?:事项|事宜|筹备|准备)")
#: relative dates still to come, whatever their granularity
_COMING = ("明年", "明天", "后天", "下周", "下月", "下个月", "下半年", "明后年")
_COUNTED_BEFORE = re.compile(r"(?:\d+|[一二两三四五六七八九十百几数多]+)余?[场次个轮批]$")
_BARE = re.compile(r"(?:召开|举行)了?(?:一次)?(?:专题)?会议")
#: a body that is a news outlet (…网, …日报): never a meeting's organizer or region
MEDIA = re.compile(r"(?:网|报|社|台|客户端|新闻|电视|广播|日报|晚报|杂志|频道|公众号|微博)$")
_CONVENE_WORD = re.compile(r"召开|举行|举办")
_HELD_AFTER_WORD = re.compile(r"召开|举行|举办|开幕|闭幕|开班")
_APPROVED = re.compile(r"审议|通过")
#: 经X会议审议通过: the meeting that approved (经 right before the name, not the 经 of 财经委)
_BY_MEETING = re.compile(r"经过?\s*$")
_DELIBERATES = re.compile(r"^(?:审议|听取|研究|讨论)(?![^，,。；;]{0,6}的)")
#: 同列席X会议的代表座谈, 同X会议列席代表座谈: the meeting only says who the people met are
_MET_BEFORE = re.compile(r"(?:同|与|和)[^，,。；;]{0,8}?(?:列席|出席|参加)$")
_MET_AFTER = re.compile(r"^(?:的[^，,。；;]{0,16}?|(?:列席|出席|参会))(?:代表|委员|嘉宾|人员|同志|成员|干部|群众)")
#: X同/与…代表座谈, X会见…代表并座谈交流: a talk held by X, named by a later 座谈会 (or the headline's) when there is one
_TALK = re.compile(r"(?:(?:同|与)[^，,。；;：:\n]{0,60}?|并)(座谈)(?!会)")
#: 以视频会议的形式召开: the mode of a meeting, not a meeting
_FORM_AFTER = re.compile(r"^的?(?:形式|方式)")
#: X会议举行记者会 / 集体学习: the session hosts a press conference or a study, a meeting of its own (CONVENTIONS.md)
_PRESS = re.compile(r"(?:记者会|新闻发布会|发布会|吹风会|记者见面会|集体学习|专题学习)$")
_HOSTS = re.compile(r"^(?:举行|召开|举办)了?$")
_GAP_BREAK = re.compile(r"[，,。；]")
#: X就…问题进行集体学习: a topic between the subject and its verb
_TOPIC = re.compile(r"^(?:就|围绕)[^，,。；;]{1,40}$")
_VENUE_BEFORE = re.compile(r"[到赴据经在]$")  # 孙春兰在武汉大学召开座谈会: a venue, not the convener


def annotate(doc: Doc) -> None:
    """Write every meeting mention (MEETING spans outside meta lines, then bare ones) into ``doc.mentions``."""
    mentions: list[Mention] = []
    for entity in doc.entities:
        if entity.label == "MEETING" and not doc.in_meta(entity.start):
            mentions.append(_classify_mention(doc, entity, doc.line_of(entity.start)))
    mentions.extend(_bare_mentions(doc))
    mentions.extend(_talk_mentions(doc))
    mentions.sort(key=lambda m: m.start)
    doc.mentions = mentions


def _classify_mention(doc: Doc, entity: Entity, line: int) -> Mention:
    text = doc.text
    clause_start, clause_end = doc.clause(entity.start)
    pre = text[clause_start : entity.start]
    post = text[entity.end : clause_end]
    title = doc.line_kind[line] == "title"
    mention = Mention(entity.start, entity.end, entity.text, "unclear", None, line, title)
    sentence_start, _ = doc.sentence(entity.start)
    named_region = explicit_region(entity.text)
    mention.region = named_region or _mention_region(doc, entity.start, clause_start, clause_end)
    mention.region_named = named_region is not None
    clause_dates = [e for e in doc.entities_in(clause_start, clause_end, ("DATE",)) if doc.date_usable.get(e.start)]
    before_dates = [e for e in doc.entities_in(sentence_start, entity.start, ("DATE",)) if doc.date_usable.get(e.start)]
    chosen_date = nearest_date(doc, before_dates) if before_dates else (clause_dates[0] if clause_dates else None)
    mention.date = chosen_date.start if chosen_date else None

    held_before = list(_HELD_VERB.finditer(pre))
    last_held = held_before[-1].start() if held_before else -1
    citing = [m.start() for m in _CITING_VERB.finditer(pre)]
    if _COUNTED_BEFORE.search(pre):
        mention.status = "counted"
    elif _PLANNED.search(pre + post) or (_CONVENING_STUDIED.search(pre) or (_CONVENE_WORD.search(pre[-4:]) and _MATTERS.match(post))):
        mention.status = "planned"
    elif ((_REFERENCE_AFTER.match(post) and not _CONVENE_WORD.search(pre)) or _names_people_met(pre, post)
          or (pre.endswith("以") and _FORM_AFTER.match(post)) or _hosts_press_conference(doc, entity, clause_end)
          or _in_reported_speech(doc, entity, sentence_start) or _CONGRATULATED.search(pre) or _MODIFIES.match(post)):
        mention.status = "reference"
    elif _CITED_AFTER.match(post) or _SPEECH_AT.match(post) or (citing and citing[-1] > last_held and not _POST_HELD.match(post)
                                      and not pre.endswith("精神")):
        mention.status = "cited"
    elif chosen_date is not None and (chosen_date.text.startswith(_COMING) or (
            doc.published is not None and doc.date_value.get(chosen_date.start) is not None
            and doc.date_value[chosen_date.start] > doc.published)):  # 会议决定，X会议于（明天）召开; 以明年X大会为契机
        mention.status = "planned"
    elif held_before or _POST_HELD.match(post) or (post.startswith(("上", "会上")) and "在" in pre):
        mention.status = "strong"
        if held_before:
            mention.verb = clause_start + last_held
        else:
            found = _HELD_AFTER_WORD.search(post)
            mention.verb = entity.end + found.start() if found else None
        if mention.verb is not None and mention.verb < entity.start:
            subject = subject_before(doc, clause_start, mention.verb, ("ORG", "LOC"), allow_venue=True)
            mention.subject = subject.text if subject is not None else None
    elif clause_dates or (_BY_MEETING.search(doc.plain(clause_start, entity.start)) and _APPROVED.search(post)) or (
            chosen_date is not None and not doc.plain(clause_start, entity.start).strip() and _DELIBERATES.match(post)):
        mention.status = "weak"  # 6月27日，中央政治局会议审议并通过…: a dated meeting that deliberates is held
    return mention


def _in_reported_speech(doc: Doc, entity: Entity, sentence_start: int) -> bool:
    """李克强说，去年…召开X会议: a meeting named in someone's words is recalled, not reported as held."""
    line_start = doc.lines[doc.line_of(entity.start)][0]
    for start, limit in ((sentence_start, entity.start), (line_start, min(entity.start, line_start + 20))):
        found = _SAYS.search(doc.text, start, limit)  # in its sentence, or a paragraph that opens with X说，
        if found is not None and (doc.entities_in(start, found.start(), ("PER",)) or doc.text[found.start() - 1] in "他她"):
            return True
    return False


def _hosts_press_conference(doc: Doc, entity: Entity, clause_end: int) -> bool:
    """十四届全国人大二次会议（今天）举行记者会: the press conference is the meeting reported."""
    following = [e for e in doc.entities_in(entity.end, clause_end) if e.label != "DATE"]
    if not following or following[0].label != "MEETING" or not _PRESS.search(following[0].text):
        return False
    return bool(_HOSTS.match(doc.plain(entity.end, following[0].start).strip()))


def _names_people_met(pre: str, post: str) -> bool:
    """The meeting only qualifies the people someone meets (同列席X会议的代表座谈)."""
    if not _MET_AFTER.match(post):
        return False
    if post.startswith("的"):
        return bool(_MET_BEFORE.search(pre))
    return pre.endswith(("同", "与"))


def _bare_mentions(doc: Doc) -> list[Mention]:
    found = []
    for match in _BARE.finditer(doc.text):
        start = match.start()
        if doc.owner[start] >= 0 or (match.end() < len(doc.text) and doc.owner[match.end() - 1] >= 0):
            continue
        if doc.in_meta(start):
            continue
        clause_start, clause_end = doc.clause(start)
        clause_text = doc.text[clause_start:clause_end]
        if _PLANNED.search(clause_text):
            continue
        subject = subject_before(doc, clause_start, start, ("ORG", "LOC", "PER"))
        if subject is None:
            continue
        line = doc.line_of(start)
        mention = Mention(start, match.end(), None, "bare", start, line, doc.line_kind[line] == "title")
        dates = [e for e in doc.entities_in(clause_start, start, ("DATE",)) if doc.date_usable.get(e.start)]
        mention.date = nearest_date(doc, dates).start if dates else None
        mention.region = explicit_region(subject.text) if subject.label != "PER" else None
        found.append(mention)
    return found


def _talk_mentions(doc: Doc) -> list[Mention]:
    """X同/与Y座谈: a held talk without a MEETING span in its clause (the guide's 召开会议 with no name)."""
    found = []
    for match in _TALK.finditer(doc.text):
        verb = match.start(1)
        if doc.owner[match.start()] >= 0 or doc.owner[verb] >= 0 or doc.in_meta(verb):
            continue
        clause_start, _ = doc.clause(verb)
        inside = doc.entities_in(match.start(), verb, ("MEETING",))
        if any(not _names_people_met(doc.text[doc.clause(e.start)[0]:e.start], doc.text[e.end:verb]) for e in inside):
            continue  # 与列席X会议的代表座谈 is a talk; 在X座谈会上 has its MEETING span
        if not doc.entities_in(clause_start, match.start(), ("PER",)) or _PLANNED.search(doc.text[clause_start:verb]):
            continue  # the person who holds the talk is the subject of its clause (not 并与…座谈 after a visit)
        line = doc.line_of(verb)
        mention = Mention(verb, verb + 2, None, "bare", verb, line, doc.line_kind[line] == "title", noun="座谈")
        dates = [e for e in doc.entities_in(clause_start, verb, ("DATE",)) if doc.date_usable.get(e.start)]
        mention.date = nearest_date(doc, dates).start if dates else None
        found.append(mention)
    return found


def nearest_date(doc: Doc, dates: list[Entity]) -> Entity:
    """The last of ``dates`` that names a day (李强2月4日会见获得2023年度…奖的专家并座谈: 2月4日), else the last."""
    dated = [e for e in dates if doc.date_value.get(e.start) is not None]
    return dated[-1] if dated else dates[-1]


def _mention_region(doc: Doc, position: int, clause_start: int, clause_end: int) -> str | None:
    """An explicit region stated around a mention: its clause's bodies and places, then its sentence's."""
    sentence_start, sentence_end = doc.sentence(position)
    for start, end, labels in ((clause_start, clause_end, ("ORG", "LOC")),
                               (sentence_start, sentence_end, ("ORG", "LOC", "TITLE"))):
        for entity in doc.entities_in(start, end, labels):
            if entity.start in doc.dateline or (entity.label == "ORG" and MEDIA.search(entity.text)):
                continue
            found = explicit_region(entity.text)
            if found is not None:
                return found
    return None


def explicit_region(span: str | None) -> str | None:
    """The region a span names outright (national or a province; not a relative name like 省委), if any."""
    if not span:
        return None
    found = classify_region(span)
    return found[1] if found and found[0] != "relative" else None


def subject_before(doc: Doc, clause_start: int, verb: int, labels: Sequence[str], allow_venue: bool = False) -> Entity | None:
    """The entity that is the subject of the verb at ``verb`` (ORG召开…), if any."""
    candidates = [e for e in doc.entities_in(clause_start, verb) if e.start not in doc.dateline]
    if not candidates:
        return None
    # the last non-DATE entity before the verb
    trailing = [
        e for e in candidates
        if e.label != "DATE" and not (e.label == "LOC" and doc.text[max(0, e.start - 1) : e.start] == "在")
    ]
    if not trailing:
        return None
    subject = trailing[-1]
    if subject.label not in labels:
        return None
    gap = doc.plain(subject.end, verb)
    if (len(gap) > 8 and not _TOPIC.match(gap)) or _GAP_BREAK.search(gap):
        return None
    before = doc.text[max(clause_start, subject.start - 2) : subject.start]
    if not allow_venue and _VENUE_BEFORE.search(before):
        return None
    if subject.label == "ORG" and (MEDIA.search(subject.text) or doc.text[subject.end : subject.end + 2] in ("消息", "报道")):
        return None
    # a coordinated list of subjects (自治区党委、自治区政府召开…): the first one
    while True:
        previous = doc.previous_entity(subject)
        if previous is None or previous.label != subject.label or previous.start < clause_start:
            break
        if doc.text[previous.end : subject.start] not in ("、", "和", "及", "与", "联合", "会同"):
            break
        subject = previous
    return subject


"""People step: title chains, names and roles of every PER mention; the participants of a passage.

A PER span takes its TITLE chain (before the name, after it, shared by a list
of names); a bare name takes the titles it has elsewhere in the article.
Roles come from the verbs after the name (他/她 + verb counts for the person
named last; a name list shares the verb at its end; 主持人：/发布人： labels).
A person without a role, a reporter in a byline and a person only cited
(学习贯彻X重要讲话精神) are left out of a record.
"""
from __future__ import annotations

import re
from bisect import bisect_left

from model.entities import Entity

from .doc import Doc, PersonMention
from .types import ROLE_ORDER, Person, Span

__all__ = ["annotate", "collect_people", "SEPARATORS"]

#: nothing but list separators between two spans
SEPARATORS = re.compile(r"^[、，,\s\u3000]*$")
_LIST_GAP = re.compile(r"^(?:[、，,\s\u3000和及与]|以及|等|(?:省|市|区|州|县)?领导|同志)*$")
_CITED_PERSON_BEFORE = re.compile(r"学习|贯彻|传达|落实|按照|根据|遵照|领会")
#: a sentence about talks or a call, which are no meetings (会见, 会谈, 通电话)
_TALKS = re.compile(r"会见|会谈|会面|会晤|通电话|通话|接见")
_MEETING_WORD = re.compile(r"会议|会上")  # 参加会见并出席会议: the sentence reports a meeting too
#: the name stands inside another's words: 他指出，… / X表示：…
_REPORTED = re.compile(r"(?:指出|表示|强调|说|认为|介绍|谈到)[，,：:]")
#: a verb whose object the name is (缅怀了X同志的一生, 看望X): X does not act at the meeting
_OBJECT_BEFORE = re.compile(r"(?:缅怀|纪念|悼念|追忆|怀念|瞻仰|看望|会见|慰问|接见|走访|表彰|祝贺|感谢)了?$")

_ROLE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("chair", re.compile(r"主持(?!人)")),
    ("attendee", re.compile(r"出席|参加|陪同|列席|参会|与会|到会")),
    ("instructor", re.compile(r"作出?(?:重要)?(?:批示|指示)|批示")),
    (
        "speaker",
        re.compile(
            r"讲话|强调|指出|要求|介绍|发言|通报|答记者问|回答|表示|说(?=[，,：:。])|宣读|辅导|致辞|"
            r"作(?:了)?(?:工作|主旨|专题|动员)?报告|汇报|作出?(?:具体|全面)?部署|上部署|^部署|^提出|"
            r"作(?:了|出)?说明|讲座|授课|解读|(?:作|进行)了?讲解|宣讲(?![团会])|领学|^提醒|^发布|发了言|^报告了?|^建议(?=[，,：:])|"
            r"(?<![工合创协操])作(?:了|的)?[^，,。；;]{0,80}?(?:汇报|报告|说明)"
        ),
    ),
)
_NOT_ROLE_BEFORE = {
    "要求": re.compile(r"(?:的|照|按|据|工作|有关|相关|部署|精神|会议|任务|目标|提出|明确|批示|指示)$"),
    "讲话": re.compile(r"(?<!发表)(?<!作)重要$|的$"),
    "汇报": re.compile(r"听取|听$|的$"),
    "发言": re.compile(r"听取了?$|听$"),  # 到会听取发言: the others speak
}

_BYLINE = re.compile(r"记者|通讯员|摄影|实习生|编辑")
_IN_INSTRUCTION = re.compile(r"(?:批示|指示)中[^，。]{0,2}$")
#: 同/会见 + 出席…的代表: the person meets those who attend
_MEETS_ATTENDEES = re.compile(r"(?:(?<!共)同|与|会见|看望|接见|慰问)[^，,。；;并和及]{0,6}$")
_ATTENDEES_AFTER = re.compile(r"[^，,。；;]{1,40}?的[^，,。；;]{0,16}?(?:代表|委员|嘉宾|人员|同志|成员|干部|群众|领导人)")
#: 参加会见 / 陪同会谈: talks and calls are no meetings (the guide); 列席代表 is a noun
_NOT_A_MEETING = re.compile(r"了?(?:会见|会谈|接见|通话)|(?:代表|委员|嘉宾)")
_PERSON_CONVENES = re.compile(r"^[^，,。；;：:]{0,14}?(?<!主持)(?:召开|举行)")
_WILL = re.compile(r"[将拟]")
#: X来到…，看望…，并召开座谈会: the subject of the sentence convenes in a later clause
_LATER_CONVENES = re.compile(r"[，,]并(?:在[^，,。；;]{1,12})?(?:召开|举行)(?!的)")
_LABEL_ROLE = (("主持人", "chair"), ("发布人", "speaker"), ("发言人", "speaker"), ("主讲人", "speaker"))
_CHAIRS = re.compile(r"主持(?:召开)?")
#: the decisions an executive meeting's report lists after its name (部署…；要求…)
_DECIDES = re.compile(r"要求|部署|^提出")
#: a verb that opens a clause (，要求…) rather than one joined to the chair's (主持会议并讲话)
_CLAUSE_OPEN = re.compile(r"[，,；;]$")
#: a sentence that opens with the act and names no one: its subject is the person named last
_NO_SUBJECT = re.compile(r"(?:(?<=^)|(?<=[。；;\n]))(?:(?:调研|考察|视察)?期间|随后|其间|此间)[，,]?(?=主持|出席|参加)")
_ATTENDEE_LIST = re.compile(r"[^，,。；;]*的(?:有|还有|领导|同志|人员|嘉宾|代表)")
_PRONOUN = re.compile(r"(?:(?<=^)|(?<=[，,。；;：:\n]))[他她](?!们)")


def annotate(doc: Doc) -> None:
    """Write every person mention (``doc.person_mentions``) and each name's titles (``doc.article_titles``)."""
    chains = _title_chains(doc)
    doc.person_mentions = _person_mentions(doc, chains)
    article_titles: dict[str, list[Entity]] = {}
    for mention in doc.person_mentions.values():
        bucket = article_titles.setdefault(mention.entity.text, [])
        for title in mention.titles:
            if all(t.text != title.text for t in bucket):
                bucket.append(title)
    for bucket in article_titles.values():
        bucket.sort()
    doc.article_titles = article_titles


def _title_chains(doc: Doc) -> dict[int, tuple[list[Entity], int]]:
    """For every PER start: its TITLE spans and where its title chain starts."""
    chains: dict[int, tuple[list[Entity], int]] = {}
    post_titles: set[int] = set()
    entities = doc.entities
    for index, entity in enumerate(entities):
        if entity.label != "PER":
            continue
        following = entities[index + 1] if index + 1 < len(entities) else None
        if following is not None and following.label == "TITLE" and following.start == entity.end:
            after = entities[index + 2] if index + 2 < len(entities) else None
            if not (after is not None and after.label == "PER" and SEPARATORS.match(doc.text[following.end : after.start])
                    and after.start - following.end <= 1):
                post_titles.add(following.start)
    for index, entity in enumerate(entities):
        if entity.label != "PER":
            continue
        before: list[Entity] = []
        cursor = index - 1
        chain_start = entity.start
        while cursor >= 0:
            candidate = entities[cursor]
            gap = doc.text[candidate.end : chain_start]
            if candidate.label != "TITLE" or candidate.start in post_titles or len(gap) > 2 or not (
                    SEPARATORS.match(gap) or gap == "兼"):  # 副主席兼秘书长: two posts
                break
            before.insert(0, candidate)
            chain_start = candidate.start
            cursor -= 1
        titles = list(before)
        if not titles and cursor >= 0:
            previous = entities[cursor]
            gap = doc.text[previous.end : entity.start]
            if previous.label == "PER" and gap in ("、", "，", ",") and previous.start in chains:
                titles = [t for t in chains[previous.start][0] if t.end <= previous.start]  # shared list
        following = entities[index + 1] if index + 1 < len(entities) else None
        if following is not None and following.start in post_titles:
            titles.append(following)
        chains[entity.start] = (titles, chain_start)
    return chains


def _person_mentions(doc: Doc, chains: dict[int, tuple[list[Entity], int]]) -> dict[int, PersonMention]:
    """Every PER mention with its titles and the roles the text gives it."""
    persons = [e for e in doc.entities if e.label == "PER"]
    has_labels = any(label + "：" in doc.text or label + ":" in doc.text for label, _ in _LABEL_ROLE)
    result: dict[int, PersonMention] = {}
    starts = {e.start: chains.get(e.start, ([], e.start))[1] for e in persons}
    # a name only cited (学习X讲话精神) or the object of a verb (缅怀了X同志) does not end the verbs of the subject
    cited = {e.start: bool(_CITED_PERSON_BEFORE.search(doc.text[doc.clause(starts[e.start])[0]:starts[e.start]])
                           or _OBJECT_BEFORE.search(doc.text, doc.clause(starts[e.start])[0], starts[e.start]))
             for e in persons}
    talks: dict[Span, bool] = {}
    for entity in persons:
        sentence = doc.sentence(entity.start)
        if sentence not in talks:
            talks[sentence] = (not doc.entities_in(*sentence, ("MEETING",)) and not _MEETING_WORD.search(doc.text, *sentence)
                               and any(doc.owner[m.start()] < 0 for m in _TALKS.finditer(doc.text, *sentence)))
    for position in range(len(persons) - 1, -1, -1):
        entity = persons[position]
        titles, chain_start = chains.get(entity.start, ([], entity.start))
        sentence_start, sentence_end = doc.sentence(entity.start)
        next_person = persons[position + 1] if position + 1 < len(persons) else None
        scan_end = sentence_end
        next_chain = None
        if next_person is not None and next_person.start < sentence_end:
            next_chain = starts[next_person.start]
            # 杨震围绕学习贯彻习近平总书记…精神作发言: a name only cited does not end the subject's verbs
            following = next((p for p in persons[position + 1:] if p.start < sentence_end and not cited[p.start]), None)
            scan_end = min(scan_end, starts[following.start] if following is not None else sentence_end)
        scan_start = entity.end
        post = [t for t in titles if t.start >= entity.end]
        if post:
            scan_start = post[-1].end
        roles: list[tuple[str, Span]] = []
        clause_start = doc.clause(chain_start)[0]
        if _in_byline(doc, entity.start):
            result[entity.start] = PersonMention(entity, titles, [], chain_start)
            continue
        if _OBJECT_BEFORE.search(doc.text[clause_start:chain_start]):
            result[entity.start] = PersonMention(entity, titles, [], chain_start)
            continue  # 缅怀了X同志, 会见X: the name is an object, not who acts
        if cited[entity.start]:
            # 传达学习X重要讲话精神 / 传达X的批示要求: whose words the meeting only conveys takes no part in it
            # (CONVENTIONS.md: an instruction the meeting only 传达学习 makes no instructor)
            roles = []
        elif _REPORTED.search(doc.text, sentence_start, chain_start):
            roles = []  # 他指出，X总书记强调…: named inside someone else's words
        elif talks.get((sentence_start, sentence_end)):
            roles = []  # X会见Y时表示…: talks are no meeting (the guide), whatever is said there
        else:
            roles = _roles_in(doc, scan_start, scan_end)
            passed = [starts[p.start] for p in persons[position + 1:] if scan_start < starts[p.start] < scan_end]
            if passed:  # the instruction after a cited name is that name's (传达X重要指示精神和Y批示要求)
                roles = [r for r in roles if r[0] != "instructor" or r[1][0] < passed[0]]
            if _still_reported(doc, sentence_start):
                # 他指出，…。X总理作出批示…: a later sentence of the paragraph still reports the words, but
                # one who attends or chairs (X参加会商) is named by the report itself
                roles = [r for r in roles if r[0] in ("chair", "attendee")]
            label_role = _label_role(doc, chain_start) if has_labels else None
            if label_role:
                roles.insert(0, label_role)
            if not roles and next_chain is not None and next_person.start in result:
                gap = doc.plain(scan_start, next_chain)
                if _LIST_GAP.match(doc.text[scan_start:next_chain]) or (not gap.strip("、，, 和及等")):
                    roles = list(result[next_person.start].roles)
        result[entity.start] = PersonMention(entity, titles, roles, chain_start)
    # 他强调 / 她指出, …。调研期间主持召开座谈会: the roles go to the person named last before the pronoun
    # (or before a sentence that opens with the act and names no one)
    for match in _subjects(doc):
        position = match.start()
        if doc.owner[position] >= 0 or doc.in_meta(position):
            continue
        before = [p for p in persons if p.end <= position and doc.line_of(p.start) >= doc.line_of(position) - 1
                  and not cited[p.start]]  # 传达X批示要求。他指出: the pronoun is the one who conveys
        if not before:
            continue
        antecedent = before[-1]
        sentence_end = doc.sentence(position)[1]
        later = [p for p in persons if p.start > position and p.start < sentence_end]
        scan_end = chains.get(later[0].start, ([], later[0].start))[1] if later else sentence_end
        roles = _roles_in(doc, match.end(), scan_end)
        if roles:
            result[position] = PersonMention(antecedent, [], roles, position)
    return result



def _subjects(doc: Doc) -> list[re.Match[str]]:
    """Pronoun subjects (他/她) and subjectless sentences that open with an act (调研期间主持召开…), in order."""
    found = list(_PRONOUN.finditer(doc.text)) + [m for m in _NO_SUBJECT.finditer(doc.text) if not _ATTENDEE_LIST.match(
        doc.text, m.end())]
    return sorted(found, key=lambda m: m.start())


def _still_reported(doc: Doc, sentence_start: int) -> bool:
    """An earlier sentence of the paragraph opens someone's words (他指出，…) and no sentence since opens with a date
    (21日下午，他主持召开…: the report goes on)."""
    since = doc.lines[doc.line_of(sentence_start)][0]
    for date in doc.entities_in(since, doc.sentence(sentence_start)[1], ("DATE",)):
        if date.start <= sentence_start and doc.sentence(date.start)[0] == date.start:
            since = date.start
    return bool(_REPORTED.search(doc.text, since, sentence_start))


def _in_byline(doc: Doc, position: int) -> bool:
    """A name inside （记者 X、Y） or a similar credit."""
    opening = doc.text.rfind("（", max(0, position - 30), position)
    if opening < 0:
        return False
    inside = doc.text[opening:position]
    return "）" not in inside and bool(_BYLINE.search(inside))


def _meeting_speaks_from(doc: Doc, start: int, end: int) -> int:
    """Where the chaired meeting's own verbs begin: the end of the MEETING named after 主持(召开) in [start, end)."""
    convened = next((m for m in _CHAIRS.finditer(doc.text, start, end) if doc.owner[m.start()] < 0), None)
    if convened is None:
        return end
    named = doc.entities_in(convened.end(), end, ("MEETING",))
    if not named or doc.plain(convened.end(), named[0].start).strip() or not named[0].text.endswith("常务会议"):
        return end
    return named[0].end


def _roles_in(doc: Doc, start: int, end: int) -> list[tuple[str, Span]]:
    text = doc.text
    words = next((m for m in _REPORTED.finditer(text, start, end) if doc.owner[m.start()] < 0), None)
    if words is not None:  # X强调，要积极参加…: what follows is X's words, not what X does
        end = words.end()
    segment = text[start:end]
    found: list[tuple[str, Span]] = []
    meeting_speaks = _meeting_speaks_from(doc, start, end)
    for role, pattern in _ROLE_PATTERNS:
        for match in pattern.finditer(segment):
            absolute = start + match.start()
            if doc.owner[absolute] >= 0:  # inside an entity (a meeting or document name)
                continue
            if role == "speaker" and absolute > meeting_speaks and _DECIDES.match(match.group()) and _CLAUSE_OPEN.search(
                    text, meeting_speaks, absolute):
                continue  # 主持召开国务院常务会议，部署…，要求…: the executive meeting decides and asks, not its chair
            after = text[start + match.end() : start + match.end() + 3]
            if after.startswith("精神") or after.startswith("和指示精神"):
                continue
            before = segment[: match.start()]
            word = match.group()
            rule = _NOT_ROLE_BEFORE.get(word)
            if rule is not None and rule.search(before):
                continue
            if role == "speaker" and _IN_INSTRUCTION.search(before):
                continue
            if role == "attendee" and ((_MEETS_ATTENDEES.search(before) and _ATTENDEES_AFTER.match(text, start + match.end()))
                                       or _NOT_A_MEETING.match(text, start + match.end())):
                continue  # 同列席会议的代表座谈, 会见出席论坛的嘉宾, 参加会见, 列席代表: no part in the meeting
            found.append((role, (absolute, start + match.end())))
            break
    if not any(role == "chair" for role, _ in found):
        convened = _PERSON_CONVENES.match(segment) or _LATER_CONVENES.search(segment)
        if convened and not _WILL.search(convened.group()):
            position = start + convened.end() - 2
            found.insert(0, ("chair", (position, position + 2)))
    return found


def _label_role(doc: Doc, chain_start: int) -> tuple[str, Span] | None:
    """主持人：/发布人： on the same line before the name, or as the line above."""
    line = doc.line_of(chain_start)
    line_start = doc.lines[line][0]
    candidates = [doc.text[line_start:chain_start]]
    for index in range(line - 1, -1, -1):  # walk up a list of "title name" lines
        start, end = doc.lines[index]
        text = doc.text[start:end]
        if text.endswith(("：", ":")):
            candidates.append(text)
            break
        if doc.line_kind[index] != "body" or any(c in text for c in "。！？；"):
            break
    for candidate in candidates:
        for label, role in _LABEL_ROLE:
            if re.search(label + r"\s*[：:]\s*$", candidate):
                offset = doc.text.find(label, max(0, chain_start - 400))
                return role, (offset, offset + len(label)) if offset >= 0 else (chain_start, chain_start)
    return None


def collect_people(doc: Doc, spans: list[Span]) -> list[Person]:
    """The participants named in ``spans`` (a record's passage): each name once, with titles and roles."""
    mentions = doc.person_mentions
    article_titles = doc.article_titles
    people: dict[str, Person] = {}
    positions = sorted(mentions)
    for start, end in spans:
        for key in positions[bisect_left(positions, start) : bisect_left(positions, end)]:
            mention = mentions[key]
            entity = mention.entity
            roles = mention.roles
            if doc.line_kind[doc.line_of(key)] == "title":  # a headline's 强调/要求 sums up the meeting's words
                roles = [r for r in roles if r[0] != "speaker"]
            if not roles or doc.in_meta(key):
                continue
            person = people.get(entity.text)
            if person is None:
                person = people[entity.text] = Person(entity.text, name_span=(entity.start, entity.end))
            for title in mention.titles:
                if title.text not in person.titles:
                    person.titles.append(title.text)
                    person.title_spans.append((title.start, title.end))
            for role, span in roles:
                if role not in person.roles:
                    person.roles.append(role)
                    person.role_spans.append(span)
    for person in people.values():
        if not person.titles:
            for title in article_titles.get(person.name, []):
                if title.text not in person.titles:
                    person.titles.append(title.text)
                    person.title_spans.append((title.start, title.end))
        order = sorted(range(len(person.roles)), key=lambda i: ROLE_ORDER.index(person.roles[i]))
        person.roles = [person.roles[i] for i in order]
        person.role_spans = [person.role_spans[i] for i in order]
    return list(people.values())


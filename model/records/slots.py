"""Slots step: date, meeting, organizer, region and documents of one event.

date: the nearest DATE before the meeting in its sentence (report datelines
and planned dates skipped), else the paragraph, else the previous event's;
a trip's range (5日至6日在X调研) yields to the specific day of the meeting.
meeting: the most specific (longest) name; a generic national name
(电视电话会议) takes the most specific national name cited elsewhere in the
article. organizer: the ORG that hosts it (由X、Y主办) or is the subject of 召开/举行/举办. region: by
:mod:`model.region_resolver` from the meeting name, the organizer, the
chair's titles, the clause's places, then relative names (省委, 自治区党委)
resolved from the article. documents: DOC spans of the record's passage.
"""
from __future__ import annotations

import re

from model.entities import Entity
from model.region_resolver import classify_region
from model.regions import FOREIGN_COUNTRIES, NATIONAL

from .doc import Doc, Event, Mention
from .events import names_alias
from .mentions import MEDIA, subject_before
from .types import Person, Span

__all__ = ["DateSlot", "event_date", "event_meeting", "national_name", "event_organizer", "event_region",
           "event_documents"]

#: (ISO date or None, the date's text, its span)
DateSlot = tuple[str | None, str | None, Span | None]

_CONVENE_VERB = re.compile(r"(?:主持)?(?:召开|举行|举办|主办|组织召开|进行|开展)")
#: the article's dominant region is a meeting's last resort only when it dominates (LOC weighs 2, others 1)
_DOMINANT_SHARE, _DOMINANT_WEIGHT = 0.6, 4
_CAPITAL = frozenset(("京", "北京"))
_ELSEWHERE = re.compile(r"当地时间|以视频方式(?:出席|参加)|(?:进行|正式)[^，。；]{0,6}访问")
#: the words that only invoke a document (根据X规定, 忠于宪法): the meeting does not discuss it
_INVOKED_BEFORE = re.compile(r"(?:根据|依据|依照|遵照|恪守|忠于|符合)$")
_INVOKED_AFTER = re.compile(r"(?:的)?(?:规定|宗旨)")
_HOSTED_BY = re.compile(r"由")
#: after 由X: more bodies (、Y和Z), then the verb of hosting
_HOST_VERB = re.compile(r"^[、和及与]*(?:共同|联合)?(?:主办|举办|召开|主持召开|组织召开)")
_TRIP = re.compile(r"调研|考察|视察|检查|督导|走访|慰问")


def event_date(doc: Doc, event: Event, previous: DateSlot | None) -> DateSlot:
    """The event's date: its sentences' DATE before the meeting, else its paragraph's, else ``previous``."""
    def pick(entity: Entity | None) -> tuple[str | None, str | None, Span | None] | None:
        if entity is None:
            return None
        value = doc.date_value.get(entity.start)
        return (value.isoformat() if value else None, entity.text, (entity.start, entity.end))

    def usable(entities: list[Entity]) -> list[Entity]:
        return [e for e in entities if doc.date_usable.get(e.start)]

    found: list[Entity] = []
    for mention in event.mentions + event.title_mentions:
        sentence_start, sentence_end = doc.sentence(mention.start)
        before = usable(doc.entities_in(sentence_start, mention.start, ("DATE",)))
        if before and mention.noun is not None and mention.date is not None:  # a talk: the day its mention chose
            found.append(doc.entities[doc.index_of(Entity(mention.date, mention.date + 1, "DATE", ""))])
        elif before:
            found.append(before[-1])
        elif mention.date is not None:
            found.append(doc.entities[doc.index_of(Entity(mention.date, mention.date + 1, "DATE", ""))])
        else:
            after = usable(doc.entities_in(mention.end, sentence_end, ("DATE",)))
            if after:
                found.append(after[0])
    if found:
        first = found[0]
        span_range = doc.date_range.get(first.start)
        trip = _TRIP.search(doc.text[slice(*doc.sentence(first.start))])
        if span_range is not None and trip:  # 8月23日至24日在X调研 … 24日下午召开的座谈会: the specific day
            for other in found[1:]:
                day = doc.date_value.get(other.start)
                if other.start not in doc.date_range and day is not None and span_range[0] <= day <= span_range[1]:
                    return pick(other)  # type: ignore[return-value]
        return pick(first)  # type: ignore[return-value]
    head = event.head
    if not head.title:
        line_start = doc.lines[head.line][0]
        before = usable(doc.entities_in(line_start, head.start, ("DATE",)))
        if before:
            return pick(before[-1])  # type: ignore[return-value]
    if previous is not None:
        return previous
    return (None, None, None)


def event_meeting(event: Event) -> tuple[str | None, Span | None]:
    """The event's most specific meeting name and its span."""
    # the most specific name, wherever it stands: a headline often names the
    # meeting in full (中央应对新冠肺炎疫情工作领导小组会议) and the body by its
    # short form (领导小组会议)
    named = [m for m in event.mentions + event.title_mentions if m.name]
    if not named:
        return None, None
    best = max(named, key=lambda m: (len(m.name or ""), -m.start))
    return best.name, (best.start, best.end)


def national_name(name: str, others: list[Mention]) -> Mention | None:
    """The most specific national name cited elsewhere for a generic national meeting name."""
    if classify_region(name) is not None:
        return None
    candidates = [
        m for m in others
        if m.name and m.name != name and m.name.endswith(name) and classify_region(m.name) == ("national", NATIONAL)
    ]
    if not candidates:
        return None
    return max(candidates, key=lambda m: (len(m.name or ""), -m.start))


def event_organizer(doc: Doc, event: Event) -> Entity | None:
    """The ORG that convenes the event (X召开…, 在X新闻发布会上), if the text says so."""
    hosted = _hosted_by(doc, event)
    if hosted is not None:
        return hosted
    for mention in event.mentions + event.title_mentions:
        if mention.noun is not None:
            continue  # X同代表座谈: a person holds the talk
        clause_start, clause_end = doc.clause(mention.start)
        if mention.name is not None:
            index = doc.index_of(Entity(mention.start, mention.end, "MEETING", ""))
            previous = doc.entities[index - 1] if index > 0 else None
            if (previous is not None and previous.label == "ORG" and doc.text[previous.end : mention.start] in ("", "的")
                    and previous.start not in doc.dateline and not MEDIA.search(previous.text)):
                return previous  # 在国务院新闻办公室新闻发布会上
        verbs: list[int] = []
        if mention.verb is not None:
            verbs.append(mention.verb)
        for match in _CONVENE_VERB.finditer(doc.text[clause_start:mention.start]):
            verbs.append(clause_start + match.start())
        for verb in sorted(set(verbs), reverse=True):
            if verb >= mention.start and mention.name is not None:
                continue
            relative_clause = doc.text[verb:mention.start].rstrip().endswith("的")
            subject = subject_before(doc, clause_start, verb, ("ORG",), allow_venue=relative_clause)
            if subject is not None:
                return subject
    return None


def _hosted_by(doc: Doc, event: Event) -> Entity | None:
    """论坛由X、Y主办 / 会议由X主办: the first body that hosts the event, in a sentence of one of its mentions."""
    for mention in event.mentions:
        start, end = doc.sentence(mention.start)
        for found in _HOSTED_BY.finditer(doc.text, start, end):
            if doc.owner[found.start()] >= 0:
                continue
            bodies = doc.entities_in(found.end(), end, ("ORG",))
            if (bodies and bodies[0].start == found.end() and not MEDIA.search(bodies[0].text)
                    and _HOST_VERB.match(doc.plain(bodies[0].end, end))):
                return bodies[0]
    return None


def event_region(doc: Doc, event: Event, meeting: str | None, organizer: Entity | None,
                  people: list[Person]) -> tuple[str | None, Span | None]:
    """The event's region and the span it was read from (None when resolved from the article)."""
    relative: list[tuple[str, int]] = []

    def consider(span_text: str, span: Span | None) -> tuple[str, Span | None] | None:
        found = classify_region(span_text)
        if found is None:
            return None
        if found[0] == "relative":
            relative.append((found[1], span[0] if span else event.head.start))
            return None
        return found[1], span

    sources: list[tuple[str, Span | None]] = []
    if meeting is not None:
        sources.append((meeting, None))
    for mention in event.mentions + event.title_mentions:
        if mention.name:
            sources.append((mention.name, (mention.start, mention.end)))
    if organizer is not None:
        sources.append((organizer.text, (organizer.start, organizer.end)))
    chairs = [p for p in people if "chair" in p.roles]
    if event.head.noun is not None:  # X同代表座谈: X holds the talk
        chairs += [p for p in people if p.name_span is not None and doc.sentence(p.name_span[0]) == doc.sentence(event.head.start)]
    for person in chairs:
        sources.extend(zip(person.titles, person.title_spans or [None] * len(person.titles)))
    for mention in event.mentions:  # X会议举行记者会: the host session's region
        for host in doc.entities_in(doc.clause(mention.start)[0], mention.start, ("MEETING",)):
            sources.append((host.text, (host.start, host.end)))
    for source, span in sources:
        result = consider(source, span)
        if result:
            return result
    # a participant in a national office (not one who only sends instructions) at a meeting chaired by no
    # provincial official and placed nowhere abroad: convened at national level
    provincial_chair = any(classify_region(t) is not None for p in chairs for t in p.titles)
    if not provincial_chair and not _abroad(doc, event):
        for person in people:
            if set(person.roles) - {"instructor"}:
                for title, span in zip(person.titles, person.title_spans):
                    if classify_region(title) == ("national", NATIONAL):
                        return NATIONAL, span
    # places and bodies in the clause and sentence of the meeting
    for mention in event.mentions + event.title_mentions:
        clause_start, clause_end = doc.clause(mention.start)
        sentence_start, sentence_end = doc.sentence(mention.start)
        for start, end, labels in ((clause_start, clause_end, ("LOC", "ORG")), (sentence_start, sentence_end, ("LOC",))):
            for entity in doc.entities_in(start, end, labels):
                if entity.start in doc.dateline or (entity.label == "ORG" and MEDIA.search(entity.text)):
                    continue
                result = consider(entity.text, (entity.start, entity.end))
                if result and result[0] == "北京市" and entity.label == "LOC" and entity.text in _CAPITAL:
                    return NATIONAL, result[1]  # 在京举行: national news places national meetings in the capital
                if result and result[0] != NATIONAL:
                    return result
    for person in people:
        for title, span in zip(person.titles, person.title_spans):
            classify = classify_region(title)
            if classify and classify[0] == "relative":
                relative.append((classify[1], span[0]))
    head = event.head
    line_start = doc.lines[head.line][0] if doc.lines else 0
    for level, _ in relative:
        region = doc.regions.resolve(level, before=head.start, after=line_start)
        if region is not None:
            return region, None
    for person in people:
        for title, span in zip(person.titles, person.title_spans):
            found = classify_region(title)
            if found and found[0] == "explicit":
                return found[1], span
    return doc.regions.dominant(_DOMINANT_SHARE, _DOMINANT_WEIGHT), None


def _abroad(doc: Doc, event: Event) -> bool:
    """Held abroad or convened by others: 当地时间…, 以视频方式出席…, or a foreign country among the places
    of the meeting's sentences (在哈萨克斯坦举行)."""
    for mention in event.mentions + event.title_mentions:
        sentence = doc.sentence(mention.start)
        if _ELSEWHERE.search(doc.text, *sentence):
            return True
        for place in doc.entities_in(*sentence, ("LOC",)):
            if place.text in FOREIGN_COUNTRIES or any(place.text.startswith(c) for c in FOREIGN_COUNTRIES if len(c) > 1):
                return True
    return False


def event_documents(doc: Doc, spans: list[Span]) -> tuple[list[str], list[Span]]:
    """The DOC spans of ``spans`` outside meta lines, each text once, in reading order."""
    documents: list[str] = []
    document_spans: list[Span] = []
    planned = _planned_mentions(doc)
    for start, end in spans:
        for entity in doc.entities_in(start, end, ("DOC",)):
            if (entity.text not in documents and not doc.in_meta(entity.start) and not _cited_document(doc, entity)
                    and not _on_planned_agenda(doc, entity, planned)):
                documents.append(entity.text)
                document_spans.append((entity.start, entity.end))
    return documents, document_spans


def _cited_document(doc: Doc, entity: Entity) -> bool:
    """根据X规定, 恪守X宗旨, 贯彻X精神: a law or document the text only invokes is not one the meeting discusses."""
    start = entity.start - 1 if doc.text[entity.start - 1 : entity.start] in "《“" and entity.start > 0 else entity.start
    end = entity.end + 1 if doc.text[entity.end : entity.end + 1] in "》”" else entity.end
    return bool(_INVOKED_BEFORE.search(doc.text, max(0, start - 4), start) or _INVOKED_AFTER.match(doc.text, end))


def _planned_mentions(doc: Doc) -> set[int]:
    """Starts of the mentions of meetings still to come: planned ones and the unclear ones that repeat their names."""
    held = {m.start for event in doc.events for m in event.mentions + event.title_mentions}
    names = [m.name for m in doc.others if m.status == "planned" and m.name]
    return {m.start for m in doc.others if m.start not in held and m.name and (
        m.status == "planned" or (m.status == "unclear" and any(names_alias(m.name, n) for n in names)))}


def _on_planned_agenda(doc: Doc, entity: Entity, planned: set[int]) -> bool:
    """会议决定，X会议下月举行…建议X会议审议A、B: documents after a meeting still to come are its agenda."""
    sentence_start, _ = doc.sentence(entity.start)
    before = [m for m in doc.mentions if sentence_start <= m.start < entity.start and m.name]
    return bool(before) and before[-1].start in planned

"""Distributed meetings: one mention held in several places at once (A、B分别举行X, X分别在A、B等地举行).

The guide gives a record per meeting held, so a news conference that two
provinces 分别举行 is two records, one per province. Each copy keeps the
event's meeting, date and documents and takes the region of its place; the
people and the date of a copy come from the later sentences that name its
place (宣讲团成员X今天在安徽合肥作宣讲报告), when the report goes on to say so.
"""
from __future__ import annotations

import re
from dataclasses import replace

from model.regions import NATIONAL

from . import people
from .doc import Doc, Event
from .mentions import explicit_region
from .types import MeetingRecord, Span

__all__ = ["distribute"]

#: 分别举行 / 分别在…举行: the meeting is held in each of the places named with it
_SEVERALLY = re.compile(r"分别(?:在|于)?")
_PLACE_LIST = re.compile(r"^[、和及与]$")


def _places(doc: Doc, event: Event) -> list[tuple[str, Span]]:
    """The coordinated places the head mention's clause holds the meeting in severally, in order (at least two)."""
    head = event.head
    if not head.name:
        return []
    clause_start, clause_end = doc.clause(head.start)
    found = _SEVERALLY.search(doc.text, clause_start, clause_end)
    if found is None:
        return []
    if found.start() >= head.end:  # X分别在A、B等地举行
        pool = doc.entities_in(found.end(), clause_end, ("LOC", "ORG"))
    else:  # A、B分别举行X
        pool = doc.entities_in(clause_start, found.start(), ("LOC", "ORG"))
    places: list[tuple[str, Span]] = []
    previous = None
    for entity in pool:
        region = explicit_region(entity.text)
        if region is None or region == NATIONAL:
            continue
        if previous is not None and not _PLACE_LIST.match(doc.text[previous.end : entity.start]):
            if found.start() >= head.end:
                break
            places = []  # only the list right before 分别 counts
        if region not in (r for r, _ in places):
            places.append((region, (entity.start, entity.end)))
        previous = entity
    return places if len(places) > 1 else []


def _own_sentences(doc: Doc, after: int, region: str, taken: list[Span]) -> list[Span]:
    """Sentences after ``after`` that name a place of ``region`` and lie in no other event's passage."""
    spans: list[Span] = []
    for entity in doc.entities_in(after, len(doc.text), ("LOC",)):
        if explicit_region(entity.text) != region or doc.in_meta(entity.start):
            continue
        sentence = doc.sentence(entity.start)
        if sentence not in spans and not any(start <= sentence[0] < end for start, end in taken):
            spans.append(sentence)
    return spans


def distribute(doc: Doc, event: Event, record: MeetingRecord) -> list[MeetingRecord]:
    """``record`` once per place the event is held in severally; the record itself when it is held once."""
    places = _places(doc, event)
    if not places:
        return [record]
    taken = [e.passage for e in doc.events if e is not event]
    copies = []
    for region, span in places:
        sentences = _own_sentences(doc, doc.sentence(event.head.start)[1], region, taken)
        participants = people.collect_people(doc, sentences) if sentences else []
        date = (record.date, record.date_text, record.date_span)
        for start, end in sentences:
            dates = [e for e in doc.entities_in(start, end, ("DATE",)) if doc.date_usable.get(e.start)]
            if dates and doc.date_value.get(dates[0].start) is not None:
                value = doc.date_value[dates[0].start]
                date = (value.isoformat() if value else None, dates[0].text, (dates[0].start, dates[0].end))
                break
        copies.append(replace(record, region=region, region_span=span, people=participants,
                              date=date[0], date_text=date[1], date_span=date[2]))
    return copies

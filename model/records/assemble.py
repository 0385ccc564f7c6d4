"""Assembly: run the pipeline steps over one article and build its :class:`MeetingRecord` objects.

Steps, in order, each reading and annotating the shared :class:`~.doc.Doc`:
:mod:`.layout` → :mod:`.mentions` → :mod:`.events` (with passages) →
:mod:`.people`; then, per event, the record's text spans (its passage, minus
sentences that re-mention another event, plus its own re-mentions elsewhere,
its title-block lines and 出席上述会议 summaries) and :mod:`.slots`.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from model.dates import parse_iso
from model.entities import Entity
from model.errors import InputTextError
from model.regions import NATIONAL

from . import events, layout, mentions, people, places, slots
from .doc import Doc, Event
from .types import MeetingRecord, Span

__all__ = ["assemble_records"]

_SUMMARY = re.compile(r"(?:上述|以上|前述)(?:会议|活动|座谈|会)|(?:参加|陪同)(?:调研|考察|视察)")


def _subtract(spans: list[Span], holes: list[Span]) -> list[Span]:
    """``spans`` without the parts covered by ``holes``."""
    for hole_start, hole_end in holes:
        kept: list[Span] = []
        for start, end in spans:
            if hole_end <= start or end <= hole_start:
                kept.append((start, end))
                continue
            if start < hole_start:
                kept.append((start, hole_start))
            if hole_end < end:
                kept.append((hole_end, end))
        spans = kept
    return spans


def assemble_records(text: str, entities: Sequence[Entity], published: str | None) -> list[MeetingRecord]:
    """The meeting records of one article, in reading order.

    ``entities`` may be gold or predicted spans (imperfect ones are repaired
    or dropped); ``published`` is the ISO publication date or None. Input is
    checked here, at the boundary (:class:`~model.errors.InputTextError`);
    past it nothing is caught, so a bug in the assembly fails loudly instead
    of returning no records.
    """
    if not isinstance(text, str):
        raise InputTextError(f"text must be a str, got {type(text).__name__}")
    if published is not None and (not isinstance(published, str) or parse_iso(published) is None):
        raise InputTextError(f"published must be an ISO date YYYY-MM-DD or None, got {published!r}")
    if not text:
        return []
    return _assemble(text, entities, published)


def _assemble(text: str, entities: Sequence[Entity], published: str | None) -> list[MeetingRecord]:
    doc = Doc(text, entities, published)
    layout.annotate(doc)
    if not doc.lines:
        return []
    mentions.annotate(doc)
    events.annotate(doc)
    people.annotate(doc)
    records: list[MeetingRecord] = []
    previous_date: slots.DateSlot | None = None
    for index, spans in enumerate(_record_spans(doc)):
        record = _record(doc, doc.events[index], spans, previous_date)
        if record.date_text is not None:
            previous_date = (record.date, record.date_text, record.date_span)
        records.extend(places.distribute(doc, doc.events[index], record))
    return records


def _record_spans(doc: Doc) -> list[list[Span]]:
    """For each event, the text spans its people and documents are read from."""
    text = doc.text
    summaries = sorted({doc.sentence(m.start()) for m in _SUMMARY.finditer(text) if not doc.in_meta(m.start())})
    # sentences that name an event outside its own passage belong to that event only
    claimed: list[tuple[Span, int]] = []
    for index, event in enumerate(doc.events):
        for mention in event.mentions[1:]:
            if not event.passage[0] <= mention.start < event.passage[1]:
                claimed.append((doc.sentence(mention.start), index))
    result: list[list[Span]] = []
    for index, event in enumerate(doc.events):
        own = {doc.sentence(m.start) for m in event.mentions}
        holes = [span for span, owner in claimed if owner != index and span not in own]
        spans = _subtract([event.passage] + ([event.resumed] if event.resumed else []), holes)
        for mention in event.mentions[1:]:
            if not event.passage[0] <= mention.start < event.passage[1]:
                spans.append(doc.sentence(mention.start))  # 副省长X出席全体会议并参加专题学习
        if event.title_mentions and event.mentions:
            spans.extend(sorted({doc.lines[m.line] for m in event.title_mentions}))
        if event.mentions:  # 副省长X出席上述会议: every meeting reported before
            spans.extend(span for span in summaries if span[0] > event.head.start and span[0] >= event.passage[1])
        result.append(spans)
    return result


def _record(doc: Doc, event: Event, spans: list[Span], previous_date: slots.DateSlot | None) -> MeetingRecord:
    """One event's record: its participants and documents from ``spans``, then its slots."""
    participants = people.collect_people(doc, spans)
    date, date_text, date_span = slots.event_date(doc, event, previous_date)
    meeting, meeting_span = slots.event_meeting(event)
    organizer = slots.event_organizer(doc, event)
    region, region_span = slots.event_region(doc, event, meeting, organizer, participants)
    if region == NATIONAL and meeting is not None:
        better = slots.national_name(meeting, doc.others)
        if better is not None:
            meeting, meeting_span = better.name, (better.start, better.end)
    documents, document_spans = slots.event_documents(doc, spans)
    return MeetingRecord(
        date=date,
        date_text=date_text,
        region=region,
        meeting=meeting,
        organizer=organizer.text if organizer else None,
        people=participants,
        documents=documents,
        passage=event.passage,
        date_span=date_span,
        region_span=region_span,
        meeting_span=meeting_span,
        organizer_span=(organizer.start, organizer.end) if organizer else None,
        document_spans=document_spans,
    )

"""The shared article view of the record pipeline: :class:`Doc`.

Like a spaCy ``Doc`` read and annotated by pipeline components, a :class:`Doc`
holds the text, the cleaned entities and their indexes, and one typed field
per annotation that a step writes: the layout (:mod:`.layout`: lines, line
kinds, sentence and clause ends, date readings, region context), the meeting
mentions (:mod:`.mentions`), the events with their passages (:mod:`.events`)
and the person mentions (:mod:`.people`). Each step reads what the steps
before it wrote; the queries here (``sentence``, ``clause``,
``entities_in`` …) need the layout, so :func:`.layout.annotate` runs first.
"""
from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from model.dates import parse_iso
from model.entities import LABELS, Entity
from model.region_resolver import RegionContext

from .types import Span

__all__ = ["Doc", "Mention", "Event", "PersonMention", "clean_entities"]


@dataclass
class Mention:
    """A meeting mention: a MEETING span (or the verb of a bare ``X召开会议``) and how its clause reports it."""

    start: int  # MEETING span, or the verb of a bare mention
    end: int
    name: str | None
    status: str  # strong / weak / bare / cited / reference / planned / counted / unclear
    verb: int | None  # position of the held verb, when known
    line: int
    title: bool  # in the title block
    date: int | None = None  # index of the DATE entity in its clause
    region: str | None = None  # explicit region of the mention itself
    region_named: bool = False  # the region is in the meeting's name (全国…会议), not only around it
    subject: str | None = None  # the body that convenes it (X召开…), when stated
    noun: str | None = None  # a verb mention's noun (座谈 of X同代表座谈): a later 座谈会 names it


@dataclass
class Event:
    """One meeting reported as held: its body and title-block mentions and its passage."""

    mentions: list[Mention]
    title_mentions: list[Mention] = field(default_factory=list)
    passage: Span = (0, 0)
    primary: bool = True
    #: paragraphs after an event it hosts (主席会议举行集体学习。…): the host's report goes on there
    resumed: Span | None = None

    @property
    def head(self) -> Mention:
        return self.mentions[0] if self.mentions else self.title_mentions[0]

    def names(self) -> list[Mention]:
        return [m for m in self.mentions + self.title_mentions if m.name]


@dataclass
class PersonMention:
    """A PER span with the titles of its chain and the roles the text gives it."""

    entity: Entity
    titles: list[Entity]
    roles: list[tuple[str, Span]]
    chain_start: int


class Doc:
    """The article as every pipeline step sees it (text, entities, annotations)."""

    def __init__(self, text: str, entities: Sequence[Any], published: str | None):
        self.text = text
        self.published: dt.date | None = parse_iso(published) if isinstance(published, (str, dt.date)) else None
        self.entities: list[Entity] = clean_entities(text, entities)
        self.starts = [e.start for e in self.entities]
        self.by_label: dict[str, tuple[list[Entity], list[int]]] = {}
        for label in LABELS:
            of_label = [e for e in self.entities if e.label == label]
            self.by_label[label] = (of_label, [e.start for e in of_label])
        #: index of the entity that covers each character, -1 outside entities
        self.owner = [-1] * len(text)
        for index, entity in enumerate(self.entities):
            for position in range(entity.start, entity.end):
                self.owner[position] = index
        self._sentence_cache: dict[int, Span] = {}
        self._clause_cache: dict[int, Span] = {}
        # layout (.layout)
        self.lines: list[Span] = []
        self.line_kind: list[str] = []  # body / title / heading / meta
        self.line_starts: list[int] = []
        self.sentence_ends: list[int] = []
        self.clause_ends: list[int] = []
        # date readings (.layout), keyed by the DATE span's start
        self.date_value: dict[int, dt.date | None] = {}
        self.date_range: dict[int, tuple[dt.date, dt.date]] = {}
        self.date_usable: dict[int, bool] = {}
        #: starts of the place and agency spans of report datelines (新华社北京6月21日电)
        self.dateline: set[int] = set()
        self.regions = RegionContext()
        # meeting mentions (.mentions) and events (.events)
        self.mentions: list[Mention] = []
        self.events: list[Event] = []
        #: mentions that are not held (cited, planned, reference …), for names cited elsewhere
        self.others: list[Mention] = []
        # people (.people), keyed by the PER span's start (or a pronoun's position)
        self.person_mentions: dict[int, PersonMention] = {}
        #: every title a name has anywhere in the article, in reading order
        self.article_titles: dict[str, list[Entity]] = {}

    def line_of(self, position: int) -> int:
        return max(0, bisect_right(self.line_starts, position) - 1)

    def _bounds(self, ends: list[int], position: int) -> Span:
        line_start, line_end = self.lines[self.line_of(position)] if self.lines else (0, len(self.text))
        index = bisect_right(ends, position)
        end = ends[index] if index < len(ends) else len(self.text)
        start = ends[index - 1] if index > 0 else 0
        return max(start, line_start), min(end, line_end)

    def sentence(self, position: int) -> Span:
        found = self._sentence_cache.get(position)
        if found is None:
            found = self._sentence_cache[position] = self._bounds(self.sentence_ends, position)
        return found

    def clause(self, position: int) -> Span:
        found = self._clause_cache.get(position)
        if found is None:
            found = self._clause_cache[position] = self._bounds(self.clause_ends, position)
        return found

    def entities_in(self, start: int, end: int, labels: Iterable[str] | None = None) -> list[Entity]:
        """Entities wholly inside [start, end), in order; only ``labels`` when given."""
        if labels is None:
            pool, starts = self.entities, self.starts
            found = pool[bisect_left(starts, start) : bisect_left(starts, end)]
        else:
            found = []
            for label in labels:
                pool, starts = self.by_label.get(label, ((), []))
                found.extend(pool[bisect_left(starts, start) : bisect_left(starts, end)])
            if len(labels) > 1:  # type: ignore[arg-type]
                found.sort(key=lambda e: e.start)
        if found and found[-1].end > end:
            found = [e for e in found if e.end <= end]
        return list(found)

    def index_of(self, entity: Entity) -> int:
        return bisect_left(self.starts, entity.start)

    def previous_entity(self, entity: Entity) -> Entity | None:
        index = self.index_of(entity)
        return self.entities[index - 1] if index > 0 else None

    def plain(self, start: int, end: int, keep: Iterable[str] = ()) -> str:
        """Text between ``start`` and ``end`` with entity spans removed (kept for labels in ``keep``)."""
        kept = set(keep)
        out = []
        position = start
        while position < end:
            owner = self.owner[position]
            if owner >= 0 and self.entities[owner].label not in kept:
                position = self.entities[owner].end
                continue
            out.append(self.text[position])
            position += 1
        return "".join(out)

    def in_meta(self, position: int) -> bool:
        return bool(self.lines) and self.line_kind[self.line_of(position)] == "meta"


def clean_entities(text: str, entities: Sequence[Any]) -> list[Entity]:
    """Valid, non-overlapping entities sorted by start; misaligned text is repaired."""
    cleaned: list[Entity] = []
    for raw in entities or ():
        try:
            if isinstance(raw, Entity):
                start, end, label = raw.start, raw.end, raw.label
            elif isinstance(raw, dict):
                start, end, label = int(raw["start"]), int(raw["end"]), str(raw["label"])
            else:
                start, end, label = int(raw.start), int(raw.end), str(raw.label)
        except (KeyError, TypeError, ValueError, AttributeError):
            continue
        if label not in LABELS or not 0 <= start < end <= len(text):
            continue
        cleaned.append(Entity(start, end, label, text[start:end]))
    cleaned.sort(key=lambda e: (e.start, e.end))
    if all(a.end <= b.start for a, b in zip(cleaned, cleaned[1:])):
        return cleaned  # the usual case: nothing overlaps
    cleaned.sort(key=lambda e: (-(e.end - e.start), e.start))
    kept: list[Entity] = []
    taken = bytearray(len(text))
    for entity in cleaned:
        if any(taken[entity.start : entity.end]):
            continue
        taken[entity.start : entity.end] = b"\x01" * (entity.end - entity.start)
        kept.append(entity)
    kept.sort(key=lambda e: (e.start, e.end))
    return kept


"""Meeting records from the entities of an article (ANNOTATION.md, "Records").

:func:`assemble_records` turns an article's text, its entity spans (gold or
predicted) and its publication date into :class:`MeetingRecord` objects whose
``to_dict()`` is exactly the guide's JSON. Every value carries evidence: the
record's passage span and the offsets of the span each slot value came from
(``to_dict(evidence=True)`` adds them under the key ``"evidence"``).

How it works, in reading order (pure Python, deterministic, no model):

1. **Layout.** Lines are paragraphs; meta lines (来源/上一篇/责任编辑 …) are
   ignored, leading lines without sentence punctuation form the title block.
   Sentences end at 。！？；, clauses at ，：and full-width spaces.
2. **Mentions.** Each MEETING span is classified from its clause: counted
   (5场座谈会), planned (将于…召开), a reference point (在…会议后, …闭幕后),
   cited (传达学习…精神, 按照…要求), held with a strong cue (召开, 举行,
   主持, 出席, 在…上 …), held with a weak cue (a date in the clause), or
   unclear. ``ORG/LOC 召开会议`` without a MEETING span is a bare mention.
3. **Events.** Held mentions become events; a later mention joins an earlier
   event when its name is a character subsequence of the event's name (or the
   reverse: 全省会议 ~ 全省电视电话会议) and its own date (a day inside the
   event's range counts), region and convening body do not contradict the
   event's. Two mentions coordinated in one clause (出席A和B) stay two events.
   Title-block mentions join the body event they repeat. A bare mention is
   dropped when its paragraph goes on to name the meetings. A meeting dated
   after publication is planned, not held.
4. **Passages.** An event's passage runs from its sentence (or clause, when an
   earlier event shares the sentence) through following paragraphs until a
   paragraph that starts with a date or 会前/会后, a heading, a meta line, or
   the next event.
5. **Slots.** date: the nearest DATE before the meeting in its sentence
   (report datelines and planned dates skipped), else the paragraph, else the
   previous event's; resolved by :mod:`model.dates` with 同日 chains. meeting:
   the most specific (longest) name; a generic national name (电视电话会议)
   takes the most specific national name cited elsewhere in the article.
   organizer: the ORG that is the subject of 召开/举行/举办. region: by
   :mod:`model.region_resolver` from the meeting name, the organizer, the
   chair's titles, the clause's places, then relative names (省委, 自治区党委)
   resolved from the article. people: PER spans of the passage with their
   TITLE chains (before the name, after it, shared by a list of names; a bare
   name takes the titles it has elsewhere in the article) and roles from the
   verbs after them (他/她 + verb counts for the person named last; a name
   list shares the verb at its end; 主持人：/发布人： labels; 出席上述会议
   joins every meeting before); a person without a role, a reporter in a
   byline and a person only cited (学习贯彻X重要讲话精神) are left out.
   documents: DOC spans of the passage. Sentences that re-mention another
   event belong to that event (副市长X出席常务会议 after a second meeting).

Dates are resolved in reading order (``model.dates.DateContext``): report
datelines (…6月21日电), planned dates (将于…) and deadlines (有效期至…) do not
become "the date mentioned before"; a dateline or 今天（4月17日） sets the day
that 今天/昨天 refer to. A range (5日至6日) gives its first day, except that a
trip's range (5日至6日在X调研) yields to the specific day of the meeting.

The function never raises on bad entities (out of range, misaligned,
overlapping, unknown labels): it repairs or drops them and goes on.
"""
from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from model.dates import DateContext, parse_iso, resolve_range
from model.entities import LABELS, Entity
from model.errors import InputTextError
from model.region_resolver import RegionContext, classify_region
from model.regions import NATIONAL

__all__ = ["Person", "MeetingRecord", "assemble_records", "ROLE_ORDER"]


Span = tuple[int, int]
#: Roles in the order a person's ``roles`` list them.
ROLE_ORDER: tuple[str, ...] = ("chair", "attendee", "speaker", "instructor")


# ---------------------------------------------------------------------------
# Public types


@dataclass
class Person:
    """A participant: name, titles and roles, with the offsets they came from."""

    name: str
    titles: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    name_span: Span | None = None
    title_spans: list[Span] = field(default_factory=list)
    #: offsets of the verb that gave each role, parallel to ``roles``
    role_spans: list[Span] = field(default_factory=list)

    def to_dict(self, evidence: bool = False) -> dict[str, Any]:
        """The guide's person JSON; with ``evidence=True`` plus an ``"evidence"`` key."""
        data: dict[str, Any] = {"name": self.name, "titles": list(self.titles), "roles": list(self.roles)}
        if evidence:
            data["evidence"] = self.evidence()
        return data

    def evidence(self) -> dict[str, Any]:
        """Offsets: ``name`` [start, end], ``titles`` and ``roles`` (the verbs) as lists of [start, end]."""
        return {
            "name": _span_list(self.name_span),
            "titles": [list(span) for span in self.title_spans],
            "roles": [list(span) for span in self.role_spans],
        }


@dataclass
class MeetingRecord:
    """One meeting reported as held (the guide's record plus evidence offsets)."""

    date: str | None = None
    date_text: str | None = None
    region: str | None = None
    meeting: str | None = None
    organizer: str | None = None
    people: list[Person] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    #: the passage of the text the record was read from
    passage: Span = (0, 0)
    date_span: Span | None = None
    region_span: Span | None = None
    meeting_span: Span | None = None
    organizer_span: Span | None = None
    document_spans: list[Span] = field(default_factory=list)

    def to_dict(self, evidence: bool = False) -> dict[str, Any]:
        """The guide's record JSON; with ``evidence=True`` plus an ``"evidence"`` key."""
        data: dict[str, Any] = {
            "date": self.date,
            "date_text": self.date_text,
            "region": self.region,
            "meeting": self.meeting,
            "organizer": self.organizer,
            "people": [person.to_dict() for person in self.people],
            "documents": list(self.documents),
        }
        if evidence:
            data["evidence"] = {
                "passage": list(self.passage),
                "date": _span_list(self.date_span),
                "region": _span_list(self.region_span),
                "meeting": _span_list(self.meeting_span),
                "organizer": _span_list(self.organizer_span),
                "documents": [list(span) for span in self.document_spans],
                "people": [person.evidence() for person in self.people],
            }
        return data


def _span_list(span: Span | None) -> list[int] | None:
    return None if span is None else [span[0], span[1]]


# ---------------------------------------------------------------------------
# Lexical cues

_SENTENCE_END = frozenset("。！？!?；;")
_CLAUSE_END = _SENTENCE_END | frozenset("，,：:\u3000")
_SENTENCE_END_RE = re.compile("[" + re.escape("".join(sorted(_SENTENCE_END))) + "]")
_CLAUSE_END_RE = re.compile("[" + re.escape("".join(sorted(_CLAUSE_END))) + "]")
_META_LINE = re.compile(
    r"^\s*(?:上一篇|下一篇|来源|发布时间|时间[:：]|作者|责编|责任编辑|编辑[:：]|【|（完）|\(完\)|资料\s*[|｜]|"
    r"浏览|字号|分享到|扫一扫)"
)
_META_ANYWHERE = re.compile(r"来源[:：].{0,40}(?:时间|日期)[:：]|浏览次数|发布日期[:：]")
_HELD_VERB = re.compile(r"召开|举行|举办|主持|出席|参加|列席|主办|开幕|开班|(?:进行|开展)了?(?=[^，。；]{0,12}$)")
_CONVENE_VERB = re.compile(r"(?:主持)?(?:召开|举行|举办|主办|组织召开|进行|开展)")
_POST_HELD = re.compile(r"^[^，,。；;]{0,30}?(?<!的)(?:召开|举行|举办|开幕|开班)(?!的)")
_CITING_VERB = re.compile(r"传达|学习|贯彻|落实|按照|根据|依据|遵照|对标|对照|围绕")
_CITED_AFTER = re.compile(
    r"^(?:的|上的|期间的|期间)?(?:重要讲话)?(?:精神|要求|部署|决策部署|有关要求|筹备有关要求|各项部署|确定的|"
    r"提出的|作出的|审议通过的|决定)"
)
_REFERENCE_AFTER = re.compile(r"^(?:结束|闭幕|召开|散会)?(?:后|之后|以后|前|之前|前夕)")
_PLANNED = re.compile(
    r"将于|将在|将要|将召开|将举行|将举办|拟于|拟召开|拟在|即将|定于|计划于|计划在|预计于|筹备|前夕|关于(?:召开|举办|举行)|"
    r"将(?=[^，。；]{0,6}(?:主持|召开|举行|举办|出席))"
)
_COUNTED_BEFORE = re.compile(r"(?:\d+|[一二两三四五六七八九十百几数多]+)余?[场次个轮批]$")
_BARE = re.compile(r"(?:召开|举行)了?(?:一次)?(?:专题)?会议")
_REPORT_AFTER = ("电", "讯", "报道", "消息", "发布", "播发", "刊发")
_DATE_NOT_EVENT_BEFORE = re.compile(r"(?:将于|将在|将|预计|计划|拟于|拟|定于|至|截至|截止|到|有效期至)$")
_DATE_NOT_EVENT_AFTER = ("前后", "起", "以来", "至今", "之前", "前")
_FUTURE_AFTER = re.compile(r"将(?!近|其|军)|预计")
_MEDIA = re.compile(r"(?:网|报|社|台|客户端|新闻|电视|广播|日报|晚报|杂志|频道|公众号|微博)$")
_LEADING_STOP = re.compile(r"^\s*(?:会前|会后|随后|此前)")
_SEPARATORS = re.compile(r"^[、，,\s\u3000]*$")
_LIST_GAP = re.compile(r"^(?:[、，,\s\u3000和及与]|以及|等|(?:省|市|区|州|县)?领导|同志)*$")
_CITED_PERSON_BEFORE = re.compile(r"学习|贯彻|传达|落实|按照|根据|遵照|领会")

_ROLE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("chair", re.compile(r"主持(?!人)")),
    ("attendee", re.compile(r"出席|参加|陪同|列席|参会|与会")),
    ("instructor", re.compile(r"作出?(?:重要)?(?:批示|指示)|批示")),
    (
        "speaker",
        re.compile(
            r"讲话|强调|指出|要求|介绍|发言|通报|答记者问|回答|表示|说(?=[，,：:。])|宣读|辅导|致辞|"
            r"作(?:了)?(?:工作|主旨|专题|动员)?报告|汇报|作出?(?:具体|全面)?部署|上部署|^部署|^提出|"
            r"作(?:了|出)?说明|讲座|授课|解读|领学|^提醒|^发布|发了言|^报告了?|"
            r"(?<![工合创协操])作(?:了|的)?[^，,。；;]{0,80}?(?:汇报|报告|说明)"
        ),
    ),
)
_NOT_ROLE_BEFORE = {
    "要求": re.compile(r"(?:的|照|按|据|工作|有关|相关|部署|精神|会议|任务|目标|提出|明确)$"),
    "讲话": re.compile(r"(?<!发表)(?<!作)重要$|的$"),
    "汇报": re.compile(r"听取|听$|的$"),
}
_CONVENE_WORD = re.compile(r"召开|举行|举办")
_CONVENE_REPORTED = re.compile(r"(?:召开|举行|举办)(?!的)")
_HELD_AFTER_WORD = re.compile(r"召开|举行|举办|开幕|闭幕|开班")
_APPROVED = re.compile(r"审议|通过")
_GAP_BREAK = re.compile(r"[，,。；]")
_VENUE_BEFORE = re.compile(r"[到赴据经]$")
_BYLINE = re.compile(r"记者|通讯员|摄影|实习生|编辑")
_IN_INSTRUCTION = re.compile(r"(?:批示|指示)中[^，。]{0,2}$")
#: A sitting of a session (第一次全体会议, 视频会议, 闭幕会): one meeting with the session that holds it.
_SITTING = re.compile(r"^(?:第[一二三四五六七八九十\d]+次)?(?:全体会议|视频会议|闭幕会|开幕会|分组会议|联组会议|闭幕大会|开幕大会|预备会议)$")
_SESSION = re.compile(r"(?:届|第[一二三四五六七八九十百\d]+次)[^，。；]*会议$")
_PERSON_CONVENES = re.compile(r"^[^，,。；;：:]{0,14}?(?<!主持)(?:召开|举行)")
_WILL = re.compile(r"[将拟]")
_TRIP = re.compile(r"调研|考察|视察|检查|督导|走访|慰问")
_SUMMARY = re.compile(r"(?:上述|以上|前述)(?:会议|活动|座谈|会)|(?:参加|陪同)(?:调研|考察|视察)")
_LABEL_ROLE = (("主持人", "chair"), ("发布人", "speaker"), ("发言人", "speaker"), ("主讲人", "speaker"))


# ---------------------------------------------------------------------------
# Article analysis


@dataclass
class _Mention:
    start: int  # MEETING span, or the verb of a bare mention
    end: int
    name: str | None
    status: str  # strong / weak / bare / cited / reference / planned / counted / unclear
    verb: int | None  # position of the held verb, when known
    line: int
    title: bool  # in the title block
    date: int | None = None  # index of the DATE entity in its clause
    region: str | None = None  # explicit region of the mention itself
    subject: str | None = None  # the body that convenes it (X召开…), when stated


@dataclass
class _Event:
    mentions: list[_Mention]
    title_mentions: list[_Mention] = field(default_factory=list)
    passage: Span = (0, 0)
    primary: bool = True

    @property
    def head(self) -> _Mention:
        return self.mentions[0] if self.mentions else self.title_mentions[0]

    def names(self) -> list[_Mention]:
        return [m for m in self.mentions + self.title_mentions if m.name]


class _Article:
    def __init__(self, text: str, entities: Sequence[Any], published: str | None):
        self.text = text
        self.published = parse_iso(published) if isinstance(published, (str, dt.date)) else None
        self.entities = _clean_entities(text, entities)
        self.starts = [e.start for e in self.entities]
        self.by_label: dict[str, tuple[list[Entity], list[int]]] = {}
        for label in LABELS:
            of_label = [e for e in self.entities if e.label == label]
            self.by_label[label] = (of_label, [e.start for e in of_label])
        self.owner = [-1] * len(text)
        for index, entity in enumerate(self.entities):
            for position in range(entity.start, entity.end):
                self.owner[position] = index
        self._sentence_cache: dict[int, Span] = {}
        self._clause_cache: dict[int, Span] = {}
        self.has_labels = any(label + "：" in text or label + ":" in text for label, _ in _LABEL_ROLE)
        self._layout()
        self._resolve_dates()
        self._region_context()

    # -- layout ------------------------------------------------------------
    def _layout(self) -> None:
        text = self.text
        self.lines: list[Span] = []
        self.line_kind: list[str] = []
        position = 0
        for raw in text.split("\n"):
            start, end = position, position + len(raw)
            position = end + 1
            while start < end and text[start] in " \t\r\u3000":
                start += 1
            while end > start and text[end - 1] in " \t\r\u3000":
                end -= 1
            if start < end:
                self.lines.append((start, end))
        self.line_starts = [s for s, _ in self.lines]
        seen_body = False
        for start, end in self.lines:
            kind = self._line_kind(start, end)
            if kind == "heading" and not seen_body:
                kind = "title"
            if kind == "body":
                seen_body = True
            self.line_kind.append(kind)
        sentence_ends: set[int] = set()
        clause_ends: set[int] = set()
        for start, end in self.lines:
            sentence_ends.add(end)
            clause_ends.add(end)
        for match in _CLAUSE_END_RE.finditer(text):
            position = match.start()
            if self.owner[position] >= 0:
                continue
            clause_ends.add(position + 1)
            if match.group() in _SENTENCE_END:
                sentence_ends.add(position + 1)
        self.sentence_ends = sorted(sentence_ends)
        self.clause_ends = sorted(clause_ends)

    def _line_kind(self, start: int, end: int) -> str:
        line = self.text[start:end]
        if _META_LINE.match(line) or _META_ANYWHERE.search(line):
            return "meta"
        if _SENTENCE_END_RE.search(line) or line.endswith(("：", ":")) or len(line) > 60:
            return "body"
        inside = self.entities_in(start, end)
        if inside and all(e.label in ("PER", "TITLE") for e in inside):
            loose = len(line) - sum(e.end - e.start for e in inside)
            if loose <= 3:
                return "body"  # a "title + name" line of a speaker list
        return "heading"

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

    # -- dates -------------------------------------------------------------
    def _resolve_dates(self) -> None:
        context = DateContext(self.published)
        self.date_value: dict[int, dt.date | None] = {}
        self.date_range: dict[int, tuple[dt.date, dt.date]] = {}
        self.date_usable: dict[int, bool] = {}
        self.dateline: set[int] = set()
        for entity in self.entities:
            if entity.label != "DATE":
                continue
            after = self.text[entity.end : entity.end + 3]
            before = self.text[max(0, entity.start - 5) : entity.start]
            report = after.startswith(_REPORT_AFTER) or before.endswith("据")
            meta = self.in_meta(entity.start)
            sentence_end = self.sentence(entity.start)[1]
            not_event = (bool(_DATE_NOT_EVENT_BEFORE.search(before)) or after.startswith(_DATE_NOT_EVENT_AFTER)
                         or bool(_FUTURE_AFTER.search(self.text[entity.end : min(sentence_end, entity.end + 20)])))
            usable = not (report or meta or not_event)
            previous_anchor = context.previous
            self.date_value[entity.start] = context.resolve(entity.text, anchor=usable)
            span_range = resolve_range(entity.text, self.published, previous_anchor, context.today)
            if span_range is not None:
                self.date_range[entity.start] = span_range
            self.date_usable[entity.start] = usable
            if self.date_value[entity.start] is not None and (
                after.startswith(("电", "讯")) or (entity.text.startswith(("今天", "今日")) and "（" in entity.text)
            ):
                context.today = self.date_value[entity.start]  # 本报杭州3月1日电　今天… / 今天（4月17日）
            if report:  # 新华社北京6月21日电: the place and agency are no event's
                previous = self.previous_entity(entity)
                while previous is not None and previous.label in ("ORG", "LOC") and not self.text[previous.end : entity.start].strip("　 "):
                    self.dateline.add(previous.start)
                    entity = previous
                    previous = self.previous_entity(previous)

    # -- regions -----------------------------------------------------------
    def _region_context(self) -> None:
        self.regions = RegionContext()
        for entity in self.entities:
            if entity.label in ("LOC", "ORG", "TITLE", "MEETING", "DOC") and entity.start not in self.dateline:
                self.regions.add(entity.text, entity.start, 2 if entity.label == "LOC" else 1)


def _clean_entities(text: str, entities: Sequence[Any]) -> list[Entity]:
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


# ---------------------------------------------------------------------------
# Mentions


def _classify_mention(art: _Article, entity: Entity, line: int) -> _Mention:
    text = art.text
    clause_start, clause_end = art.clause(entity.start)
    pre = text[clause_start : entity.start]
    post = text[entity.end : clause_end]
    title = art.line_kind[line] == "title"
    mention = _Mention(entity.start, entity.end, entity.text, "unclear", None, line, title)
    sentence_start, _ = art.sentence(entity.start)
    mention.region = _explicit(entity.text) or _mention_region(art, entity.start, clause_start, clause_end)
    clause_dates = [e for e in art.entities_in(clause_start, clause_end, ("DATE",)) if art.date_usable.get(e.start)]
    before_dates = [e for e in art.entities_in(sentence_start, entity.start, ("DATE",)) if art.date_usable.get(e.start)]
    chosen_date = before_dates[-1] if before_dates else (clause_dates[0] if clause_dates else None)
    mention.date = chosen_date.start if chosen_date else None

    held_before = list(_HELD_VERB.finditer(pre))
    last_held = held_before[-1].start() if held_before else -1
    citing = [m.start() for m in _CITING_VERB.finditer(pre)]
    if _COUNTED_BEFORE.search(pre):
        mention.status = "counted"
    elif _PLANNED.search(pre + post):
        mention.status = "planned"
    elif _REFERENCE_AFTER.match(post) and not _CONVENE_WORD.search(pre):
        mention.status = "reference"
    elif _CITED_AFTER.match(post) or (citing and citing[-1] > last_held and not _POST_HELD.match(post)
                                      and not pre.endswith("精神")):
        mention.status = "cited"
    elif (chosen_date is not None and art.published is not None and art.date_value.get(chosen_date.start) is not None
          and art.date_value[chosen_date.start] > art.published):  # 会议决定，X会议于（明天）召开
        mention.status = "planned"
    elif held_before or _POST_HELD.match(post) or (post.startswith(("上", "会上")) and "在" in pre):
        mention.status = "strong"
        if held_before:
            mention.verb = clause_start + last_held
        else:
            found = _HELD_AFTER_WORD.search(post)
            mention.verb = entity.end + found.start() if found else None
        if mention.verb is not None and mention.verb < entity.start:
            subject = _subject_before(art, clause_start, mention.verb, ("ORG", "LOC"), allow_venue=True)
            mention.subject = subject.text if subject is not None else None
    elif clause_dates or ("经" in pre and _APPROVED.search(post)):
        mention.status = "weak"
    return mention


def _bare_mentions(art: _Article) -> list[_Mention]:
    found = []
    for match in _BARE.finditer(art.text):
        start = match.start()
        if art.owner[start] >= 0 or (match.end() < len(art.text) and art.owner[match.end() - 1] >= 0):
            continue
        if art.in_meta(start):
            continue
        clause_start, clause_end = art.clause(start)
        clause_text = art.text[clause_start:clause_end]
        if _PLANNED.search(clause_text):
            continue
        subject = _subject_before(art, clause_start, start, ("ORG", "LOC", "PER"))
        if subject is None:
            continue
        line = art.line_of(start)
        mention = _Mention(start, match.end(), None, "bare", start, line, art.line_kind[line] == "title")
        dates = [e for e in art.entities_in(clause_start, start, ("DATE",)) if art.date_usable.get(e.start)]
        mention.date = dates[-1].start if dates else None
        mention.region = _explicit(subject.text) if subject.label != "PER" else None
        found.append(mention)
    return found


def _mention_region(art: _Article, position: int, clause_start: int, clause_end: int) -> str | None:
    """An explicit region stated around a mention: its clause's bodies and places, then its sentence's."""
    sentence_start, sentence_end = art.sentence(position)
    for start, end, labels in ((clause_start, clause_end, ("ORG", "LOC")),
                               (sentence_start, sentence_end, ("ORG", "LOC", "TITLE"))):
        for entity in art.entities_in(start, end, labels):
            if entity.start in art.dateline or (entity.label == "ORG" and _MEDIA.search(entity.text)):
                continue
            found = _explicit(entity.text)
            if found is not None:
                return found
    return None


def _explicit(span: str | None) -> str | None:
    if not span:
        return None
    found = classify_region(span)
    return found[1] if found and found[0] != "relative" else None


def _subject_before(art: _Article, clause_start: int, verb: int, labels: Sequence[str], allow_venue: bool = False) -> Entity | None:
    """The entity that is the subject of the verb at ``verb`` (ORG召开…), if any."""
    candidates = [e for e in art.entities_in(clause_start, verb) if e.start not in art.dateline]
    if not candidates:
        return None
    # the last non-DATE entity before the verb
    trailing = [
        e for e in candidates
        if e.label != "DATE" and not (e.label == "LOC" and art.text[max(0, e.start - 1) : e.start] == "在")
    ]
    if not trailing:
        return None
    subject = trailing[-1]
    if subject.label not in labels:
        return None
    gap = art.plain(subject.end, verb)
    if len(gap) > 8 or _GAP_BREAK.search(gap):
        return None
    before = art.text[max(clause_start, subject.start - 2) : subject.start]
    if not allow_venue and _VENUE_BEFORE.search(before):
        return None
    if subject.label == "ORG" and (_MEDIA.search(subject.text) or art.text[subject.end : subject.end + 2] in ("消息", "报道")):
        return None
    # a coordinated list of subjects (自治区党委、自治区政府召开…): the first one
    while True:
        previous = art.previous_entity(subject)
        if previous is None or previous.label != subject.label or previous.start < clause_start:
            break
        if art.text[previous.end : subject.start] not in ("、", "和", "及", "与", "联合", "会同"):
            break
        subject = previous
    return subject


def _same_day(art: _Article, a: int, b: int) -> bool:
    """Two DATE spans (by start) name the same day, or one lies in the other's range."""
    value_a, value_b = art.date_value.get(a), art.date_value.get(b)
    if value_a == value_b:
        return True
    for day, span_range in ((value_a, art.date_range.get(b)), (value_b, art.date_range.get(a))):
        if day is not None and span_range is not None and span_range[0] <= day <= span_range[1]:
            return True
    return False


def _is_subsequence(short: str, long: str) -> bool:
    iterator = iter(long)
    return all(char in iterator for char in short)


@lru_cache(maxsize=4096)
def _names_alias(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= 2 and _is_subsequence(short, long)


# ---------------------------------------------------------------------------
# Events


def _build_events(art: _Article) -> tuple[list[_Event], list[_Mention]]:
    mentions: list[_Mention] = []
    for entity in art.entities:
        if entity.label == "MEETING" and not art.in_meta(entity.start):
            mentions.append(_classify_mention(art, entity, art.line_of(entity.start)))
    mentions.extend(_bare_mentions(art))
    mentions.sort(key=lambda m: m.start)
    anchors = [m for m in mentions if m.status in ("strong", "weak", "bare")]
    others = [m for m in mentions if m.status not in ("strong", "weak", "bare")]

    events: list[_Event] = []
    for mention in (m for m in anchors if not m.title):
        target = None
        if mention.name:
            for event in reversed(events):
                if _compatible(art, mention, event) or _sitting_of(art, mention, event):
                    target = event
                    break
        if target is not None:
            target.mentions.append(mention)
        else:
            events.append(_Event([mention]))
    # unclear mentions that repeat an event's name join it (对全省会议作批示)
    for mention in others:
        if mention.status == "unclear" and not mention.title:
            for event in reversed(events):
                if event.head.start < mention.start and _compatible(art, mention, event):
                    event.mentions.append(mention)
                    break
    # a bare "X召开会议" whose paragraph goes on to name the meetings is a summary
    named_lines = {(e.head.line, e.head.start) for e in events if e.head.name and e.head.status == "strong"}
    events = [
        e for e in events
        if e.head.name or not any(line == e.head.line and start > e.head.start for line, start in named_lines)
    ]
    for event in events:
        event.primary = any(m.status in ("strong", "bare") for m in event.mentions)
        event.mentions.sort(key=lambda m: m.start)
    events.sort(key=lambda e: e.head.start)
    # title-block mentions join the body event they repeat
    for mention in (m for m in anchors if m.title):
        target = None
        for event in events:
            if not event.mentions:
                continue
            if mention.name is None or any(_names_alias(mention.name, n.name) for n in event.names() if n.name):
                target = event
                break
        if target is None and mention.name is None and events:
            target = events[0]
        if target is not None:
            target.title_mentions.append(mention)
        else:
            events.append(_Event([], [mention]))
    return events, others


def _sitting_of(art: _Article, mention: _Mention, event: _Event) -> bool:
    """A sitting (举行第一次全体会议, 主持闭幕会) in the paragraph of the session that holds it."""
    if not mention.name or not _SITTING.match(mention.name):
        return False
    sessions = [m for m in event.mentions if m.name and _SESSION.search(m.name)]
    if not sessions or sessions[-1].line != mention.line:
        return False
    if mention.date is not None:
        for other in event.mentions:
            if other.date is not None and not _same_day(art, mention.date, other.date):
                return False
    return True


def _compatible(art: _Article, mention: _Mention, event: _Event) -> bool:
    names = [m for m in event.mentions if m.name]
    if not mention.name or not names:
        return False
    if not any(_names_alias(mention.name, m.name) for m in names if m.name):
        return False
    last = event.mentions[-1]
    if art.clause(last.start) == art.clause(mention.start):
        return False
    if mention.status in ("strong", "weak") and mention.line != last.line and mention.name not in {m.name for m in names}:
        clause_start, clause_end = art.clause(mention.start)
        if _CONVENE_REPORTED.search(art.text[clause_start:clause_end]):
            return False
    if mention.date is not None:
        for other in event.mentions:
            if other.date is not None and not _same_day(art, mention.date, other.date):
                return False
    for other in event.mentions:
        if mention.region is not None and other.region is not None and other.region != mention.region:
            return False
        if mention.subject is not None and other.subject is not None and other.subject != mention.subject:
            return False  # 国务院台办举行例行新闻发布会 / 商务部举行例行新闻发布会
    return True


# ---------------------------------------------------------------------------
# Passages


def _assign_passages(art: _Article, events: list[_Event]) -> None:
    body = sorted((e for e in events if e.mentions), key=lambda e: e.head.start)
    heads = [(e, e.head, art.sentence(e.head.start), art.clause(e.head.start)) for e in body]

    def coordinated(a: tuple, b: tuple) -> bool:  # 出席A和B: one clause, two named meetings
        return a[1].name is not None and b[1].name is not None and a[3] == b[3]

    starts: list[int] = []
    for index, current in enumerate(heads):
        shares_sentence = any(o[2][0] == current[2][0] and not coordinated(o, current) for o in heads[:index])
        starts.append(current[3][0] if shares_sentence else current[2][0])
    for index, current in enumerate(heads):
        event, head, (_, sentence_end) = current[0], current[1], current[2]
        start = starts[index]
        if not event.primary:
            event.passage = (start, sentence_end)
            continue
        end = _chain_end(art, head.line)
        for other_index in range(index + 1, len(heads)):
            other = heads[other_index]
            if other[0].primary and other[1].start > head.start and not coordinated(current, other):
                end = min(end, max(starts[other_index], start))
                break
        event.passage = (start, max(end, start))
    for event in events:
        if not event.mentions:  # only in the title block
            lines = sorted({m.line for m in event.title_mentions})
            event.passage = (art.lines[lines[0]][0], art.lines[lines[-1]][1])


def _chain_end(art: _Article, line: int) -> int:
    end = art.lines[line][1]
    for index in range(line + 1, len(art.lines)):
        kind = art.line_kind[index]
        start, stop = art.lines[index]
        if kind in ("meta", "heading", "title"):
            break
        first = art.entities_in(start, stop)
        if first and first[0].start == start and first[0].label == "DATE":
            break
        if _LEADING_STOP.match(art.text[start:stop]):
            break
        end = stop
    return end


# ---------------------------------------------------------------------------
# People


@dataclass
class _PersonMention:
    entity: Entity
    titles: list[Entity]
    roles: list[tuple[str, Span]]
    chain_start: int


def _title_chains(art: _Article) -> dict[int, tuple[list[Entity], int]]:
    """For every PER start: its TITLE spans and where its title chain starts."""
    chains: dict[int, tuple[list[Entity], int]] = {}
    post_titles: set[int] = set()
    entities = art.entities
    for index, entity in enumerate(entities):
        if entity.label != "PER":
            continue
        following = entities[index + 1] if index + 1 < len(entities) else None
        if following is not None and following.label == "TITLE" and following.start == entity.end:
            after = entities[index + 2] if index + 2 < len(entities) else None
            if not (after is not None and after.label == "PER" and _SEPARATORS.match(art.text[following.end : after.start])
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
            gap = art.text[candidate.end : chain_start]
            if candidate.label != "TITLE" or candidate.start in post_titles or len(gap) > 2 or not _SEPARATORS.match(gap):
                break
            before.insert(0, candidate)
            chain_start = candidate.start
            cursor -= 1
        titles = list(before)
        if not titles and cursor >= 0:
            previous = entities[cursor]
            gap = art.text[previous.end : entity.start]
            if previous.label == "PER" and gap in ("、", "，", ",") and previous.start in chains:
                titles = [t for t in chains[previous.start][0] if t.end <= previous.start]  # shared list
        following = entities[index + 1] if index + 1 < len(entities) else None
        if following is not None and following.start in post_titles:
            titles.append(following)
        chains[entity.start] = (titles, chain_start)
    return chains


def _person_mentions(art: _Article, chains: dict[int, tuple[list[Entity], int]]) -> dict[int, _PersonMention]:
    """Every PER mention with its titles and the roles the text gives it."""
    persons = [e for e in art.entities if e.label == "PER"]
    result: dict[int, _PersonMention] = {}
    for position in range(len(persons) - 1, -1, -1):
        entity = persons[position]
        titles, chain_start = chains.get(entity.start, ([], entity.start))
        sentence_start, sentence_end = art.sentence(entity.start)
        next_person = persons[position + 1] if position + 1 < len(persons) else None
        scan_end = sentence_end
        next_chain = None
        if next_person is not None and next_person.start < sentence_end:
            next_chain = chains.get(next_person.start, ([], next_person.start))[1]
            scan_end = min(scan_end, next_chain)
        scan_start = entity.end
        post = [t for t in titles if t.start >= entity.end]
        if post:
            scan_start = post[-1].end
        roles: list[tuple[str, Span]] = []
        clause_start = art.clause(chain_start)[0]
        if _in_byline(art, entity.start):
            result[entity.start] = _PersonMention(entity, titles, [], chain_start)
            continue
        cited = bool(_CITED_PERSON_BEFORE.search(art.text[clause_start:chain_start]))
        if cited:  # 传达了市委书记X的批示: an instruction still makes an instructor
            roles = [r for r in _roles_in(art, scan_start, scan_end) if r[0] == "instructor"]
        else:
            roles = _roles_in(art, scan_start, scan_end)
            label_role = _label_role(art, chain_start)
            if label_role:
                roles.insert(0, label_role)
            if not roles and next_chain is not None and next_person.start in result:
                gap = art.plain(scan_start, next_chain)
                if _LIST_GAP.match(art.text[scan_start:next_chain]) or (not gap.strip("、，, 和及等")):
                    roles = list(result[next_person.start].roles)
        result[entity.start] = _PersonMention(entity, titles, roles, chain_start)
    # 他强调 / 她指出: the roles go to the person named last before the pronoun
    for match in _PRONOUN.finditer(art.text):
        position = match.start()
        if art.owner[position] >= 0 or art.in_meta(position):
            continue
        before = [p for p in persons if p.end <= position and art.line_of(p.start) >= art.line_of(position) - 1]
        if not before:
            continue
        antecedent = before[-1]
        sentence_end = art.sentence(position)[1]
        later = [p for p in persons if p.start > position and p.start < sentence_end]
        scan_end = chains.get(later[0].start, ([], later[0].start))[1] if later else sentence_end
        roles = _roles_in(art, match.end(), scan_end)
        if roles:
            result[position] = _PersonMention(antecedent, [], roles, position)
    return result


_PRONOUN = re.compile(r"(?:(?<=^)|(?<=[，,。；;：:\n]))[他她](?!们)")


def _in_byline(art: _Article, position: int) -> bool:
    """A name inside （记者 X、Y） or a similar credit."""
    opening = art.text.rfind("（", max(0, position - 30), position)
    if opening < 0:
        return False
    inside = art.text[opening:position]
    return "）" not in inside and bool(_BYLINE.search(inside))


def _roles_in(art: _Article, start: int, end: int) -> list[tuple[str, Span]]:
    text = art.text
    segment = text[start:end]
    found: list[tuple[str, Span]] = []
    for role, pattern in _ROLE_PATTERNS:
        for match in pattern.finditer(segment):
            absolute = start + match.start()
            if art.owner[absolute] >= 0:  # inside an entity (a meeting or document name)
                continue
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
            found.append((role, (absolute, start + match.end())))
            break
    if not any(role == "chair" for role, _ in found):
        convened = _PERSON_CONVENES.match(segment)
        if convened and not _WILL.search(convened.group()):
            position = start + convened.end() - 2
            found.insert(0, ("chair", (position, position + 2)))
    return found


def _label_role(art: _Article, chain_start: int) -> tuple[str, Span] | None:
    """主持人：/发布人： on the same line before the name, or as the line above."""
    if not art.has_labels:
        return None
    line = art.line_of(chain_start)
    line_start = art.lines[line][0]
    candidates = [art.text[line_start:chain_start]]
    for index in range(line - 1, -1, -1):  # walk up a list of "title name" lines
        start, end = art.lines[index]
        text = art.text[start:end]
        if text.endswith(("：", ":")):
            candidates.append(text)
            break
        if art.line_kind[index] != "body" or any(c in text for c in "。！？；"):
            break
    for candidate in candidates:
        for label, role in _LABEL_ROLE:
            if re.search(label + r"\s*[：:]\s*$", candidate):
                offset = art.text.find(label, max(0, chain_start - 400))
                return role, (offset, offset + len(label)) if offset >= 0 else (chain_start, chain_start)
    return None


def _collect_people(art: _Article, spans: list[Span], mentions: dict[int, _PersonMention],
                    article_titles: dict[str, list[Entity]]) -> list[Person]:
    people: dict[str, Person] = {}
    positions = sorted(mentions)
    for start, end in spans:
        for key in positions[bisect_left(positions, start) : bisect_left(positions, end)]:
            mention = mentions[key]
            entity = mention.entity
            if not mention.roles or art.in_meta(key):
                continue
            person = people.get(entity.text)
            if person is None:
                person = people[entity.text] = Person(entity.text, name_span=(entity.start, entity.end))
            for title in mention.titles:
                if title.text not in person.titles:
                    person.titles.append(title.text)
                    person.title_spans.append((title.start, title.end))
            for role, span in mention.roles:
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


# ---------------------------------------------------------------------------
# Slots


def _event_date(art: _Article, event: _Event, previous: tuple[str | None, str | None, Span | None] | None
                ) -> tuple[str | None, str | None, Span | None]:
    def pick(entity: Entity | None) -> tuple[str | None, str | None, Span | None] | None:
        if entity is None:
            return None
        value = art.date_value.get(entity.start)
        return (value.isoformat() if value else None, entity.text, (entity.start, entity.end))

    def usable(entities: list[Entity]) -> list[Entity]:
        return [e for e in entities if art.date_usable.get(e.start)]

    found: list[Entity] = []
    for mention in event.mentions + event.title_mentions:
        sentence_start, sentence_end = art.sentence(mention.start)
        before = usable(art.entities_in(sentence_start, mention.start, ("DATE",)))
        if before:
            found.append(before[-1])
        elif mention.date is not None:
            found.append(art.entities[art.index_of(Entity(mention.date, mention.date + 1, "DATE", ""))])
        else:
            after = usable(art.entities_in(mention.end, sentence_end, ("DATE",)))
            if after:
                found.append(after[0])
    if found:
        first = found[0]
        span_range = art.date_range.get(first.start)
        trip = _TRIP.search(art.text[slice(*art.sentence(first.start))])
        if span_range is not None and trip:  # 8月23日至24日在X调研 … 24日下午召开的座谈会: the specific day
            for other in found[1:]:
                day = art.date_value.get(other.start)
                if other.start not in art.date_range and day is not None and span_range[0] <= day <= span_range[1]:
                    return pick(other)  # type: ignore[return-value]
        return pick(first)  # type: ignore[return-value]
    head = event.head
    if not head.title:
        line_start = art.lines[head.line][0]
        before = usable(art.entities_in(line_start, head.start, ("DATE",)))
        if before:
            return pick(before[-1])  # type: ignore[return-value]
    if previous is not None:
        return previous
    return (None, None, None)


def _event_meeting(event: _Event) -> tuple[str | None, Span | None]:
    # the most specific name, wherever it stands: a headline often names the
    # meeting in full (中央应对新冠肺炎疫情工作领导小组会议) and the body by its
    # short form (领导小组会议)
    named = [m for m in event.mentions + event.title_mentions if m.name]
    if not named:
        return None, None
    best = max(named, key=lambda m: (len(m.name or ""), -m.start))
    return best.name, (best.start, best.end)


def _national_name(name: str, others: list[_Mention]) -> _Mention | None:
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


def _event_organizer(art: _Article, event: _Event) -> Entity | None:
    for mention in event.mentions + event.title_mentions:
        clause_start, clause_end = art.clause(mention.start)
        if mention.name is not None:
            index = art.index_of(Entity(mention.start, mention.end, "MEETING", ""))
            previous = art.entities[index - 1] if index > 0 else None
            if (previous is not None and previous.label == "ORG" and art.text[previous.end : mention.start] in ("", "的")
                    and previous.start not in art.dateline and not _MEDIA.search(previous.text)):
                return previous  # 在国务院新闻办公室新闻发布会上
        verbs: list[int] = []
        if mention.verb is not None:
            verbs.append(mention.verb)
        for match in _CONVENE_VERB.finditer(art.text[clause_start:mention.start]):
            verbs.append(clause_start + match.start())
        for verb in sorted(set(verbs), reverse=True):
            if verb >= mention.start and mention.name is not None:
                continue
            relative_clause = art.text[verb:mention.start].rstrip().endswith("的")
            subject = _subject_before(art, clause_start, verb, ("ORG",), allow_venue=relative_clause)
            if subject is not None:
                return subject
    return None


def _event_region(art: _Article, event: _Event, meeting: str | None, organizer: Entity | None,
                  people: list[Person]) -> tuple[str | None, Span | None]:
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
    for person in chairs:
        sources.extend(zip(person.titles, person.title_spans or [None] * len(person.titles)))
    for source, span in sources:
        result = consider(source, span)
        if result:
            return result
    # places and bodies in the clause and sentence of the meeting
    for mention in event.mentions + event.title_mentions:
        clause_start, clause_end = art.clause(mention.start)
        sentence_start, sentence_end = art.sentence(mention.start)
        for start, end, labels in ((clause_start, clause_end, ("LOC", "ORG")), (sentence_start, sentence_end, ("LOC",))):
            for entity in art.entities_in(start, end, labels):
                if entity.start in art.dateline or (entity.label == "ORG" and _MEDIA.search(entity.text)):
                    continue
                result = consider(entity.text, (entity.start, entity.end))
                if result and result[0] != NATIONAL:
                    return result
    for person in people:
        for title, span in zip(person.titles, person.title_spans):
            classify = classify_region(title)
            if classify and classify[0] == "relative":
                relative.append((classify[1], span[0]))
    head = event.head
    line_start = art.lines[head.line][0] if art.lines else 0
    for level, _ in relative:
        region = art.regions.resolve(level, before=head.start, after=line_start)
        if region is not None:
            return region, None
    for person in people:
        for title, span in zip(person.titles, person.title_spans):
            found = classify_region(title)
            if found and found[0] == "explicit":
                return found[1], span
    return art.regions.dominant(), None


# ---------------------------------------------------------------------------
# Entry point


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
    art = _Article(text, entities, published)
    if not art.lines:
        return []
    events, others = _build_events(art)
    _assign_passages(art, events)
    chains = _title_chains(art)
    person_mentions = _person_mentions(art, chains)
    article_titles: dict[str, list[Entity]] = {}
    for mention in person_mentions.values():
        bucket = article_titles.setdefault(mention.entity.text, [])
        for title in mention.titles:
            if all(t.text != title.text for t in bucket):
                bucket.append(title)
    for bucket in article_titles.values():
        bucket.sort()

    summaries = sorted({art.sentence(m.start()) for m in _SUMMARY.finditer(text) if not art.in_meta(m.start())})
    # sentences that name an event outside its own passage belong to that event only
    claimed: list[tuple[Span, int]] = []
    for index, event in enumerate(events):
        for mention in event.mentions[1:]:
            if not event.passage[0] <= mention.start < event.passage[1]:
                claimed.append((art.sentence(mention.start), index))
    records: list[MeetingRecord] = []
    previous_date: tuple[str | None, str | None, Span | None] | None = None
    for index, event in enumerate(events):
        own = {art.sentence(m.start) for m in event.mentions}
        holes = [span for span, owner in claimed if owner != index and span not in own]
        spans = _subtract([event.passage], holes)
        for mention in event.mentions[1:]:
            if not event.passage[0] <= mention.start < event.passage[1]:
                spans.append(art.sentence(mention.start))  # 副省长X出席全体会议并参加专题学习
        if event.title_mentions and event.mentions:
            spans.extend(sorted({art.lines[m.line] for m in event.title_mentions}))
        if event.mentions:  # 副省长X出席上述会议: every meeting reported before
            spans.extend(span for span in summaries if span[0] > event.head.start and span[0] >= event.passage[1])
        people = _collect_people(art, spans, person_mentions, article_titles)
        date, date_text, date_span = _event_date(art, event, previous_date)
        if date_text is not None:
            previous_date = (date, date_text, date_span)
        meeting, meeting_span = _event_meeting(event)
        organizer = _event_organizer(art, event)
        region, region_span = _event_region(art, event, meeting, organizer, people)
        if region == NATIONAL and meeting is not None:
            better = _national_name(meeting, others)
            if better is not None:
                meeting, meeting_span = better.name, (better.start, better.end)
        documents: list[str] = []
        document_spans: list[Span] = []
        for start, end in spans:
            for entity in art.entities_in(start, end, ("DOC",)):
                if entity.text not in documents and not art.in_meta(entity.start):
                    documents.append(entity.text)
                    document_spans.append((entity.start, entity.end))
        records.append(
            MeetingRecord(
                date=date,
                date_text=date_text,
                region=region,
                meeting=meeting,
                organizer=organizer.text if organizer else None,
                people=people,
                documents=documents,
                passage=event.passage,
                date_span=date_span,
                region_span=region_span,
                meeting_span=meeting_span,
                organizer_span=(organizer.start, organizer.end) if organizer else None,
                document_spans=document_spans,
            )
        )
    return records

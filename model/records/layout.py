"""Layout step: lines, title block, meta lines, sentences, clauses; then the date readings and region context.

Lines are paragraphs; meta lines (来源/上一篇/责任编辑 …) are ignored, leading
lines without sentence punctuation form the title block. Sentences end at
。！？；, clauses at ，：and full-width spaces (never inside an entity).

Dates are read in reading order (``model.dates.DateContext``): report
datelines (…6月21日电), planned dates (将于…) and deadlines (有效期至…) do not
become "the date mentioned before"; a dateline or 今天（4月17日） sets the day
that 今天/昨天 refer to. Every place and body outside a dateline feeds the
article's region context (relative names such as 省委 resolve against it).
"""
from __future__ import annotations

import re

from model.dates import DateContext, resolve_range
from model.region_resolver import RegionContext

from .doc import Doc

__all__ = ["annotate"]

_SENTENCE_END = frozenset("。！？!?；;")
_CLAUSE_END = _SENTENCE_END | frozenset("，,：:\u3000")
_SENTENCE_END_RE = re.compile("[" + re.escape("".join(sorted(_SENTENCE_END))) + "]")
_CLAUSE_END_RE = re.compile("[" + re.escape("".join(sorted(_CLAUSE_END))) + "]")
_META_LINE = re.compile(
    r"^\s*(?:上一篇|下一篇|来源|发布时间|时间[:：]|作者|责编|责任编辑|编辑[:：]|【|（完）|\(完\)|资料\s*[|｜]|"
    r"浏览|字号|分享到|扫一扫)"
)
_META_ANYWHERE = re.compile(r"来源[:：].{0,40}(?:时间|日期)[:：]|浏览次数|发布日期[:：]")
_REPORT_AFTER = ("电", "讯", "报道", "消息", "发布", "播发", "刊发")
_DATE_NOT_EVENT_BEFORE = re.compile(r"(?:将于|将在|将|预计|计划|拟于|拟|定于|至|截至|截止|到|有效期至)$")
#: …以来, 2026年第二次集体学习 / 2025年度报告: the date counts or names, it does not date an event
_DATE_NOT_EVENT_AFTER = ("前后", "起", "以来", "至今", "之前", "前", "第", "度")
_FUTURE_AFTER = re.compile(r"将(?!近|其|军)|预计")


def annotate(doc: Doc) -> None:
    """Write the layout, the date readings and the region context into ``doc``."""
    _lines(doc)
    _resolve_dates(doc)
    _region_context(doc)


def _lines(doc: Doc) -> None:
    text = doc.text
    doc.lines = []
    doc.line_kind = []
    position = 0
    for raw in text.split("\n"):
        start, end = position, position + len(raw)
        position = end + 1
        while start < end and text[start] in " \t\r\u3000":
            start += 1
        while end > start and text[end - 1] in " \t\r\u3000":
            end -= 1
        if start < end:
            doc.lines.append((start, end))
    doc.line_starts = [s for s, _ in doc.lines]
    seen_body = False
    last = len(doc.lines) - 1
    for index, (start, end) in enumerate(doc.lines):
        kind = _line_kind(doc, start, end)
        if kind == "long":  # a long headline (main title and subtitles in one line) before the body
            kind = "title" if not seen_body and index < last else "body"
        if kind == "heading" and not seen_body:
            kind = "title"
        if kind == "body":
            seen_body = True
        doc.line_kind.append(kind)
    sentence_ends: set[int] = set()
    clause_ends: set[int] = set()
    for start, end in doc.lines:
        sentence_ends.add(end)
        clause_ends.add(end)
    for match in _CLAUSE_END_RE.finditer(text):
        position = match.start()
        if doc.owner[position] >= 0:
            continue
        clause_ends.add(position + 1)
        if match.group() in _SENTENCE_END:
            sentence_ends.add(position + 1)
    doc.sentence_ends = sorted(sentence_ends)
    doc.clause_ends = sorted(clause_ends)


def _line_kind(doc: Doc, start: int, end: int) -> str:
    line = doc.text[start:end]
    if _META_LINE.match(line) or _META_ANYWHERE.search(line):
        return "meta"
    if _SENTENCE_END_RE.search(line) or line.endswith(("：", ":")):
        return "body"
    if len(line) > 60:
        return "long"
    inside = doc.entities_in(start, end)
    if inside and all(e.label in ("PER", "TITLE") for e in inside):
        loose = len(line) - sum(e.end - e.start for e in inside)
        if loose <= 3:
            return "body"  # a "title + name" line of a speaker list
    return "heading"


def _resolve_dates(doc: Doc) -> None:
    context = DateContext(doc.published)
    doc.date_value = {}
    doc.date_range = {}
    doc.date_usable = {}
    doc.dateline = set()
    for entity in doc.entities:
        if entity.label != "DATE":
            continue
        after = doc.text[entity.end : entity.end + 3]
        before = doc.text[max(0, entity.start - 5) : entity.start]
        report = after.startswith(_REPORT_AFTER) or before.endswith("据")
        meta = doc.in_meta(entity.start)
        sentence_end = doc.sentence(entity.start)[1]
        not_event = (bool(_DATE_NOT_EVENT_BEFORE.search(before)) or after.startswith(_DATE_NOT_EVENT_AFTER)
                     or bool(_FUTURE_AFTER.search(doc.text[entity.end : min(sentence_end, entity.end + 20)])))
        usable = not (report or meta or not_event)
        previous_anchor = context.previous
        doc.date_value[entity.start] = context.resolve(entity.text, anchor=usable)
        span_range = resolve_range(entity.text, doc.published, previous_anchor, context.today)
        if span_range is not None:
            doc.date_range[entity.start] = span_range
        doc.date_usable[entity.start] = usable
        if doc.date_value[entity.start] is not None and (
            after.startswith(("电", "讯")) or (entity.text.startswith(("今天", "今日")) and "（" in entity.text)
        ):
            context.today = doc.date_value[entity.start]  # 本报杭州3月1日电　今天… / 今天（4月17日）
        if report:  # 新华社北京6月21日电: the place and agency are no event's
            previous = doc.previous_entity(entity)
            while previous is not None and previous.label in ("ORG", "LOC") and not doc.text[previous.end : entity.start].strip("　 "):
                doc.dateline.add(previous.start)
                entity = previous
                previous = doc.previous_entity(previous)


def _region_context(doc: Doc) -> None:
    doc.regions = RegionContext()
    for entity in doc.entities:
        if entity.label in ("LOC", "ORG", "TITLE", "MEETING", "DOC") and entity.start not in doc.dateline:
            doc.regions.add(entity.text, entity.start, 2 if entity.label == "LOC" else 1)

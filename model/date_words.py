"""Calendar words that are always DATE, for the tagger to miss no more.

The guide's 2026-12-01 revision made every calendar expression a DATE,
relative ones included (近期, 这两天, 三年前, 去年同期, 第二天:
data/real/CONVENTIONS.md). The real-news annotation follows it without
exception for the words below (real-train: 近期 45 of 45 occurrences,
这几天 5 of 5, 不久前 3 of 3, 去年同期 4 of 4), yet the tagger, which learned
most of its dates from text written before the revision, tags them only now
and then (近期: 25 of 45 on real-train, 0 of 5 on real-dev). So an
occurrence that no entity overlaps becomes a DATE span.

Holiday periods (国庆中秋假期, “五一”假期, 去年国庆节假期) are DATE spans
too, and the annotation always takes the whole phrase; the tagger misses
them or stops at the holiday (去年国庆节|假期). So an untagged one is added,
and a DATE that ends inside one, having started at or before it, is
widened to its end.

A running total counted from the start of the year (前三季度, 前10个月)
is one DATE; the tagger often leaves out the 前 (real-train: 三季度 for
前三季度 10 times of 12), so a DATE that starts with such a count right after
前 is widened to take it.

Only closed words are listed: ones that name a time and nothing else.
Words that the guide leaves untagged (当前, 目前, 近年来, 如今, 未来) and
words that are DATE only in some uses (同期, 以来, 假期) are not.

The edges of DATE spans (:func:`apply_date_edge_rule`, a rule of its own).
The guide leaves vague periods untagged (近年来, 多年来, 长期以来, 目前:
real-train never tags them, 52 times), yet the tagger tags 近年来 now and
then: such a span is dropped. The annotation dates 当地时间14日 by 14日 alone
(26 of 26 times), so a DATE that starts with 当地时间 or 北京时间 loses it. A
time cut before its last unit (上午10时40|分许, 下午5|点) is widened to take
it. And 今天 standing for "our time" (的今天, 发展到今天, 今天的中国,
与今天我们…), untagged by the annotation, is dropped.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from .entities import Entity
from .span_index import SpanIndex

#: Words that are a DATE wherever they stand.
DATE_WORDS: tuple[str, ...] = (
    "近期", "这两天", "这几天", "不久前", "前不久", "去年同期", "第二天", "上月", "上年", "来年", "明天", "今明两天", "新的一年",
)
_NUMBER = "0-9０-９一二三四五六七八九十两几"
#: N年前 (十年前, 3年前), N天前, N个月前: a time counted back from the story (not 2019年前, "before 2019").
_DATE = re.compile("|".join(DATE_WORDS) + r"|(?:[0-9０-９]{1,2}|[一二三四五六七八九十两几]+)(?:年|天|个月)前")

_HOLIDAY = r"(?:国庆中秋|中秋国庆|国庆节|中秋节|春节|国庆|中秋|五一|劳动节|端午节?|清明节?|元旦|暑|寒)"
#: A holiday period, with the year it is in (期间 after it stays outside, as in real-train's annotation).
_HOLIDAY_PERIOD = re.compile(rf"(?:今年|去年|明年)?“?{_HOLIDAY}”?{_HOLIDAY}?(?:假期|长假|小长假)")


def _widen_to_holiday_periods(text: str, index: SpanIndex) -> None:
    """Each DATE that ends inside a holiday period it starts at or before, widened to the period's end;
    an untagged period added."""
    for match in _HOLIDAY_PERIOD.finditer(text):
        start, end = match.span()
        overlapping = index.overlapping(start, end)
        if not overlapping:
            index.add(Entity(start, end, "DATE", match.group(), 1.0))
        elif len(overlapping) == 1 and overlapping[0].label == "DATE" and overlapping[0].start <= start < overlapping[0].end < end:
            date = overlapping[0]
            index.replace([date], Entity(date.start, end, "DATE", text[date.start : end], date.score))


#: A count of quarters or months from the start of a year (三季度, 10个月, 八个月), taken with a 前 before it.
_COUNT_FROM_START = re.compile(r"(?:[一二三四1-4１-４]季度|[0-9０-９一二三四五六七八九十两]{1,3}个?月)")


def _widen_to_running_totals(text: str, entities: list[Entity]) -> list[Entity]:
    """Each DATE that starts with a count of quarters or months right after 前 (前|三季度) widened to take the 前."""
    taken = {e.end for e in entities}
    for index, entity in enumerate(entities):
        start = entity.start
        if entity.label == "DATE" and start > 0 and text[start - 1] == "前" and start not in taken:
            if _COUNT_FROM_START.match(entity.text):
                entities[index] = Entity(start - 1, entity.end, "DATE", text[start - 1 : entity.end], entity.score)
    return entities


def apply_date_word_rule(text: str, entities: Sequence[Entity]) -> list[Entity]:
    """Entities with each untagged date word (近期, 三年前) and holiday period added as a DATE span."""
    index = SpanIndex(_widen_to_running_totals(text, list(entities)))
    _widen_to_holiday_periods(text, index)
    for match in _DATE.finditer(text):
        start, end = match.span()
        if start > 0 and re.match(f"[{_NUMBER}]", text[start - 1]):
            continue  # part of a longer number
        if not index.overlapping(start, end):
            index.add(Entity(start, end, "DATE", match.group(), 1.0))
    return index.to_list()


#: Vague periods the guide leaves untagged (not tied to a calendar point).
_VAGUE = re.compile(r"(?:近年来?|近些年来?|多年来|长期以来|目前|当前|新时代|过去[0-9一二三四五六七八九十两几]+年(?:来|间)?)")
#: A clock reading's name of its zone, outside the DATE by the annotation.
_ZONE_PREFIXES: tuple[str, ...] = ("当地时间", "北京时间")
#: The unit a time cut after its digits still needs (10时40 + 分许, 下午5 + 点).
_TIME_UNIT = re.compile(r"分许|分|点半|点|时许|时")
#: 今天 as "our time": after 的, 到 or 与, or before 的中国 or 我们.
_TODAY = "今天"
_FIGURATIVE_BEFORE = ("的", "到", "与")
_FIGURATIVE_AFTER = ("的中国", "我们")


def _figurative_today(text: str, entity: Entity) -> bool:
    """Whether a DATE 今天 stands for the present age, not the day of the story."""
    before = text[entity.start - 1] if entity.start > 0 else ""
    return entity.text == _TODAY and (before in _FIGURATIVE_BEFORE or text.startswith(_FIGURATIVE_AFTER, entity.end))


def apply_date_edge_rule(text: str, entities: Sequence[Entity]) -> list[Entity]:
    """Entities without DATE spans of vague periods or figurative 今天, with zone names cut off
    the front of DATE spans and a time's last unit taken in."""
    occupied = {i for e in entities for i in range(e.start, e.end)}
    result = []
    for entity in entities:
        if entity.label != "DATE":
            result.append(entity)
            continue
        if _VAGUE.fullmatch(entity.text) or _figurative_today(text, entity):
            continue
        prefix = next((p for p in _ZONE_PREFIXES if entity.text.startswith(p) and len(entity.text) > len(p)), "")
        start, end = entity.start + len(prefix), entity.end
        unit = _TIME_UNIT.match(text, end) if entity.text[-1].isdigit() else None
        if unit and not occupied.intersection(range(end, unit.end())):
            end = unit.end()
        if (start, end) != (entity.start, entity.end):
            entity = Entity(start, end, "DATE", text[start:end], entity.score)
        result.append(entity)
    return result

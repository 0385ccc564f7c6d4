"""Resolving Chinese date expressions (DATE spans) to ISO dates.

Pure Python, no third-party dependency. :func:`resolve_date` resolves one
expression against the publication date and the date mentioned before it;
:class:`DateContext` walks the DATE spans of an article in reading order and
keeps "the date mentioned before" up to date (同日 chains).

Handled: 2023年3月5日, 2023-06-09 10:21, 11月12日, 12日/12号, 11日下午,
今天（10月15日）下午 (the parenthetical wins), 今天/今日/今晚, 昨天/昨日/昨晚,
前天, 当天/当日/同日/同一天/当晚 (= the date mentioned before), 次日/第二天,
前一天 (relative to the date mentioned before),
本月/上月 + day, 去年/今年 + month-day, (上)周X / 星期X, Chinese numerals
(十一月十二日, 二〇二二年), ranges (19日至21日, 11月19日—21日, 6-8日: the first
day). Vague expressions (近日, 日前, 近期, 连日来 …) resolve to None.

Year and month inference (no year or month written): the publication date is
the anchor; a day that would lie after publication falls in the previous
month, a month-day more than 30 days after publication falls in the previous
year (so 12月30日 in an article of 2 January is last December). Without a
publication date the date mentioned before is the anchor, and without either
the date is unknowable (None).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["resolve_date", "resolve_range", "parse_iso", "DateContext", "normalize_numerals", "is_vague"]

_FULLWIDTH = str.maketrans("０１２３４５６７８９－／．：～", "0123456789-/.:~")
_CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_NUMBER = re.compile(r"[零〇○一二两三四五六七八九十]+(?=[年月日号])")

_TODAY = ("今天", "今日", "今晨", "今晚", "今早", "今夜", "本日")
_YESTERDAY = ("昨天", "昨日", "昨晚", "昨夜", "昨晨", "昨早")
_DAY_BEFORE = ("前天", "前日", "前晚")
_TOMORROW = ("明天", "明日", "明晚")
_SAME = ("当天", "当日", "同日", "同一天", "同一日", "同天", "当晚", "当夜", "是日", "该日", "当天晚上", "即日")
_PREVIOUS_DAY = ("前一天", "前一日", "头一天")
_NEXT = ("次日", "翌日", "第二天", "隔天", "次日上午", "次日下午")
_VAGUE = ("近日", "日前", "近期", "此前", "不久前", "前不久", "目前", "连日来", "日内", "近来", "最近",
          "近段时间", "近年", "年初", "年底", "月初", "月底", "上旬", "中旬", "下旬", "期间")
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}

_ISO = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_YEAR_MONTH_DAY = re.compile(r"(?:(\d{4}|\d{2})年|(去年|今年|前年|明年))?(\d{1,2})月(?:份)?(\d{1,2})(?:日|号)?")
_MONTH_RANGE_DAY = re.compile(r"^(本月|上月|上个月|当月|下月)?(\d{1,2})\s*(?:[日号]|[-—–~至到])")
_WEEKDAY = re.compile(r"(上|本|这|下)?(?:个)?(?:周|星期|礼拜)([一二三四五六日天])")
_PAREN = re.compile(r"[（(]([^（）()]*)[)）]")


def _cn_to_int(word: str) -> int:
    if "十" not in word:  # digit by digit: 二〇二二
        value = 0
        for char in word:
            value = value * 10 + _CN_DIGITS[char]
        return value
    tens, _, units = word.partition("十")
    return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(units, 0) if units else 0)


def normalize_numerals(text: str) -> str:
    """Full-width digits to ASCII, Chinese numerals before 年/月/日/号 to Arabic."""
    text = text.translate(_FULLWIDTH)
    return _CN_NUMBER.sub(lambda m: str(_cn_to_int(m.group())), text)


def parse_iso(value: str | dt.date | None) -> dt.date | None:
    """A date from an ISO string (or a date); None when missing or invalid."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def is_vague(expression: str) -> bool:
    """True for expressions that name no particular day (近日, 日前 …)."""
    return expression.strip().startswith(_VAGUE)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _month_day(month: int, day: int, year: int | None, anchor: dt.date | None, published: dt.date | None) -> dt.date | None:
    if year is not None:
        return _safe_date(year, month, day)
    if anchor is None:
        return None
    candidate = _safe_date(anchor.year, month, day)
    if candidate is None:
        return None
    if published is not None and candidate > published + dt.timedelta(days=30):
        candidate = _safe_date(anchor.year - 1, month, day)
    return candidate


def _day_only(day: int, month_shift: int, anchor: dt.date | None, published: dt.date | None) -> dt.date | None:
    if anchor is None:
        return None
    year, month = _shift_month(anchor.year, anchor.month, month_shift)
    candidate = _safe_date(year, month, day)
    if month_shift == 0 and published is not None and (candidate is None or candidate > published + dt.timedelta(days=1)):
        year, month = _shift_month(year, month, -1)
        candidate = _safe_date(year, month, day)
    return candidate


def resolve_date(
    expression: str,
    published: str | dt.date | None = None,
    previous: dt.date | None = None,
    today: dt.date | None = None,
) -> dt.date | None:
    """Resolve one DATE expression; None when the day is unknowable.

    ``published`` is the publication date (ISO string or date), ``previous``
    the date mentioned before this expression (for 同日 / 当天 / 次日, and
    as the anchor when ``published`` is missing). ``today`` is the day the
    story was filed when it differs from publication (the dateline of
    本报杭州3月1日电 makes 今天 the 1st, 昨天 the 28th of February).
    """
    if not isinstance(expression, str):
        return None
    pub = parse_iso(published) if not isinstance(published, dt.date) else published
    text = normalize_numerals(expression).strip()
    if not text:
        return None
    # A parenthetical with a date wins: 今天（10月15日）下午
    for inner in _PAREN.findall(text):
        if re.search(r"\d", inner):
            found = resolve_date(inner, pub, previous, today)
            if found is not None:
                return found
    text = _PAREN.sub("", text)
    anchor = pub or previous

    match = _ISO.search(text)
    if match:
        return _safe_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    match = _YEAR_MONTH_DAY.search(text)
    if match:
        year: int | None = None
        if match.group(1):
            year = int(match.group(1))
            if year < 100:
                year += 2000
        elif match.group(2) and anchor is not None:
            year = anchor.year + {"去年": -1, "今年": 0, "前年": -2, "明年": 1}[match.group(2)]
        return _month_day(int(match.group(3)), int(match.group(4)), year, anchor, pub)
    match = _MONTH_RANGE_DAY.search(text)
    if match:
        shift = {None: 0, "本月": 0, "当月": 0, "上月": -1, "上个月": -1, "下月": 1}[match.group(1)]
        return _day_only(int(match.group(2)), shift, anchor, pub)
    if text.startswith(_VAGUE):
        return None
    if text.startswith(_SAME):
        return previous
    if text.startswith(_NEXT):
        return previous + dt.timedelta(days=1) if previous else None
    if text.startswith(_PREVIOUS_DAY):
        return previous - dt.timedelta(days=1) if previous else None
    day = today or pub
    if day is not None:
        if text.startswith(_TODAY):
            return day
        if text.startswith(_YESTERDAY):
            return day - dt.timedelta(days=1)
        if text.startswith(_DAY_BEFORE):
            return day - dt.timedelta(days=2)
        if text.startswith(_TOMORROW):
            return day + dt.timedelta(days=1)
    if pub is not None:
        match = _WEEKDAY.search(text)
        if match:
            monday = pub - dt.timedelta(days=pub.weekday())
            week = {"上": -1, "下": 1}.get(match.group(1) or "", 0)
            candidate = monday + dt.timedelta(days=7 * week + _WEEKDAYS[match.group(2)])
            if not match.group(1) and candidate > pub:
                candidate -= dt.timedelta(days=7)
            return candidate
    return None


_RANGE_SPLIT = re.compile(r"\s*(?:至|到|—|–|~|－|-(?!\d{1,2}[-/]))\s*")


def resolve_range(
    expression: str,
    published: str | dt.date | None = None,
    previous: dt.date | None = None,
    today: dt.date | None = None,
) -> tuple[dt.date, dt.date] | None:
    """First and last day of a range (19日至21日, 11月30日—12月2日); None when not a range."""
    text = normalize_numerals(expression)
    if _ISO.search(text) and not re.search(r"至|到|—", text):
        return None
    parts = _RANGE_SPLIT.split(text, maxsplit=1)
    if len(parts) != 2 or not parts[1]:
        return None
    first_text, last_text = parts
    if first_text.isdigit():
        first_text += "日"
    if last_text.isdigit():
        last_text += "日"
    first = resolve_date(first_text, published, previous, today)
    if first is None:
        return None
    last = resolve_date(last_text, None, first, None)
    if last is None or last < first:
        return None
    return first, last


@dataclass
class DateContext:
    """Resolves the DATE spans of one article in reading order.

    ``resolve(expression)`` returns the date and, when ``anchor`` is true
    (the default), makes it "the date mentioned before" for later
    expressions; set ``today`` once a dateline gives the filing day. Pass ``anchor=False`` for dates that do not place an event
    the story follows (report datelines, planned or deadline dates).
    """

    published: dt.date | None = None
    previous: dt.date | None = None
    #: the filing day of a dateline (…3月1日电), when the article has one
    today: dt.date | None = None

    def __post_init__(self) -> None:
        self.published = parse_iso(self.published)

    def resolve(self, expression: str, anchor: bool = True) -> dt.date | None:
        value = resolve_date(expression, self.published, self.previous, self.today)
        if anchor and value is not None:
            if self.published is None or value <= self.published + dt.timedelta(days=7):
                self.previous = value
        return value

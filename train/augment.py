"""Consistent swaps for training-time augmentation of annotated articles.

An augmented copy changes, everywhere at once (text, entity spans, records):

* person names: each distinct PER becomes another plausible name;
* the province: one province named in the article (full and short name,
  and its capital) becomes another, and records' ``region`` follows;
* dates: every day-of-month in DATE spans, the record dates and
  ``published`` shift by the same number of days, chosen so that no date
  leaves its month (relative dates such as 昨天 or 同日 stay right);
* meeting ordinals: 第48次 in a MEETING span becomes another number.

Edits are made through :func:`apply_edits`, which rebuilds the text and moves
every entity; an entity an edit falls inside gets its new text, and records
are rewritten through the old-text -> new-text map of each label. Every
augmented article is validated again by the caller (see the tests).
"""
from __future__ import annotations

import calendar
import copy
import datetime as dt
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from model.entities import Entity
from model.regions import PROVINCES

from .annotations import Article, parse_article

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "建国华明军平志强伟立新海东春光晓文斌宏涛亮峰刚勇毅俊杰欣怡敏静丽红霞云飞鹏辉雪梅玲秀兰英芳娜洁琳宁安康乐永德正宇航天元玉成兴振荣昌盛思源清泉嘉禾颖婷"
#: Capitals, swapped along with their province (other cities are left alone).
CAPITALS: dict[str, str] = {
    "河北省": "石家庄", "山西省": "太原", "辽宁省": "沈阳", "吉林省": "长春", "黑龙江省": "哈尔滨",
    "江苏省": "南京", "浙江省": "杭州", "安徽省": "合肥", "福建省": "福州", "江西省": "南昌",
    "山东省": "济南", "河南省": "郑州", "湖北省": "武汉", "湖南省": "长沙", "广东省": "广州",
    "海南省": "海口", "四川省": "成都", "贵州省": "贵阳", "云南省": "昆明", "陕西省": "西安",
    "甘肃省": "兰州", "青海省": "西宁", "内蒙古自治区": "呼和浩特", "广西壮族自治区": "南宁",
    "西藏自治区": "拉萨", "宁夏回族自治区": "银川", "新疆维吾尔自治区": "乌鲁木齐",
}
SWAPPABLE = [p for p in PROVINCES if p in CAPITALS]
_SUFFIXES = ("维吾尔自治区", "回族自治区", "壮族自治区", "自治区", "省", "市")
#: A day of the month written in digits (not the year's digits): 12日, 11月12日.
_DAY = re.compile(r"(?<![\d年])(\d{1,2})日")


def short_name(province: str) -> str:
    for suffix in _SUFFIXES:
        if province.endswith(suffix):
            return province[: -len(suffix)]
    return province


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    replacement: str


def apply_edits(article: Article, edits: Sequence[Edit]) -> tuple[str, list[Entity], dict[tuple[str, str], str]]:
    """Apply non-overlapping edits; return the new text, the moved entities and
    the (label, old text) -> new text map for rewriting records."""
    edits = sorted(edits, key=lambda e: e.start)
    for a, b in zip(edits, edits[1:]):
        if b.start < a.end:
            raise ValueError(f"overlapping edits at {a.start} and {b.start}")
    text = article.text
    pieces, position = [], 0
    # new_position[i] = where old character i lands (for offsets outside edits)
    shifts: list[tuple[int, int]] = []  # (old end of edit, cumulative delta after it)
    delta = 0
    for edit in edits:
        pieces.append(text[position : edit.start])
        pieces.append(edit.replacement)
        position = edit.end
        delta += len(edit.replacement) - (edit.end - edit.start)
        shifts.append((edit.end, delta))
    pieces.append(text[position:])
    new_text = "".join(pieces)

    def moved(offset: int) -> int:
        shift = 0
        for edit, (old_end, cumulative) in zip(edits, shifts):
            if edit.start < offset < edit.end:
                raise ValueError(f"an entity boundary ({offset}) falls inside an edit")
            if old_end <= offset:
                shift = cumulative
        return offset + shift

    entities, renames = [], {}
    for entity in article.entities:
        start, end = moved(entity.start), moved(entity.end)
        new = Entity(start, end, entity.label, new_text[start:end])
        entities.append(new)
        previous = renames.setdefault((entity.label, entity.text), new.text)
        if previous != new.text:  # the same string must map one way only
            raise ValueError(f"{entity.text!r} would become both {previous!r} and {new.text!r}")
    return new_text, entities, renames


def _rewrite_records(records: list[dict[str, Any]], renames: dict[tuple[str, str], str], region_map: dict[str, str], day_shift: int) -> list[dict[str, Any]]:
    def ren(label: str, value: str | None) -> str | None:
        return None if value is None else renames.get((label, value), value)

    out = []
    for record in copy.deepcopy(records):
        record["date_text"] = ren("DATE", record["date_text"])
        record["meeting"] = ren("MEETING", record["meeting"])
        record["organizer"] = ren("ORG", record["organizer"])
        record["region"] = region_map.get(record["region"], record["region"])
        if record["date"] is not None and day_shift:
            record["date"] = (dt.date.fromisoformat(record["date"]) + dt.timedelta(days=day_shift)).isoformat()
        for person in record["people"]:
            person["name"] = ren("PER", person["name"])
            person["titles"] = [ren("TITLE", t) for t in person["titles"]]
        record["documents"] = [ren("DOC", d) for d in record["documents"]]
        out.append(record)
    return out


def _find_all(text: str, needle: str, start: int = 0, end: int | None = None) -> list[int]:
    end = len(text) if end is None else end
    found, i = [], text.find(needle, start, end)
    while i != -1 and i + len(needle) <= end:
        found.append(i)
        i = text.find(needle, i + len(needle), end)
    return found


class Augmenter:
    """Makes consistent variants of articles; see the module docstring."""

    def __init__(self, seed: int = 0, names: bool = True, provinces: bool = True, dates: bool = True, ordinals: bool = True):
        self.rng = random.Random(seed)
        self.names, self.provinces, self.dates, self.ordinals = names, provinces, dates, ordinals

    def new_name(self, old: str) -> str:
        given = "".join(self.rng.choice(GIVEN) for _ in range(max(1, min(2, len(old) - 1))))
        return self.rng.choice(SURNAMES) + given

    def augment(self, article: Article) -> Article:
        edits: list[Edit] = []
        taken: list[tuple[int, int]] = []

        boundaries = {e.start for e in article.entities} | {e.end for e in article.entities}

        def add(start: int, end: int, replacement: str) -> None:
            if any(start < e and s < end for s, e in taken):
                return  # overlaps an earlier edit
            if any(start < b < end for b in boundaries):
                return  # would cut across an entity boundary
            taken.append((start, end))
            edits.append(Edit(start, end, replacement))

        if self.names:
            mapping: dict[str, str] = {}
            for entity in article.entities:
                if entity.label == "PER" and 2 <= len(entity.text) <= 4:
                    mapping.setdefault(entity.text, self.new_name(entity.text))
            for entity in article.entities:
                if entity.text in mapping and entity.label == "PER":
                    add(entity.start, entity.end, mapping[entity.text])
            # the same name elsewhere in the text (page noise, bylines) changes too
            for old, new in mapping.items():
                for i in _find_all(article.text, old):
                    add(i, i + len(old), new)

        region_map: dict[str, str] = {}
        if self.provinces:
            present = [p for p in SWAPPABLE if short_name(p) in article.text]
            if present:
                source = self.rng.choice(present)
                target = self.rng.choice([p for p in SWAPPABLE if p != source and short_name(p) not in article.text])
                region_map[source] = target
                pairs = [(source, target), (short_name(source), short_name(target)), (CAPITALS[source], CAPITALS[target])]
                for old, new in pairs:
                    for i in _find_all(article.text, old):
                        add(i, i + len(old), new)

        day_shift = 0
        if self.dates:
            day_shift = self._day_shift(article)
            if day_shift:
                for entity in article.entities:
                    if entity.label != "DATE":
                        continue
                    for match in _DAY.finditer(entity.text):
                        day = int(match.group(1)) + day_shift
                        add(entity.start + match.start(1), entity.start + match.end(1), str(day))

        if self.ordinals:
            numbers: dict[str, str] = {}  # one new number per old one, for every span that repeats it
            for entity in article.entities:
                if entity.label == "MEETING":
                    for match in re.finditer(r"第(\d+)次", entity.text):
                        new_number = numbers.setdefault(match.group(1), str(self.rng.randint(1, 60)))
                        add(entity.start + match.start(1), entity.start + match.end(1), new_number)

        new_text, entities, renames = apply_edits(article, edits)
        published = article.published
        if published is not None and day_shift:
            published = (dt.date.fromisoformat(published) + dt.timedelta(days=day_shift)).isoformat()
        data = Article(
            id=f"{article.id}~aug", text=new_text, entities=entities,
            records=_rewrite_records(article.records, renames, region_map, day_shift),
            published=published, source=article.source, extra=dict(article.extra),
        ).to_dict()
        return parse_article(data)  # validated again: a bad swap fails loudly

    def _day_shift(self, article: Article) -> int:
        """A shift that keeps every day-of-month within its month, or 0."""
        dates = [dt.date.fromisoformat(r["date"]) for r in article.records if r["date"]]
        if article.published:
            dates.append(dt.date.fromisoformat(article.published))
        days = [int(m.group(1)) for e in article.entities if e.label == "DATE" for m in _DAY.finditer(e.text)]
        if not dates and not days:
            return 0
        months = {(d.year, d.month) for d in dates}
        if len(months) != 1:
            return 0  # dates across months: a shift could cross a month boundary
        year, month = months.pop()
        last = calendar.monthrange(year, month)[1]
        all_days = days + [d.day for d in dates]
        low, high = 1 - min(all_days), min(last, 28) - max(all_days)
        choices = [k for k in range(low, high + 1) if k != 0]
        return self.rng.choice(choices) if choices else 0


def augment_articles(articles: Sequence[Article], seed: int = 0, copies: int = 1, **switches: bool) -> list[Article]:
    """The articles plus ``copies`` augmented variants of each annotated
    article (public-corpus sentences without records are copied as they are)."""
    augmenter = Augmenter(seed=seed, **switches)
    out = list(articles)
    for k in range(copies):
        for article in articles:
            if article.published is None and not article.records and not article.extra:
                continue  # a public NER sentence: nothing to swap consistently
            variant = augmenter.augment(article)
            variant.id = f"{article.id}~aug{k}"
            out.append(variant)
    return out

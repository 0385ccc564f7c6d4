"""Region resolution: entity spans and article context -> canonical region.

A span (LOC, ORG, TITLE or MEETING text) is classified as

* ``("explicit", 省名)``: it names a province-level division, a short or
  informal name of one (新疆, 三湘, 京 as a whole span), or a city, county or
  zone that lies in one (呼和浩特 -> 内蒙古自治区);
* ``("national", "全国")``: a body or meeting at national level (国务院…,
  党中央, 全国…会议, 国家…委, …部 at the start, 国新办 …);
* ``("relative", level)``: only a level without a name (省委, 全省, 自治区党委,
  市委书记); ``level`` is ``"province"``, ``"autonomous"`` or ``"city"``. The
  article context decides which division is meant (:class:`RegionContext`).
  A name shared by divisions of several provinces (朝阳区: 北京, 吉林) is
  relative too, with the level ``"among:吉林省|北京市"`` (:func:`among`): it
  resolves only to one of those provinces, and only when another name in the
  span (长春市朝阳区) or the article context says which;
* ``None``: nothing regional.

Names come from :mod:`model.regions` (every division down to county level).
Whatever comes first in the span wins, so 四川省贯彻全国…会议 is 四川省 and
全省贯彻全国…会议 is relative. Pure Python, table driven, no imports beyond
the standard library.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from model.regions import ALONE_NAMES, AMBIGUOUS, NATIONAL, PROVINCE_ABBREVIATIONS, REGION_NAMES, START_NAMES

__all__ = ["classify_region", "region_of", "RegionContext", "level_accepts", "among"]

#: National markers that count wherever they stand in a span.
_NATIONAL_ANYWHERE = (
    "全国", "党中央", "中共中央", "国务院", "国新办", "中央政治局", "中央委员会", "中央军委",
    "中央纪委", "国家监委", "十四届全国", "二十届", "团中央",
)
#: National markers that count only at the start of a span (they occur inside
#: provincial names too: 省教育部门, 国家级新区 …).
_NATIONAL_START = (
    "中央", "国家", "中国共产党第", "党的", "中共第", "最高人民", "总书记", "外交部", "国防部", "教育部", "科技部",
    "工业和信息化部", "工信部", "公安部", "民政部", "司法部", "财政部", "人力资源社会保障部",
    "人力资源和社会保障部", "人社部", "自然资源部", "生态环境部", "住房城乡建设部", "住房和城乡建设部",
    "住建部", "交通运输部", "水利部", "农业农村部", "商务部", "文化和旅游部", "文旅部",
    "退役军人事务部", "应急管理部", "审计署", "海关总署", "税务总局", "市场监管总局", "国资委",
    "中国人民银行", "人民银行", "证监会", "金融监管总局", "中国气象局",
)
_NATIONAL_RE = re.compile("|".join(sorted(map(re.escape, _NATIONAL_ANYWHERE), key=len, reverse=True)))
_RELATIVE_RE = re.compile(r"自治区|全区|全省|省委|省政府|省人大|省政协|全市|市委|市政府|市人大|市政协")
_LEADING_LEVEL = {"省": "province", "市": "city"}
_AMONG = "among:"


def _table(unique: dict[str, str], place: str) -> dict[str, frozenset[str]]:
    return {**{name: frozenset({p}) for name, p in unique.items()}, **AMBIGUOUS[place]}


#: name -> provinces: matched anywhere in a span, at its start only, as the whole span only
_ANYWHERE = _table(REGION_NAMES, "anywhere")
_AT_START = _table(START_NAMES, "start")
_ALONE = _table(ALONE_NAMES, "alone")
_MAX_NAME = max(map(len, [*_ANYWHERE, *_AT_START]))


def among(provinces: frozenset[str]) -> str:
    """The relative level of a name shared by several provinces."""
    return _AMONG + "|".join(sorted(provinces))




def _names(span: str) -> list[tuple[int, frozenset[str]]]:
    """Every leftmost-longest name in ``span``, left to right: (position, provinces)."""
    found = []
    start = 0
    while start < len(span):
        for length in range(min(_MAX_NAME, len(span) - start), 1, -1):
            piece = span[start : start + length]
            provinces = _ANYWHERE.get(piece) or (_AT_START.get(piece) if start == 0 else None)
            if provinces is not None:
                found.append((start, provinces))
                start += length
                break
        else:
            start += 1
    return found


def _first_name(span: str) -> tuple[int, str] | None:
    """The first name in ``span``: (position, province or an ``among:`` level).

    A shared name is settled by a later name in the span that points to one of
    its provinces (朝阳区 in 朝阳区（长春） is 吉林省).
    """
    if span in _ALONE:
        names = [(0, _ALONE[span])]
    else:
        names = _names(span)
    if not names:
        return None
    position, provinces = names[0]
    if len(provinces) == 1:
        return position, next(iter(provinces))
    for _, other in names[1:]:
        if len(other) == 1 and other <= provinces:
            return position, next(iter(other))
    return position, among(provinces)


@lru_cache(maxsize=4096)
def classify_region(span: str) -> tuple[str, str] | None:
    """Classify one span; see the module docstring."""
    span = span.strip()
    if not span:
        return None
    if span in PROVINCE_ABBREVIATIONS:
        return ("explicit", PROVINCE_ABBREVIATIONS[span])
    if span.startswith("中共"):
        span = span[2:] or span
    candidates: list[tuple[int, int, tuple[str, str]]] = []
    named = _first_name(span)
    if named is not None:
        kind = "relative" if named[1].startswith(_AMONG) else "explicit"
        candidates.append((named[0], 0, (kind, named[1])))
    if span.startswith(_NATIONAL_START):
        candidates.append((0, 1, ("national", NATIONAL)))
    national = _NATIONAL_RE.search(span)
    if national is not None:
        candidates.append((national.start(), 1, ("national", NATIONAL)))
    relative = _RELATIVE_RE.search(span)
    if relative is not None:
        word = relative.group()
        level = "autonomous" if word in ("自治区", "全区") else ("province" if "省" in word else "city")
        candidates.append((relative.start(), 2, ("relative", level)))
    elif span[0] in _LEADING_LEVEL:
        candidates.append((0, 2, ("relative", _LEADING_LEVEL[span[0]])))
    if not candidates:
        return None
    return min(candidates)[2]


def region_of(span: str) -> str | None:
    """The canonical region a span names on its own (explicit or national), else None."""
    found = classify_region(span)
    if found is None or found[0] == "relative":
        return None
    return found[1]


def level_accepts(level: str, region: str) -> bool:
    """Can a relative ``level`` (省委 → province …) refer to ``region``?"""
    if region == NATIONAL:
        return False
    if level.startswith(_AMONG):
        return region in level[len(_AMONG) :].split("|")
    if level == "autonomous":
        return region.endswith("自治区")
    if level == "province":
        return region.endswith("省")
    return True  # 市委 fits a municipality or a city inside any province


class RegionContext:
    """Explicit regions mentioned in an article, for resolving 省委 / 自治区党委.

    ``add`` spans in reading order; ``resolve(level, before=pos)`` prefers the
    latest explicit mention before ``pos`` that fits the level, then the most
    frequent fitting one in the whole article (for a name shared by several
    provinces, only when one of them is named more often than the others).
    """

    def __init__(self) -> None:
        self._mentions: list[tuple[int, str]] = []
        self._counts: Counter[str] = Counter()

    def add(self, span: str, position: int, weight: int = 1) -> None:
        region = region_of(span)
        if region is None or region == NATIONAL:
            return
        self._mentions.append((position, region))
        self._counts[region] += weight

    def resolve(self, level: str, before: int | None = None, after: int | None = None) -> str | None:
        if before is not None:
            for position, region in reversed(self._mentions):
                if position < before and (after is None or position >= after) and level_accepts(level, region):
                    return region
        ranked = [(region, weight) for region, weight in sorted(self._counts.items(), key=lambda item: (-item[1], item[0]))
                  if level_accepts(level, region)]
        if not ranked:
            return None
        if level.startswith(_AMONG) and len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            return None  # 朝阳 in a story that names 北京 and 辽宁 alike: the name decides nothing
        return ranked[0][0]

    def dominant(self, min_share: float = 0.0, min_weight: int = 0) -> str | None:
        """The most mentioned region; None when it holds less than ``min_share`` of the weight or
        less than ``min_weight`` (a story that names a province only in passing is not that province's)."""
        if not self._counts:
            return None
        region, weight = sorted(self._counts.items(), key=lambda item: (-item[1], item[0]))[0]
        if weight < min_weight or weight < min_share * sum(self._counts.values()):
            return None
        return region

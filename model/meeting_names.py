"""The party's congresses and plenums and the annual 两会, always MEETING names.

党的二十大, 中共二十大, 十九届六中全会 and 全国两会 are the meetings the news
names most, and the real-news annotation tags them as MEETING every time
(real-train and real-dev: 210 of 213 occurrences outside a DOC or a longer
MEETING, the other three right before 后 in a date). The tagger still misses
them where nothing around says "meeting": 迎接党的二十大胜利召开, 学习贯彻落实
二十大精神, 在今年的全国两会上 (13 times in real-train). So an occurrence that
no entity overlaps becomes a MEETING span, and a MEETING span inside one
(二十大 of 党的二十大) is widened to it; one inside a DOC (党的二十大报告) or a
longer MEETING is left alone.

A bare ordinal congress is matched only for the recent ones (十八大, 十九大,
二十大, 二十一大), since 十大 and 十二大 are also "the ten / twelve major …"
(十大创新模式); older ones need 党的 or 中共 before them. Congresses of other
bodies (中国工会十七大, 越共十四大) are left to the tagger.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from .entities import Entity
from .span_index import SpanIndex

_PARTY = r"(?:党的|中共)"
_RECENT_CONGRESS = r"(?:十八|十九|二十一?)大"
_ANY_CONGRESS = r"(?:十[二三四五六七八九]|二十一?)大"
_PLENUM = r"(?:十[一二三四五六七八九]|二十一?)届[一二三四五六七八九]中全会"
#: Words that may follow an ordinal 大 without it being a congress (十八大类, 二十大城市).
_NOT_AFTER = r"(?![类项城市行型批件])"
#: A party congress or plenum, or the annual sessions of the legislature and the CPPCC.
MEETING_NAME = re.compile(
    rf"(?:{_PARTY}?{_PLENUM}|{_PARTY}{_ANY_CONGRESS}{_NOT_AFTER}|(?<!工会)(?<!越共){_RECENT_CONGRESS}{_NOT_AFTER}|全国两会)"
)


def apply_meeting_name_rule(text: str, entities: Sequence[Entity]) -> list[Entity]:
    """Entities with each party congress, plenum and 全国两会 (:data:`MEETING_NAME`) a MEETING span."""
    index = SpanIndex(entities)
    for match in MEETING_NAME.finditer(text):
        index.claim(*match.span(), "MEETING", match.group(), ("MEETING",))
    return index.to_list()

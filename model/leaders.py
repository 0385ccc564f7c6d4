"""The names of the leaders the news names most, tagged whole.

A character tagger cuts or mislabels even the most frequent names in a few
predictable contexts: 习近平等 (平等 is a word: the name is missed), 习近 (the
last character dropped before 和), 普京 after a line break (taken for a place),
习近平欢迎马克龙 (two names and a verb as one PER). The real-news
annotation tags each of these as the name alone. So each occurrence of a name
in :data:`LEADERS` becomes a PER span, replacing the place and person spans
that overlap it and cutting a PER span that starts with it and runs on.
An occurrence inside another kind of span (a DOC 习近平谈治国理政, a
MEETING) is left alone, and the inner-name rule that runs after this one
still removes the name from a named thought (习近平新时代…思想).

The list is closed and short on purpose (汪洋 is left out: 汪洋大海 is a word): the national leaders of China
from 2012 and the foreign leaders named most in 新闻联播 (real-train).
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from .entities import Entity
from .span_index import SpanIndex

LEADERS: tuple[str, ...] = (
    "习近平", "李克强", "李强", "栗战书", "王沪宁", "赵乐际", "韩正", "蔡奇", "丁薛祥", "李希", "王岐山", "彭丽媛",
    "普京", "拜登", "特朗普", "泽连斯基", "马克龙", "朔尔茨", "默克尔", "古特雷斯", "卢拉", "莫迪", "金正恩", "岸田文雄",
)
#: Words that a name can begin (韩正式: "Korea formally"); no leader is tagged there.
_NOT_AFTER = "(?!式)"
_LEADER = re.compile("(?:" + "|".join(sorted(LEADERS, key=len, reverse=True)) + ")" + _NOT_AFTER)
#: A PER span that runs on past a leader's name by at least this many characters is cut to the name
#: (习近平欢迎马克龙); one a character longer may be another person's name (李强国).
_RUN_ON = 2
_REPLACEABLE = ("PER", "LOC")


def apply_leader_rule(text: str, entities: Sequence[Entity]) -> list[Entity]:
    """Entities with each leader's name (:data:`LEADERS`) as exactly one PER span."""
    index = SpanIndex(entities)
    for match in _LEADER.finditer(text):
        start, end = match.span()
        overlapping = index.overlapping(start, end)
        if any(e.label not in _REPLACEABLE or e.start < start for e in overlapping):
            continue  # inside another name, or a span that starts before the name
        if any(e.end > end and (e.label != "PER" or e.end - end < _RUN_ON) for e in overlapping):
            continue
        name = Entity(start, end, "PER", match.group(), max((e.score or 0.0 for e in overlapping), default=1.0))
        if overlapping != [name]:
            index.replace(overlapping, name)
    return index.to_list()

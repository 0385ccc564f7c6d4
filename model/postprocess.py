"""Post-processing of predicted entities with rules that are near-certain in this domain.

The 《》 rule: in Chinese policy news, the text between 《 and 》 is the
title of a document, law, report or plan, which the guide tags as DOC
without the brackets. A small tagger often gets the left or right end of a
long title wrong (one character off is a miss in strict scoring), or
misses a short one (《若干措施》). So each 《title》 becomes exactly one DOC
span, and predicted spans that overlap the brackets are dropped — unless a
predicted span covers the whole bracketed title and more (a meeting named
after a white paper: 《…》白皮书新闻发布会 stays one MEETING), or the title
is a periodical or a programme (《求是》, 《新闻联播》), which is no DOC.

The ordinal rule: a meeting's ordinal is part of its name (第48次常务会议,
第十四届……). The tagger sometimes starts a MEETING span inside the ordinal,
after 第 or after its first digit (8次常务会议), because digit runs are rare
and varied in training. A MEETING span that starts inside 第…次 / 第…届 is
widened to start at the 第.

The sentence rule: every label of the guide is a name or a short phrase, so
no entity runs across a sentence end (。！？) or a line break; the tagger
very rarely joins the end of one sentence to the start of the next
(……工作。会议), and such a span is dropped rather than guessed at.
"""
from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from .entities import Entity

_BRACKETED = re.compile(r"《([^《》\n]{2,80})》")
#: Bracketed names that are periodicals or programmes, not documents.
MEDIA_TITLES: frozenset[str] = frozenset(
    {"求是", "人民日报", "光明日报", "经济日报", "新闻联播", "焦点访谈", "半月谈", "瞭望", "人民日报海外版", "中国纪检监察报", "学习时报"}
)


def apply_bracket_rule(text: str, entities: Sequence[Entity]) -> list[Entity]:
    """Entities with every 《title》 tagged as exactly one DOC span."""
    result = list(entities)
    for match in _BRACKETED.finditer(text):
        title = match.group(1)
        if title in MEDIA_TITLES:
            continue
        outer_start, outer_end = match.start(), match.end()
        if any(e.start <= outer_start and e.end >= outer_end and e.label != "DOC" for e in result):
            continue  # the title is part of a longer name
        result = [e for e in result if e.end <= outer_start or e.start >= outer_end]
        result.append(Entity(match.start(1), match.end(1), "DOC", title, 1.0))
    return sorted(result)


_NUMERALS = "0-9０-９一二三四五六七八九十百千零〇两"
#: Text just before a span that belongs to an ordinal: 第, 第4, 第48次, 第十四届.
_ORDINAL_BEFORE = re.compile(rf"第[{_NUMERALS}]*[次届]?$")
_ORDINAL = re.compile(rf"^第[{_NUMERALS}]+[次届]")
_LOOK_BACK = 12


def apply_ordinal_rule(text: str, entities: Sequence[Entity]) -> list[Entity]:
    """Entities with each MEETING span that starts inside 第…次 / 第…届 widened to its 第."""
    result = list(entities)
    for index, entity in enumerate(result):
        if entity.label != "MEETING":
            continue
        match = _ORDINAL_BEFORE.search(text, max(0, entity.start - _LOOK_BACK), entity.start)
        if match is None or not _ORDINAL.match(text[match.start() : entity.end]):
            continue
        start = match.start()
        if any(other.end > start and other.start < entity.start for other in result if other is not entity):
            continue  # another entity holds part of the ordinal
        result[index] = Entity(start, entity.end, "MEETING", text[start : entity.end], entity.score)
    return sorted(result)


_SENTENCE_BREAK = re.compile(r"[。！？\n]")


def apply_sentence_rule(entities: Sequence[Entity]) -> list[Entity]:
    """Entities without the spans that run across a sentence end or a line break."""
    return [entity for entity in entities if not _SENTENCE_BREAK.search(entity.text)]


def apply_rules(text: str, entities: Sequence[Entity], labels: Collection[str], bracket_rule: bool = True) -> list[Entity]:
    """All the rules, in order, for a tagger that knows ``labels``: what
    predict() returns and what self-training keeps as pseudo labels."""
    result = apply_sentence_rule(entities)
    if bracket_rule and "DOC" in labels:
        result = apply_bracket_rule(text, result)
    if "MEETING" in labels:
        result = apply_ordinal_rule(text, result)
    return result

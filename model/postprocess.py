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

The script rule: every name of the guide is written in Chinese characters;
on English or other Latin-script text the tagger, which never saw any, glues
words into names ("xecutive meeting on Friday chaired by Premier"). So a span
without a CJK character is dropped (a DATE written in digits, 2024-03-05,
excepted), a Latin word separated from the Chinese part by a space is cut off
any span (on Friday国务院常务会议), and any Latin run is cut off a person's,
a post's or a place's name (Premier李强). Latin glued into an organisation,
meeting or document name is kept (G20峰会, 5G产业大会). A span the cuts split
gives one span per Chinese part of at least two characters (微博　QQ空间
tagged as one ORG leaves only debris, 博 and 空, which is dropped).

The short-form rules (model.short_forms) come last: a pair of one-character
abbreviations (中美关系) is two LOC spans, 兵团 is an ORG, and a post ends at
总书记 (总书记说 is cut); a building is no entity, the place before it a LOC
(model.buildings: 北京人民大会堂 is 北京); then the
date-word rule (model.date_words): closed calendar words the guide always
tags (近期, 这两天, 三年前) become DATE spans where nothing else stands.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from .entities import Entity
from .buildings import apply_building_rule
from .central_bodies import apply_central_body_rule
from .date_words import apply_date_edge_rule, apply_date_word_rule
from .document_names import apply_document_name_rule
from .leaders import apply_leader_rule
from .meeting_names import apply_meeting_name_rule
from .named_places import apply_named_place_rule
from .place_words import apply_place_word_rule
from .span_index import SpanIndex
from .short_forms import apply_abbreviation_rule, apply_org_short_form_rule, apply_title_end_rule

_BRACKETED = re.compile(r"《([^《》\n]{2,80})》")
#: Bracketed names that are periodicals or programmes, not documents.
MEDIA_TITLES: frozenset[str] = frozenset(
    {"求是", "人民日报", "光明日报", "经济日报", "新闻联播", "焦点访谈", "半月谈", "瞭望", "人民日报海外版", "中国纪检监察报", "学习时报"}
)


def apply_bracket_rule(text: str, entities: Sequence[Entity]) -> list[Entity]:
    """Entities with every 《title》 tagged as exactly one DOC span."""
    index = SpanIndex(entities)
    for match in _BRACKETED.finditer(text):
        title = match.group(1)
        if title in MEDIA_TITLES:
            continue
        outer_start, outer_end = match.start(), match.end()
        overlapping = index.overlapping(outer_start, outer_end)
        if any(e.start <= outer_start and e.end >= outer_end and e.label != "DOC" for e in overlapping):
            continue  # the title is part of a longer name
        index.replace(overlapping, Entity(match.start(1), match.end(1), "DOC", title, 1.0))
    return index.to_list()


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


#: CJK ideographs: the unified blocks and extensions, compatibility ideographs, 〇.
_CJK = re.compile("[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_LATIN_RUN = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]+")
_DIGIT = re.compile(r"\d")
#: Labels whose names never hold Latin letters in this domain.
CHINESE_ONLY_LABELS: frozenset[str] = frozenset({"PER", "TITLE", "LOC"})
#: Characters that join or surround the words of a phrase, dropped where a cut leaves them at a span's end.
_EDGE = " \t\u3000\u00a0·.-'’,，、:："


def _latin_cuts(text: str, label: str) -> list[tuple[int, int]]:
    """The Latin runs to cut out of an entity's text: all of them for
    :data:`CHINESE_ONLY_LABELS`, else those with a space beside them."""
    cuts = []
    for match in _LATIN_RUN.finditer(text):
        start, end = match.span()
        spaced = (start > 0 and text[start - 1].isspace()) or (end < len(text) and text[end].isspace())
        if label in CHINESE_ONLY_LABELS or spaced:
            cuts.append((start, end))
    return cuts


def apply_script_rule(entities: Sequence[Entity]) -> list[Entity]:
    """Entities without Latin words glued in and without spans that hold no CJK character."""
    result = []
    for entity in entities:
        if not _CJK.search(entity.text):
            if entity.label == "DATE" and _DIGIT.search(entity.text) and not _LATIN_RUN.search(entity.text):
                result.append(entity)
            continue
        cuts = _latin_cuts(entity.text, entity.label)
        if not cuts:
            result.append(entity)
            continue
        bounds = [0] + [p for cut in cuts for p in cut] + [len(entity.text)]
        for piece_start, piece_end in zip(bounds[::2], bounds[1::2]):
            while piece_start < piece_end and entity.text[piece_start] in _EDGE:
                piece_start += 1
            while piece_end > piece_start and entity.text[piece_end - 1] in _EDGE:
                piece_end -= 1
            piece = entity.text[piece_start:piece_end]
            if len(_CJK.findall(piece)) >= 2:  # one character left by a cut is debris, not a name
                result.append(Entity(entity.start + piece_start, entity.start + piece_end, entity.label, piece, entity.score))
    return result


#: Characters no entity ends with (an opening bracket or quote, a separator) or starts with (a closing one).
_NO_END = "（([【《“‘〔，、。；：,;:"
_NO_START = "）)]】》”’〕，、。；：,;:"
#: Brackets and quotes as (opening, closing) pairs: one at an edge of a span whose partner is not in it
#: is not part of the name (【推动…发布会, 洪秉明）), one that is (“十四五”规划) stays.
_PAIRS = dict(["（）", "()", "[]", "【】", "《》", "“”", "‘’", "〔〕"])
_CLOSING = {close: open_ for open_, close in _PAIRS.items()}


def _edges(text: str) -> tuple[int, int]:
    """(start, end) of ``text`` without separators and unpaired brackets at its edges."""
    start, end = 0, len(text)
    while start < end:
        if text[start] in _NO_START or (text[start] in _PAIRS and _PAIRS[text[start]] not in text[start + 1 : end]):
            start += 1
        elif text[end - 1] in _NO_END or (text[end - 1] in _CLOSING and _CLOSING[text[end - 1]] not in text[start : end - 1]):
            end -= 1
        else:
            break
    return start, end


def apply_edge_rule(entities: Sequence[Entity]) -> list[Entity]:
    """Entities without an opening bracket or separator at their end, a closing one at their
    start, or a bracket whose partner they do not hold at either edge (谭德塞（Tedros…） tagged
    as 谭德塞（ becomes 谭德塞; 【推动…新闻发布会 loses its 【); a span left empty is dropped."""
    result = []
    for entity in entities:
        start, end = _edges(entity.text)
        if start == 0 and end == len(entity.text):
            result.append(entity)
        elif start < end:
            result.append(Entity(entity.start + start, entity.start + end, entity.label, entity.text[start:end], entity.score))
    return result


#: A thought named after a person (the guide: 习近平 in 习近平新时代中国特色社会主义思想
#: is not tagged); the tagger sometimes takes the 新 into the name (习近平新).
_NAMED_THOUGHT = re.compile(r"(?:新时代中国特色社会主义|经济|外交|法治|强军|文化|生态文明)?思想")
#: 中国 inside fixed terms (data/real/CONVENTIONS.md: not tagged).
_CHINA_TERM_AFTER = re.compile(r"(?:特色|式现代化|梦|国际|空间站|北斗|天眼)")  # matched at the end of the span (match, not search)
#: 中国 inside fixed terms and programme names that begin before it (一个中国原则, 美丽中国, 健康中国行动).
_CHINA_TERM_AROUND = re.compile(r"一个中国(?:原则|政策)|(?:美丽|健康|平安|数字|法治|智慧)中国")


def _in_china_term(text: str, entity: Entity) -> bool:
    """Whether a LOC 中国 stands inside a fixed term or a programme's name, which the conventions leave untagged."""
    if entity.label != "LOC" or entity.text != "中国":
        return False
    if _CHINA_TERM_AFTER.match(text, entity.end):
        return True
    return any(m.start() <= entity.start and entity.end <= m.end() for m in _CHINA_TERM_AROUND.finditer(text, max(0, entity.start - 2), entity.end + 2))


def _thought_after(text: str, entity: Entity) -> tuple[int, int] | None:
    """The span of the named thought a PER entity starts, if any (习近平[新]时代…思想)."""
    for cut in (entity.end, entity.end - 1):
        if cut - entity.start >= 2:
            match = _NAMED_THOUGHT.match(text, cut)
            if match and (match.group() != "思想" or cut == entity.end):
                if cut == entity.end or text[cut] == "新":
                    return entity.start, match.end()
    return None


def apply_inner_name_rule(text: str, entities: Sequence[Entity]) -> list[Entity]:
    """Entities without names that stand inside a longer name or fixed term: the PER
    of 习近平新时代中国特色社会主义思想 (and anything tagged inside it), the LOC of
    中国特色社会主义, 中国式现代化, 中国梦, 一个中国原则, 美丽中国, and of 中国国际进口博览会 or
    中国空间站 (events and facilities are untagged names)."""
    thoughts = [span for span in (_thought_after(text, e) for e in entities if e.label == "PER") if span]
    return [
        entity for entity in entities
        if not any(start <= entity.start and entity.end <= end for start, end in thoughts)
        and not _in_china_term(text, entity)
    ]


@dataclass(frozen=True)
class Rule:
    """One rule of :func:`apply_rules`: its name, the labels a tagger must know for it to run, and what it does."""

    name: str
    needs: frozenset[str]
    apply: Callable[[str, list[Entity]], list[Entity]]


#: The rules in the order they run (each reads what the ones before it left).
RULES: tuple[Rule, ...] = (
    Rule("sentence", frozenset(), lambda text, entities: apply_sentence_rule(entities)),
    Rule("script", frozenset(), lambda text, entities: apply_script_rule(entities)),
    Rule("edge", frozenset(), lambda text, entities: apply_edge_rule(entities)),
    Rule("leader", frozenset({"PER"}), apply_leader_rule),
    Rule("inner-name", frozenset(), apply_inner_name_rule),
    Rule("bracket", frozenset({"DOC"}), apply_bracket_rule),
    Rule("document-name", frozenset({"DOC"}), apply_document_name_rule),
    Rule("ordinal", frozenset({"MEETING"}), apply_ordinal_rule),
    Rule("meeting-name", frozenset({"MEETING"}), apply_meeting_name_rule),
    Rule("abbreviation", frozenset({"LOC"}), apply_abbreviation_rule),
    Rule("place-word", frozenset({"LOC"}), apply_place_word_rule),
    Rule("named-place", frozenset({"LOC"}), apply_named_place_rule),
    Rule("org-short-form", frozenset({"ORG", "LOC"}), apply_org_short_form_rule),
    Rule("central-body", frozenset({"ORG"}), apply_central_body_rule),
    Rule("title-end", frozenset({"TITLE"}), lambda text, entities: apply_title_end_rule(entities)),
    Rule("building", frozenset({"LOC"}), lambda text, entities: apply_building_rule(entities)),
    Rule("date-word", frozenset({"DATE"}), apply_date_word_rule),
    Rule("date-edge", frozenset({"DATE"}), apply_date_edge_rule),
)
RULE_NAMES: tuple[str, ...] = tuple(rule.name for rule in RULES)


def apply_rules(
    text: str,
    entities: Sequence[Entity],
    labels: Collection[str],
    bracket_rule: bool = True,
    enabled: Collection[str] | None = None,
) -> list[Entity]:
    """All the rules (:data:`RULES`), in order, for a tagger that knows ``labels``: what
    predict() returns and what self-training keeps as pseudo labels. ``enabled`` (names
    of :data:`RULE_NAMES`) runs only those, to measure what each adds (scripts/rule_gains.py)."""
    if enabled is not None and not set(enabled) <= set(RULE_NAMES):
        raise ValueError(f"unknown rules {sorted(set(enabled) - set(RULE_NAMES))}; the rules are {', '.join(RULE_NAMES)}")
    result = list(entities)
    for rule in RULES:
        if enabled is not None and rule.name not in enabled:
            continue
        if rule.name == "bracket" and not bracket_rule:
            continue
        if rule.needs <= set(labels):
            result = rule.apply(text, result)
    return result

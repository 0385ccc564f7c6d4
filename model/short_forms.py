"""Rules for short forms that a character tagger gets wrong in a predictable way.

One-character abbreviations. News names the parties of a relation by one
character each: 中美关系, 中非合作, 俄乌冲突, 粤港澳. The guide
(data/real/CONVENTIONS.md) tags each abbreviation as its own LOC span,
[中]{LOC}[美]{LOC}关系. The tagger often tags the pair as one LOC (中欧) or
misses it (中巴关系), because two one-character LOC spans side by side are
rare in training. So

* a LOC span of exactly two abbreviation characters (a pair, below) is split
  into two one-character LOC spans; and
* a LOC span of three province abbreviations (粤港澳, 沪苏浙) is split into
  three, except the named zone 京津冀 (:data:`NAMED_ZONES`), and 粤港澳
  tagged apart from the 大湾区 after it is joined to it (粤港澳大湾区 is one
  named zone);
* an untagged pair right before a word of relations (关系, 两国, 合作, 建交 …),
  with no entity overlapping it, becomes two LOC spans, and so does a pair
  the tagger took for a DATE (中日: 日 read as "day");
* a one-character country saying something at the start of a headline or
  clause (乌称战斗仍持续, 俄称…) is a LOC.

A pair is 中 with the abbreviation of a foreign country or region (中欧, 伊中),
two of the major powers the news pairs (美以, 俄乌), or two provinces (粤港,
京津). Two-character names made of such characters (巴西, 古巴, 印尼, 埃塞 is
no pair: 埃 is not in the sets) are listed in :data:`FULL_NAMES`.
Abbreviations of provinces that also end common names (辽宁, 浙江, 晋中) are
left out of the province set on purpose.

Short forms of organisations. 兵团, short for 新疆生产建设兵团, is an ORG by the
guide, yet the tagger, which sees it among place names (新疆、兵团), takes it
for a LOC; a LOC span ending in one of :data:`ORG_SUFFIXES` is relabelled ORG.
The short names of international bodies, of the national broadcaster and of
armies (:data:`ORG_SHORT_FORMS`: 东盟, 北约, 世卫组织, 总台, 哈马斯; 以军, 美军)
are ORG by the guide too, and the tagger misses them or takes them for
places or people (哈马斯 as LOC, 胡塞 of 胡塞武装 as PER). So each occurrence
that nothing overlaps, or that only places and people inside it overlap,
becomes an ORG span.

A bare 总书记, standing for the person (the guide: TITLE), is often run into
the words after it (总书记说, 总书记殷殷嘱托); a TITLE span that goes on
after 总书记 is cut there, since no post is named after it. A post also
runs on by one character after its last word (部长, 主席, 总理: one of
:data:`_TITLE_FINAL`): into a word that joins it to the next name
(主席和|马茂, 主席对|佐科), which is cut off, or into the surname of the person
named right after it (外交部副部长乐|玉成), which goes back to the name.

Chosen on the errors of real-train and real-dev (scripts/entity_errors.py);
each set is written out so that a reader can check it against the guide.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from .entities import Entity
from .span_index import SpanIndex

CHINA = "中"
#: One-character abbreviations of foreign countries and regions (美 USA, 欧 Europe, 非 Africa, 斯 Sri Lanka …).
FOREIGN: frozenset[str] = frozenset("美俄日韩朝英法德意葡荷比瑞奥希土叙伊以巴印越老柬泰缅马新菲尼澳加墨古智秘阿埃非欧拉哈吉塔乌蒙斯白摩塞沙卡科文孟匈波捷芬挪丹冰爱保罗克黑格黎约毛基")
#: The foreign abbreviations that are paired without 中 (美以, 俄乌, 巴以, 美英).
MAJOR: frozenset[str] = frozenset("美俄日韩朝英法德以巴乌欧伊叙")
#: One-character abbreviations of provinces and regions paired in news (粤港澳, 京津冀, 湘鄂渝黔).
PROVINCES: frozenset[str] = frozenset("港澳粤闽京津冀沪苏浙皖湘鄂渝黔川滇桂琼")
#: Two-character names written with two abbreviation characters, and common words so written (美德 virtue).
FULL_NAMES: frozenset[str] = frozenset({"罗马", "捷克", "江苏", "印尼", "巴西", "古巴", "苏丹", "加沙", "秘鲁", "拉美", "蒙古", "波黑", "巴新", "美德"})
#: Runs of abbreviations that are the name of one zone (the guide: 京津冀 is one LOC).
NAMED_ZONES: frozenset[str] = frozenset({"京津冀"})
#: What follows a run of province abbreviations in the name of a zone (粤港澳大湾区).
_ZONE_AFTER = ("大湾区",)
#: Words that follow the parties of a relation (中巴关系, 中塔两国, 中非合作).
_RELATION = re.compile(
    r"关系|两国|双方|友好|友谊|合作|建交|经贸|贸易|人文|战略|全面|领导人|外长|联合声明|边境|自贸"
    r"|交往|交流|共建|元首|务实|命运共同体|政党|议会|冲突|谈判|会谈|首脑|峰会"
)
#: A headline's one-character country that says something (乌称…, 俄称…), at the start of a line or clause.
_SAYS = re.compile(rf"(?<![^\s，。；：])([{''.join(sorted(MAJOR))}])称")
_ABBREVIATION = "[" + "".join(sorted(FOREIGN | PROVINCES | {CHINA})) + "]"
#: Two abbreviation characters right before a relation word (a lookahead, so pairs may overlap: 中美俄).
_PAIR_BEFORE_RELATION = re.compile(f"(?=({_ABBREVIATION}{_ABBREVIATION})(?:{_RELATION.pattern}))")
#: Endings of an organisation's short form that the tagger takes for a place.
ORG_SUFFIXES: tuple[str, ...] = ("兵团",)
#: Short names that are always an organisation (the guide: international bodies, media, armed forces).
ORG_SHORT_FORMS: tuple[str, ...] = ("东盟", "欧盟", "北约", "非盟", "世卫组织", "总台", "哈马斯", "真主党", "胡塞武装")
#: An army named by its country's abbreviation (以军, 美军), not 军事, 军队, 军区 or 军人.
_ARMY = re.compile("[美俄乌以英法日韩印巴]军(?![事队区人团民工官种营舰机])")
_ORG_SHORT_FORM = re.compile("|".join(ORG_SHORT_FORMS) + "|" + _ARMY.pattern)


def is_pair(word: str) -> bool:
    """Whether a two-character word is two abbreviations side by side (中美, 俄乌, 粤港)."""
    if len(word) != 2 or word[0] == word[1] or word in FULL_NAMES:
        return False
    first, second = word
    if CHINA in word:
        return (first if second == CHINA else second) in FOREIGN
    return (first in MAJOR and second in MAJOR) or (first in PROVINCES and second in PROVINCES)


def is_province_run(word: str) -> bool:
    """Whether a three-character word is three province abbreviations (粤港澳), not a zone's name."""
    return len(word) == 3 and len(set(word)) == 3 and all(c in PROVINCES for c in word) and word not in NAMED_ZONES


def _places(text: str, start: int, count: int, score: float) -> list[Entity]:
    """One one-character LOC span for each of the ``count`` characters from ``start``."""
    return [Entity(i, i + 1, "LOC", text[i], score) for i in range(start, start + count)]


def _join_zones(text: str, entities: Sequence[Entity]) -> list[Entity]:
    """Entities with a LOC run of abbreviations and the LOC zone right after it (粤港澳 + 大湾区) as one LOC."""
    result: list[Entity] = []
    for entity in sorted(entities):
        previous = result[-1] if result else None
        if (
            previous is not None and previous.label == entity.label == "LOC" and previous.end == entity.start
            and entity.text in _ZONE_AFTER and all(c in PROVINCES for c in previous.text)
        ):
            result[-1] = Entity(previous.start, entity.end, "LOC", text[previous.start : entity.end], previous.score)
        else:
            result.append(entity)
    return result


def apply_abbreviation_rule(text: str, entities: Sequence[Entity]) -> list[Entity]:
    """Entities with each pair or run of one-character abbreviations as one LOC span each:
    one tagged as one LOC is split, an untagged pair before a relation word is added."""
    index = SpanIndex()
    for entity in _join_zones(text, entities):
        pair_as_date = entity.label == "DATE" and is_pair(entity.text)  # 中日关系: 日 read as "day"
        if pair_as_date or (entity.label == "LOC" and (is_pair(entity.text) or is_province_run(entity.text))):
            for place in _places(text, entity.start, len(entity.text), entity.score):
                index.add(place)
        else:
            index.add(entity)
    for match in _PAIR_BEFORE_RELATION.finditer(text):
        start = match.start(1)
        if is_pair(match.group(1)) and not index.overlapping(start, start + 2):
            for place in _places(text, start, 2, 1.0):
                index.add(place)
    for match in _SAYS.finditer(text):
        if not index.overlapping(match.start(1), match.end(1)):
            index.add(Entity(match.start(1), match.end(1), "LOC", match.group(1), 1.0))
    return index.to_list()


def apply_org_short_form_rule(text: str, entities: Sequence[Entity]) -> list[Entity]:
    """Entities with a LOC span ending in 兵团 relabelled ORG, and each short form of
    an organisation (东盟, 以军) that nothing but a place or person inside it overlaps as an ORG span."""
    index = SpanIndex(
        Entity(e.start, e.end, "ORG", e.text, e.score) if e.label == "LOC" and e.text.endswith(ORG_SUFFIXES) else e
        for e in entities
    )
    for match in _ORG_SHORT_FORM.finditer(text):
        index.claim(*match.span(), "ORG", match.group(), ("LOC", "PER"))
    return index.to_list()


_GENERAL_SECRETARY = "总书记"
#: Last characters of posts (部长, 主席, 总统, 书记, 主任, 委员, 大使, 首相, 院士, 司令, 国王, 发言人).
_TITLE_FINAL = frozenset("长理席统记任员使相官士令袖王人")
#: Words between a post and the name after it (主席和…, 总理同…, 主席对…).
_JOINING = frozenset("和同与对及访")


def apply_title_end_rule(entities: Sequence[Entity]) -> list[Entity]:
    """Entities with each TITLE span that runs on after 总书记 (总书记说) cut there, and one that runs
    one character past its post cut back: a joining word dropped (主席和), a surname given to the name after it."""
    result = []
    for entity in entities:
        end = entity.text.rfind(_GENERAL_SECRETARY) + len(_GENERAL_SECRETARY)
        if entity.label == "TITLE" and len(_GENERAL_SECRETARY) <= end < len(entity.text):
            entity = Entity(entity.start, entity.start + end, "TITLE", entity.text[:end], entity.score)
        result.append(entity)
    return _cut_run_on_posts(result)


def _is_name_char(char: str) -> bool:
    """Whether ``char`` can start a name or a joining word: an ideograph that ends no post (not ）, not 长)."""
    return "\u4e00" <= char <= "\u9fff" and char not in _TITLE_FINAL


def _cut_run_on_posts(entities: list[Entity]) -> list[Entity]:
    """Entities with each TITLE that runs one character past its post cut back (see the module's docstring)."""
    starts = {e.start: i for i, e in enumerate(entities)}
    result = list(entities)
    for i, entity in enumerate(entities):
        text = entity.text
        if entity.label != "TITLE" or len(text) < 3 or text[-2] not in _TITLE_FINAL or not _is_name_char(text[-1]):
            continue
        after = starts.get(entity.end)
        name = entities[after] if after is not None and entities[after].label == "PER" else None
        if text[-1] not in _JOINING and name is None:
            continue
        result[i] = Entity(entity.start, entity.end - 1, "TITLE", text[:-1], entity.score)
        if name is not None and text[-1] not in _JOINING:
            result[after] = Entity(name.start - 1, name.end, "PER", text[-1] + name.text, name.score)
    return result

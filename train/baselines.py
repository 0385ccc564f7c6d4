"""Baselines the shipped model is benchmarked against.

* :class:`RulesBaseline`: regular expressions and lexicons written by the
  project: dates, 《》 documents, place names (model.regions), organisation
  names built from place + body, titles from post nouns, names after
  titles, meeting names ending in a meeting noun.
* :class:`JiebaBaseline`: jieba's part-of-speech tags nr/ns/nt as PER/LOC/ORG
  (it covers only those three labels).

Both return entities for a list of texts, like the tagger does.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from model.entities import Entity
from model.regions import REGION_NAMES

DATE_RE = re.compile(
    r"(?:(?:\d{4}年)?\d{1,2}月\d{1,2}日|\d{1,2}日)(?:(?:至|—|-)(?:\d{1,2}月)?\d{1,2}日)?(?:上午|下午|晚上|晚间|晚|凌晨|早上)?"
    r"|今天(?:（\d{1,2}月\d{1,2}日）)?(?:上午|下午|晚上)?|昨天(?:上午|下午|晚上)?|昨晚|前天|当天|同日(?:上午|下午)?|同一天|近日|日前|\d{4}-\d{2}-\d{2}"
)
DOC_RE = re.compile(r"《([^《》]{2,60})》")
POSTS = (
    "党组书记", "副书记", "书记", "常务副省长", "副省长", "省长", "常务副市长", "副市长", "市长", "副区长", "区长",
    "副县长", "县长", "副主席", "主席", "副主任", "主任", "副部长", "部长", "副厅长", "厅长", "副局长", "局长",
    "副总理", "总理", "国务委员", "秘书长", "常委", "组长", "总指挥", "新闻发言人", "发言人", "司长", "董事长",
    "总经理", "院长", "校长", "总书记", "委员",
)
BODY_PREFIX = (
    r"(?:国务院|中央|全国人大常委会|全国政协|国家[\u4e00-\u9fff]{1,8}?(?:委员会|委|部|局|署|办)|"
    r"(?:省|市|县|区|自治区)(?:委|政府|人大常委会|政协|纪委监委|[\u4e00-\u9fff]{1,6}?(?:厅|局|委|办))|[\u4e00-\u9fff]{2,4}?(?:部|委))?"
)
TITLE_RE = re.compile(BODY_PREFIX + "(?:" + "|".join(POSTS) + ")")
NAME_AFTER = re.compile(r"([\u4e00-\u9fff]{2,3}?)(?=主持|出席|强调|指出|讲话|表示|介绍|参加|要求|作|在|说|、|，|。|同志)")
ORG_RE = re.compile(
    r"(?:国务院(?:联防联控机制|办公厅|新闻办公室|新闻办)?|党中央|中共中央|全国人大常委会|全国政协|国家[\u4e00-\u9fff]{2,8}?(?:委员会|委|部|局|署)"
    r"|[\u4e00-\u9fff]{0,4}?(?:省委|市委|县委|区委|自治区党委|省政府|市政府|县政府|自治区政府|省人民政府|市人民政府|人大常委会|政协)"
    r"(?:常委会|办公厅|办公室)?|[\u4e00-\u9fff]{1,6}?(?:指挥部|领导小组|新闻办公室|新闻办))"
)
MEETING_NOUNS = (
    "常委会会议", "常委会扩大会议", "扩大会议", "常务会议", "全体会议", "电视电话会议", "视频会议", "工作会议", "座谈会",
    "新闻发布会", "发布会", "推进会", "部署会", "调度会", "读书班", "会商会", "会商", "专题会议", "集体学习", "学习会",
)
MEETING_RE = re.compile(r"[^，。、；：！？“”《》\s召开举行主持出席参加在了的]{0,18}?(?:" + "|".join(sorted(MEETING_NOUNS, key=len, reverse=True)) + ")")
LOC_RE = re.compile("|".join(sorted(map(re.escape, (n for n in REGION_NAMES if len(n) >= 2)), key=len, reverse=True)))


def _non_overlapping(candidates: list[Entity]) -> list[Entity]:
    """Longest first, then leftmost; drop anything that overlaps a kept span."""
    kept: list[Entity] = []
    taken = set()
    for entity in sorted(candidates, key=lambda e: (-(e.end - e.start), e.start)):
        if not any(i in taken for i in range(entity.start, entity.end)):
            kept.append(entity)
            taken.update(range(entity.start, entity.end))
    return sorted(kept)


class RulesBaseline:
    name = "rules"
    labels = ("PER", "TITLE", "ORG", "LOC", "DATE", "MEETING", "DOC")

    def entities(self, text: str) -> list[Entity]:
        found: list[Entity] = []
        for m in DATE_RE.finditer(text):
            found.append(Entity(m.start(), m.end(), "DATE", m.group()))
        for m in DOC_RE.finditer(text):
            found.append(Entity(m.start(1), m.end(1), "DOC", m.group(1)))
        for m in MEETING_RE.finditer(text):
            found.append(Entity(m.start(), m.end(), "MEETING", m.group()))
        for m in TITLE_RE.finditer(text):
            found.append(Entity(m.start(), m.end(), "TITLE", m.group()))
            name = NAME_AFTER.match(text, m.end())
            if name:
                found.append(Entity(name.start(1), name.end(1), "PER", name.group(1)))
        for m in ORG_RE.finditer(text):
            found.append(Entity(m.start(), m.end(), "ORG", m.group()))
        for m in LOC_RE.finditer(text):
            found.append(Entity(m.start(), m.end(), "LOC", m.group()))
        return _non_overlapping(found)

    def predict_entities(self, texts: Sequence[str]) -> list[list[Entity]]:
        return [self.entities(text) for text in texts]


class JiebaBaseline:
    name = "jieba"
    labels = ("PER", "ORG", "LOC")
    TAGS = {"nr": "PER", "ns": "LOC", "nt": "ORG"}

    def __init__(self) -> None:
        import jieba
        import jieba.posseg

        jieba.setLogLevel(logging.WARNING)
        self._posseg = jieba.posseg

    def entities(self, text: str) -> list[Entity]:
        found, offset = [], 0
        for pair in self._posseg.cut(text):
            word, flag = pair.word, pair.flag
            label = self.TAGS.get(flag)
            if label and word.strip():
                found.append(Entity(offset, offset + len(word), label, word))
            offset += len(word)
        return found

    def predict_entities(self, texts: Sequence[str]) -> list[list[Entity]]:
        return [self.entities(text) for text in texts]

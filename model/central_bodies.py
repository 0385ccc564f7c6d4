"""The central bodies of the Chinese state and party, each tagged as one ORG span.

The news names the same few dozen national bodies every day (水利部, 科技部,
工业和信息化部, 国家统计局, 人民日报), and the guide tags each as an ORG. The
tagger still misses them in predictable places: at the start of a story or a
sentence (水利部最新调度显示), in lists of ministries (…、科技部、财政部负责人),
when the name holds 和 (工业和信息化部, 文化和旅游部: the tagger stops at 和), or
it keeps only the tail (社部 of 人社部, 建设部 of 住房城乡建设部), or runs two
bodies and the verb between them into one span (应急管理部会同国家粮食和物资储备局,
党中央研究). So each occurrence of a name in :data:`CENTRAL_BODIES`

* that nothing overlaps, or that only place, person and organisation spans
  inside it overlap, becomes one ORG span; and
* that an ORG span starts with and runs on into one of :data:`_VERBS` (会同,
  组织, 研究 …) cuts that span at the name's end (the body after the verb is
  then found on its own).

An occurrence in a longer name or post (国务院常务会议, 水利部部长, 中共中央办公厅
tagged whole) is left alone. 水利部门 (water departments in general) is no
name, nor is 全国政协 in 全国政协委员 with no named holder (a title with no
holder is not tagged), nor a building (国防部大楼, 中共中央机关旧址), nor the
start of a meeting's name (国务院常务会议): those continuations are
:data:`_NOT_BEFORE`.

Chosen on the errors of real-train and real-dev (scripts/entity_errors.py,
scripts/rule_gains.py); the list is written out so that it can be checked
against the guide.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from .entities import Entity
from .span_index import SpanIndex

#: National bodies named in news by these exact names: the party centre, the State Council and its
#: departments, the legislature, courts, academies, people's organisations and the central media.
CENTRAL_BODIES: tuple[str, ...] = (
    "中共中央", "党中央", "中央军委", "中央纪委", "国家监委", "全国人大常委会", "全国政协", "国务院",
    "最高人民法院", "最高人民检察院",
    "外交部", "国防部", "国家发展改革委", "国家发改委", "教育部", "科技部", "工业和信息化部", "工信部",
    "国家民委", "公安部", "国家安全部", "民政部", "司法部", "财政部",
    "人力资源社会保障部", "人力资源和社会保障部", "人社部", "自然资源部", "生态环境部",
    "住房城乡建设部", "住房和城乡建设部", "住建部", "交通运输部", "水利部", "农业农村部", "商务部",
    "文化和旅游部", "文旅部", "国家卫生健康委", "国家卫健委", "退役军人事务部", "应急管理部",
    "中国人民银行", "人民银行", "审计署", "国务院国资委", "国资委", "海关总署", "国家税务总局",
    "市场监管总局", "国家市场监管总局", "国家统计局", "国家医保局", "国家知识产权局", "国家林草局",
    "国家能源局", "国家粮食和物资储备局", "国家国防科工局", "国家铁路局", "中国民航局", "国家邮政局",
    "国家文物局", "国家疾控局", "国家药监局", "国家外汇管理局", "国家移民管理局",
    "国务院新闻办公室", "国务院新闻办", "国新办", "国务院台办", "国台办", "国务院港澳办",
    "中国气象局", "中国地震局", "国家航天局", "中国科学院", "中科院", "中国工程院", "中国社会科学院",
    "全国总工会", "共青团中央", "全国妇联", "中国科协", "新华社", "人民日报",
)
#: What may follow a body's name without making it one: 部门 (departments in general), a post with no
#: holder (委员, 代表), a building, or the kind of meeting whose name it begins (国务院常务会议: a
#: MEETING the tagger may have missed, not an ORG).
_NOT_BEFORE = "门|委员|代表|大楼|旧址|机关旧址|常务会议|全体会议|常委会"
#: Verbs that the tagger runs into the span of the body that does them (应急管理部会同…, 党中央研究…).
_VERBS: tuple[str, ...] = ("会同", "组织", "研究", "交办", "下达", "联合", "牵头", "发布", "宣布", "印发")
_BODY = re.compile(
    "(?:" + "|".join(sorted(CENTRAL_BODIES, key=len, reverse=True)) + f")(?!{_NOT_BEFORE})"
)
_INSIDE = ("ORG", "LOC", "PER")


def apply_central_body_rule(text: str, entities: Sequence[Entity]) -> list[Entity]:
    """Entities with each central body (:data:`CENTRAL_BODIES`) as one ORG span."""
    index = SpanIndex(entities)
    for match in _BODY.finditer(text):
        start, end = match.span()
        if index.claim(start, end, "ORG", match.group(), _INSIDE):
            continue
        overlapping = index.overlapping(start, end)
        if len(overlapping) == 1 and _runs_into_verb(text, overlapping[0], start, end):
            index.replace(overlapping, Entity(start, end, "ORG", match.group(), overlapping[0].score or 0.0))
    return index.to_list()


def _runs_into_verb(text: str, entity: Entity, start: int, end: int) -> bool:
    """Whether ``entity`` is an ORG span that starts at the body and goes on into a verb (党中央研究)."""
    return entity.label == "ORG" and entity.start == start and entity.end > end and text.startswith(_VERBS, end)

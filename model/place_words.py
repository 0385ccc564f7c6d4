"""Place names that are, or are not, a LOC because of the word around them.

Four fixed contexts where the tagger's LOC spans disagree with the real-news
annotation, each seen again and again in real-train:

* 新中国 (the People's Republic since 1949) is one LOC; the tagger tags the
  中国 inside it (新中国成立以来 → 新[中国]). The span is widened to 新中国,
  except in 创新中国 (a slogan: "innovative China").
* 北京时间 is a time zone, not the place: its 北京 is no LOC.
* 北京冬奥会 and 北京2022年冬奥会 are the names of events, which stay
  untagged with the names inside them, as 中国国际进口博览会 does
  (model.postprocess, inner-name rule); 北京冬奥组委, an ORG, is not touched.
* A one-character abbreviation before 方 (巴方, 美方: "the Pakistani side")
  refers to a government as a party, not to a place, and is untagged like
  中方.

Chosen on the errors of real-train and real-dev (scripts/entity_errors.py);
scripts/rule_gains.py shows what the rule adds.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from .entities import Entity

_NEW = "新"
#: What before 新中国 makes 新 part of another word (创新中国: "innovative China").
_NOT_NEW = ("创",)
#: What after a LOC 北京 makes it part of a term or an event name.
_BEIJING_TERM = re.compile(r"时间|(?:2022年)?冬残?奥(?!组委)")
_SIDE = "方"


def apply_place_word_rule(text: str, entities: Sequence[Entity]) -> list[Entity]:
    """Entities with 新中国 one LOC, and no LOC for 北京 of 北京时间 or 北京冬奥会 or for the 巴 of 巴方."""
    occupied = {i for e in entities for i in range(e.start, e.end)}
    result = []
    for entity in entities:
        if entity.label != "LOC":
            result.append(entity)
        elif entity.text == "中国" and _after_new(text, entity.start, occupied):
            result.append(Entity(entity.start - 1, entity.end, "LOC", _NEW + entity.text, entity.score))
        elif entity.text == "北京" and _BEIJING_TERM.match(text, entity.end):
            continue
        elif len(entity.text) == 1 and text.startswith(_SIDE, entity.end):
            continue
        else:
            result.append(entity)
    return result


def _after_new(text: str, start: int, occupied: set[int]) -> bool:
    """Whether the character before ``start`` is the 新 of 新中国, free of other spans."""
    return (
        start >= 1
        and text[start - 1] == _NEW
        and start - 1 not in occupied
        and not (start >= 2 and text[start - 2] in _NOT_NEW)
    )

"""Buildings are no entities: the place in front of one is.

The guide leaves buildings untagged (data/real/CONVENTIONS.md: 人民大会堂,
钓鱼台国宾馆), and the city before one is a LOC: 在[北京]{LOC}人民大会堂会见.
The tagger, seeing 北京人民大会堂 as one name, tags it as an ORG (real-train:
13 times). So an ORG or LOC span that is a place followed by a building
keeps only the place, as a LOC; one that is the building alone is dropped.
"""
from __future__ import annotations

from collections.abc import Sequence

from .entities import Entity

#: Buildings that news names as the venue of a meeting or a talk.
BUILDINGS: tuple[str, ...] = ("人民大会堂", "钓鱼台国宾馆", "怀仁堂", "中南海紫光阁")
_LABELS = ("ORG", "LOC")


def apply_building_rule(entities: Sequence[Entity]) -> list[Entity]:
    """Entities with each place + building span (北京人民大会堂) cut to the place, a LOC."""
    result = []
    for entity in entities:
        building = next((b for b in BUILDINGS if entity.text.endswith(b)), None)
        if entity.label not in _LABELS or building is None:
            result.append(entity)
        elif len(entity.text) > len(building):
            end = entity.end - len(building)
            result.append(Entity(entity.start, end, "LOC", entity.text[: end - entity.start], entity.score))
    return result

"""Entities kept in order of their start, to find the ones that overlap a span quickly.

The rules of model.postprocess ask, for each match of a pattern in the text,
which predicted entities overlap it. Asked of a plain list this costs the
length of the list each time, which on a long document (200,000 characters,
8,000 entities, a thousand matches) adds seconds; with the starts kept
sorted and the longest span known, it costs a binary search.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable

from .entities import Entity


class SpanIndex:
    """A sorted collection of entities with :meth:`overlapping`, :meth:`add` and :meth:`remove`."""

    def __init__(self, entities: Iterable[Entity] = ()) -> None:
        self._items: list[Entity] = sorted(entities)
        self._starts: list[int] = [e.start for e in self._items]
        self._longest = max((e.end - e.start for e in self._items), default=0)

    def overlapping(self, start: int, end: int) -> list[Entity]:
        """The entities that share at least one character with ``[start, end)``, in order."""
        low = bisect_right(self._starts, start - self._longest)  # an entity starting there or before ends by `start`
        high = bisect_left(self._starts, end)
        return [e for e in self._items[low:high] if e.end > start]

    def add(self, entity: Entity) -> None:
        index = bisect_right(self._items, entity)
        self._items.insert(index, entity)
        self._starts.insert(index, entity.start)
        self._longest = max(self._longest, entity.end - entity.start)

    def remove(self, entity: Entity) -> None:
        """Remove one entity equal to ``entity``; a missing one is a bug in the caller (ValueError)."""
        index = bisect_left(self._items, entity)
        if index == len(self._items) or self._items[index] != entity:
            raise ValueError(f"{entity} is not in the index")
        del self._items[index]
        del self._starts[index]

    def replace(self, old: Iterable[Entity], new: Entity) -> None:
        """Remove the entities ``old`` and add ``new``."""
        for entity in list(old):
            self.remove(entity)
        self.add(new)

    def claim(self, start: int, end: int, label: str, text: str, inside: Collection[str]) -> bool:
        """Make ``[start, end)`` one ``label`` span if every entity overlapping it lies inside it
        and has a label of ``inside`` (those are replaced; the span scores as the best of them, 1.0
        with none); whether it did. The rules that tag the names of a closed list use it."""
        overlapping = self.overlapping(start, end)
        if not all(e.label in inside and start <= e.start and e.end <= end for e in overlapping):
            return False
        span = Entity(start, end, label, text, max((e.score or 0.0 for e in overlapping), default=1.0))
        if overlapping != [span]:
            self.replace(overlapping, span)
        return True

    def to_list(self) -> list[Entity]:
        return list(self._items)

    def __len__(self) -> int:
        return len(self._items)

"""Entity spans and the label set of the data contract.

An :class:`Entity` is hashable and compares by value, so entity scoring is
set arithmetic (the same design as seqeval's ``Entity``).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: The seven span labels of ANNOTATION.md, in a fixed order (tag ids depend on it).
LABELS: tuple[str, ...] = ("PER", "TITLE", "ORG", "LOC", "DATE", "MEETING", "DOC")


@dataclass(frozen=True, order=True)
class Entity:
    """A labelled character span ``text[start:end]`` (end exclusive)."""

    start: int
    end: int
    label: str
    text: str
    score: float | None = field(default=None, compare=False, hash=False)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        if self.score is None:
            del data["score"]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Entity":
        return cls(
            start=int(data["start"]),
            end=int(data["end"]),
            label=str(data["label"]),
            text=str(data["text"]),
            score=data.get("score"),
        )

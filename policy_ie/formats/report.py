"""What a conversion could not carry, counted, so that nothing is lost silently."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class ConversionReport:
    """Counts of what a reader or writer dropped, moved or guessed, by message.

    A message says what happened and why ("entity scores dropped: doccano
    labels have no score"); the count says how often. ``losses`` are the
    messages about information that the output does not hold at all (what
    ``policy-ie convert --strict`` refuses); ``notes`` are the rest.
    """

    losses: Counter[str] = field(default_factory=Counter)
    notes: Counter[str] = field(default_factory=Counter)
    articles: int = 0
    entities: int = 0

    def loss(self, message: str, count: int = 1) -> None:
        if count:
            self.losses[message] += count

    def note(self, message: str, count: int = 1) -> None:
        if count:
            self.notes[message] += count

    def lines(self) -> list[str]:
        """Human-readable lines, losses first."""
        out = [f"{self.articles} articles, {self.entities} entities"]
        out += [f"not kept ({count}x): {message}" for message, count in sorted(self.losses.items())]
        out += [f"note ({count}x): {message}" for message, count in sorted(self.notes.items())]
        return out

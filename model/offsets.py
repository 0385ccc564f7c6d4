"""Offset maps: where each character of a derived text came from in its source.

Every step that changes the text the model sees (HTML extraction, removal of
zero-width and control characters, NFKC, traditional -> simplified) keeps an
:class:`OffsetMap`, so that entities and record values found in the derived
text can be given back in the caller's own string. Character *i* of the
derived text comes from ``source[starts[i]:ends[i]]``: usually one character
(``ends[i] == starts[i] + 1``), a whole ``&amp;`` for a character an HTML
reference stands for, a whitespace run for the one space HTML shows of it, or
a tag for the line break a block element makes. Both arrays are
non-decreasing, so a span of the derived text maps to a span of the source
and order is kept.
"""
from __future__ import annotations

from array import array
from collections.abc import Iterable

import numpy as np


class OffsetMap:
    """Derived text position -> source span, for each derived character."""

    __slots__ = ("starts", "ends", "source_length")

    def __init__(self, starts: np.ndarray, ends: np.ndarray, source_length: int):
        if starts.shape != ends.shape:
            raise ValueError("starts and ends must have one entry per derived character")
        self.starts = starts.astype(np.int64, copy=False)
        self.ends = ends.astype(np.int64, copy=False)
        self.source_length = source_length

    @classmethod
    def identity(cls, length: int) -> "OffsetMap":
        positions = np.arange(length, dtype=np.int64)
        return cls(positions, positions + 1, length)

    @classmethod
    def from_kept(cls, kept: np.ndarray, source_length: int) -> "OffsetMap":
        """The map of a text made by keeping the source characters at ``kept`` (sorted positions)."""
        kept = np.asarray(kept, dtype=np.int64)
        return cls(kept, kept + 1, source_length)

    @classmethod
    def from_arrays(cls, starts: array | Iterable[int], ends: array | Iterable[int], source_length: int) -> "OffsetMap":
        return cls(np.asarray(starts, dtype=np.int64), np.asarray(ends, dtype=np.int64), source_length)

    def __len__(self) -> int:
        return int(self.starts.shape[0])

    def position(self, index: int) -> int:
        """Source position of derived position ``index`` (``len(self)`` maps to the source's end)."""
        if index >= len(self):
            return self.source_length if len(self) == 0 else int(self.ends[-1])
        return int(self.starts[index])

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The source span ``[S, E)`` of the derived span ``[start, end)``."""
        if end <= start:
            point = self.position(start)
            return point, point
        return int(self.starts[start]), int(self.ends[end - 1])

    def is_monotone(self) -> bool:
        """Starts and ends non-decreasing and every span non-empty and inside the source (a check for tests)."""
        if len(self) == 0:
            return True
        return bool(
            np.all(np.diff(self.starts) >= 0)
            and np.all(np.diff(self.ends) >= 0)
            and np.all(self.starts < self.ends)
            and self.starts[0] >= 0
            and self.ends[-1] <= self.source_length
        )

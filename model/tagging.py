"""The IOB2 character tagging scheme: spans <-> tags, and legal transitions.

Each character gets exactly one tag. A span starts with ``B-X`` and goes on
with ``I-X``; two adjacent spans of one label therefore stay apart
(``B-LOC I-LOC B-LOC``). Constrained decoding (CRF or softmax) uses
:meth:`IOB2.allowed_transitions` so that no ``I-X`` ever follows ``O`` or a
tag of another label.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from .entities import LABELS, Entity

OUTSIDE = "O"


def tag_labels(tags: Iterable[str]) -> list[str]:
    """The entity labels a tag list names (``["O", "B-PER", "I-PER"]`` -> ``["PER"]``), sorted.

    Sorted, so that two models whose tag lists differ only in order give the
    same label ids (the order :class:`IOB2` numbers its tags in)."""
    return sorted({tag[2:] for tag in tags if tag != OUTSIDE})


class IOB2:
    """The IOB2 tag set over a list of span labels."""

    def __init__(self, labels: Sequence[str] = LABELS):
        if len(set(labels)) != len(labels):
            raise ValueError(f"duplicate labels in {list(labels)}")
        self.labels: tuple[str, ...] = tuple(labels)
        self.tags: tuple[str, ...] = (OUTSIDE,) + tuple(
            f"{prefix}-{label}" for label in self.labels for prefix in ("B", "I")
        )
        self.tag_to_id: dict[str, int] = {tag: i for i, tag in enumerate(self.tags)}

    def __len__(self) -> int:
        return len(self.tags)

    @property
    def id_to_tag(self) -> dict[int, str]:
        return dict(enumerate(self.tags))

    def encode(self, length: int, entities: Iterable[Entity]) -> list[str]:
        """Tags for a text of ``length`` characters holding ``entities``.

        Raises ValueError on overlapping spans or unknown labels: the caller's
        validation should have caught them, so this is a programming error.
        """
        tags = [OUTSIDE] * length
        for entity in sorted(entities):
            if entity.label not in self.labels:
                raise ValueError(f"label {entity.label!r} is not one of {self.labels}")
            if not 0 <= entity.start < entity.end <= length:
                raise ValueError(f"span [{entity.start}, {entity.end}) outside text of length {length}")
            if any(tag != OUTSIDE for tag in tags[entity.start : entity.end]):
                raise ValueError(f"span [{entity.start}, {entity.end}) overlaps another span")
            tags[entity.start] = f"B-{entity.label}"
            for i in range(entity.start + 1, entity.end):
                tags[i] = f"I-{entity.label}"
        return tags

    def decode(self, text: str, tags: Sequence[str], scores: Sequence[float] | None = None) -> list[Entity]:
        """Entities of ``text`` under ``tags`` (one tag per character).

        An ``I-X`` that does not continue an ``X`` span starts a new span (the
        usual repair); the decoders of this package never produce one.
        ``scores``, when given, are per-character confidences; an entity's
        score is their mean over its span.
        """
        if len(tags) != len(text):
            raise ValueError(f"{len(tags)} tags for a text of {len(text)} characters")
        entities: list[Entity] = []
        start: int | None = None
        label: str | None = None

        def close(end: int) -> None:
            if start is not None and label is not None:
                score = None
                if scores is not None:
                    score = float(sum(scores[start:end]) / (end - start))
                entities.append(Entity(start, end, label, text[start:end], score))

        for i, tag in enumerate(tags):
            if tag == OUTSIDE:
                close(i)
                start, label = None, None
                continue
            prefix, _, tag_label = tag.partition("-")
            if prefix not in ("B", "I") or not tag_label:
                raise ValueError(f"malformed tag {tag!r} at position {i}")
            if prefix == "B" or tag_label != label:
                close(i)
                start, label = i, tag_label
        close(len(tags))
        return entities

    def allowed_transitions(self) -> np.ndarray:
        """Boolean matrix ``[from, to]``: may tag ``to`` follow tag ``from``?"""
        n = len(self.tags)
        allowed = np.ones((n, n), dtype=bool)
        for j, to_tag in enumerate(self.tags):
            if not to_tag.startswith("I-"):
                continue
            label = to_tag[2:]
            for i, from_tag in enumerate(self.tags):
                allowed[i, j] = from_tag in (f"B-{label}", f"I-{label}")
        return allowed

    def allowed_starts(self) -> np.ndarray:
        """Boolean vector: may a sequence start with this tag? (never with I-)"""
        return np.array([not tag.startswith("I-") for tag in self.tags], dtype=bool)


def decode_tag_ids(text: str, tag_ids: np.ndarray, tags: Sequence[str], scores: np.ndarray | None = None) -> list[Entity]:
    """:meth:`IOB2.decode` of ``[tags[i] for i in tag_ids]``, with the span boundaries found in NumPy.

    ``tags`` is the model's tag list (id -> tag, any order); the same repair
    applies (an ``I-X`` that does not continue an ``X`` span starts one),
    and an entity's score is the mean of ``scores`` over its span.
    """
    if len(tag_ids) != len(text):
        raise ValueError(f"{len(tag_ids)} tags for a text of {len(text)} characters")
    labels = tag_labels(tags)
    for tag in tags:
        if tag != OUTSIDE and tag[:2] not in ("B-", "I-"):
            raise ValueError(f"malformed tag {tag!r}")
    label_of = np.array([-1 if tag == OUTSIDE else labels.index(tag[2:]) for tag in tags], dtype=np.int64)
    begins_of = np.array([tag.startswith("B-") for tag in tags], dtype=bool)
    ids = np.asarray(tag_ids, dtype=np.int64)
    label = label_of[ids]
    inside = label >= 0
    previous = np.concatenate(([-1], label[:-1]))
    starts = np.flatnonzero(inside & (begins_of[ids] | (label != previous)))
    breaks = np.append(np.flatnonzero(~inside | np.isin(np.arange(len(ids)), starts)), len(ids))
    ends = breaks[np.searchsorted(breaks, starts, side="right")]
    values = None if scores is None else np.asarray(scores, dtype=np.float64).tolist()
    entities = []
    for start, end in zip(starts.tolist(), ends.tolist()):
        score = None if values is None else float(sum(values[start:end]) / (end - start))
        entities.append(Entity(start, end, labels[label[start]], text[start:end], score))
    return entities

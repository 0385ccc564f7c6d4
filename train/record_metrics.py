"""Record-level scoring of meeting records, as ANNOTATION.md ("Evaluation") defines it.

Per article, predicted and gold records are paired one to one so that the
number of agreeing key slots is as large as possible. Key slots: date,
region, meeting (1 each when both records have the same non-null value) and
people names (1 per name the two records share, as multisets). A pair that
agrees on none of them is no pair. Among pairings with the same key
agreement, the one with the most agreeing slot values (below) wins, so the
result does not depend on the order of the records. The pairing is an exact
maximum-weight assignment (Hungarian algorithm, pure Python).

Then every slot value is counted: date, region, meeting, organizer (null is
no value), each person's name, each (name, title), each (name, role) and
each document — lists compared as multisets. A value of a predicted record
is a true positive when its paired gold record has it, else a false
positive; a gold value missing from the paired prediction is a false
negative; unpaired records contribute all their values as false positives
or negatives. Slot precision/recall/F1 are micro averages over all values;
record precision = paired / predicted, recall = paired / gold (a gold record
counts as found when it is paired).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "SLOTS",
    "SlotCounts",
    "RecordScores",
    "slot_values",
    "compared_values",
    "key_agreement",
    "pair_records",
    "score_article",
    "score_records",
]

#: Slot kinds, in report order.
SLOTS: tuple[str, ...] = ("date", "region", "meeting", "organizer", "name", "title", "role", "document")
_PAIR_SCALE = 10_000  # key agreement dominates; slot agreement breaks ties


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass
class SlotCounts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: "SlotCounts") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def to_dict(self) -> dict[str, float | int]:
        precision, recall, f1 = _prf(self.tp, self.fp, self.fn)
        return {"precision": precision, "recall": recall, "f1": f1, "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class RecordScores:
    """Slot counts per slot kind and record counts, summed over articles."""

    per_slot: dict[str, SlotCounts] = field(default_factory=lambda: {slot: SlotCounts() for slot in SLOTS})
    gold_records: int = 0
    predicted_records: int = 0
    paired_records: int = 0

    @property
    def slot(self) -> SlotCounts:
        total = SlotCounts()
        for counts in self.per_slot.values():
            total.add(counts)
        return total

    @property
    def record_precision(self) -> float:
        return self.paired_records / self.predicted_records if self.predicted_records else 0.0

    @property
    def record_recall(self) -> float:
        return self.paired_records / self.gold_records if self.gold_records else 0.0

    @property
    def record_f1(self) -> float:
        p, r = self.record_precision, self.record_recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "RecordScores") -> None:
        for slot, counts in other.per_slot.items():
            self.per_slot.setdefault(slot, SlotCounts()).add(counts)
        self.gold_records += other.gold_records
        self.predicted_records += other.predicted_records
        self.paired_records += other.paired_records

    def to_dict(self) -> dict[str, Any]:
        return {
            "slot": self.slot.to_dict(),
            "record": {
                "precision": self.record_precision,
                "recall": self.record_recall,
                "f1": self.record_f1,
                "paired": self.paired_records,
                "gold": self.gold_records,
                "predicted": self.predicted_records,
            },
            "record_f1": self.record_f1,
            "per_slot": {slot: counts.to_dict() for slot, counts in self.per_slot.items()},
        }


def _as_dict(record: Any) -> Mapping[str, Any]:
    if isinstance(record, Mapping):
        return record
    to_dict = getattr(record, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    raise TypeError(f"a record must be a dict or have to_dict(), got {type(record).__name__}")


def slot_values(record: Mapping[str, Any]) -> dict[str, Counter]:
    """The scored values of one record: slot kind -> multiset of values."""
    values: dict[str, Counter] = {slot: Counter() for slot in SLOTS}
    for slot in ("date", "region", "meeting", "organizer"):
        value = record.get(slot)
        if value is not None:
            values[slot][value] += 1
    for person in record.get("people") or []:
        name = person.get("name")
        if name is None:
            continue
        values["name"][name] += 1
        for title in person.get("titles") or []:
            values["title"][(name, title)] += 1
        for role in person.get("roles") or []:
            values["role"][(name, role)] += 1
    for document in record.get("documents") or []:
        values["document"][document] += 1
    return values


def key_agreement(a: Mapping[str, Any], b: Mapping[str, Any]) -> int:
    """Agreeing key slots: date, region, meeting (non-null and equal) plus shared people names."""
    agree = sum(1 for slot in ("date", "region", "meeting") if a.get(slot) is not None and a.get(slot) == b.get(slot))
    names_a = Counter(p.get("name") for p in a.get("people") or [] if p.get("name") is not None)
    names_b = Counter(p.get("name") for p in b.get("people") or [] if p.get("name") is not None)
    return agree + sum((names_a & names_b).values())


def _slot_agreement(a: dict[str, Counter], b: dict[str, Counter]) -> int:
    return sum(sum((a[slot] & b[slot]).values()) for slot in SLOTS)


def _hungarian_min(cost: list[list[int]]) -> list[int]:
    """Minimum-cost assignment of every row to a distinct column (rows <= columns)."""
    n, m = len(cost), len(cost[0])
    infinity = float("inf")
    u = [0.0] * (n + 1)
    v = [0.0] * (m + 1)
    owner = [0] * (m + 1)
    way = [0] * (m + 1)
    for row in range(1, n + 1):
        owner[0] = row
        column = 0
        min_value = [infinity] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[column] = True
            current_row = owner[column]
            delta = infinity
            next_column = 0
            for j in range(1, m + 1):
                if used[j]:
                    continue
                reduced = cost[current_row - 1][j - 1] - u[current_row] - v[j]
                if reduced < min_value[j]:
                    min_value[j] = reduced
                    way[j] = column
                if min_value[j] < delta:
                    delta = min_value[j]
                    next_column = j
            for j in range(m + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    min_value[j] -= delta
            column = next_column
            if owner[column] == 0:
                break
        while True:
            previous = way[column]
            owner[column] = owner[previous]
            column = previous
            if column == 0:
                break
    assignment = [-1] * n
    for j in range(1, m + 1):
        if owner[j]:
            assignment[owner[j] - 1] = j - 1
    return assignment


def pair_records(gold: Sequence[Mapping[str, Any]], predicted: Sequence[Mapping[str, Any]]) -> list[tuple[int, int]]:
    """Optimal one-to-one pairs (gold index, predicted index) with key agreement > 0."""
    if not gold or not predicted:
        return []
    gold_values = [slot_values(g) for g in gold]
    predicted_values = [slot_values(p) for p in predicted]
    weight = [
        [
            key_agreement(g, p) * _PAIR_SCALE + _slot_agreement(gv, pv) if key_agreement(g, p) > 0 else 0
            for p, pv in zip(predicted, predicted_values)
        ]
        for g, gv in zip(gold, gold_values)
    ]
    transpose = len(gold) > len(predicted)
    matrix = [list(col) for col in zip(*weight)] if transpose else weight
    assignment = _hungarian_min([[-w for w in row] for row in matrix])
    pairs = []
    for row, column in enumerate(assignment):
        g, p = (column, row) if transpose else (row, column)
        if column >= 0 and weight[g][p] > 0:
            pairs.append((g, p))
    return sorted(pairs)


def compared_values(gold: Sequence[Any], predicted: Sequence[Any]) -> tuple[list[tuple[dict[str, Counter], dict[str, Counter]]], list[tuple[int, int]]]:
    """The (gold, predicted) slot values to compare in one article — each pair, then
    each unpaired gold record against nothing, each unpaired prediction against
    nothing — and the pairs (gold index, predicted index)."""
    gold_dicts = [_as_dict(r) for r in gold]
    predicted_dicts = [_as_dict(r) for r in predicted]
    pairs = pair_records(gold_dicts, predicted_dicts)
    paired_gold = {g for g, _ in pairs}
    paired_predicted = {p for _, p in pairs}
    empty: dict[str, Counter] = {slot: Counter() for slot in SLOTS}
    comparisons = [(slot_values(gold_dicts[g]), slot_values(predicted_dicts[p])) for g, p in pairs]
    comparisons += [(slot_values(gold_dicts[g]), empty) for g in range(len(gold_dicts)) if g not in paired_gold]
    comparisons += [(empty, slot_values(predicted_dicts[p])) for p in range(len(predicted_dicts)) if p not in paired_predicted]
    return comparisons, pairs


def score_article(gold: Sequence[Any], predicted: Sequence[Any]) -> tuple[RecordScores, list[tuple[int, int]]]:
    """Scores of one article and its pairs (gold index, predicted index)."""
    comparisons, pairs = compared_values(gold, predicted)
    scores = RecordScores(gold_records=len(gold), predicted_records=len(predicted), paired_records=len(pairs))
    for gold_values, predicted_values in comparisons:
        for slot in SLOTS:
            common = sum((gold_values[slot] & predicted_values[slot]).values())
            counts = scores.per_slot[slot]
            counts.tp += common
            counts.fp += sum(predicted_values[slot].values()) - common
            counts.fn += sum(gold_values[slot].values()) - common
    return scores, pairs


def score_records(gold: Sequence[Sequence[Any]], predicted: Sequence[Sequence[Any]]) -> RecordScores:
    """Record scores summed over articles; ``gold[i]`` and ``predicted[i]`` are one article's records."""
    if len(gold) != len(predicted):
        raise ValueError(f"gold has {len(gold)} articles, predicted {len(predicted)}")
    total = RecordScores()
    for gold_records, predicted_records in zip(gold, predicted):
        scores, _ = score_article(gold_records, predicted_records)
        total.add(scores)
    return total

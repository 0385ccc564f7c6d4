"""Entity scores with seqeval: entity level, IOB2, strict mode."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from seqeval.metrics import classification_report, f1_score, precision_score, recall_score
from seqeval.scheme import IOB2 as SeqevalIOB2


def entity_scores(true_tags: Sequence[Sequence[str]], pred_tags: Sequence[Sequence[str]]) -> dict[str, Any]:
    """Micro precision/recall/F1 and per-label figures, as seqeval computes them."""
    true_tags = [list(t) for t in true_tags]
    pred_tags = [list(p) for p in pred_tags]
    kwargs = {"mode": "strict", "scheme": SeqevalIOB2, "zero_division": 0}
    report = classification_report(true_tags, pred_tags, output_dict=True, **kwargs)
    per_label = {
        label: {
            "precision": float(values["precision"]),
            "recall": float(values["recall"]),
            "f1": float(values["f1-score"]),
            "support": int(values["support"]),
        }
        for label, values in report.items()
        if not label.endswith(" avg")
    }
    return {
        "micro": {
            "precision": float(precision_score(true_tags, pred_tags, **kwargs)),
            "recall": float(recall_score(true_tags, pred_tags, **kwargs)),
            "f1": float(f1_score(true_tags, pred_tags, **kwargs)),
            "support": int(sum(v["support"] for v in per_label.values())),
        },
        "per_label": per_label,
    }


def format_entity_table(scores: dict[str, Any]) -> str:
    """A fixed-width table of the per-label and micro figures."""
    lines = [f"{'label':<10}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>10}"]
    for label, values in sorted(scores["per_label"].items()):
        lines.append(
            f"{label:<10}{values['precision']:>10.4f}{values['recall']:>10.4f}{values['f1']:>10.4f}{values['support']:>10d}"
        )
    micro = scores["micro"]
    lines.append(f"{'micro':<10}{micro['precision']:>10.4f}{micro['recall']:>10.4f}{micro['f1']:>10.4f}{micro['support']:>10d}")
    return "\n".join(lines)

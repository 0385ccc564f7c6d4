"""The most frequent entity errors of a model on an annotated file, per label.

    python scripts/entity_errors.py --model DIR --data FILE.jsonl [--top 8] [--format ner --label-map msra]

An entity is a false negative when no predicted entity has its exact span
and label, a false positive when no gold entity has the predicted span and
label (seqeval's strict matching, as sets of (start, end, label)). Errors
are grouped by their text, so the table shows what the model misses or
invents most often — the place to start when a label falls short.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from model.inference import load_model, predict  # noqa: E402
from model.tagging import tag_labels  # noqa: E402
from train.evaluate import read_eval_file  # noqa: E402


def error_counts(gold: list, predicted: list, labels: set[str]) -> tuple[dict[str, Counter], dict[str, Counter]]:
    """Per label: Counter of missed texts (FN) and of invented texts (FP)."""
    missed: dict[str, Counter] = {label: Counter() for label in labels}
    invented: dict[str, Counter] = {label: Counter() for label in labels}
    for gold_entities, predicted_entities in zip(gold, predicted):
        gold_set = {(e.start, e.end, e.label): e.text for e in gold_entities if e.label in labels}
        predicted_set = {(e.start, e.end, e.label): e.text for e in predicted_entities if e.label in labels}
        for key in gold_set.keys() - predicted_set.keys():
            missed[key[2]][gold_set[key]] += 1
        for key in predicted_set.keys() - gold_set.keys():
            invented[key[2]][predicted_set[key]] += 1
    return missed, invented


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default=None)
    parser.add_argument("--data", required=True)
    parser.add_argument("--format", choices=("articles", "ner"), default="articles")
    parser.add_argument("--label-map", default=None)
    parser.add_argument("--top", type=int, default=8)
    args = parser.parse_args(argv)
    articles, data_labels = read_eval_file(args.data, args.format, args.label_map)
    model = load_model(args.model)
    labels = set(tag_labels(model.tags)) & set(data_labels or tag_labels(model.tags))
    results = predict([a.text for a in articles], published=[a.published for a in articles], model=model)
    missed, invented = error_counts([a.entities for a in articles], [r.entities for r in results], labels)
    print("| label | most frequent false negatives (missed) | most frequent false positives (invented) |")
    print("|---|---|---|")
    for label in sorted(labels):
        fn = ", ".join(f"{text} ×{n}" for text, n in missed[label].most_common(args.top))
        fp = ", ".join(f"{text} ×{n}" for text, n in invented[label].most_common(args.top))
        print(f"| {label} ({sum(missed[label].values())} FN, {sum(invented[label].values())} FP) | {fn} | {fp} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

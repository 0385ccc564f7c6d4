"""What each post-processing rule adds: entity micro F1 as the rules are switched on one by one.

    python scripts/rule_gains.py --data data/real/build/train.jsonl --data data/real/build/dev.jsonl [--model DIR]
    python scripts/rule_gains.py --data ../shared/corpora/msra_ner/test.jsonl --format ner --label-map msra

The model tags each file once; then the rules of model.postprocess (RULES,
in the order predict() runs them) are applied to those entities cumulatively:
the first row has none, each next row one more, the last is what predict()
returns. Each cell is strict seqeval entity micro F1 on the labels the file
annotates. Choose rules on real-train and real-dev, never on a test split.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from model.inference import load_model, model_labels, read_documents, tag_documents  # noqa: E402
from model.postprocess import RULE_NAMES, apply_rules  # noqa: E402
from model.tagging import IOB2  # noqa: E402
from train.evaluate import read_eval_file  # noqa: E402
from train.metrics import entity_scores  # noqa: E402


def rule_gains(model, articles, file_labels) -> list[tuple[str, float]]:
    """(rule name, entity micro F1 with the rules up to it on) for no rule and then each rule in order."""
    documents = read_documents([a.text for a in articles], ["text"] * len(articles))
    raw = tag_documents(model, documents)
    labels = model_labels(model)
    scored = [label for label in labels if file_labels is None or label in file_labels]
    scheme = IOB2(scored)
    true_tags = [scheme.encode(len(a.text), [e for e in a.entities if e.label in scored]) for a in articles]
    rows = []
    for count in range(len(RULE_NAMES) + 1):
        enabled = RULE_NAMES[:count]
        predicted = [
            document.entities_to_original(apply_rules(document.normalized, entities, labels, model.doc_bracket_rule, enabled))
            for document, entities in zip(documents, raw)
        ]
        pred_tags = [scheme.encode(len(a.text), [e for e in p if e.label in scored]) for a, p in zip(articles, predicted)]
        rows.append(("none" if count == 0 else f"+ {enabled[-1]}", entity_scores(true_tags, pred_tags)["micro"]["f1"]))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default=None, help="model folder (default: the shipped model)")
    parser.add_argument("--data", action="append", required=True, help="annotated file (repeatable)")
    parser.add_argument("--format", choices=("articles", "ner"), default="articles")
    parser.add_argument("--label-map", default=None)
    args = parser.parse_args(argv)
    model = load_model(args.model)
    columns = {}
    for path in args.data:
        articles, file_labels = read_eval_file(path, args.format, args.label_map)
        columns[path] = rule_gains(model, articles, file_labels)
    names = list(columns)
    print("| rules on | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    for index, (rule, _) in enumerate(next(iter(columns.values()))):
        print(f"| {rule} | " + " | ".join(f"{columns[name][index][1]:.4f}" for name in names) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Evaluate a model on an annotated file: seqeval entity scores and record scores.

    python -m train.evaluate --model DIR --data FILE.jsonl [--output report.json]
    python -m train.evaluate --gold-entities --data FILE.jsonl   # record assembly alone

Entities are scored with seqeval over character IOB2 tags of whole articles
(entity level, strict mode, micro and per label); records with the guide's
one-to-one pairing (``train.record_metrics``).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from model.errors import PolicyIEError
from model.records import assemble_records
from model.tagging import IOB2

from .annotations import Article, read_articles
from .metrics import entity_scores, format_entity_table
from .record_metrics import score_records


def evaluate_articles(
    articles: Sequence[Article],
    model: Any = None,
    gold_entities: bool = False,
    batch_size: int | None = None,
) -> dict[str, Any]:
    """Entity and record scores of ``model`` (a LoadedModel) on ``articles``.

    With ``gold_entities`` the records are assembled from the annotated
    entities (no model needed) and only record scores are reported.
    """
    gold_records = [article.records for article in articles]
    report: dict[str, Any] = {"articles": len(articles), "characters": sum(len(a.text) for a in articles)}
    if gold_entities:
        predicted_records = [
            [record.to_dict() for record in assemble_records(a.text, a.entities, a.published)] for a in articles
        ]
        report["entities"] = None
    else:
        from model.inference import predict

        predictions = predict(
            [a.text for a in articles], published=[a.published for a in articles], model=model, batch_size=batch_size
        )
        labels = sorted({tag[2:] for tag in model.tags if tag != "O"})
        scheme = IOB2(labels)
        true_tags = [scheme.encode(len(a.text), [e for e in a.entities if e.label in labels]) for a in articles]
        pred_tags = [scheme.encode(len(a.text), p.entities) for a, p in zip(articles, predictions)]
        report["entities"] = entity_scores(true_tags, pred_tags)
        predicted_records = [[record.to_dict() for record in p.records] for p in predictions]
    report["records"] = score_records(gold_records, predicted_records).to_dict()
    return report


def format_report(report: dict[str, Any]) -> str:
    lines = [f"{report['articles']} articles, {report['characters']} characters"]
    if report.get("entities"):
        lines += ["", "Entities (seqeval, IOB2, strict):", format_entity_table(report["entities"])]
    records = report["records"]
    slot = records["slot"]
    lines += [
        "",
        "Records:",
        f"  slot precision {slot['precision']:.4f}  recall {slot['recall']:.4f}  f1 {slot['f1']:.4f}",
        f"  record f1 {records['record_f1']:.4f}",
    ]
    return "\n".join(lines)


def write_report(path: str | None, report: dict[str, Any]) -> None:
    """Write a report as JSON (UTF-8, readable Chinese), if a path is given."""
    if path:
        Path(path).write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
        print(f"\nwrote {path}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m train.evaluate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", help="model folder (default: the shipped model)")
    parser.add_argument("--data", required=True, help="annotated JSON Lines file (ANNOTATION.md)")
    parser.add_argument("--output", help="write the report as JSON here")
    parser.add_argument("--gold-entities", action="store_true", help="assemble records from the gold entities")
    parser.add_argument("--batch-size", type=int, default=None)
    args = parser.parse_args(argv)
    try:
        articles = read_articles(args.data)
        model = None
        if not args.gold_entities:
            from model.inference import load_model

            model = load_model(args.model)
        report = evaluate_articles(articles, model, args.gold_entities, args.batch_size)
    except PolicyIEError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    report["data"] = args.data
    report["model"] = None if args.gold_entities else model.path
    print(format_report(report))
    write_report(args.output, report)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Evaluate a model on an annotated file: seqeval entity scores and record scores.

    python -m train.evaluate --model DIR --data FILE.jsonl [--output report.json] [--backend onnx|torch] [--fp32]
    python -m train.evaluate --gold-entities --data FILE.jsonl   # record assembly alone
    python -m train.evaluate --data {shared}/corpora/msra_ner/test.jsonl --format ner --label-map msra

Entities are scored with seqeval over character IOB2 tags of whole articles
(entity level, strict mode, micro and per label); records with the guide's
one-to-one pairing (``train.record_metrics``). A public NER corpus
(``--format ner`` with a label map) is scored on the labels its map
produces only (MSRA: PER, LOC, ORG): the model's other labels are dropped
from both sides, so a TITLE it finds is no false positive there.
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
from model.tagging import IOB2, tag_labels

from .annotations import LABEL_MAPS, Article, read_articles, read_ner_corpus, resolve_label_map
from .metrics import entity_scores, format_entity_table
from .record_metrics import score_records


def read_eval_file(path: str, format: str = "articles", label_map: str | None = None) -> tuple[list[Article], tuple[str, ...] | None]:
    """The articles of an evaluation file and the labels it annotates (None: every label).

    ``format="ner"`` reads a public corpus of the shared folder through a label
    map of :data:`train.annotations.LABEL_MAPS`."""
    if format == "articles":
        return read_articles(path), None
    if label_map is None:
        raise PolicyIEError(f"{path}: a 'ner' file needs --label-map (one of {', '.join(sorted(LABEL_MAPS))})")
    labels = tuple(sorted({t for t in resolve_label_map(label_map).values() if t is not None}))
    return read_ner_corpus(path, label_map), labels


def evaluate_articles(
    articles: Sequence[Article],
    model: Any = None,
    gold_entities: bool = False,
    batch_size: int | None = None,
    labels: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Entity and record scores of ``model`` (a LoadedModel) on ``articles``.

    With ``gold_entities`` the records are assembled from the annotated
    entities (no model needed) and only record scores are reported.
    ``labels`` restricts the entity scores to the labels the file annotates.
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
        scored = [label for label in tag_labels(model.tags) if labels is None or label in labels]
        scheme = IOB2(scored)
        true_tags = [scheme.encode(len(a.text), [e for e in a.entities if e.label in scored]) for a in articles]
        pred_tags = [scheme.encode(len(a.text), [e for e in p.entities if e.label in scored]) for a, p in zip(articles, predictions)]
        report["entities"] = entity_scores(true_tags, pred_tags)
        predicted_records = [[record.to_dict() for record in p.records] for p in predictions]
    report["records"] = score_records(gold_records, predicted_records).to_dict()
    return report


def format_report(report: dict[str, Any]) -> str:
    lines = [f"{report['articles']} articles, {report['characters']} characters"]
    if report.get("backend"):
        lines.append("backend: " + ", ".join(f"{k} {v}" for k, v in report["backend"].items()))
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
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
        print(f"\nwrote {path}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m train.evaluate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", help="model folder (default: the shipped model)")
    parser.add_argument("--data", required=True, help="annotated JSON Lines file (ANNOTATION.md)")
    parser.add_argument("--output", help="write the report as JSON here")
    parser.add_argument("--gold-entities", action="store_true", help="assemble records from the gold entities")
    parser.add_argument("--batch-size", type=int, default=None)
    parser.add_argument("--format", choices=("articles", "ner"), default="articles",
                        help="'ner': a public corpus of the shared folder (uniform NER JSONL)")
    parser.add_argument("--label-map", default=None, help="with --format ner: a preset of train.annotations.LABEL_MAPS")
    parser.add_argument("--backend", choices=("auto", "torch", "onnx"), default=None,
                        help="runtime of the tagger (default: $POLICY_IE_BACKEND, else onnx where the folder has model.onnx)")
    parser.add_argument("--fp32", action="store_true", help="the torch backend without dynamic int8 quantization")
    args = parser.parse_args(argv)
    try:
        articles, labels = read_eval_file(args.data, args.format, args.label_map)
        model = None
        if not args.gold_entities:
            from model.inference import load_model

            model = load_model(args.model, quantize=False if args.fp32 else None, backend=args.backend)
        report = evaluate_articles(articles, model, args.gold_entities, args.batch_size, labels)
    except PolicyIEError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    report["data"] = args.data
    report["model"] = None if args.gold_entities else model.path
    if not args.gold_entities:
        report["backend"] = model.backend.describe()
    print(format_report(report))
    write_report(args.output, report)
    return 0


if __name__ == "__main__":
    sys.exit(main())

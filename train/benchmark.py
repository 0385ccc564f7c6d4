"""Benchmark the shipped model against int8, rules and jieba on an annotated file.

    policy-ie benchmark --data FILE.jsonl [--model DIR] [--gold-entities] --output report.json
    (or: python -m train.benchmark ..., python scripts/benchmark.py ...)

For each system, side by side: entity scores (seqeval, strict IOB2, micro and
per label), record scores (the guide's slot P/R/F1 and record F1; records
are assembled from each system's entities), and speed on this machine
(characters/s, articles/s, peak memory). Each system runs in a fresh
process, so its peak memory is its own; the timed pass follows one warm-up
pass, and the best of ``--repeat`` passes is reported.
"""
from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import time
from typing import Any

from model.entities import Entity
from model.records import assemble_records
from model.tagging import IOB2, tag_labels

from .annotations import Article
from .evaluate import read_eval_file, write_report
from .metrics import entity_scores
from .record_metrics import score_records

SYSTEMS = ("model", "model-int8", "model-onnx", "model-no-rule", "rules", "jieba")
DEFAULT_SYSTEMS = ("model", "model-int8", "rules", "jieba")
ALL_LABELS = ("PER", "TITLE", "ORG", "LOC", "DATE", "MEETING", "DOC")


def _make_system(name: str, model_dir: str | None):
    """(labels covered, function texts -> entities) of one system."""
    if name.startswith("model"):
        from model.inference import extract_entities, load_model

        if name == "model-onnx":
            loaded = load_model(model_dir, backend="onnx")  # the folder's int8 model.onnx (model.onnx_backend)
        else:
            loaded = load_model(model_dir, quantize=name == "model-int8", device="cpu", backend="torch")
        loaded.doc_bracket_rule = name != "model-no-rule"
        labels = tuple(tag_labels(loaded.tags))

        def run(texts):
            return extract_entities(loaded, texts)

        return labels, run
    from .baselines import JiebaBaseline, RulesBaseline

    system = RulesBaseline() if name == "rules" else JiebaBaseline()
    return system.labels, system.predict_entities


def _run_system(name: str, model_dir: str | None, texts: list[str], published: list[str | None], repeat: int) -> dict[str, Any]:
    """Runs in a child process: predictions, best time, peak memory."""
    labels, run = _make_system(name, model_dir)
    run(texts[:1])  # warm-up (lazy imports, caches)
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        entities = run(texts)
        records = [assemble_records(t, e, p) for t, e, p in zip(texts, entities, published)]
        best = min(best, time.perf_counter() - started)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "labels": list(labels),
        "entities": [[e.to_dict() for e in article] for article in entities],
        "records": [[r.to_dict() for r in article] for article in records],
        "seconds": best,
        "peak_rss_mb": peak_kb / 1024,
    }


def score_system(articles: list[Article], result: dict[str, Any], data_labels: tuple[str, ...] | None = None) -> dict[str, Any]:
    """Scores on the labels both the system and the file cover (``data_labels``: None for every label)."""
    labels = [label for label in result["labels"] if data_labels is None or label in data_labels]
    scheme = IOB2(ALL_LABELS)
    true_tags = [scheme.encode(len(a.text), [e for e in a.entities if e.label in labels]) for a in articles]
    pred_tags = [
        scheme.encode(len(a.text), [Entity.from_dict(e) for e in ents if e["label"] in labels])
        for a, ents in zip(articles, result["entities"])
    ]
    entities = entity_scores(true_tags, pred_tags)
    records = score_records([a.records for a in articles], result["records"]).to_dict()
    chars = sum(len(a.text) for a in articles)
    return {
        "labels": labels,
        "entities": entities,
        "records": records,
        "speed": {
            "seconds": result["seconds"],
            "chars_per_s": chars / result["seconds"] if result["seconds"] else None,
            "articles_per_s": len(articles) / result["seconds"] if result["seconds"] else None,
            "peak_rss_mb": result["peak_rss_mb"],
        },
    }


def gold_system(articles: list[Article]) -> dict[str, Any]:
    """Records assembled from the gold entities: the record assembly alone."""
    started = time.perf_counter()
    records = [[r.to_dict() for r in assemble_records(a.text, a.entities, a.published)] for a in articles]
    seconds = time.perf_counter() - started
    return {
        "labels": list(ALL_LABELS),
        "entities": [[e.to_dict() for e in a.entities] for a in articles],
        "records": records,
        "seconds": seconds,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def format_table(report: dict[str, Any]) -> str:
    systems = report["systems"]
    names = list(systems)
    lines = [f"{report['data']}: {report['articles']} articles, {report['characters']} characters", ""]
    lines.append(f"{'':<18}" + "".join(f"{n:>15}" for n in names))
    lines.append("entity F1 (strict IOB2)")
    for label in ALL_LABELS:
        cells = []
        for n in names:
            s = systems[n]
            cells.append(f"{s['entities']['per_label'][label]['f1']:>15.3f}" if label in s["labels"] else f"{'—':>15}")
        lines.append(f"  {label:<16}" + "".join(cells))
    lines.append(f"  {'micro':<16}" + "".join(f"{systems[n]['entities']['micro']['f1']:>15.3f}" for n in names))
    if report.get("has_records", True):
        lines.append("records")
        lines.append(f"  {'slot P':<16}" + "".join(f"{systems[n]['records']['slot']['precision']:>15.3f}" for n in names))
        lines.append(f"  {'slot R':<16}" + "".join(f"{systems[n]['records']['slot']['recall']:>15.3f}" for n in names))
        lines.append(f"  {'slot F1':<16}" + "".join(f"{systems[n]['records']['slot']['f1']:>15.3f}" for n in names))
        lines.append(f"  {'record F1':<16}" + "".join(f"{systems[n]['records']['record_f1']:>15.3f}" for n in names))
    else:
        lines.append("records: none annotated in this file")
    lines.append("speed")
    lines.append(f"  {'chars/s':<16}" + "".join(f"{systems[n]['speed']['chars_per_s']:>15,.0f}" for n in names))
    lines.append(f"  {'articles/s':<16}" + "".join(f"{systems[n]['speed']['articles_per_s']:>15.1f}" for n in names))
    lines.append(f"  {'peak MB':<16}" + "".join(f"{systems[n]['speed']['peak_rss_mb']:>15.0f}" for n in names))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="policy-ie benchmark", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", required=True, help="annotated JSON Lines (ANNOTATION.md)")
    parser.add_argument("--model", default=None, help="model folder (default: the shipped model)")
    parser.add_argument("--systems", default=",".join(DEFAULT_SYSTEMS), help=f"comma-separated subset of {', '.join(SYSTEMS)}")
    parser.add_argument("--gold-entities", action="store_true", help="also score records assembled from gold entities")
    parser.add_argument("--repeat", type=int, default=1, help="timed passes per system (the best is kept)")
    parser.add_argument("--output", help="write the report as JSON here")
    parser.add_argument("--format", choices=("articles", "ner"), default="articles",
                        help="'ner': a public corpus of the shared folder, scored on its own labels")
    parser.add_argument("--label-map", default=None, help="with --format ner: a preset of train.annotations.LABEL_MAPS (msra)")
    args = parser.parse_args(argv)
    articles, data_labels = read_eval_file(args.data, args.format, args.label_map)
    texts = [a.text for a in articles]
    published = [a.published for a in articles]
    names = [n.strip() for n in args.systems.split(",") if n.strip()]
    unknown = sorted(set(names) - set(SYSTEMS))
    if unknown:
        parser.error(f"unknown systems: {', '.join(unknown)}")
    report: dict[str, Any] = {
        "data": args.data, "model": args.model, "articles": len(articles),
        "characters": sum(len(t) for t in texts), "systems": {},
    }
    context = multiprocessing.get_context("spawn")
    for name in names:
        with context.Pool(1) as pool:
            result = pool.apply(_run_system, (name, args.model, texts, published, args.repeat))
        report["systems"][name] = score_system(articles, result, data_labels)
    if args.gold_entities:
        report["systems"]["gold-entities"] = score_system(articles, gold_system(articles), data_labels)
    report["labels_scored"] = list(data_labels or ALL_LABELS)
    report["has_records"] = any(a.records for a in articles)
    print(format_table(report))
    write_report(args.output, report)
    return 0


if __name__ == "__main__":
    sys.exit(main())

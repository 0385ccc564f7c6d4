"""Score record assembly alone: records assembled from the GOLD entities.

    python scripts/score_records_gold.py --data ../shared/examples/seed.jsonl [--verbose] [--json OUT]

Reads annotated articles (ANNOTATION.md), runs ``assemble_records`` on each
article's gold entities and ``published``, scores the result against the gold
records (``train.record_metrics``) and prints slot precision/recall/F1,
per-slot figures and record F1. ``--verbose`` prints, per article, the
differences between paired records and the unpaired ones.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from model.errors import AnnotationError  # noqa: E402
from model.records import assemble_records  # noqa: E402
from train.annotations import read_articles  # noqa: E402
from train.record_metrics import RecordScores, score_article, slot_values  # noqa: E402


def _short(record: dict) -> str:
    people = ",".join(f"{p['name']}{'/'.join(p['roles'])}" for p in record.get("people", []))
    return f"{record.get('date')} {record.get('region')} {record.get('meeting')} org={record.get('organizer')} [{people}]"


def _differences(gold: dict, predicted: dict) -> list[str]:
    gold_values, predicted_values = slot_values(gold), slot_values(predicted)
    lines = []
    for slot in gold_values:
        missing = gold_values[slot] - predicted_values[slot]
        extra = predicted_values[slot] - gold_values[slot]
        if missing or extra:
            lines.append(f"      {slot}: missing {sorted(map(str, missing.elements()))} extra {sorted(map(str, extra.elements()))}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="annotated JSON Lines file")
    parser.add_argument("--verbose", action="store_true", help="print the errors of every article")
    parser.add_argument("--json", type=Path, help="write the scores as JSON here")
    args = parser.parse_args(argv)
    try:
        articles = read_articles(args.data)
    except AnnotationError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    total = RecordScores()
    elapsed = 0.0
    for article in articles:
        started = time.perf_counter()
        records = [r.to_dict() for r in assemble_records(article.text, article.entities, article.published)]
        elapsed += time.perf_counter() - started
        scores, pairs = score_article(article.records, records)
        total.add(scores)
        if args.verbose:
            slot = scores.slot
            if slot.fp or slot.fn or scores.paired_records != scores.gold_records:
                print(f"== {article.id}: gold {len(article.records)}, predicted {len(records)}, paired {len(pairs)}, "
                      f"slot fp {slot.fp} fn {slot.fn}")
                paired_gold = {g for g, _ in pairs}
                paired_predicted = {p for _, p in pairs}
                for g, p in pairs:
                    diff = _differences(article.records[g], records[p])
                    if diff:
                        print(f"   pair gold {_short(article.records[g])}")
                        print("\n".join(diff))
                for g, record in enumerate(article.records):
                    if g not in paired_gold:
                        print(f"   MISSED gold {_short(record)}")
                for p, record in enumerate(records):
                    if p not in paired_predicted:
                        print(f"   EXTRA predicted {_short(record)}")
    report = total.to_dict()
    slot, record = report["slot"], report["record"]
    print(f"{len(articles)} articles ({args.data})")
    print(f"slot   P {slot['precision']:.4f}  R {slot['recall']:.4f}  F1 {slot['f1']:.4f}  "
          f"(tp {slot['tp']}, fp {slot['fp']}, fn {slot['fn']})")
    print(f"record P {record['precision']:.4f}  R {record['recall']:.4f}  F1 {record['f1']:.4f}  "
          f"(paired {record['paired']}, gold {record['gold']}, predicted {record['predicted']})")
    for name, counts in report["per_slot"].items():
        print(f"  {name:<9} P {counts['precision']:.3f} R {counts['recall']:.3f} F1 {counts['f1']:.3f} "
              f"(tp {counts['tp']}, fp {counts['fp']}, fn {counts['fn']})")
    print(f"assembly time: {1000 * elapsed / max(1, len(articles)):.2f} ms per article")
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

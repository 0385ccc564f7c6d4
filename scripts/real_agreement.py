"""Agreement between two annotations of the same real-news stories.

Two uses, both over standoff files (rebuilt from the shared corpus):

* inter-annotator agreement: the first annotation (``data/real/standoff/batch_*.jsonl``)
  against the independent second one (``data/real/standoff/second/*.jsonl``);
* how much the reading changed the model's pre-annotation
  (``data/real/standoff/pre/*.jsonl``) into the final annotation.

Entity agreement is seqeval's strict entity F1 (one side as reference: F1 is
symmetric, precision and recall swap), record agreement the guide's slot F1
and record F1. Only stories present on both sides are compared::

    python scripts/real_agreement.py --reference data/real/standoff/batch_*.jsonl \\
        --other data/real/standoff/second/*.jsonl [--output agreement.json]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from model.entities import LABELS  # noqa: E402
from model.errors import PolicyIEError  # noqa: E402
from model.tagging import IOB2  # noqa: E402
from train.annotations import Article, parse_article  # noqa: E402
from train.metrics import entity_scores, format_entity_table  # noqa: E402
from train.real_news import RawNews, default_shared_dir, read_standoff, rebuild_article  # noqa: E402
from train.record_metrics import score_records  # noqa: E402


def load(paths: list[Path], raw: RawNews) -> dict[str, Article]:
    return {line["id"]: parse_article(rebuild_article(line, raw, f"{path}:{number}"))
            for path, number, line in read_standoff(paths)}


def agreement(reference: dict[str, Article], other: dict[str, Article]) -> dict[str, Any]:
    """Entity and record agreement over the stories both sides annotated."""
    common = sorted(set(reference) & set(other))
    scheme = IOB2(LABELS)
    ref_tags = [scheme.encode(len(reference[i].text), reference[i].entities) for i in common]
    other_tags = [scheme.encode(len(other[i].text), other[i].entities) for i in common]
    records = score_records([reference[i].records for i in common], [other[i].records for i in common])
    return {
        "stories": len(common),
        "characters": sum(len(reference[i].text) for i in common),
        "entities": entity_scores(ref_tags, other_tags),
        "records": records.to_dict(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", nargs="+", type=Path, required=True)
    parser.add_argument("--other", nargs="+", type=Path, required=True)
    parser.add_argument("--shared-dir", default=None)
    parser.add_argument("--output", default=None)
    args = parser.parse_args(argv)
    try:
        raw = RawNews(args.shared_dir or default_shared_dir(ROOT))
        report = agreement(load(args.reference, raw), load(args.other, raw))
    except PolicyIEError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"{report['stories']} stories, {report['characters']} characters in common")
    print(format_entity_table(report["entities"]))
    slot, record = report["records"]["slot"], report["records"]["record"]
    print(f"record slots: P {slot['precision']:.3f} R {slot['recall']:.3f} F1 {slot['f1']:.3f}; "
          f"records F1 {record['f1']:.3f} ({record['gold']} reference, {record['predicted']} other)")
    if args.output:
        Path(args.output).write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

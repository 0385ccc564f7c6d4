"""Consistency rules applied to the real-news standoff after the review.

Where the annotators' reports showed that one convention was followed by
most batches and another by a few, the few are brought in line by rule
(idempotent; every change is printed):

* a DATE span does not include a leading 当地时间 / 北京时间 (当地时间[8月24日上午]);
  records that pointed at the old span point at the new one.

    python scripts/real_consistency.py [--dry-run]

Run ``python scripts/build_real_corpus.py`` afterwards to validate.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from train.real_news import RawNews, default_shared_dir  # noqa: E402

STANDOFF = ROOT / "data" / "real" / "standoff"
TIME_ZONE_PREFIXES = ("当地时间", "北京时间")


def _replace_span(value: Any, old: list[int], new: list[int]) -> Any:
    """``value`` with every [start, end] equal to ``old`` replaced by ``new``."""
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value):
        return new if value == old else value
    if isinstance(value, list):
        return [_replace_span(v, old, new) for v in value]
    if isinstance(value, dict):
        return {k: _replace_span(v, old, new) for k, v in value.items()}
    return value


def strip_time_zone(line: dict[str, Any], text: str) -> list[str]:
    """Drop 当地时间 / 北京时间 from the start of DATE spans; returns what changed."""
    changes = []
    for index, (start, end, label) in enumerate(line["entities"]):
        if label != "DATE":
            continue
        for prefix in TIME_ZONE_PREFIXES:
            if text.startswith(prefix, start) and end - start > len(prefix):
                new_start = start + len(prefix)
                line["entities"][index] = [new_start, end, label]
                line["records"] = _replace_span(line["records"], [start, end], [new_start, end])
                changes.append(f"{line['id']}: DATE {text[start:end]} -> {text[new_start:end]}")
                break
    return changes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--shared-dir", default=None)
    args = parser.parse_args(argv)
    raw = RawNews(args.shared_dir or default_shared_dir(ROOT))
    total = 0
    for path in sorted(STANDOFF.glob("batch_*.jsonl")):
        lines = [json.loads(row) for row in path.read_text(encoding="utf-8").splitlines() if row.strip()]
        changes = []
        for line in lines:
            changes += strip_time_zone(line, raw.story(line["file"], int(line["article"])).text)
        for change in changes:
            print(f"{path.name}: {change}")
        total += len(changes)
        if changes and not args.dry_run:
            path.write_text("".join(json.dumps(l, ensure_ascii=False, separators=(",", ":")) + "\n" for l in lines), encoding="utf-8")
    print(f"{total} changes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

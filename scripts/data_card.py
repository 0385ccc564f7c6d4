"""Print the figures of the data card (data/README.md) from the corpus files.

    python scripts/data_card.py            # print the tables
    python scripts/data_card.py --write    # also refresh them in data/README.md
    python scripts/data_card.py --data data/real/build --readme data/real/README.md --write   # the real-news corpus

Counts per split, per label, per kind, per region and per form, and the
distribution of article lengths.
"""
from __future__ import annotations

import argparse
import statistics
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from model.entities import LABELS  # noqa: E402
from train.annotations import Article, read_articles  # noqa: E402

BEGIN, END = "<!-- data-card:begin -->", "<!-- data-card:end -->"
SPLITS = ("train", "dev", "test")


def table(header: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def card(splits: dict[str, list[Article]]) -> str:
    everything = [a for part in splits.values() for a in part]
    out = []
    rows = []
    for name, part in splits.items():
        rows.append([name, len(part), sum(len(a.text) for a in part), sum(len(a.entities) for a in part),
                     sum(len(a.records) for a in part), sum(1 for a in part if not a.records)])
    rows.append(["**all**", len(everything), sum(len(a.text) for a in everything), sum(len(a.entities) for a in everything),
                 sum(len(a.records) for a in everything), sum(1 for a in everything if not a.records)])
    out.append("### Splits\n\n" + table(["split", "articles", "characters", "entities", "records", "articles without a record"], rows))

    label_rows = []
    for label in LABELS:
        label_rows.append([label] + [sum(1 for a in splits[s] for e in a.entities if e.label == label) for s in SPLITS])
    out.append("### Entities per label\n\n" + table(["label", *SPLITS], label_rows))

    for key, title in (("kind", "Articles per kind"), ("form", "Articles per form")):
        counts = {s: Counter(str(a.extra.get(key, "-")) for a in splits[s]) for s in SPLITS}
        keys = sorted(set().union(*counts.values()))
        out.append(f"### {title}\n\n" + table([key, *SPLITS], [[k] + [counts[s][k] for s in SPLITS] for k in keys]))

    years = {s: Counter(str(a.published or "-")[:4] for a in splits[s]) for s in SPLITS}
    keys = sorted(set().union(*years.values()))
    out.append("### Articles per year of publication\n\n" + table(["year", *SPLITS], [[k] + [years[s][k] for s in SPLITS] for k in keys]))

    regions = Counter(r["region"] or "null" for a in everything for r in a.records)
    out.append("### Records per region (all splits)\n\n" + table(["region", "records"], sorted(regions.items(), key=lambda kv: (-kv[1], kv[0]))))

    lengths = sorted(len(a.text) for a in everything)
    bins = [(0, 300), (300, 600), (600, 1000), (1000, 1500), (1500, 3000), (3000, 10**9)]
    rows = [[f"{lo}–{hi - 1}" if hi < 10**9 else f"{lo}+", sum(1 for n in lengths if lo <= n < hi)] for lo, hi in bins]
    summary = (f"min {lengths[0]}, median {statistics.median(lengths):.0f}, mean {statistics.mean(lengths):.0f}, "
               f"max {lengths[-1]} characters")
    records_per = Counter(min(len(a.records), 5) for a in everything)
    out.append("### Article lengths\n\n" + summary + "\n\n" + table(["characters", "articles"], rows))
    out.append("### Records per article\n\n" + table(["records", "articles"], [["5+" if k == 5 else k, records_per[k]] for k in sorted(records_per)]))
    return "\n\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument("--write", action="store_true", help="refresh the tables in the data card")
    parser.add_argument("--readme", type=Path, default=None, help="the data card to refresh (default: DATA/README.md)")
    args = parser.parse_args(argv)
    splits = {name: read_articles(args.data / f"{name}.jsonl") for name in SPLITS}
    text = card(splits)
    print(text)
    if args.write:
        readme = args.readme or args.data / "README.md"
        current = readme.read_text(encoding="utf-8")
        if BEGIN not in current or END not in current:
            print(f"error: {readme} lacks the {BEGIN} / {END} markers", file=sys.stderr)
            return 1
        head, rest = current.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        readme.write_text(f"{head}{BEGIN}\n{text}\n{END}{tail}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Does a meeting reported from a county get its province? Counties our corpora never name.

Picks ``--count`` county-level divisions (fixed ``--seed``) from
model/resources/regions/divisions.tsv whose official name and bare stem occur
in no text of data/*.jsonl and data/real/build/*.jsonl (build it with
scripts/build_real_corpus.py; missing files are skipped with a note), writes
one sentence for each, written by us::

    3月5日，临泽县召开县委常委会会议，传达学习全国两会精神。

and runs the record assembly on it: with the gold entities (DATE, the county
as ORG, the meeting as MEETING) through ``model.records.assemble_records``,
and with ``--model`` also through ``predict()`` with that model (``default``:
the shipped one). Prints how many records get the county's province::

    python scripts/county_regions.py [--count 40] [--seed 11] [--model default] [--verbose]
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from model.entities import Entity  # noqa: E402
from model.records import assemble_records  # noqa: E402

TABLE = ROOT / "model" / "resources" / "regions" / "divisions.tsv"
CORPORA = sorted((ROOT / "data").glob("*.jsonl")) + sorted((ROOT / "data" / "real" / "build").glob("*.jsonl"))
#: The organ that convenes a county's standing committee, by the last character of its name.
ORGAN = {"县": "县委", "区": "区委", "市": "市委", "旗": "旗委"}
PUBLISHED = "2024-03-06"


def read_table() -> tuple[dict[str, str], list[tuple[str, str]]]:
    """(province name by two-digit prefix, (code, name) of every current county-level division)."""
    provinces: dict[str, str] = {}
    counties: list[tuple[str, str]] = []
    with TABLE.open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        for row in rows:
            if row["level"] == "province":
                provinces[row["code"][:2]] = row["name"]
            elif row["level"] == "county" and row["status"] == "current":
                counties.append((row["code"], row["name"]))
    return provinces, counties


def corpus_text() -> str:
    texts = []
    for path in CORPORA:
        with path.open(encoding="utf-8") as handle:
            texts.extend(json.loads(line)["text"] for line in handle if line.strip())
    if not (ROOT / "data" / "real" / "build").is_dir():
        print("note: data/real/build missing (scripts/build_real_corpus.py); real-news texts not checked", file=sys.stderr)
    return "\n".join(texts)


def unseen_counties(count: int, seed: int) -> list[tuple[str, str]]:
    """``count`` counties whose name and stem (the name less its last character) no corpus text has."""
    _, counties = read_table()
    text = corpus_text()
    unseen = [(code, name) for code, name in counties
              if name[-1] in ORGAN and name not in text and (len(name) < 3 or name[:-1] not in text)]
    return random.Random(seed).sample(unseen, count)


def sentence(name: str) -> tuple[str, list[Entity]]:
    """One written sentence about the county and its gold entities."""
    organ = ORGAN[name[-1]]
    date, meeting = "3月5日", f"{organ}常委会会议"
    text = f"{date}，{name}召开{meeting}，传达学习全国两会精神。"
    start = len(date) + 1
    entities = [Entity(0, len(date), "DATE", date), Entity(start, start + len(name), "ORG", name)]
    at = text.index(meeting)
    entities.append(Entity(at, at + len(meeting), "MEETING", meeting))
    return text, entities


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--model", help="also run predict() with this model folder ('default': the shipped model)")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    provinces, _ = read_table()
    chosen = unseen_counties(args.count, args.seed)
    texts = [sentence(name) for _, name in chosen]
    runs = {"gold entities": [assemble_records(text, entities, PUBLISHED) for text, entities in texts]}
    if args.model:
        from model.inference import predict

        model = None if args.model == "default" else args.model
        runs[f"predict() {args.model}"] = [p.records for p in predict([t for t, _ in texts], PUBLISHED, model=model)]
    for run, results in runs.items():
        right = 0
        for (code, name), records in zip(chosen, results):
            expected = provinces[code[:2]]
            got = [r.region for r in records]
            right += expected in got and all(g in (expected, None) for g in got)
            if args.verbose:
                print(f"  {run}: {name} ({expected}) -> {got}")
        print(f"{run}: {right} of {len(chosen)} records get the county's province")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Build the real-news corpus (real-train, real-dev, real-test) from its standoff files.

The repository holds the annotations of real 新闻联播 stories as standoff
(``data/real/standoff/batch_*.jsonl``: a story's place in the shared corpus,
a hash of its text, entities and records as offsets). This script reads each
story's text from the shared folder, checks its hash, validates the article
with the project's validator and writes the guide's JSON Lines, one file per
split of ``data/real/selection.tsv``::

    python scripts/build_real_corpus.py [--out data/real/build] [--shared-dir DIR]

A missing shared folder, a story whose text changed or an annotation that
breaks the guide stops the build with an error naming the file, line and
story; nothing is dropped silently.
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from model.errors import AnnotationError, PolicyIEError  # noqa: E402
from train.annotations import Article, parse_article, write_articles  # noqa: E402
from train.real_news import RawNews, default_shared_dir, read_standoff, rebuild_article  # noqa: E402

REAL_DIR = ROOT / "data" / "real"
SPLITS = ("train", "dev", "test")


def read_splits(selection: Path) -> dict[str, str]:
    """Story id -> split, from the selection file."""
    with selection.open(encoding="utf-8", newline="") as handle:
        return {row["id"]: row["split"] for row in csv.DictReader(handle, delimiter="\t")}


def build(standoff_files: list[Path], raw: RawNews, splits: dict[str, str]) -> dict[str, list[Article]]:
    """Validated articles per split; raises on the first problem, naming its place."""
    out: dict[str, list[Article]] = {name: [] for name in SPLITS}
    seen: dict[str, str] = {}
    for path, number, line in read_standoff(standoff_files):
        where = f"{path}:{number}"
        story = line.get("id")
        if story in seen:
            raise AnnotationError(f"story {story!r} annotated twice (also {seen[story]})", str(path), number)
        if story not in splits:
            raise AnnotationError(f"story {story!r} is not in the selection", str(path), number)
        seen[story] = where
        data = rebuild_article(line, raw, where)
        try:
            article = parse_article(data)
        except AnnotationError as error:
            raise AnnotationError(f"story {story}: {error.problem}", str(path), number) from error
        out[splits[story]].append(article)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REAL_DIR / "build")
    parser.add_argument("--shared-dir", default=None, help="default: $POLICY_IE_SHARED, else ../shared")
    parser.add_argument("--standoff", type=Path, default=REAL_DIR / "standoff", help="folder of batch_*.jsonl")
    parser.add_argument("--selection", type=Path, default=REAL_DIR / "selection.tsv")
    args = parser.parse_args(argv)
    files = sorted(args.standoff.glob("batch_*.jsonl"))
    try:
        if not files:
            raise AnnotationError("no standoff files (batch_*.jsonl)", str(args.standoff))
        raw = RawNews(args.shared_dir or default_shared_dir(ROOT))
        splits = build(files, raw, read_splits(args.selection))
    except PolicyIEError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    for name in SPLITS:
        part = splits[name]
        write_articles(args.out / f"{name}.jsonl", part)
        chars = sum(len(a.text) for a in part)
        records = sum(len(a.records) for a in part)
        entities = sum(len(a.entities) for a in part)
        print(f"real-{name}: {len(part)} stories, {chars} characters, {entities} entities, {records} records -> {args.out / (name + '.jsonl')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

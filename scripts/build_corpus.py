"""Build the annotated corpus from the markup files in ``data/source``.

Validates every article with the project's validator (errors name the markup
file and line) and writes ``data/corpus.jsonl`` plus the train/dev/test
splits, fixed by article id and stratified by ``kind``.

Articles in ``data/source/train_only/*.md`` were written after the splits
were fixed (to cover what the first batches lacked); they go to the training
split only, so that dev and test stay the same articles and earlier figures
stay comparable.

    python scripts/build_corpus.py [--source data/source] [--out data]
"""
from __future__ import annotations

import argparse
import hashlib
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from model.errors import AnnotationError  # noqa: E402
from train.annotations import Article, parse_article, write_articles  # noqa: E402
from train.markup import read_markup_file  # noqa: E402

SPLITS = (("train", 0.70), ("dev", 0.15), ("test", 0.15))
TRAIN_ONLY_DIR = "train_only"


def load_sources(source_dir: Path, seen: dict[str, str] | None = None) -> list[Article]:
    """Every article of ``source_dir/*.md``, validated; ``seen`` maps ids already
    read (from another folder) to their place, so duplicates across folders fail too."""
    articles: list[Article] = []
    seen = {} if seen is None else seen
    files = sorted(source_dir.glob("*.md"))
    if not files:
        raise AnnotationError("no markup files (*.md)", str(source_dir))
    for path in files:
        for line, data in read_markup_file(path):
            try:
                article = parse_article(data)
            except AnnotationError as error:
                raise AnnotationError(f"article {data.get('id')!r}: {error.problem}", str(path), line) from error
            if article.id in seen:
                raise AnnotationError(f"duplicate id {article.id!r} (also in {seen[article.id]})", str(path), line)
            seen[article.id] = f"{path}:{line}"
            articles.append(article)
    return articles


def split_by_kind(articles: list[Article]) -> dict[str, list[Article]]:
    """Deterministic stratified split: within each kind, order by a hash of the
    id and cut at 70/15/15, so adding articles moves few existing ones."""
    by_kind: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        by_kind[str(article.extra.get("kind", "other"))].append(article)
    splits: dict[str, list[Article]] = {name: [] for name, _ in SPLITS}
    for kind in sorted(by_kind):
        group = sorted(by_kind[kind], key=lambda a: hashlib.sha1(a.id.encode()).hexdigest())
        n = len(group)
        n_dev = round(n * SPLITS[1][1])
        n_test = round(n * SPLITS[2][1])
        splits["test"].extend(group[:n_test])
        splits["dev"].extend(group[n_test : n_test + n_dev])
        splits["train"].extend(group[n_test + n_dev :])
    return splits


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, default=ROOT / "data" / "source")
    parser.add_argument("--out", type=Path, default=ROOT / "data")
    parser.add_argument("--check", action="store_true", help="validate only, write nothing")
    args = parser.parse_args(argv)
    seen: dict[str, str] = {}
    train_only_dir = args.source / TRAIN_ONLY_DIR
    try:
        articles = load_sources(args.source, seen)
        train_only = load_sources(train_only_dir, seen) if train_only_dir.is_dir() else []
    except AnnotationError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    everything = articles + train_only
    n_chars = sum(len(a.text) for a in everything)
    n_records = sum(len(a.records) for a in everything)
    print(f"{len(everything)} articles, {n_chars} characters, {n_records} records: all valid")
    if args.check:
        return 0
    write_articles(args.out / "corpus.jsonl", everything)
    splits = split_by_kind(articles)
    splits["train"].extend(train_only)
    for name, part in splits.items():
        extra = f" ({len(train_only)} of them from {TRAIN_ONLY_DIR}/)" if name == "train" and train_only else ""
        write_articles(args.out / f"{name}.jsonl", part)
        print(f"{name}: {len(part)} articles{extra}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

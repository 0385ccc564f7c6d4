"""Annotate the real-news corpus: work files in, standoff out.

The text of the news never enters the repository. Annotators edit inline
markup (``train/markup.py``) in ``data/real/work/`` (git-ignored); this tool
writes those work files from the selection, checks them, and turns them into
the standoff files that are committed (``data/real/standoff/``)::

    python scripts/real_annotation.py prepare [--batches 0,1] [--no-model]
    python scripts/real_annotation.py check data/real/work/batch_03.md
    python scripts/real_annotation.py export data/real/work/batch_03.md
    python scripts/real_annotation.py prepare-review [--batches 0,1]

``prepare`` writes, per batch, ``batch_NN.md`` with the shipped model's
entities and records as a starting point (pre-annotation; ``--no-model`` for
plain text) and ``second_NN.md``: stories of another batch, as plain text,
for an independent second annotation. ``check`` validates a work file against
the guide's validator and the corpus (same text, character for character) and
prints every problem it finds; ``export`` does the same and writes the
standoff lines (``batch_NN.md`` to ``standoff/batch_NN.jsonl``,
``second_NN.md`` to ``standoff/second/second_NN.jsonl``).

``prepare-review`` starts the second pass: a reviewer who did not annotate
the batch re-reads it. It writes ``review_NN.md`` (the batch's annotation as
markup; exported back to ``standoff/batch_NN.jsonl``), keeps the first pass
as ``standoff/first_pass/batch_NN.jsonl`` (to measure what the review
changed), and writes ``review_NN_second.md``: the independent second
annotation of the batch's doubly annotated stories, whose disagreements the
reviewer settles by the guide.
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from model.errors import AnnotationError  # noqa: E402
from train.annotations import parse_article  # noqa: E402
from train.markup import read_markup_file  # noqa: E402
from train.real_news import RawNews, Story, default_shared_dir, to_standoff  # noqa: E402

REAL_DIR = ROOT / "data" / "real"
SELECTION = REAL_DIR / "selection.tsv"
WORK_DIR = REAL_DIR / "work"
STANDOFF_DIR = REAL_DIR / "standoff"
SOURCE = "新闻联播"
FORM = "xwlb_transcript"


def read_selection(path: Path = SELECTION) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def markup_of(story: Story, kind: str, entities: list[dict[str, Any]], records: list[dict[str, Any]]) -> str:
    """One article block of inline markup."""
    parts: list[str] = []
    position = 0
    for entity in sorted(entities, key=lambda e: e["start"]):
        parts.append(story.text[position:entity["start"]])
        parts.append(f"[{story.text[entity['start']:entity['end']]}]{{{entity['label']}}}")
        position = entity["end"]
    parts.append(story.text[position:])
    header = f"### id: {story.id}\npublished: {story.published}\nsource: {SOURCE}\nkind: {kind}\nform: {FORM}\n"
    body = "".join(parts)
    lines = [json.dumps(record, ensure_ascii=False) for record in records]
    return header + "\n" + body + "\n\n@records\n" + "".join(line + "\n" for line in lines)


def prepare(args: argparse.Namespace) -> int:
    raw = RawNews(args.shared_dir or default_shared_dir(ROOT))
    rows = read_selection()
    batches = sorted({int(r["batch"]) for r in rows}) if not args.batches else [int(b) for b in args.batches.split(",")]
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    model = None
    if not args.no_model:
        from model import load_model, predict

        model = load_model()
    for batch in batches:
        mine = [r for r in rows if int(r["batch"]) == batch]
        second = [r for r in rows if r["second_batch"] and int(r["second_batch"]) == batch]
        stories = [raw.story(r["file"], int(r["article"])) for r in mine]
        blocks = []
        if model is not None:
            results = predict([s.text for s in stories], published=[s.published for s in stories], model=model)
        for index, (row, story) in enumerate(zip(mine, stories)):
            if model is None:
                blocks.append(markup_of(story, row["kind"], [], []))
            else:
                result = results[index]
                entities = [{"start": e.start, "end": e.end, "label": e.label} for e in result.entities]
                blocks.append(markup_of(story, row["kind"], entities, [r.to_dict() for r in result.records]))
        target = WORK_DIR / f"batch_{batch:02d}.md"
        if target.exists() and not args.force:
            print(f"{target} exists (kept; --force to overwrite)")
        else:
            target.write_text("\n".join(blocks), encoding="utf-8")
            print(f"{target}: {len(blocks)} stories, {sum(len(s.text) for s in stories)} characters")
        second_blocks = [markup_of(raw.story(r["file"], int(r["article"])), r["kind"], [], []) for r in second]
        target = WORK_DIR / f"second_{batch:02d}.md"
        if second_blocks and (args.force or not target.exists()):
            target.write_text("\n".join(second_blocks), encoding="utf-8")
            print(f"{target}: {len(second_blocks)} stories for a second annotation")
    return 0


def check_file(path: Path, raw: RawNews, selection: dict[str, dict[str, str]]) -> tuple[list[dict[str, Any]], list[str]]:
    """Standoff lines of a work file, and every problem found (empty when it is clean)."""
    problems: list[str] = []
    lines: list[dict[str, Any]] = []
    try:
        articles = read_markup_file(path)
    except AnnotationError as error:
        return [], [str(error)]
    for number, article in articles:
        where = f"{path}:{number}"
        row = selection.get(article["id"])
        if row is None:
            problems.append(f"{where}: {article['id']} is not in {SELECTION.name}")
            continue
        try:
            parse_article(article)
            story = raw.story(row["file"], int(row["article"]))
            if article.get("published") != story.published:
                raise AnnotationError(f"published {article.get('published')} differs from articles.tsv's {story.published}", where)
            lines.append(to_standoff(article, story, where))
        except AnnotationError as error:
            problems.append(f"{where}: {article['id']}: {error}")
    return lines, problems


def standoff_path(work_file: Path) -> Path:
    stem = work_file.stem
    if stem.startswith("second_"):
        return STANDOFF_DIR / "second" / f"{stem}.jsonl"
    if stem.startswith("review_") and not stem.endswith("_second"):
        return STANDOFF_DIR / f"batch_{stem.removeprefix('review_')}.jsonl"
    return STANDOFF_DIR / f"{stem}.jsonl"


def markup_of_standoff(paths: list[Path], raw: RawNews, kinds: dict[str, str], keep: set[str] | None = None) -> list[str]:
    """Markup blocks of the stories in standoff files (all, or the ids in ``keep``)."""
    from train.real_news import read_standoff, rebuild_article

    blocks = []
    for path, number, line in read_standoff(paths):
        if keep is not None and line["id"] not in keep:
            continue
        article = rebuild_article(line, raw, f"{path}:{number}")
        story = raw.story(line["file"], int(line["article"]))
        blocks.append(markup_of(story, kinds[line["id"]], article["entities"], article["records"]))
    return blocks


def prepare_review(args: argparse.Namespace) -> int:
    import shutil

    raw = RawNews(args.shared_dir or default_shared_dir(ROOT))
    rows = read_selection()
    kinds = {r["id"]: r["kind"] for r in rows}
    batches = sorted({int(r["batch"]) for r in rows}) if not args.batches else [int(b) for b in args.batches.split(",")]
    first_pass = STANDOFF_DIR / "first_pass"
    first_pass.mkdir(parents=True, exist_ok=True)
    for batch in batches:
        source = STANDOFF_DIR / f"batch_{batch:02d}.jsonl"
        if not source.is_file():
            print(f"{source}: not exported yet (skipped)")
            continue
        kept = first_pass / source.name
        if not kept.exists():
            shutil.copyfile(source, kept)
        target = WORK_DIR / f"review_{batch:02d}.md"
        if target.exists() and not args.force:
            print(f"{target} exists (kept; --force to overwrite)")
            continue
        target.write_text("\n".join(markup_of_standoff([source], raw, kinds)), encoding="utf-8")
        doubles = {r["id"] for r in rows if int(r["batch"]) == batch and r["second_batch"]}
        seconds = sorted((STANDOFF_DIR / "second").glob("second_*.jsonl"))
        second_blocks = markup_of_standoff(seconds, raw, kinds, keep=doubles)
        (WORK_DIR / f"review_{batch:02d}_second.md").write_text("\n".join(second_blocks), encoding="utf-8")
        print(f"{target}: review of batch {batch} ({len(second_blocks)} stories with a second annotation)")
    return 0


def check(args: argparse.Namespace, write: bool) -> int:
    raw = RawNews(args.shared_dir or default_shared_dir(ROOT))
    selection = {r["id"]: r for r in read_selection()}
    status = 0
    for name in args.files:
        path = Path(name)
        lines, problems = check_file(path, raw, selection)
        for problem in problems:
            print(problem)
        entities = sum(len(line["entities"]) for line in lines)
        records = sum(len(line["records"]) for line in lines)
        print(f"{path}: {len(lines)} stories valid, {len(problems)} with problems; {entities} entities, {records} records")
        if problems:
            status = 1
        elif write:
            target = standoff_path(path)
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("w", encoding="utf-8") as handle:
                for line in lines:
                    handle.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")
            print(f"  -> {target}")
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared-dir", default=None)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare", help="write the work files of the selection")
    p.add_argument("--batches", default="", help="comma-separated batch numbers (default: all)")
    p.add_argument("--no-model", action="store_true", help="plain text, no pre-annotation")
    p.add_argument("--force", action="store_true", help="overwrite existing work files")
    r = sub.add_parser("prepare-review", help="work files for the second pass over exported batches")
    r.add_argument("--batches", default="")
    r.add_argument("--force", action="store_true")
    for name in ("check", "export"):
        q = sub.add_parser(name)
        q.add_argument("files", nargs="+")
    args = parser.parse_args(argv)
    if args.command == "prepare":
        return prepare(args)
    if args.command == "prepare-review":
        return prepare_review(args)
    return check(args, write=args.command == "export")


if __name__ == "__main__":
    raise SystemExit(main())

"""Teacher-labelled raw news: the data a smaller student is distilled from.

Sequence-level knowledge distillation (Kim & Rush, 2016): the teacher tags
whole raw-news stories exactly as ``predict()`` does for a user (the same
reading, windows, CRF decoding and rules), and the student learns those tags
beside the gold data. Whole stories, not paragraphs, so the student sees
the layout it will read (headline line, then paragraphs), with each story's
broadcast date.

Stories are drawn round-robin over the quarterly files of ``raw_news`` in a
seeded order, so every quarter is represented. Every story of the real-news
corpus (``data/real/selection.tsv``: real-train has gold labels, real-dev and
real-test are held out) is left out, and so is any other story whose
headline equals a real-dev or real-test headline (the same report broadcast
twice). The output is written a chunk at a time and a rerun continues where
an interrupted one stopped::

    python -m train.distill --teacher model/resources/default --max-chars 3000000 \\
        --output runs/distill/teacher_news.jsonl
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from model.errors import PolicyIEError

from .annotations import Article
from .config import SHARED_ENV
from .real_news import SELECTION, HeldOut, RawNews, Story, default_shared_dir, held_out

if TYPE_CHECKING:
    from model.inference import LoadedModel

def draw_stories(raw: RawNews, excluded: HeldOut, max_chars: int, seed: int,
                 min_chars: int = 80) -> Iterator[Story]:
    """Stories round-robin over the quarterly files (each file in a seeded
    order) until ``max_chars`` characters; held-out and very short stories
    (headline-only items) are skipped."""
    rng = random.Random(seed)
    queues: dict[str, list[tuple[str, int]]] = {file: [] for file in raw.files}
    for key in raw.keys():
        queues[key[0]].append(key)
    for keys in queues.values():
        rng.shuffle(keys)
    total = 0
    while total < max_chars and any(queues.values()):
        for queue in queues.values():
            if not queue or total >= max_chars:
                continue
            story = raw.story(*queue.pop())
            if excluded.excludes(story) or len(story.text) < min_chars:
                continue
            total += len(story.text)
            yield story


def done_ids(output: Path) -> set[str]:
    """Ids already written by an earlier run (a half-written last line is dropped)."""
    if not output.is_file():
        return set()
    lines = output.read_text(encoding="utf-8").split("\n")
    complete = lines[:-1]  # what follows the last newline is an incomplete line
    if lines[-1]:
        output.write_text("".join(line + "\n" for line in complete), encoding="utf-8")
    return {json.loads(line)["id"] for line in complete if line}


def teacher_articles(teacher: LoadedModel, stories: Sequence[Story], batch_size: int) -> list[Article]:
    """The teacher's entities on each story, as a user of predict() gets them."""
    from model.inference import predict

    predictions = predict([s.text for s in stories], published=[s.published for s in stories],
                          model=teacher, batch_size=batch_size)
    return [
        Article(id=story.id, text=story.text, entities=list(prediction.entities), published=story.published,
                source=story.file, extra={"meta": {"teacher": teacher.path, "distilled": True}})
        for story, prediction in zip(stories, predictions)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m train.distill", description=__doc__.split("\n\n")[0])
    parser.add_argument("--teacher", required=True, help="trained model folder")
    parser.add_argument("--output", required=True, help="JSON Lines of teacher-labelled stories (appended)")
    parser.add_argument("--max-chars", type=int, default=3_000_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--min-chars", type=int, default=80, help="skip shorter stories (headline-only items)")
    parser.add_argument("--selection", default=str(SELECTION), help="the real-news selection (stories left out)")
    parser.add_argument("--chunk", type=int, default=64, help="stories tagged and written at a time")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--shared-dir", default=None, help=f"shared folder (default ${SHARED_ENV} or ../shared)")
    args = parser.parse_args(argv)
    try:
        raw = RawNews(args.shared_dir or default_shared_dir())
        excluded = held_out(raw=raw, selection=Path(args.selection))
        stories = list(draw_stories(raw, excluded, args.max_chars, args.seed, args.min_chars))
        output = Path(args.output)
        output.parent.mkdir(parents=True, exist_ok=True)
        done = done_ids(output)
        todo = [story for story in stories if story.id not in done]
        print(f"{len(stories)} stories, {sum(len(s.text) for s in stories):,} chars; "
              f"{len(done)} already written, {len(todo)} to tag", file=sys.stderr)
        from model.inference import load_model

        teacher = load_model(args.teacher)
        started = time.perf_counter()
        tagged_chars = 0
        for begin in range(0, len(todo), args.chunk):
            chunk = todo[begin : begin + args.chunk]
            articles = teacher_articles(teacher, chunk, args.batch_size)
            with output.open("a", encoding="utf-8") as handle:
                for article in articles:
                    handle.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
            tagged_chars += sum(len(s.text) for s in chunk)
            rate = tagged_chars / (time.perf_counter() - started)
            print(f"  {begin + len(chunk)}/{len(todo)} stories, {rate:,.0f} chars/s", file=sys.stderr)
    except PolicyIEError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

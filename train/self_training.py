"""Self-training: pseudo-labelled raw news from a trained teacher model.

The teacher tags raw paragraphs (``{shared}/corpora/raw_news``: one paragraph
per line). A paragraph is kept only when every entity the teacher found in
it scores at least ``threshold`` and every other character is tagged O with
at least ``char_threshold`` confidence; so the kept spans are exactly the
confident ones, and no half-trusted span is taught as O. Kept paragraphs
join the training data (``data.self_training`` in a config), and can also
be written out for inspection:

    python -m train.self_training --teacher runs/MODEL --raw "{shared}/corpora/raw_news/xwlb_2025Q1.txt" \
        --threshold 0.9 --max-chars 300000 --output runs/pseudo.jsonl
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from model.entities import LABELS, Entity
from model.errors import ConfigError, PolicyIEError
from model.postprocess import apply_rules
from model.tagging import IOB2, tag_labels

from .annotations import Article


@dataclass
class SelfTrainingOptions:
    teacher: str  # a trained model folder
    raw: list[str] = field(default_factory=list)  # text files (one paragraph per line); globs; {shared}
    threshold: float = 0.9  # minimum entity score
    char_threshold: float = 0.5  # minimum confidence of every other character
    max_chars: int = 300_000  # stop reading raw text after this many characters
    min_length: int = 20  # skip shorter lines (headlines, credits)
    max_length: int = 500  # skip longer lines
    batch_size: int = 64

    def __post_init__(self) -> None:
        if not 0 < self.threshold <= 1 or not 0 <= self.char_threshold <= 1:
            raise ConfigError("self_training thresholds must be in (0, 1]")


def held_out_paragraphs(shared: str, selection: Path | None = None) -> set[str]:
    """The lines of the real-dev and real-test stories (and of any story under one of
    their headlines), which pseudo-labels must never contain; none without the raw news."""
    from .real_news import EVALUATION_SPLITS, INDEX_NAME, RAW_NEWS, SELECTION, RawNews, held_out

    if not (Path(shared) / RAW_NEWS / INDEX_NAME).is_file():
        return set()
    raw = RawNews(shared)
    excluded = held_out(EVALUATION_SPLITS, raw=raw, selection=selection or SELECTION)
    return {line.strip() for story in raw.stories() if excluded.excludes(story) for line in story.text.split("\n")}


def read_paragraphs(
    patterns: Sequence[str], shared: str, options: SelfTrainingOptions, selection: Path | None = None
) -> list[str]:
    """Paragraphs of the raw files, in order, up to ``options.max_chars``; the lines of
    held-out real-news stories (:func:`held_out_paragraphs`) are skipped."""
    held = held_out_paragraphs(shared, selection)
    paragraphs: list[str] = []
    total = 0
    for pattern in patterns:
        expanded = pattern.replace("{shared}", shared)
        files = sorted(glob.glob(expanded))
        if not files:
            raise ConfigError(f"self_training.raw: no file matches {expanded}")
        for path in files:
            with open(path, encoding="utf-8") as handle:
                for line in handle:
                    line = line.strip()
                    if not options.min_length <= len(line) <= options.max_length or line in held:
                        continue
                    paragraphs.append(line)
                    total += len(line)
                    if total >= options.max_chars:
                        return paragraphs
    return paragraphs


def select_confident(
    text: str, tags: Sequence[str], scores: Sequence[float], threshold: float, char_threshold: float,
    bracket_rule: bool = True, teacher_labels: Sequence[str] = LABELS,
) -> list[Entity] | None:
    """The paragraph's entities if all are confident (and every character
    outside them is a confident O), else None. The rules of predict()
    (model.postprocess, for a teacher that tags ``teacher_labels``) apply
    first, so pseudo labels are what users would get."""
    labels = tag_labels(tags)
    entities = IOB2(labels).decode(text, tags, scores) if labels else []
    entities = apply_rules(text, entities, teacher_labels, bracket_rule)
    if any(entity.score is None or entity.score < threshold for entity in entities):
        return None
    covered = set()
    for entity in entities:
        covered.update(range(entity.start, entity.end))
    if any(score < char_threshold for i, score in enumerate(scores) if i not in covered):
        return None
    return entities


def pseudo_label(options: SelfTrainingOptions, shared: str) -> tuple[list[Article], dict[str, Any]]:
    """Pseudo-labelled articles and a summary (paragraphs read, kept, entities)."""
    from model.inference import load_model, model_labels, tag_texts

    teacher = load_model(options.teacher)
    paragraphs = read_paragraphs(options.raw, shared, options)
    bracket_rule = teacher.doc_bracket_rule
    teacher_labels = model_labels(teacher)
    articles: list[Article] = []
    kept_chars = 0
    for start in range(0, len(paragraphs), options.batch_size):
        chunk = paragraphs[start : start + options.batch_size]
        for offset, (text, (tags, scores)) in enumerate(zip(chunk, tag_texts(teacher, chunk))):
            entities = select_confident(
                text, tags, scores, options.threshold, options.char_threshold, bracket_rule, teacher_labels
            )
            if entities is None:
                continue
            kept_chars += len(text)
            articles.append(
                Article(id=f"pseudo-{start + offset:06d}", text=text,
                        entities=[Entity(e.start, e.end, e.label, e.text) for e in entities],
                        extra={"meta": {"pseudo": True, "teacher": options.teacher}})
            )
    summary = {
        "paragraphs": len(paragraphs), "kept": len(articles), "kept_chars": kept_chars,
        "entities": sum(len(a.entities) for a in articles), "threshold": options.threshold,
    }
    return articles, summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m train.self_training", description=__doc__.split("\n\n")[0])
    parser.add_argument("--teacher", required=True)
    parser.add_argument("--raw", nargs="+", required=True)
    parser.add_argument("--threshold", type=float, default=0.9)
    parser.add_argument("--char-threshold", type=float, default=0.5)
    parser.add_argument("--max-chars", type=int, default=300_000)
    parser.add_argument("--output", required=True)
    parser.add_argument("--shared-dir", default=os.environ.get("POLICY_IE_SHARED", "../shared"))
    args = parser.parse_args(argv)
    try:
        options = SelfTrainingOptions(args.teacher, args.raw, args.threshold, args.char_threshold, args.max_chars)
        articles, summary = pseudo_label(options, args.shared_dir)
    except PolicyIEError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    Path(args.output).write_text("".join(json.dumps(a.to_dict(), ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Build a character vocabulary (``vocab.txt``) from the project's corpora.

    python -m train.build_vocab --output vocab/ --min-count 3 data/train.jsonl "{shared}/corpora/raw_news/*.txt"

Inputs are JSON Lines files with a ``text`` field or plain text files; glob
patterns are expanded. The vocabulary is the project's own: nothing is
copied from a published one.
"""
from __future__ import annotations

import argparse
import glob
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from model.errors import AnnotationError, PolicyIEError
from model.jsonl import iter_json_lines, iter_text_lines
from model.vocab import build_vocab

from .config import SHARED_ENV


def iter_texts(paths: list[Path]) -> Iterator[str]:
    """The texts of JSONL files (their ``text`` fields) and the lines of plain text files;
    AnnotationError naming the file and the line for a bad line."""
    for path in paths:
        if path.suffix != ".jsonl":
            yield from (line for _, line in iter_text_lines(path))
            continue
        for number, data in iter_json_lines(path):
            text = data.get("text", "")
            if not isinstance(text, str):
                raise AnnotationError(f"'text' must be a string, got {type(text).__name__}", str(path), number)
            yield text


def expand(patterns: list[str], shared: str) -> list[Path]:
    paths: list[Path] = []
    for pattern in patterns:
        pattern = pattern.replace("{shared}", shared)
        matches = sorted(glob.glob(pattern))
        if not matches:
            raise PolicyIEError(f"no file matches {pattern}")
        paths.extend(Path(m) for m in matches)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m train.build_vocab", description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="+", help="JSONL or text files (globs allowed; {shared} expands)")
    parser.add_argument("--output", required=True, help="folder to write vocab.txt into")
    parser.add_argument("--min-count", type=int, default=2)
    parser.add_argument("--max-size", type=int, default=None)
    parser.add_argument("--shared-dir", default=os.environ.get(SHARED_ENV, "../shared"))
    args = parser.parse_args(argv)
    try:
        paths = expand(args.inputs, args.shared_dir)
        vocab = build_vocab(iter_texts(paths), min_count=args.min_count, max_size=args.max_size)
    except PolicyIEError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    vocab.save(args.output)
    print(f"{len(vocab)} tokens from {len(paths)} files -> {Path(args.output) / 'vocab.txt'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

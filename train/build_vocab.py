"""Build a character vocabulary (``vocab.txt``) from the project's corpora.

    python -m train.build_vocab --output vocab/ --min-count 3 data/train.jsonl "{shared}/corpora/raw_news/*.txt"

Inputs are JSON Lines files with a ``text`` field or plain text files; glob
patterns are expanded. The vocabulary is the project's own: nothing is
copied from a published one.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from model.errors import PolicyIEError
from model.vocab import build_vocab

from .config import SHARED_ENV


def iter_texts(paths: list[Path]) -> Iterator[str]:
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            if path.suffix == ".jsonl":
                for line in handle:
                    if line.strip():
                        yield json.loads(line).get("text", "")
            else:
                yield from handle


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
    except PolicyIEError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    vocab = build_vocab(iter_texts(paths), min_count=args.min_count, max_size=args.max_size)
    vocab.save(args.output)
    print(f"{len(vocab)} tokens from {len(paths)} files -> {Path(args.output) / 'vocab.txt'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The ``policy-ie`` command: train, evaluate, predict, build-vocab.

    policy-ie train --config configs/tiny.yaml [section.key=value ...]
    policy-ie evaluate --model DIR --data FILE.jsonl [--output report.json]
    policy-ie predict FILE [--model DIR] [--published YYYY-MM-DD] [--evidence]
    policy-ie build-vocab --output DIR FILES...

``predict`` reads a plain text file (one article), an HTML page (``.html``,
``.htm``: its visible text is read, offsets index the page) or a JSON Lines
file of articles (``text``, optional ``published`` and ``format`` per line)
and prints JSON. Errors print one line and exit with the error's code (2 bad
input, 3 bad configuration, 4 broken model files).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .document import INPUT_FORMATS
from .errors import InputTextError, PolicyIEError
from .html_input import read_article_file
from .jsonl import iter_json_lines


def read_input_articles(path: Path, published: str | None) -> tuple[list[str], list[str | None], list[Any], list[str]]:
    """Texts, published dates, ids and input formats from a .txt, .html/.htm or .jsonl file."""
    if not path.is_file():
        raise InputTextError(f"{path}: file not found")
    if path.suffix != ".jsonl":
        text, input_format = read_article_file(path)
        return [text], [published], [path.name], [input_format]
    texts, dates, ids, formats = [], [], [], []
    for number, data in iter_json_lines(path):
        if not isinstance(data.get("text"), str):
            raise InputTextError(f"{path}, line {number}: expected an object with a string 'text'")
        if data.get("format", "text") not in INPUT_FORMATS:
            raise InputTextError(f"{path}, line {number}: 'format' must be one of {', '.join(INPUT_FORMATS)}, got {data['format']!r}")
        texts.append(data["text"])
        dates.append(data.get("published", published))
        ids.append(data.get("id", number))
        formats.append(data.get("format", "text"))
    if not texts:
        raise InputTextError(f"{path}: no articles")
    return texts, dates, ids, formats


def _predict(args: argparse.Namespace) -> int:
    from transformers.utils import logging as hf_logging

    from .inference import load_model, predict

    hf_logging.disable_progress_bar()  # keep the terminal for the JSON
    texts, dates, ids, formats = read_input_articles(Path(args.file), args.published)
    model = load_model(args.model)
    predictions = predict(texts, published=dates, model=model, input_format=formats)
    output = []
    for article_id, prediction in zip(ids, predictions):
        output.append({"id": article_id, **prediction.to_dict(evidence=args.evidence)})
    single = Path(args.file).suffix != ".jsonl"  # a .txt article gives one object, a .jsonl file a list
    print(json.dumps(output[0] if single else output, ensure_ascii=False, indent=2))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="policy-ie", description="Meeting records from Chinese policy news.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("train", help="train a tagger from a YAML config", add_help=False)
    commands.add_parser("evaluate", help="score a model on an annotated file", add_help=False)
    commands.add_parser("build-vocab", help="build a character vocabulary", add_help=False)
    predict_parser = commands.add_parser("predict", help="print the entities and records of articles as JSON")
    predict_parser.add_argument("file", help="a .txt article, an .html/.htm page or a .jsonl file of articles")
    predict_parser.add_argument("--model", help="model folder (default: the shipped model or $POLICY_IE_MODEL)")
    predict_parser.add_argument("--published", help="publication date (YYYY-MM-DD) for relative dates")
    predict_parser.add_argument("--evidence", action="store_true", help="add the offsets of each record's evidence")
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in ("train", "evaluate", "build-vocab"):
        command, rest = argv[0], argv[1:]
        if command == "train":
            from train.__main__ import main as train_main

            return train_main(rest)
        if command == "evaluate":
            from train.evaluate import main as evaluate_main

            return evaluate_main(rest)
        from train.build_vocab import main as vocab_main

        return vocab_main(rest)
    args = parser.parse_args(argv)
    try:
        return _predict(args)
    except PolicyIEError as error:
        print(f"error: {error}", file=sys.stderr)
        return error.exit_code


if __name__ == "__main__":
    sys.exit(main())

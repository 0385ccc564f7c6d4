"""One model on every yardstick, side by side: the table behind the recipe choice.

    python scripts/evaluate_suite.py --model DIR [--model DIR2 ...] [--with-test] [--output suite.json]

Files (missing ones are skipped with a note): real-dev (the judge), the
written dev split, the seed article and MSRA NER test (PER/LOC/ORG, the
msra label map); with ``--with-test`` also real-test and the written test
split — only for reporting a model that was chosen without them.
Each cell is entity micro F1 (seqeval, strict IOB2) and, where the file has
records, the guide's record slot F1 end to end.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from model.inference import load_model  # noqa: E402
from train.evaluate import evaluate_articles, read_eval_file, write_report  # noqa: E402
from train.real_news import default_shared_dir  # noqa: E402

SHARED = default_shared_dir(ROOT)
CHOOSING = (
    ("real-dev", ROOT / "data/real/build/dev.jsonl", "articles", None),
    ("written-dev", ROOT / "data/dev.jsonl", "articles", None),
    ("seed", SHARED / "examples/seed.jsonl", "articles", None),
    ("msra-test", SHARED / "corpora/msra_ner/test.jsonl", "ner", "msra"),
)
REPORTING = (
    ("real-test", ROOT / "data/real/build/test.jsonl", "articles", None),
    ("written-test", ROOT / "data/test.jsonl", "articles", None),
)


def evaluate_model(model_dir: str, files: tuple, quantize: bool | None) -> dict[str, Any]:
    model = load_model(model_dir, quantize=quantize)
    results: dict[str, Any] = {}
    for name, path, fmt, label_map in files:
        if not Path(path).is_file():
            print(f"  {name}: {path} not found (skipped)", file=sys.stderr)
            continue
        articles, labels = read_eval_file(str(path), fmt, label_map)
        report = evaluate_articles(articles, model, labels=labels)
        results[name] = {
            "entities": report["entities"],
            "records": report["records"] if fmt == "articles" else None,
        }
    return results


def format_suite(suite: dict[str, dict[str, Any]]) -> str:
    names = list(next(iter(suite.values())).keys()) if suite else []
    lines = [f"{'model':<34}" + "".join(f"{n:>22}" for n in names), f"{'':<34}" + "".join(f"{'entity F1 / slot F1':>22}" for _ in names)]
    for model, results in suite.items():
        cells = []
        for name in names:
            result = results.get(name)
            if result is None:
                cells.append(f"{'—':>22}")
                continue
            entity = result["entities"]["micro"]["f1"]
            slot = result["records"]["slot"]["f1"] if result["records"] else None
            cells.append(f"{entity:>14.3f} / {slot:.3f}" if slot is not None else f"{entity:>22.3f}")
        lines.append(f"{model[-34:]:<34}" + "".join(cells))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", action="append", required=True, help="model folder (repeatable)")
    parser.add_argument("--with-test", action="store_true", help="also real-test and the written test split")
    parser.add_argument("--fp32", action="store_true", help="no int8 quantization on the CPU")
    parser.add_argument("--output", default=None)
    args = parser.parse_args(argv)
    files = CHOOSING + (REPORTING if args.with_test else ())
    suite = {model: evaluate_model(model, files, False if args.fp32 else None) for model in args.model}
    print(format_suite(suite))
    for model, results in suite.items():
        for name, result in results.items():
            per_label = ", ".join(f"{label} {v['f1']:.3f}" for label, v in sorted(result["entities"]["per_label"].items()))
            print(f"{model} {name}: {per_label}")
    write_report(args.output, {"suite": suite})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

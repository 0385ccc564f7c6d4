"""Every slot error of the record assembler on an annotated file, by kind, with its sentence.

    python scripts/record_errors.py --data FILE.jsonl --gold-entities     # the assembler alone
    python scripts/record_errors.py --data FILE.jsonl [--model DIR]      # end to end
    ... [--kinds name,role] [--limit 40] [--output errors.json]

Records are paired as the guide's scorer pairs them (``train.record_metrics``);
then each slot value — date, region, meeting, organizer, name, title, role,
document — that the prediction has and the paired gold record lacks is a
false positive (FP), and the reverse a false negative (FN); an unpaired
record contributes all its values. Each error is printed with the story id
and the sentence where its value first occurs, and the counts per kind close
the listing, so that every fix of the assembler starts from real errors.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from model.records import assemble_records  # noqa: E402
from train.annotations import Article, read_articles  # noqa: E402
from train.record_metrics import SLOTS, compared_values  # noqa: E402

_SENTENCE_END = re.compile(r"[。！？\n]")


def sentence_of(text: str, value: Any) -> str:
    """The sentence in which the value (or a name of a (name, x) pair) first occurs."""
    needle = value[1] if isinstance(value, tuple) and value[1] in text else value[0] if isinstance(value, tuple) else value
    if not isinstance(needle, str) or needle not in text:
        return ""
    at = text.index(needle)
    starts = [m.end() for m in _SENTENCE_END.finditer(text, 0, at)]
    start = starts[-1] if starts else 0
    end_match = _SENTENCE_END.search(text, at)
    return text[start:end_match.end() if end_match else len(text)].strip()


def article_errors(article: Article, predicted: list[dict[str, Any]]) -> list[dict[str, Any]]:
    comparisons, _ = compared_values(article.records, predicted)
    errors = []
    for gold_values, predicted_values in comparisons:
        for slot in SLOTS:
            for side, values in (("FP", predicted_values[slot] - gold_values[slot]), ("FN", gold_values[slot] - predicted_values[slot])):
                for value, count in sorted(values.items(), key=str):
                    for _ in range(count):
                        errors.append({
                            "id": article.id, "kind": slot, "error": side,
                            "value": list(value) if isinstance(value, tuple) else value,
                            "sentence": sentence_of(article.text, value),
                        })
    return errors


def predicted_records(articles: list[Article], gold_entities: bool, model_dir: str | None) -> list[list[dict[str, Any]]]:
    if gold_entities:
        return [[r.to_dict() for r in assemble_records(a.text, a.entities, a.published)] for a in articles]
    from model.inference import load_model, predict

    model = load_model(model_dir)
    results = predict([a.text for a in articles], published=[a.published for a in articles], model=model)
    return [[r.to_dict() for r in result.records] for result in results]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True)
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--gold-entities", action="store_true", help="assemble from the annotated entities")
    source.add_argument("--model", default=None, help="model folder (default: the shipped model)")
    parser.add_argument("--kinds", default=",".join(SLOTS), help="comma-separated slot kinds to list")
    parser.add_argument("--limit", type=int, default=None, help="list at most this many errors per kind")
    parser.add_argument("--output", default=None, help="write every error as JSON")
    args = parser.parse_args(argv)
    kinds = [k for k in args.kinds.split(",") if k]
    unknown = sorted(set(kinds) - set(SLOTS))
    if unknown:
        parser.error(f"unknown kinds {', '.join(unknown)} (one of {', '.join(SLOTS)})")
    articles = read_articles(args.data)
    predictions = predicted_records(articles, args.gold_entities, args.model)
    errors = [e for a, p in zip(articles, predictions) for e in article_errors(a, p)]
    shown: Counter[str] = Counter()
    for error in errors:
        if error["kind"] not in kinds or (args.limit is not None and shown[error["kind"]] >= args.limit):
            continue
        shown[error["kind"]] += 1
        print(f"{error['kind']:<9} {error['error']}  {error['id']}  {error['value']}  | {error['sentence'][:120]}")
    counts = Counter((e["kind"], e["error"]) for e in errors)
    print("\nkind        FP    FN")
    for kind in SLOTS:
        print(f"{kind:<10}{counts[(kind, 'FP')]:>4}  {counts[(kind, 'FN')]:>4}")
    print(f"{'total':<10}{sum(v for (k, s), v in counts.items() if s == 'FP'):>4}  {sum(v for (k, s), v in counts.items() if s == 'FN'):>4}")
    if args.output:
        Path(args.output).write_text(json.dumps(errors, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

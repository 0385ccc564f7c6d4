"""Ablation: train each variant under the same budget and seed, print one table.

    python scripts/ablation.py --steps 400 [--variants crf,softmax,...] [--cluener] --output runs/ablation.json

Variants (overrides of configs/scratch-small.yaml, and of configs/cluener-native.yaml
for the CLUENER column):

| variant | what changes |
|---|---|
| softmax | softmax head (constrained Viterbi decoding) instead of the CRF |
| crf | the CRF head, no lexicon |
| crf+lex | CRF + lexicon features |
| crf+lex+self | CRF + lexicon + self-training on raw news, teacher = the crf+lex model |
| crf+lex+pretrain | CRF + lexicon, encoder from masked-LM pretraining (--pretrained), encoder learning rate --pretrained-lr |

Columns: strict entity F1 on the project's dev split, on the seed article,
on CLUENER dev (ten labels; with --cluener), training time, and inference
speed (characters/s on the dev split).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from train.annotations import read_articles  # noqa: E402
from train.config import load_config  # noqa: E402
from train.evaluate import evaluate_articles  # noqa: E402
from train.trainer import run_training  # noqa: E402

RAW = "{shared}/corpora/raw_news/xwlb_2025Q*.txt"
VARIANTS: dict[str, list[str]] = {
    "softmax": ["model.use_crf=false"],
    "crf": [],
    "crf+lex": ["model.lexicon=true"],
    "crf+lex+self": ["model.lexicon=true"],  # + self_training, added below
    "crf+lex+pretrain": ["model.lexicon=true"],  # + name_or_path and --pretrained-lr
}


def variant_overrides(
    name: str, task_dir: Path, pretrained: str | None, self_chars: int, self_threshold: float = 0.9,
    pretrained_lr: float = 3e-4,
) -> list[str] | None:
    overrides = list(VARIANTS[name])
    if name == "crf+lex+self":
        teacher = task_dir / "crf+lex"
        if not (teacher / "config.json").is_file():
            return None
        overrides.append(
            "data.self_training={teacher: '%s', raw: ['%s'], threshold: %s, max_chars: %d}"
            % (teacher, RAW, self_threshold, self_chars)
        )
    if name == "crf+lex+pretrain":
        if not pretrained:
            return None
        overrides += [f"model.name_or_path={pretrained}", f"training.learning_rate={pretrained_lr}"]
    return overrides


def chars_per_second(model_dir: Path, articles) -> float:
    from model.inference import load_model, predict

    model = load_model(model_dir)
    texts = [a.text for a in articles]
    predict(texts[:2], model=model)  # warm-up
    started = time.perf_counter()
    predict(texts, model=model)
    return sum(map(len, texts)) / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=400, help="training steps per variant (the budget)")
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--pretrained", default=None, help="BertForMaskedLM folder from train.pretrain")
    parser.add_argument("--pretrained-lr", type=float, default=3e-4,
                        help="encoder learning rate when fine-tuning the pretrained encoder")
    parser.add_argument("--cluener", action="store_true", help="also train and score on CLUENER (ten labels)")
    parser.add_argument("--only-cluener", action="store_true", help="the CLUENER column alone")
    parser.add_argument("--self-chars", type=int, default=200_000, help="raw characters the teacher tags")
    parser.add_argument("--self-threshold", type=float, default=0.9, help="minimum entity confidence of pseudo labels")
    parser.add_argument("--out-dir", default="runs/ablation")
    parser.add_argument("--output", default=None)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    shared = Path(os.environ.get("POLICY_IE_SHARED", ROOT.parent / "shared"))
    dev = read_articles(ROOT / "data" / "dev.jsonl")
    seed_file = shared / "examples" / "seed.jsonl"
    seed = read_articles(seed_file) if seed_file.is_file() else None
    tasks = {} if args.only_cluener else {"project": ROOT / "configs" / "scratch-small.yaml"}
    if args.cluener or args.only_cluener:
        tasks["cluener"] = ROOT / "configs" / "cluener-native.yaml"
    results: dict[str, dict[str, Any]] = {}
    for name in [v.strip() for v in args.variants.split(",") if v.strip()]:
        row: dict[str, Any] = {}
        for task, config_path in tasks.items():
            task_dir = Path(args.out_dir) / task
            overrides = variant_overrides(
                name, task_dir, args.pretrained, args.self_chars, args.self_threshold, args.pretrained_lr
            )
            if overrides is None:
                row[task] = None
                continue
            output = task_dir / name
            overrides += [f"training.output_dir={output}", f"training.max_steps={args.steps}",
                          f"training.seed={args.seed}", "training.disable_tqdm=true"]
            started = time.perf_counter()
            run_training(load_config(config_path, overrides))
            seconds = time.perf_counter() - started
            metrics = json.loads((output / "metrics.json").read_text())
            entry = {"train_seconds": seconds, "dev_f1_windows": metrics.get("dev", {}).get("eval_f1")}
            if task == "project":
                from model.inference import load_model

                model = load_model(output)
                entry["dev_f1"] = evaluate_articles(dev, model)["entities"]["micro"]["f1"]
                if seed is not None:
                    entry["seed_f1"] = evaluate_articles(seed, model)["entities"]["micro"]["f1"]
                entry["chars_per_s"] = chars_per_second(output, dev)
            row[task] = entry
        results[name] = row
        print(f"done: {name}: {json.dumps(row)}", flush=True)

    def cell(value, fmt):
        return format(value, fmt) if isinstance(value, (int, float)) else "—"

    print(f"\nablation: {args.steps} steps per variant, seed {args.seed}\n")
    print("| variant | dev F1 | seed F1 | CLUENER dev F1 | train s (project) | chars/s |")
    print("|---|---|---|---|---|---|")
    for name, row in results.items():
        project = row.get("project") or {}
        cluener = row.get("cluener") or {}
        print(f"| {name} | {cell(project.get('dev_f1'), '.3f')} | {cell(project.get('seed_f1'), '.3f')} | "
              f"{cell(cluener.get('dev_f1_windows'), '.3f')} | {cell(project.get('train_seconds'), '.0f')} | "
              f"{cell(project.get('chars_per_s'), ',.0f')} |")
    if args.output:
        Path(args.output).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

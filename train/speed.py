"""Speed of every way to run the tagger, side by side in one run.

    python -m train.speed --data data/real/build/dev.jsonl \\
        --models default=model/resources/default,fast=model/resources/fast \\
        --systems default/torch-fp32,default/torch-int8,default/onnx,fast/onnx,rules,jieba

A system is ``MODEL/RUNTIME`` (``torch-fp32``, ``torch-int8``: dynamic int8
linear layers, ``onnx``: the folder's int8 ``model.onnx`` on ONNX Runtime,
``default``: what ``load_model()`` picks) or a baseline (``rules``,
``jieba``: jieba's part-of-speech tags). Each system runs in its own fresh
process, so that what it imports and loads is measured:

* **first result**: seconds from the start of the process's work (imports
  included) to the first article's prediction, and the peak memory (RSS) at
  that point: what a user running one article pays;
* **one by one** and **batched** characters/s over all articles of ``--data``
  (best of ``--repeat`` passes after the first), with ``predict()`` end to end
  (reading, tagging, rules, meeting records) for the models;
* the peak memory of the whole run.

Timings on a shared machine swing: compare systems of the same run only.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import sys
import time
from pathlib import Path
from typing import Any

RUNTIMES = ("torch-fp32", "torch-int8", "onnx", "default")
BASELINES = ("rules", "jieba")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _model_runner(folder: str, runtime: str):
    """(runner for a list of texts with their dates, backend name) for one model."""
    from model.inference import load_model, predict

    if runtime == "torch-fp32":
        loaded = load_model(folder, backend="torch", quantize=False)
    elif runtime == "torch-int8":
        loaded = load_model(folder, backend="torch", quantize=True)
    elif runtime == "onnx":
        loaded = load_model(folder, backend="onnx")
    else:
        loaded = load_model(folder)

    def run(texts: list[str], published: list[str | None]) -> int:
        predictions = predict(texts, published=published, model=loaded)
        return sum(len(p.entities) for p in predictions)

    return run, loaded.backend.name


def _baseline_runner(name: str):
    from .baselines import JiebaBaseline, RulesBaseline

    system = RulesBaseline() if name == "rules" else JiebaBaseline()

    def run(texts: list[str], published: list[str | None]) -> int:
        return sum(len(entities) for entities in system.predict_entities(texts))

    return run, name


def measure(system: str, folder: str | None, texts: list[str], published: list[str | None], repeat: int) -> dict[str, Any]:
    """Runs in a fresh child process: first-result time and memory, then speeds."""
    started = time.perf_counter()
    if folder is None:
        run, backend = _baseline_runner(system)
    else:
        run, backend = _model_runner(folder, system.split("/", 1)[1])
    run(texts[:1], published[:1])
    first_seconds = time.perf_counter() - started
    first_peak = _peak_mb()
    characters = sum(len(t) for t in texts)

    def best(fn) -> float:
        times = []
        for _ in range(repeat):
            begin = time.perf_counter()
            fn()
            times.append(time.perf_counter() - begin)
        return min(times)

    one_by_one = best(lambda: [run([t], [p]) for t, p in zip(texts, published)])
    batched = best(lambda: run(texts, published))
    return {
        "backend": backend,
        "first_result_s": first_seconds,
        "first_result_peak_mb": first_peak,
        "one_by_one_chars_per_s": characters / one_by_one,
        "batched_chars_per_s": characters / batched,
        "peak_mb": _peak_mb(),
    }


def parse_models(value: str) -> dict[str, str]:
    models: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in value.split(","))):
        name, sep, folder = item.partition("=")
        if not sep or not name or not folder:
            raise argparse.ArgumentTypeError(f"--models: expected NAME=FOLDER, got {item!r}")
        models[name] = folder
    return models


def resolve_systems(systems: list[str], models: dict[str, str]) -> list[tuple[str, str | None]]:
    """(system, model folder or None) for each name; unknown names are errors."""
    resolved: list[tuple[str, str | None]] = []
    for system in systems:
        if system in BASELINES:
            resolved.append((system, None))
            continue
        name, sep, runtime = system.partition("/")
        if not sep or name not in models or runtime not in RUNTIMES:
            raise argparse.ArgumentTypeError(
                f"--systems: {system!r} is not a baseline ({', '.join(BASELINES)}) or MODEL/RUNTIME "
                f"with MODEL in --models ({', '.join(models) or 'none given'}) and RUNTIME one of {', '.join(RUNTIMES)}")
        resolved.append((system, models[name]))
    return resolved


def format_table(report: dict[str, Any]) -> str:
    jieba = report["systems"].get("jieba", {}).get("batched_chars_per_s")
    head = f"{'system':<22}{'backend':>10}{'1-by-1 c/s':>12}{'batched c/s':>13}{'x jieba':>9}{'first s':>9}{'first MB':>10}{'peak MB':>9}"
    lines = [f"{report['articles']} articles, {report['characters']:,} characters ({report['data']})", head]
    for name, row in report["systems"].items():
        ratio = f"{row['batched_chars_per_s'] / jieba:.2f}" if jieba else "-"
        lines.append(
            f"{name:<22}{row['backend']:>10}{row['one_by_one_chars_per_s']:>12,.0f}{row['batched_chars_per_s']:>13,.0f}"
            f"{ratio:>9}{row['first_result_s']:>9.2f}{row['first_result_peak_mb']:>10.0f}{row['peak_mb']:>9.0f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m train.speed", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", required=True, help="JSON Lines with a text (and published) per line")
    parser.add_argument("--models", type=parse_models, default={"default": "model/resources/default"},
                        help="NAME=FOLDER,... (default: default=model/resources/default)")
    parser.add_argument("--systems", default="default/torch-fp32,default/torch-int8,default/onnx,rules,jieba")
    parser.add_argument("--repeat", type=int, default=2, help="timed passes of each kind (the best is kept)")
    parser.add_argument("--output", help="write the report as JSON here")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    try:
        systems = resolve_systems([s.strip() for s in args.systems.split(",") if s.strip()], args.models)
    except argparse.ArgumentTypeError as error:
        parser.error(str(error))
    from model.jsonl import iter_json_lines

    rows = [data for _, data in iter_json_lines(args.data)]
    texts = [row["text"] for row in rows]
    published = [row.get("published") for row in rows]
    report: dict[str, Any] = {"data": args.data, "articles": len(texts), "characters": sum(map(len, texts)),
                              "repeat": args.repeat, "systems": {}}
    context = multiprocessing.get_context("spawn")
    for system, folder in systems:
        with context.Pool(1) as pool:
            report["systems"][system] = pool.apply(measure, (system, folder, texts, published, args.repeat))
        print(f"  {system}: {report['systems'][system]['batched_chars_per_s']:,.0f} chars/s batched", file=sys.stderr)
    print(format_table(report))
    if args.output:
        Path(args.output).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

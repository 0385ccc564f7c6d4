"""Speed and memory of every way to run the tagger, side by side in one run.

    python -m train.speed --data data/real/build/dev.jsonl \\
        --models default=model/resources/default,fast=model/resources/fast \\
        --systems default/torch-fp32,default/torch-int8,default/onnx,fast/onnx,rules,jieba

A system is ``MODEL/RUNTIME`` (``torch-fp32``, ``torch-int8``: dynamic int8
linear layers, ``onnx``: the folder's int8 ``model.onnx`` on ONNX Runtime,
``default``: what ``load_model()`` picks) or a baseline (``rules``,
``jieba``: jieba's part-of-speech tags). Each system runs in its own fresh
process, so that what it imports and loads is measured:

* **first result**: seconds from the start of the process's work (imports
  included) to the first article's prediction, the part of it spent on
  imports and loading the model, the peak memory (RSS) at that point, and
  whether torch or transformers got imported (the ONNX runtime needs
  neither): what a user running one article pays;
* **one by one** and **batched** characters/s over all articles of ``--data``
  (best of ``--repeat`` passes after the first), with ``predict()`` end to end
  (reading, tagging, rules, meeting records) for the models;
* the peak memory of the whole run.

``--data`` is a JSON Lines file of articles or a ``.txt`` file of one
article; ``--index N`` keeps only its Nth article. ``--first-only`` measures
the first result alone (no throughput passes), and ``--processes N`` runs
each system in N fresh processes, keeping the fastest first result and the
largest peak memory. The fresh-process memory of one article per runtime::

    python -m train.speed --data data/samples/sample_article.txt --first-only --processes 3 \\
        --systems default/onnx,default/torch-int8,default/torch-fp32

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
    """Peak resident memory of this process, MB.

    On Linux the high-water mark of the process's own memory (``VmHWM``):
    ``ru_maxrss`` of a spawned child starts at the peak of the process that
    started it (the kernel keeps it across fork and exec), so a small model
    measured from a large parent (a test run) would report the parent's peak.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass  # not Linux: ru_maxrss
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


def measure(system: str, folder: str | None, texts: list[str], published: list[str | None], repeat: int,
            first_only: bool = False) -> dict[str, Any]:
    """Runs in a fresh child process: first-result time, memory and imports, then speeds."""
    started = time.perf_counter()
    if folder is None:
        run, backend = _baseline_runner(system)
    else:
        run, backend = _model_runner(folder, system.split("/", 1)[1])
    loaded_seconds = time.perf_counter() - started
    run(texts[:1], published[:1])
    row: dict[str, Any] = {
        "backend": backend,
        "first_result_s": time.perf_counter() - started,
        "import_and_load_s": loaded_seconds,
        "first_result_peak_mb": _peak_mb(),
        "imports_torch": "torch" in sys.modules,
        "imports_transformers": "transformers" in sys.modules,
    }
    if not first_only:
        characters = sum(len(t) for t in texts)

        def best(fn) -> float:
            times = []
            for _ in range(repeat):
                begin = time.perf_counter()
                fn()
                times.append(time.perf_counter() - begin)
            return min(times)

        row["one_by_one_chars_per_s"] = characters / best(lambda: [run([t], [p]) for t, p in zip(texts, published)])
        row["batched_chars_per_s"] = characters / best(lambda: run(texts, published))
    row["peak_mb"] = _peak_mb()
    return row


def combine(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """One row for several fresh processes of a system: the fastest first result
    (with its import and load time), the largest peaks, the best speeds."""
    best = dict(min(runs, key=lambda run: run["first_result_s"]))
    for key in ("first_result_peak_mb", "peak_mb"):
        best[key] = max(run[key] for run in runs)
    for key in ("one_by_one_chars_per_s", "batched_chars_per_s"):
        if key in best:
            best[key] = max(run[key] for run in runs)
    best["processes"] = len(runs)
    return best


def measure_fresh(system: str, folder: str | None, texts: list[str], published: list[str | None], repeat: int,
                  first_only: bool = False, processes: int = 1) -> dict[str, Any]:
    """:func:`measure` in ``processes`` fresh (spawned) processes, one after another, combined."""
    context = multiprocessing.get_context("spawn")
    runs = []
    for _ in range(processes):
        with context.Pool(1) as pool:
            runs.append(pool.apply(measure, (system, folder, texts, published, repeat, first_only)))
    return combine(runs)


def read_data(path: str, index: int | None = None) -> tuple[list[str], list[str | None]]:
    """(texts, published dates) of a JSON Lines file, or of a ``.txt`` file holding one article;
    with ``index``, only that article (0-based)."""
    if path.endswith(".txt"):
        rows = [{"text": Path(path).read_text(encoding="utf-8")}]
    else:
        from model.jsonl import iter_json_lines

        rows = [data for _, data in iter_json_lines(path)]
    if index is not None:
        if not 0 <= index < len(rows):
            from model.errors import ArgumentError

            raise ArgumentError(f"--index {index}: {path} has {len(rows)} article(s)")
        rows = rows[index:index + 1]
    return [row["text"] for row in rows], [row.get("published") for row in rows]


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
    head = (f"{'system':<22}{'backend':>10}{'1-by-1 c/s':>12}{'batched c/s':>13}{'x jieba':>9}{'first s':>9}"
            f"{'load s':>8}{'first MB':>10}{'peak MB':>9}  imports torch/transformers")
    lines = [f"{report['articles']} articles, {report['characters']:,} characters ({report['data']})", head]
    for name, row in report["systems"].items():
        batched = row.get("batched_chars_per_s")
        ratio = f"{batched / jieba:.2f}" if jieba and batched else "-"
        speeds = (f"{row['one_by_one_chars_per_s']:>12,.0f}{batched:>13,.0f}" if batched else f"{'-':>12}{'-':>13}")
        lines.append(
            f"{name:<22}{row['backend']:>10}{speeds}{ratio:>9}{row['first_result_s']:>9.2f}{row['import_and_load_s']:>8.2f}"
            f"{row['first_result_peak_mb']:>10.0f}{row['peak_mb']:>9.0f}  "
            f"{'yes' if row['imports_torch'] else 'no'}/{'yes' if row['imports_transformers'] else 'no'}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m train.speed", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", required=True,
                        help="JSON Lines with a text (and published) per line, or a .txt file of one article")
    parser.add_argument("--index", type=int, default=None, help="only this article of --data (0-based line)")
    parser.add_argument("--models", type=parse_models, default={"default": "model/resources/default"},
                        help="NAME=FOLDER,... (default: default=model/resources/default)")
    parser.add_argument("--systems", default="default/torch-fp32,default/torch-int8,default/onnx,rules,jieba")
    parser.add_argument("--repeat", type=int, default=2, help="timed passes of each kind (the best is kept)")
    parser.add_argument("--first-only", action="store_true",
                        help="measure only the first result (time, memory, imports), no throughput passes")
    parser.add_argument("--processes", type=int, default=1,
                        help="fresh processes per system: the fastest first result and the largest peaks are kept")
    parser.add_argument("--output", help="write the report as JSON here")
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.processes < 1:
        parser.error("--repeat and --processes must be at least 1")
    try:
        systems = resolve_systems([s.strip() for s in args.systems.split(",") if s.strip()], args.models)
    except argparse.ArgumentTypeError as error:
        parser.error(str(error))
    from model.errors import PolicyIEError

    try:
        texts, published = read_data(args.data, args.index)
    except (PolicyIEError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    report: dict[str, Any] = {"data": args.data, "articles": len(texts), "characters": sum(map(len, texts)),
                              "repeat": args.repeat, "processes": args.processes, "systems": {}}
    for system, folder in systems:
        row = measure_fresh(system, folder, texts, published, args.repeat, args.first_only, args.processes)
        report["systems"][system] = row
        print(f"  {system}: first result in {row['first_result_s']:.2f} s, {row['first_result_peak_mb']:.0f} MB",
              file=sys.stderr)
    print(format_table(report))
    if args.output:
        Path(args.output).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

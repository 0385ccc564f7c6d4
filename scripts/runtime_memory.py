"""Peak memory and time to first result of a fresh process, per backend.

    python scripts/runtime_memory.py [--model DIR] [--article FILE.txt | --jsonl FILE.jsonl [--index N]]
                                     [--backend onnx --backend torch ...] [--repeat 3] [--output report.json]

For each backend a new Python process imports ``model``, loads the model,
predicts one article and reports its peak resident memory
(``resource.getrusage(RUSAGE_SELF).ru_maxrss``) and the time from before the
import to the first result (import + load + first article), and whether
torch or transformers got imported. ``--repeat`` runs each backend that many
times and keeps the fastest time and the largest peak. Backends: ``onnx``,
``torch`` (the folder's default, int8 on the CPU for the shipped model) and
``torch-fp32``.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BACKENDS = {"onnx": {"backend": "onnx"}, "torch": {"backend": "torch"}, "torch-fp32": {"backend": "torch", "quantize": False}}
CHILD = """
import json, resource, sys, time
started = time.perf_counter()
text = sys.stdin.read()
sys.path.insert(0, {root!r})
from model import load_model, predict
model = load_model({model!r}, **{kwargs!r})
loaded = time.perf_counter()
result = predict(text, model=model)
done = time.perf_counter()
print(json.dumps({{
    "seconds_to_first_result": done - started,
    "seconds_import_and_load": loaded - started,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "entities": len(result.entities),
    "imported_torch": "torch" in sys.modules,
    "imported_transformers": "transformers" in sys.modules,
    "backend": model.backend.describe(),
}}))
"""


def read_article(args: argparse.Namespace) -> str:
    if args.jsonl:
        lines = Path(args.jsonl).read_text(encoding="utf-8").splitlines()
        return json.loads(lines[args.index])["text"]
    return Path(args.article).read_text(encoding="utf-8")


def measure(backend: str, model: str | None, text: str) -> dict[str, Any]:
    """One fresh process predicting ``text`` with ``backend``."""
    code = CHILD.format(root=str(ROOT), model=model, kwargs=BACKENDS[backend])
    done = subprocess.run([sys.executable, "-c", code], input=text, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"{backend}: the child process failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default=None, help="model folder (default: the shipped model)")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--article", default=str(ROOT / "data" / "samples" / "sample_article.txt"), help="a text file")
    source.add_argument("--jsonl", default=None, help="an articles JSONL file (ANNOTATION.md); see --index")
    parser.add_argument("--index", type=int, default=0, help="with --jsonl: which article (0-based line)")
    parser.add_argument("--backend", action="append", choices=sorted(BACKENDS), help="repeatable (default: onnx and torch)")
    parser.add_argument("--repeat", type=int, default=1, help="fresh processes per backend; the fastest is kept")
    parser.add_argument("--output", default=None, help="write the report as JSON here")
    args = parser.parse_args(argv)
    text = read_article(args)
    report: dict[str, Any] = {"characters": len(text), "model": args.model or "shipped", "backends": {}}
    print(f"one article of {len(text):,} characters, a fresh process per run, best of {args.repeat}")
    print(f"{'backend':<12}{'peak RSS MB':>12}{'first result s':>16}{'import+load s':>15}  imports torch/transformers")
    for backend in args.backend or ["onnx", "torch"]:
        runs = [measure(backend, args.model, text) for _ in range(max(1, args.repeat))]
        best = min(runs, key=lambda run: run["seconds_to_first_result"])
        best["peak_rss_mb"] = max(run["peak_rss_mb"] for run in runs)
        report["backends"][backend] = best
        print(f"{backend:<12}{best['peak_rss_mb']:>12.0f}{best['seconds_to_first_result']:>16.2f}"
              f"{best['seconds_import_and_load']:>15.2f}  {best['imported_torch']}/{best['imported_transformers']}")
    if args.output:
        Path(args.output).write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
        print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Copy a trained model folder into the package as the default model, in fp16, with its int8 ONNX export.

    python scripts/ship_model.py runs/MODEL [--dest model/resources/default] [--no-onnx]

Weights are stored as fp16 safetensors (half the size; ``load_model`` casts
them back to fp32); vocab, lexicon, configs and metrics are copied as they
are. The model card (MODEL_CARD.md) in the destination is kept. Then the
shipped weights are exported to ``model.onnx`` (int8, :mod:`model.onnx_export`),
which ``load_model`` runs on the CPU without torch when onnxruntime is installed.
"""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402

from model.errors import PolicyIEError  # noqa: E402
from model.onnx_export import export_onnx  # noqa: E402
from model.onnx_backend import RECORD_KEY  # noqa: E402
from model.tagger import BertTagger  # noqa: E402

COPIED = ("vocab.txt", "tokenizer_config.json", "lexicon.tsv", "bigrams.txt", "training_config.yaml", "metrics.json")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", type=Path)
    parser.add_argument("--dest", type=Path, default=ROOT / "model" / "resources" / "default")
    parser.add_argument("--fp32-on-cpu", action="store_true", help="do not quantize on the CPU by default")
    parser.add_argument("--no-onnx", action="store_true", help="ship without model.onnx (torch backend only)")
    args = parser.parse_args(argv)
    tagger = BertTagger.from_pretrained(str(args.source), dtype=torch.float32)
    # On a CPU the shipped model runs with dynamic int8 quantization by default
    # (as accurate and about 1.3x faster in scripts/benchmark.py).
    settings = {key: value for key, value in (tagger.config.policy_ie or {}).items() if key != RECORD_KEY}
    tagger.config.policy_ie = {**settings, "cpu_int8": not args.fp32_on_cpu}  # an export record belongs to other weights
    card = (args.dest / "MODEL_CARD.md").read_text(encoding="utf-8") if (args.dest / "MODEL_CARD.md").is_file() else None
    if args.dest.exists():
        shutil.rmtree(args.dest)
    args.dest.mkdir(parents=True)
    tagger.to(torch.float16).save_pretrained(str(args.dest))
    for name in COPIED:
        if (args.source / name).is_file():
            shutil.copy2(args.source / name, args.dest / name)
    if card is not None:
        (args.dest / "MODEL_CARD.md").write_text(card, encoding="utf-8")
    if not args.no_onnx:
        try:
            export_onnx(args.dest)
        except PolicyIEError as error:
            print(f"error: {error} (or ship with --no-onnx)", file=sys.stderr)
            return error.exit_code
    size = sum(p.stat().st_size for p in args.dest.iterdir()) / 2**20
    print(f"shipped {args.source} -> {args.dest} ({size:.1f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

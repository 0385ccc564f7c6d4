"""Masked-LM pretraining of a larger encoder on a lent GPU, in one prepared command.

No pretrained Chinese encoder exists on these machines, and masked-LM
pretraining on 2 CPU cores never left its plateau (README, ablation). A
session lent a GPU (the workplace's ``device`` tool: one H200, a few minutes,
no network, no ``../shared`` there) can pretrain for real. The raw news cannot
travel (about 60 MB of text, and the tree that travels is capped at 64 MiB),
so the token stream is encoded here, once, and travels instead:

    # here, with the shared folder (about 2 minutes on 2 cores):
    python scripts/device_pretrain.py prepare
    # on the GPU machine (the device tool's run, carry [".device-pretrain"]):
    python3 scripts/device_pretrain.py run --seconds 420 --out $OUT
    # back here: $OUT's files are the encoder, a BertForMaskedLM folder
    python scripts/device_pretrain.py unpack FILES_AT --dest runs/pretrain-gpu/final

``prepare`` draws raw-news stories round-robin over the quarters (``--max-chars``
of them), leaving out those of the real-news corpus and any story with a
real-dev/test headline, as train.distill does,
encodes it with the shipped model's vocabulary (so that the encoder fits a
student's embeddings) and whole-word starts from jieba, and writes the
stream as uint16 into ``.device-pretrain/`` (git-ignored), with the config.
``run`` trains ``train.pretrain`` on the GPU for ``--seconds`` (bf16), then
writes the weights in float16, cut into shards that fit the device tool's
16 MiB per file, to ``--out``. Fine-tune from the unpacked folder with
``model.name_or_path=runs/pretrain-gpu/final`` and the architecture below.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FOLDER = ROOT / ".device-pretrain"
#: 6 layers x 384 (about 12M parameters with the shipped vocabulary): 3x the teacher's width budget.
ARCHITECTURE = {"hidden_size": 384, "num_hidden_layers": 6, "num_attention_heads": 6, "intermediate_size": 1536,
                "max_position_embeddings": 512}
TRAINING = {"seq_length": 256, "batch_size": 256, "learning_rate": 5.0e-4, "warmup_steps": 300, "max_steps": 6000,
            "whole_word_masking": True, "save_every": 500, "seed": 42, "bf16": True}
#: The device tool brings back files of at most 16 MiB.
SHARD_SIZE = "14MB"


def prepare(folder: Path, max_chars: int, vocab_file: Path, selection: Path | None = None) -> None:
    from model.vocab import CharVocab
    from train.distill import draw_stories
    from train.pretrain import encode_stream
    from train.real_news import SELECTION, RawNews, default_shared_dir, held_out

    raw = RawNews(default_shared_dir())
    stories = draw_stories(raw, held_out(raw=raw, selection=selection or SELECTION), max_chars, seed=42)  # round-robin over the quarters
    texts = [line.strip() for story in stories for line in story.text.split("\n") if line.strip()]
    vocab = CharVocab.from_file(vocab_file)
    if len(vocab) >= 2**16:
        raise SystemExit(f"{vocab_file}: {len(vocab)} tokens do not fit uint16")
    ids, starts = encode_stream(texts, vocab, whole_words=True)
    run = folder / "run"
    shutil.rmtree(folder, ignore_errors=True)
    run.mkdir(parents=True)
    vocab.save(folder)
    np.savez_compressed(run / "stream-wwm.npz", ids=ids.astype(np.uint16), starts=starts)
    config = {"data": {"files": []}, "model": {"architecture": ARCHITECTURE, "vocab": "vocab.txt"},
              "training": {**TRAINING, "output_dir": "run"}}
    (folder / "pretrain.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20
    print(f"{len(texts)} paragraphs, {len(ids):,} tokens -> {folder} ({size:.1f} MiB)")


def run(folder: Path, seconds: float, out: Path, overrides: list[str] = ()) -> None:
    import torch
    from transformers import BertForMaskedLM

    from train.pretrain import load_pretrain_config, run_pretraining

    config = load_pretrain_config(folder / "pretrain.yaml", [f"training.max_seconds={seconds}", *overrides])
    config.model.vocab = str(folder / "vocab.txt")
    config.training.output_dir = str(folder / "run")
    result = run_pretraining(config)
    model = BertForMaskedLM.from_pretrained(str(result), dtype=torch.float32)
    out.mkdir(parents=True, exist_ok=True)
    model.to(torch.float16).save_pretrained(str(out), max_shard_size=SHARD_SIZE)
    shutil.copy2(folder / "vocab.txt", out / "vocab.txt")
    progress = result / "progress.json"
    if progress.is_file():
        shutil.copy2(progress, out / "progress.json")
        history = json.loads(progress.read_text())["history"]
        print(json.dumps(history[-1]))
    print(f"wrote {out}: {sorted(p.name for p in out.iterdir())}")


def unpack(files_at: Path, dest: Path) -> None:
    """Copy what came back into a model folder (and check that it loads)."""
    from transformers import BertForMaskedLM

    dest.mkdir(parents=True, exist_ok=True)
    for path in files_at.rglob("*"):
        if path.is_file():
            shutil.copy2(path, dest / path.name)
    model = BertForMaskedLM.from_pretrained(str(dest))
    print(f"{dest}: {model.num_parameters():,} parameters")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare", help="here: encode the raw news for the GPU run")
    p.add_argument("--folder", type=Path, default=FOLDER)
    p.add_argument("--max-chars", type=int, default=14_000_000)
    p.add_argument("--vocab", type=Path, default=ROOT / "model" / "resources" / "default" / "vocab.txt")
    p.add_argument("--selection", type=Path, default=None, help="the real-news selection (default data/real/selection.tsv)")
    r = sub.add_parser("run", help="on the GPU machine: pretrain, then write the weights to --out")
    r.add_argument("--folder", type=Path, default=FOLDER)
    r.add_argument("--seconds", type=float, default=420)
    r.add_argument("--out", type=Path, required=True)
    r.add_argument("overrides", nargs="*", help="section.key=value of the pretraining config (tests, other shapes)")
    u = sub.add_parser("unpack", help="here: the files that came back -> a model folder")
    u.add_argument("files_at", type=Path)
    u.add_argument("--dest", type=Path, default=ROOT / "runs" / "pretrain-gpu" / "final")
    args = parser.parse_args(argv)
    if args.command == "prepare":
        prepare(args.folder, args.max_chars, args.vocab, args.selection)
    elif args.command == "run":
        run(args.folder, args.seconds, args.out, args.overrides)
    else:
        unpack(args.files_at, args.dest)
    return 0


if __name__ == "__main__":
    sys.exit(main())

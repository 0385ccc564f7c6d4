"""Masked-LM pretraining of a character BERT on raw text, resumable.

    python -m train.pretrain --config configs/pretrain-small.yaml [section.key=value ...]

* The vocabulary head is applied to the masked positions only (2.8x faster
  on CPU than BertForMaskedLM's head over every position).
* Optional whole-word masking: words from jieba's segmentation are masked
  as a unit.
* The text is encoded once into a token array (cached in the output folder);
  batch *k* of the run is a pure function of the seed and *k*, so a run
  stopped at any point and resumed from its last checkpoint (model,
  optimizer, scheduler, step) continues exactly.
* The result (``final/``) is a ``BertForMaskedLM`` folder with ``vocab.txt``:
  use it as ``model.name_or_path`` of a fine-tuning config.
"""
from __future__ import annotations

import argparse
import glob
import json
import logging
import os
import shutil
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
import yaml
from tqdm import tqdm
from transformers import BertConfig, BertForMaskedLM, get_linear_schedule_with_warmup

from model.errors import ConfigError, PolicyIEError
from model.vocab import CharVocab, build_vocab

from .config import SHARED_ENV, _build, apply_overrides
from .real_news import EVALUATION_SPLITS, RAW_NEWS, SELECTION, RawNews, held_out

logger = logging.getLogger(__name__)


@dataclass
class PretrainData:
    files: list[str] = field(default_factory=list)  # plain text or JSONL ("text"); globs; {shared}
    shared_dir: str = "../shared"
    max_chars: int | None = None  # use at most this many characters (the first ones)
    # the real-news splits whose stories (and any story with their headline) are left out of the
    # raw-news files read: the evaluation stories must not be pretrained on; [] keeps every story
    held_out: list[str] = field(default_factory=lambda: list(EVALUATION_SPLITS))
    selection: str | None = None  # data/real/selection.tsv when None


@dataclass
class PretrainModel:
    architecture: dict[str, Any] = field(default_factory=dict)  # BertConfig fields
    init_from: str | None = None  # continue from a BertForMaskedLM folder instead
    vocab: str | None = None  # vocab.txt; None: build from the data
    vocab_min_count: int = 3
    vocab_extra_files: list[str] = field(default_factory=list)


@dataclass
class PretrainTraining:
    output_dir: str = "runs/pretrain"
    seq_length: int = 128
    batch_size: int = 64
    learning_rate: float = 5e-4
    weight_decay: float = 0.01
    warmup_steps: int = 500
    max_steps: int = 20000
    mask_prob: float = 0.15
    whole_word_masking: bool = False
    save_every: int = 200
    seed: int = 42
    num_threads: int | None = None
    max_seconds: float | None = None  # stop (after a checkpoint) once this much time has passed
    stop_at_step: int | None = None  # stop (after a checkpoint) at this step; resume later
    device: str | None = None  # "cpu", "cuda", ...; None: the GPU when there is one
    bf16: bool = True  # bfloat16 autocast on a GPU (ignored on the CPU)

    def __post_init__(self) -> None:
        if not 0 < self.mask_prob < 1:
            raise ConfigError("training.mask_prob must be in (0, 1)")
        if self.seq_length < 8 or self.batch_size < 1 or self.max_steps < 1:
            raise ConfigError("seq_length, batch_size and max_steps must be positive (seq_length >= 8)")


@dataclass
class PretrainConfig:
    data: PretrainData
    model: PretrainModel
    training: PretrainTraining

    def resolve(self, pattern: str) -> list[Path]:
        shared = os.environ.get(SHARED_ENV) or self.data.shared_dir
        expanded = pattern.replace("{shared}", shared)
        matches = sorted(glob.glob(expanded))
        if not matches:
            raise ConfigError(f"no file matches {expanded}")
        return [Path(m) for m in matches]


def load_pretrain_config(path: str | Path, overrides: list[str] = ()) -> PretrainConfig:
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: config file not found")
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: the top level must be a mapping")
    apply_overrides(raw, overrides)
    try:
        return PretrainConfig(
            data=_build(PretrainData, raw.get("data", {}), "data"),
            model=_build(PretrainModel, raw.get("model", {}), "model"),
            training=_build(PretrainTraining, raw.get("training", {}), "training"),
        )
    except ConfigError as error:
        raise ConfigError(f"{path}: {error}") from error


def read_texts(paths: list[Path], max_chars: int | None = None) -> list[str]:
    """Paragraphs of the files (one per non-empty line; JSONL: the "text" field)."""
    texts: list[str] = []
    total = 0
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                line = line.strip()
                if not line:
                    continue
                if path.suffix == ".jsonl":
                    line = json.loads(line).get("text", "")
                texts.append(line)
                total += len(line)
                if max_chars is not None and total >= max_chars:
                    return texts
    return texts


def read_pretraining_texts(config: PretrainConfig, paths: list[Path]) -> list[str]:
    """The paragraphs to pretrain on: those of each file (:func:`read_texts`), except that a
    file of the shared raw news gives the paragraphs of its stories less the held-out ones
    (``data.held_out``: real-dev and real-test, by id and by headline, as distillation and
    the embeddings leave them out)."""
    shared = Path(os.environ.get(SHARED_ENV) or config.data.shared_dir)
    raw_folder = (shared / RAW_NEWS).resolve()
    is_raw = [path.resolve().parent == raw_folder for path in paths]
    raw = RawNews(shared) if config.data.held_out and any(is_raw) else None
    excluded = None
    if raw is not None:
        selection = Path(config.data.selection) if config.data.selection else SELECTION
        excluded = held_out(config.data.held_out, raw=raw, selection=selection)
    texts: list[str] = []
    total = 0
    for path, raw_file in zip(paths, is_raw):
        if raw is not None and raw_file and path.name in raw.files:
            paragraphs = [
                line.strip() for story in raw.stories(path.name) if not excluded.excludes(story)
                for line in story.text.split("\n") if line.strip()
            ]
        else:
            paragraphs = read_texts([path])
        for paragraph in paragraphs:
            texts.append(paragraph)
            total += len(paragraph)
            if config.data.max_chars is not None and total >= config.data.max_chars:
                return texts
    return texts


def encode_stream(texts: list[str], vocab: CharVocab, whole_words: bool) -> tuple[np.ndarray, np.ndarray]:
    """One token stream (paragraphs joined by [SEP]) and a word-start flag per token."""
    ids = np.empty(sum(len(t) + 1 for t in texts), dtype=np.int32)
    starts = np.ones(len(ids), dtype=np.bool_)
    position = 0
    if whole_words:
        import jieba

        jieba.setLogLevel(logging.WARNING)
    for text in tqdm(texts, desc="encoding", unit="para", mininterval=5):
        encoded = vocab.encode(text)
        ids[position : position + len(encoded)] = encoded
        if whole_words:
            offset = position
            for word in jieba.cut(text):
                starts[offset + 1 : offset + len(word)] = False
                offset += len(word)
        position += len(encoded)
        ids[position] = vocab.sep_id
        position += 1
    return ids, starts


class MaskedBatches:
    """Batch *k* is a pure function of (seed, k): exact resumption."""

    def __init__(self, ids: np.ndarray, word_starts: np.ndarray, vocab: CharVocab, config: PretrainTraining):
        self.ids, self.word_starts, self.vocab, self.config = ids, word_starts, vocab, config
        self.chunk = config.seq_length - 2
        self.num_chunks = len(ids) // self.chunk
        if self.num_chunks < config.batch_size:
            raise ConfigError(f"only {self.num_chunks} sequences of text for batches of {config.batch_size}")
        self.specials = {vocab.pad_id, vocab.cls_id, vocab.sep_id, vocab.unk_id}
        self.first_regular = len([t for t in vocab.tokens[:200] if t.startswith("[")])

    def batch(self, step: int) -> dict[str, torch.Tensor]:
        config = self.config
        per_epoch = self.num_chunks // config.batch_size
        epoch, index = divmod(step, per_epoch)
        order = np.random.default_rng([config.seed, epoch]).permutation(self.num_chunks)
        chunks = order[index * config.batch_size : (index + 1) * config.batch_size]
        rng = np.random.default_rng([config.seed, epoch, index, 1])
        rows = np.stack([self.ids[c * self.chunk : (c + 1) * self.chunk] for c in chunks])
        starts = np.stack([self.word_starts[c * self.chunk : (c + 1) * self.chunk] for c in chunks])
        maskable = ~np.isin(rows, list(self.specials))
        # Choose word starts, then extend each choice over its word.
        chosen_start = (rng.random(rows.shape) < config.mask_prob) & starts
        chosen = chosen_start.copy()
        for col in range(1, rows.shape[1]):
            chosen[:, col] |= chosen[:, col - 1] & ~starts[:, col]
        chosen &= maskable
        labels = np.where(chosen, rows, -100)
        roll = rng.random(rows.shape)
        inputs = rows.copy()
        inputs[chosen & (roll < 0.8)] = self.vocab.mask_id
        random_tokens = rng.integers(self.first_regular, len(self.vocab), rows.shape)
        swap = chosen & (roll >= 0.8) & (roll < 0.9)
        inputs[swap] = random_tokens[swap]
        batch = len(chunks)
        cls = np.full((batch, 1), self.vocab.cls_id)
        sep = np.full((batch, 1), self.vocab.sep_id)
        ignore = np.full((batch, 1), -100)
        return {
            "input_ids": torch.from_numpy(np.hstack([cls, inputs, sep]).astype(np.int64)),
            "labels": torch.from_numpy(np.hstack([ignore, labels, ignore]).astype(np.int64)),
        }


def masked_lm_loss(model: BertForMaskedLM, input_ids: torch.Tensor, labels: torch.Tensor) -> tuple[torch.Tensor, float]:
    """Loss and accuracy with the vocabulary head on masked positions only."""
    hidden = model.bert(input_ids=input_ids).last_hidden_state
    selected = labels != -100
    logits = model.cls(hidden[selected])
    targets = labels[selected]
    loss = torch.nn.functional.cross_entropy(logits.float(), targets)
    accuracy = (logits.argmax(-1) == targets).float().mean().item() if len(targets) else 0.0
    return loss, accuracy


def _save_checkpoint(folder: Path, model, optimizer, scheduler, step: int, vocab: CharVocab, log: dict) -> None:
    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    model.save_pretrained(str(tmp))
    vocab.save(tmp)
    state = {"optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict(), "step": step,
             "torch_rng": torch.get_rng_state()}  # dropout masks continue exactly after a resume
    torch.save(state, tmp / "state.pt")
    (tmp / "progress.json").write_text(json.dumps(log, indent=2), encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    tmp.rename(folder)


def run_pretraining(config: PretrainConfig) -> Path:
    args = config.training
    if args.num_threads:
        torch.set_num_threads(args.num_threads)
    torch.manual_seed(args.seed)
    output = Path(args.output_dir)
    output.mkdir(parents=True, exist_ok=True)
    (output / "pretrain_config.yaml").write_text(yaml.safe_dump(asdict(config), allow_unicode=True), encoding="utf-8")
    checkpoint = output / "checkpoint"

    paths = [p for pattern in config.data.files for p in config.resolve(pattern)]
    if checkpoint.is_dir():
        vocab = CharVocab.from_file(checkpoint / "vocab.txt")
    elif config.model.vocab:
        vocab = CharVocab.from_file(config.model.vocab)
    elif config.model.init_from:
        vocab = CharVocab.from_pretrained(config.model.init_from)
    else:
        extra = [p for pattern in config.model.vocab_extra_files for p in config.resolve(pattern)]
        vocab = build_vocab(read_texts(paths + extra), min_count=config.model.vocab_min_count)

    cache = output / f"stream-{'wwm' if args.whole_word_masking else 'char'}.npz"
    if cache.is_file():
        arrays = np.load(cache)
        ids, starts = arrays["ids"].astype(np.int32), arrays["starts"]  # a carried stream may be uint16
    else:
        ids, starts = encode_stream(read_pretraining_texts(config, paths), vocab, args.whole_word_masking)
        np.savez(cache, ids=ids, starts=starts)
    batches = MaskedBatches(ids, starts, vocab, args)
    logger.info("%d tokens, %d sequences of %d, vocabulary %d", len(ids), batches.num_chunks, args.seq_length, len(vocab))

    if checkpoint.is_dir():
        model = BertForMaskedLM.from_pretrained(str(checkpoint))
    elif config.model.init_from:
        model = BertForMaskedLM.from_pretrained(config.model.init_from)
    else:
        architecture = dict(config.model.architecture)
        architecture.setdefault("max_position_embeddings", max(512, args.seq_length))
        model = BertForMaskedLM(BertConfig(vocab_size=len(vocab), pad_token_id=vocab.pad_id, **architecture))
    device = torch.device(args.device or ("cuda" if torch.cuda.is_available() else "cpu"))
    model.to(device).train()
    autocast = torch.autocast(device.type, dtype=torch.bfloat16, enabled=args.bf16 and device.type == "cuda")
    no_decay = ("bias", "LayerNorm.weight")
    groups = [
        {"params": [p for n, p in model.named_parameters() if not n.endswith(no_decay)], "weight_decay": args.weight_decay},
        {"params": [p for n, p in model.named_parameters() if n.endswith(no_decay)], "weight_decay": 0.0},
    ]
    optimizer = torch.optim.AdamW(groups, lr=args.learning_rate)
    scheduler = get_linear_schedule_with_warmup(optimizer, args.warmup_steps, args.max_steps)
    step = 0
    if checkpoint.is_dir():
        state = torch.load(checkpoint / "state.pt", weights_only=False, map_location=device)
        optimizer.load_state_dict(state["optimizer"])
        scheduler.load_state_dict(state["scheduler"])
        step = state["step"]
        if "torch_rng" in state:  # checkpoints of older runs lack it
            torch.set_rng_state(state["torch_rng"].cpu())
        logger.info("resumed from %s at step %d", checkpoint, step)

    started = time.time()
    tokens = 0
    log: dict[str, Any] = {"history": []}
    if (checkpoint / "progress.json").is_file():
        log = json.loads((checkpoint / "progress.json").read_text())
    recent_loss, recent_acc = [], []
    bar = tqdm(total=args.max_steps, initial=step, desc="pretrain", unit="step")
    while step < args.max_steps:
        batch = batches.batch(step)
        with autocast:
            loss, accuracy = masked_lm_loss(model, batch["input_ids"].to(device), batch["labels"].to(device))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad(set_to_none=True)
        step += 1
        tokens += batch["input_ids"].numel()
        recent_loss.append(loss.item())
        recent_acc.append(accuracy)
        elapsed = time.time() - started
        bar.update(1)
        bar.set_postfix(loss=f"{np.mean(recent_loss[-50:]):.3f}", acc=f"{np.mean(recent_acc[-50:]):.3f}", tok_s=f"{tokens / max(elapsed, 1e-9):.0f}")
        out_of_time = (args.max_seconds is not None and elapsed >= args.max_seconds) or step == args.stop_at_step
        if step % args.save_every == 0 or step == args.max_steps or out_of_time:
            log["history"].append(
                {"step": step, "loss": float(np.mean(recent_loss)), "mlm_accuracy": float(np.mean(recent_acc)),
                 "tokens_per_s": tokens / max(elapsed, 1e-9), "lr": scheduler.get_last_lr()[0]}
            )
            recent_loss, recent_acc = [], []
            _save_checkpoint(checkpoint, model, optimizer, scheduler, step, vocab, log)
        if out_of_time:
            logger.info("stopping after %.0f s at step %d (resume with the same command)", elapsed, step)
            break
    bar.close()
    if step >= args.max_steps:
        final = output / "final"
        shutil.rmtree(final, ignore_errors=True)
        model.save_pretrained(str(final))
        vocab.save(final)
        return final
    return checkpoint


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m train.pretrain", description="Masked-LM pretraining, resumable.")
    parser.add_argument("--config", required=True)
    parser.add_argument("overrides", nargs="*", help="section.key=value")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        result = run_pretraining(load_pretrain_config(args.config, args.overrides))
    except PolicyIEError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"saved {result}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

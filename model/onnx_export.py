"""Export a model folder's tagger to ``model.onnx`` (int8) beside its weights.

    python -m model.onnx_export MODEL_DIR [--fp32] [--check-texts FILE.jsonl]

The encoder and the linear head (not the CRF, which is decoded in NumPy:
:mod:`model.decoding`) are exported with ``torch.onnx.export`` (TorchScript
exporter, opset 17) with dynamic batch and sequence axes, then quantised
with ONNX Runtime's ``quantize_dynamic`` (int8 weights of every MatMul, per
output channel; activations quantised on the fly). The embedding tables stay
fp32: they are a lookup, not compute, and keeping them costs a few MB.

The export records itself in ``config.json`` (``policy_ie.onnx``) and in the
ONNX file's metadata, with the SHA-256 of ``model.safetensors``, so that
loading can tell a stale ``model.onnx`` (:mod:`model.onnx_backend`). Before
anything is written the fp32 export is checked: ONNX Runtime's logits on a
padded batch of another shape than the traced one must equal torch's (so no
shape was baked in by the tracer). How close int8 stays is a matter of
quality, measured by evaluation (``python -m train.evaluate --backend``).

Needs torch, transformers, onnx and onnxruntime (the ``onnx`` extra).
"""
from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from .char_features import feature_names
from .errors import ConfigError, ModelFilesError, PolicyIEError
from .model_files import CONFIG_FILE, read_config
from .onnx_backend import (
    META_INT8, META_OPSET, META_WEIGHTS, ONNX_FILE, ONNX_OPSET, RECORD_KEY, WEIGHTS_FILE, file_sha256, onnx_inputs,
)

#: Largest difference of a logit between the fp32 export and torch that counts as the same model.
MAX_FP32_DIFFERENCE = 1e-3


def _require_packages() -> None:
    missing = [name for name in ("torch", "onnx", "onnxruntime") if _find(name) is None]
    if missing:
        raise ConfigError(f"exporting to ONNX needs {', '.join(missing)}: pip install 'policy-ie[onnx]' (onnx onnxruntime)")


def _find(name: str) -> Any:
    import importlib.util

    return importlib.util.find_spec(name)


def _example_batch(config: dict[str, Any], batch: int, width: int, seed: int) -> dict[str, np.ndarray]:
    """Random ids framed by [CLS]/[SEP]-like ids, the last row padded to half the width."""
    rng = np.random.default_rng(seed)
    input_ids = rng.integers(5, config["vocab_size"], size=(batch, width), dtype=np.int64)
    attention_mask = np.ones((batch, width), dtype=np.int64)
    attention_mask[-1, width // 2 :] = 0
    input_ids[attention_mask == 0] = 0
    feeds = {"input_ids": input_ids, "attention_mask": attention_mask}
    names = feature_names(config)
    if "lexicon_features" in names:
        lexicon = (rng.random((batch, width, config["lexicon_dim"])) < 0.05) & attention_mask[:, :, None].astype(bool)
        feeds["lexicon_features"] = lexicon.astype(np.float32)
    if "bigram_ids" in names:
        bigrams = rng.integers(0, config["bigram_vocab_size"], size=(batch, width, 2), dtype=np.int64)
        feeds["bigram_ids"] = bigrams * attention_mask[:, :, None]
    return feeds


@contextlib.contextmanager
def _quiet_root_logger() -> Iterator[None]:
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        yield
    finally:
        root.setLevel(level)


def _torch_logits(tagger: Any, feeds: dict[str, np.ndarray]) -> np.ndarray:
    import torch

    with torch.inference_mode():
        return tagger(**{k: torch.from_numpy(v) for k, v in feeds.items()}).logits.float().numpy()


def export_onnx(folder: str | os.PathLike[str], int8: bool = True, opset: int = ONNX_OPSET) -> dict[str, Any]:
    """Write ``folder/model.onnx`` and its record in ``config.json``; returns the record.

    Raises :class:`ModelFilesError` for a broken folder (as loading does) or
    an export whose tags disagree with torch's, :class:`ConfigError` when a
    package is missing.
    """
    _require_packages()
    import onnx
    import onnxruntime
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from .model_files import load_tagger

    folder = Path(folder)
    config = read_config(folder)
    tagger = load_tagger(folder, config).eval()
    inputs = onnx_inputs(config)

    class Emissions(torch.nn.Module):
        """The tagger's forward, positional inputs in, logits out (what the exporter traces)."""

        def __init__(self) -> None:
            super().__init__()
            self.tagger = tagger

        def forward(self, input_ids, attention_mask, *features):
            named = dict(zip(inputs[2:], features))  # the feature inputs, in onnx_inputs' order
            return self.tagger(input_ids=input_ids, attention_mask=attention_mask, **named).logits

    trace = _example_batch(config, batch=2, width=16, seed=0)
    axes = {name: {0: "batch", 1: "sequence"} for name in inputs + ["logits"]}
    with tempfile.TemporaryDirectory(prefix="policy-ie-onnx-") as scratch:
        fp32_path = Path(scratch) / "fp32.onnx"
        # The tracer warns about every Python branch it freezes; the check below shows what matters.
        with torch.inference_mode(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                Emissions().eval(), tuple(torch.from_numpy(trace[name]) for name in inputs), str(fp32_path),
                input_names=inputs, output_names=["logits"], dynamic_axes=axes, opset_version=opset, dynamo=False,
            )
        _check_export(fp32_path, tagger, config, onnxruntime)
        final = fp32_path
        if int8:
            final = Path(scratch) / "int8.onnx"
            with _quiet_root_logger():  # "consider pre-processing": measured without it, within 0.1 F1 of fp32
                quantize_dynamic(fp32_path, final, op_types_to_quantize=["MatMul"], per_channel=True, weight_type=QuantType.QInt8)
        proto = onnx.load(str(final))
        weights_sha = file_sha256(folder / WEIGHTS_FILE)
        meta = {META_WEIGHTS: weights_sha, META_INT8: str(int8).lower(), META_OPSET: str(opset)}
        del proto.metadata_props[:]
        for key, value in meta.items():
            proto.metadata_props.add(key=key, value=value)
        onnx.save(proto, str(final))
        target = folder / ONNX_FILE
        tmp_target = folder / (ONNX_FILE + ".tmp")
        tmp_target.write_bytes(final.read_bytes())
        os.replace(tmp_target, target)
    record = {
        "file": ONNX_FILE,
        "opset": opset,
        "int8": int8,
        "quantization": "onnxruntime quantize_dynamic: MatMul weights QInt8 per channel" if int8 else None,
        "inputs": inputs,
        "output": "logits",
        "weights_sha256": weights_sha,
        "onnxruntime": onnxruntime.__version__,
        "torch": torch.__version__.split("+")[0],
    }
    _write_record(folder, record)
    return record


def _check_export(path: Path, tagger: Any, config: dict[str, Any], onnxruntime: Any) -> None:
    """ModelFilesError unless ONNX Runtime gives torch's logits on a batch unlike the traced one."""
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    feeds = _example_batch(config, batch=3, width=41, seed=1)
    (onnx_logits,) = session.run(["logits"], feeds)
    torch_logits = _torch_logits(tagger, feeds)
    if onnx_logits.shape != torch_logits.shape:
        raise ModelFilesError(f"{path}: the export gives logits of shape {onnx_logits.shape}, torch {torch_logits.shape}")
    valid = feeds["attention_mask"].astype(bool)
    difference = float(np.abs(onnx_logits - torch_logits)[valid].max())
    if not difference <= MAX_FP32_DIFFERENCE:
        raise ModelFilesError(
            f"{path}: the fp32 export differs from torch by up to {difference:.2g} in a logit "
            f"(at most {MAX_FP32_DIFFERENCE:g} expected); nothing written"
        )


def _write_record(folder: Path, record: dict[str, Any]) -> None:
    path = folder / CONFIG_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    data["policy_ie"] = {**(data.get("policy_ie") or {}), RECORD_KEY: record}
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m model.onnx_export", description=__doc__.split("\n\n")[0])
    parser.add_argument("model", type=Path, help="a trained model folder (config.json, model.safetensors, vocab.txt)")
    parser.add_argument("--fp32", action="store_true", help="no int8 quantisation (larger, for comparison)")
    args = parser.parse_args(argv)
    try:
        record = export_onnx(args.model, int8=not args.fp32)
    except PolicyIEError as error:
        print(f"error: {error}", file=sys.stderr)
        return error.exit_code
    size = (args.model / ONNX_FILE).stat().st_size / 2**20
    print(f"wrote {args.model / ONNX_FILE} ({size:.1f} MiB, opset {record['opset']}, "
          f"{'int8' if record['int8'] else 'fp32'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

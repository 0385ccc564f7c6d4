"""The ONNX Runtime backend: emission scores from ``model.onnx``, without torch.

``model.onnx`` is the encoder and the linear head of the tagger (inputs
``input_ids``, ``attention_mask`` and, for a model with a lexicon,
``lexicon_features``; output ``logits``), exported and quantised to int8 by
:mod:`model.onnx_export`. The export writes a record of itself into
``config.json`` (``policy_ie.onnx``: opset, int8, the SHA-256 of the
``model.safetensors`` it came from) and the same into the ONNX file's
metadata. Loading checks both against the weights beside it, so a
``model.onnx`` left over from other weights (a retrained or re-shipped
model) is refused with a :class:`ModelFilesError` instead of silently
giving another model's tags. The CRF transition scores are read from
``model.safetensors`` with safetensors' NumPy API.
"""
from __future__ import annotations

import hashlib
import importlib.util
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from .char_features import FEATURE_DTYPES, feature_names
from .errors import ConfigError, ModelFilesError

ONNX_FILE = "model.onnx"
#: The ONNX opset of the export (``torch.onnx.export(..., dynamo=False)``, which ONNX Runtime 1.16+ runs).
ONNX_OPSET = 17
#: Key of the export record in ``config.json``'s ``policy_ie`` object.
RECORD_KEY = "onnx"
#: Keys of the ONNX file's metadata that tie it to its weights.
META_WEIGHTS = "policy_ie.weights_sha256"
META_INT8 = "policy_ie.int8"
META_OPSET = "policy_ie.opset"
WEIGHTS_FILE = "model.safetensors"
_CRF_TENSORS = ("crf.transitions", "crf.start_transitions", "crf.end_transitions")
EXPORT_HINT = "export it again with `python -m model.onnx_export {folder}` (or load with backend='torch')"


def onnxruntime_available() -> bool:
    """Whether onnxruntime is installed (checked without importing it)."""
    return importlib.util.find_spec("onnxruntime") is not None


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def onnx_inputs(config: dict[str, Any]) -> list[str]:
    """The input names ``model.onnx`` has for this config."""
    return ["input_ids", "attention_mask", *feature_names(config)]


def check_onnx_record(folder: Path, config: dict[str, Any]) -> dict[str, Any]:
    """The export record of ``config.json``, checked against the files; ModelFilesError when missing or stale."""
    hint = EXPORT_HINT.format(folder=folder)
    onnx_path = folder / ONNX_FILE
    if not onnx_path.is_file():
        raise ModelFilesError(f"{folder}: {ONNX_FILE} is missing; {hint}")
    record = (config.get("policy_ie") or {}).get(RECORD_KEY)
    if not isinstance(record, dict):
        raise ModelFilesError(f"{folder / 'config.json'}: no policy_ie.{RECORD_KEY} record of the export, so "
                              f"{ONNX_FILE} cannot be checked against the weights; {hint}")
    for key, kind, what in (("opset", int, "an integer"), ("int8", bool, "true or false"), ("weights_sha256", str, "a string")):
        if type(record.get(key)) is not kind:  # exact: True is an int, but no opset
            raise ModelFilesError(f"{folder / 'config.json'}: policy_ie.{RECORD_KEY}.{key} must be {what}, got {record.get(key)!r}; {hint}")
    if record.get("inputs") != onnx_inputs(config):
        raise ModelFilesError(
            f"{folder / 'config.json'}: policy_ie.{RECORD_KEY}.inputs is {record.get('inputs')!r}, this model needs "
            f"{onnx_inputs(config)}; {hint}"
        )
    weights = folder / WEIGHTS_FILE
    if not weights.is_file():
        raise ModelFilesError(f"{folder}: {WEIGHTS_FILE} is missing (the onnx backend reads the CRF scores from it)")
    if file_sha256(weights) != record["weights_sha256"]:
        raise ModelFilesError(f"{onnx_path}: stale, exported from other weights than {weights}; {hint}")
    return record


def crf_parameters(folder: Path, num_tags: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(transitions, start, end) CRF scores from ``model.safetensors``, float32, checked."""
    from safetensors import SafetensorError, safe_open

    path = folder / WEIGHTS_FILE
    try:
        with safe_open(str(path), framework="numpy") as weights:
            names = set(weights.keys())
            missing = [name for name in _CRF_TENSORS if name not in names]
            if missing:
                raise ModelFilesError(f"{path}: config.json asks for a CRF but the weights lack {', '.join(missing)}")
            tensors = [weights.get_tensor(name).astype(np.float32) for name in _CRF_TENSORS]
    except (SafetensorError, OSError) as error:
        raise ModelFilesError(f"{path}: not a readable safetensors file, truncated or corrupt ({error})") from error
    expected = ((num_tags, num_tags), (num_tags,), (num_tags,))
    for name, tensor, shape in zip(_CRF_TENSORS, tensors, expected):
        if tensor.shape != shape:
            raise ModelFilesError(f"{path}: tensor {name} has shape {list(tensor.shape)}, config.json needs {list(shape)}")
        if not np.isfinite(tensor).all():
            raise ModelFilesError(f"{path}: tensor {name} holds NaN or infinite values")
    return tensors[0], tensors[1], tensors[2]


def _load_errors() -> tuple[type[Exception], ...]:
    """What ONNX Runtime raises for a file it cannot load (its pybind errors share no base class but Exception)."""
    from onnxruntime.capi import onnxruntime_pybind11_state as state

    names = ("Fail", "InvalidProtobuf", "InvalidGraph", "InvalidArgument", "NoSuchFile", "NotImplemented", "RuntimeException")
    return tuple(getattr(state, name) for name in names if hasattr(state, name))


class OnnxBackend:
    """Emission scores by an ONNX Runtime session on the CPU."""

    name = "onnx"
    device = "cpu"
    #: Windows per run. ONNX Runtime keeps buffers for the largest batch it ran: 96 windows of 258 as
    #: 12 runs of 8 peaked at 124 MB, as 3 runs of 32 at 274 MB (414 MB with memory patterns), for the
    #: same CPU time (3.1 vs 3.3 s), so the smaller batch costs nothing and keeps a process lean.
    batch_size = 8

    def __init__(self, folder: Path, config: dict[str, Any], threads: int | None = None):
        if not onnxruntime_available():
            raise ConfigError("backend 'onnx' needs onnxruntime: pip install onnxruntime (or use backend='torch')")
        import onnxruntime

        self.record = check_onnx_record(folder, config)
        path = folder / ONNX_FILE
        options = onnxruntime.SessionOptions()
        options.enable_mem_pattern = False  # planned for one input shape; each batch has its own width
        if threads:
            options.intra_op_num_threads = threads
        try:
            self.session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        except _load_errors() as error:
            raise ModelFilesError(f"{path}: ONNX Runtime cannot load it ({error}); {EXPORT_HINT.format(folder=folder)}") from error
        meta = self.session.get_modelmeta().custom_metadata_map
        if meta.get(META_WEIGHTS) != self.record["weights_sha256"]:
            raise ModelFilesError(
                f"{path}: its metadata names other weights than config.json's export record; "
                f"{EXPORT_HINT.format(folder=folder)}"
            )
        self.input_names = [node.name for node in self.session.get_inputs()]
        if self.input_names != onnx_inputs(config):
            raise ModelFilesError(f"{path}: inputs {self.input_names}, this model needs {onnx_inputs(config)}")
        self.int8 = bool(self.record["int8"])

    def emissions(
        self, input_ids: np.ndarray, attention_mask: np.ndarray, features: Mapping[str, np.ndarray] | None = None
    ) -> np.ndarray:
        feeds = {"input_ids": input_ids.astype(np.int64, copy=False), "attention_mask": attention_mask.astype(np.int64, copy=False)}
        features = features or {}
        for name in self.input_names[2:]:
            if name not in features:
                raise ValueError(f"this model takes the input {name}: pass it among the features")
            feeds[name] = features[name].astype(FEATURE_DTYPES[name], copy=False)
        (logits,) = self.session.run(["logits"], feeds)
        return logits

    def describe(self) -> dict[str, Any]:
        return {"backend": self.name, "device": self.device, "quantized": self.int8, "opset": self.record["opset"]}

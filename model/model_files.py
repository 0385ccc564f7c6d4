"""Checking and loading the files of a model folder, with errors that name the file.

A model folder comes from a training run, a download or a copy, and each can
go wrong: a weights file cut short, a ``config.json`` edited by hand, a tag map
that belongs to other weights, a vocabulary larger than the embeddings.
Handed to transformers as they are, some of these raise errors that say
nothing of the file (``SafetensorError``), and some load without a word:
transformers initialises missing tensors at random and warns. So everything
is checked here first, and every problem is a :class:`ModelFilesError` that
names the file and what is wrong with it:

* ``config.json``: valid UTF-8 JSON object of a BERT model, the fields the
  encoder needs (positive integers, hidden size a multiple of the heads), a
  tag map ``id2label`` that is a valid IOB2 tag set numbered 0..n-1 (and
  ``label2id``, when present, its inverse), and window settings that fit;
* weights: ``model.safetensors`` only (a pickled ``*.bin`` can run code when
  loaded, so it is refused), readable, with exactly the tensors and shapes
  the config describes (the classifier and CRF sized by the tag map),
  floating point, and after loading every value finite.

The vocabulary and the lexicon check their own files (:mod:`model.vocab`,
:mod:`model.lexicon`); :func:`check_vocabulary_fits` checks them against
the embeddings.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ModelFilesError
from .vocab import VOCAB_FILE, read_model_text

if TYPE_CHECKING:  # torch and transformers are imported by the torch backend only (model.backends)
    from transformers import BertConfig

    from .tagger import BertTagger

CONFIG_FILE = "config.json"
WEIGHTS_FILE = "model.safetensors"
_REQUIRED_INTS = (
    "vocab_size", "hidden_size", "num_hidden_layers", "num_attention_heads", "intermediate_size",
    "max_position_embeddings",
)
_FLOAT_DTYPES = frozenset({"F16", "BF16", "F32", "F64"})


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def read_config(folder: Path) -> dict[str, Any]:
    """The checked contents of ``config.json``."""
    path = folder / CONFIG_FILE
    if not path.is_file():
        raise ModelFilesError(f"{folder}: {CONFIG_FILE} is missing; is this a policy-ie model folder?")
    try:
        data = json.loads(read_model_text(path))
    except json.JSONDecodeError as error:
        raise ModelFilesError(f"{path}, line {error.lineno}, column {error.colno}: invalid JSON ({error.msg})") from error
    if not isinstance(data, dict):
        raise ModelFilesError(f"{path}: expected a JSON object, got {type(data).__name__}")
    if data.get("model_type") != "bert":
        raise ModelFilesError(f"{path}: model_type is {data.get('model_type')!r}; a policy-ie tagger is a 'bert' model")
    for key in _REQUIRED_INTS:
        if key not in data:
            raise ModelFilesError(f"{path}: {key} is missing")
        if not _is_int(data[key]) or data[key] <= 0:
            raise ModelFilesError(f"{path}: {key} must be a positive integer, got {data[key]!r}")
    if data["hidden_size"] % data["num_attention_heads"]:
        raise ModelFilesError(
            f"{path}: hidden_size {data['hidden_size']} is not a multiple of num_attention_heads {data['num_attention_heads']}"
        )
    _check_tag_map(path, data)
    if not isinstance(data.get("use_crf", False), bool):
        raise ModelFilesError(f"{path}: use_crf must be true or false, got {data['use_crf']!r}")
    for key in ("lexicon_dim", "bigram_vocab_size", "bigram_dim"):
        value = data.get(key, 0)
        if value is not None and (not _is_int(value) or value < 0):
            raise ModelFilesError(f"{path}: {key} must be a non-negative integer, got {value!r}")
    _check_window(path, data)
    return data


def _check_tag_map(path: Path, data: dict[str, Any]) -> None:
    id2label = data.get("id2label")
    if not isinstance(id2label, dict) or not id2label:
        raise ModelFilesError(f"{path}: id2label (the tag map) is missing or empty")
    if set(id2label) != {str(i) for i in range(len(id2label))}:
        raise ModelFilesError(f"{path}: id2label must number its tags 0..{len(id2label) - 1}, got keys {sorted(id2label)}")
    tags = [id2label[str(i)] for i in range(len(id2label))]
    if len(set(tags)) != len(tags) or "O" not in tags:
        raise ModelFilesError(f"{path}: id2label must hold 'O' and no tag twice, got {tags}")
    for tag in tags:
        if not isinstance(tag, str) or (tag != "O" and (tag[:2] not in ("B-", "I-") or len(tag) < 3)):
            raise ModelFilesError(f"{path}: id2label tag {tag!r} is not O, B-LABEL or I-LABEL")
        if tag != "O" and (("I-" if tag.startswith("B-") else "B-") + tag[2:]) not in tags:
            raise ModelFilesError(f"{path}: id2label has {tag!r} without its partner (IOB2 needs both B- and I-)")
    label2id = data.get("label2id")
    if label2id is not None and label2id != {tag: i for i, tag in enumerate(tags)}:
        raise ModelFilesError(f"{path}: label2id is not the inverse of id2label")


def _check_window(path: Path, data: dict[str, Any]) -> None:
    settings = data.get("policy_ie") or {}
    if not isinstance(settings, dict):
        raise ModelFilesError(f"{path}: policy_ie must be an object, got {type(settings).__name__}")
    max_length = settings.get("max_length", min(512, data["max_position_embeddings"]))
    stride = settings.get("stride", 32)
    if not _is_int(max_length) or not 3 <= max_length <= data["max_position_embeddings"]:
        raise ModelFilesError(
            f"{path}: policy_ie.max_length {max_length!r} must be an integer from 3 to max_position_embeddings "
            f"({data['max_position_embeddings']})"
        )
    if not _is_int(stride) or not 0 <= stride < max_length - 2:
        raise ModelFilesError(f"{path}: policy_ie.stride {stride!r} must be an integer from 0 to max_length - 3 ({max_length - 3})")


def _expected_shapes(config: BertConfig) -> dict[str, tuple[int, ...]]:
    import torch

    from .tagger import BertTagger

    with torch.device("meta"):
        skeleton = BertTagger(config)
    return {name: tuple(tensor.shape) for name, tensor in skeleton.state_dict().items()}


def check_weights(folder: Path, config: BertConfig) -> Path:
    """The weights file, checked to hold exactly the tensors ``config`` describes."""
    from safetensors import SafetensorError, safe_open

    path = folder / WEIGHTS_FILE
    if not path.is_file():
        pickled = sorted(p.name for p in folder.glob("*.bin"))
        if pickled:
            raise ModelFilesError(
                f"{folder}: only safetensors weights are loaded ({', '.join(pickled)} is a pickle, which can run code "
                f"when loaded); save the model again with save_pretrained() to get {WEIGHTS_FILE}"
            )
        raise ModelFilesError(f"{folder}: no weights ({WEIGHTS_FILE}) found")
    try:
        with safe_open(str(path), framework="pt") as weights:
            found = {name: weights.get_slice(name) for name in weights.keys()}
            shapes = {name: tuple(piece.get_shape()) for name, piece in found.items()}
            dtypes = {name: piece.get_dtype() for name, piece in found.items()}
    except (SafetensorError, OSError) as error:
        raise ModelFilesError(f"{path}: not a readable safetensors file, truncated or corrupt ({error})") from error
    expected = _expected_shapes(config)
    missing = sorted(set(expected) - set(shapes))
    if missing:
        raise ModelFilesError(f"{path}: lacks {len(missing)} tensors that config.json describes: {', '.join(missing[:5])}")
    unexpected = sorted(set(shapes) - set(expected))
    if unexpected:
        raise ModelFilesError(
            f"{path}: holds {len(unexpected)} tensors that config.json does not describe: {', '.join(unexpected[:5])}"
        )
    for name, shape in shapes.items():
        if shape != expected[name]:
            hint = ""
            if name.startswith(("classifier", "crf")):
                hint = f" (config.json's tag map has {config.num_labels} tags: do the weights belong to another model?)"
            raise ModelFilesError(f"{path}: tensor {name} has shape {list(shape)}, config.json needs {list(expected[name])}{hint}")
        if dtypes[name] not in _FLOAT_DTYPES:
            raise ModelFilesError(f"{path}: tensor {name} is {dtypes[name]}, not floating point")
    return path


def load_tagger(folder: Path, data: dict[str, Any]) -> BertTagger:
    """The fp32 tagger of a model folder whose config :func:`read_config` gave as ``data``; weights checked first."""
    import torch
    from transformers import BertConfig

    from .tagger import BertTagger

    try:
        config = BertConfig.from_dict(data)
    except (TypeError, ValueError) as error:
        raise ModelFilesError(f"{folder / CONFIG_FILE}: not a usable BERT config ({error})") from error
    path = check_weights(folder, config)
    tagger = BertTagger.from_pretrained(str(folder), config=config, dtype=torch.float32, use_safetensors=True)
    for name, tensor in tagger.state_dict().items():
        if tensor.is_floating_point() and not torch.isfinite(tensor).all():
            raise ModelFilesError(f"{path}: tensor {name} holds NaN or infinite values")
    return tagger


def check_vocabulary_fits(folder: Path, vocab_size: int, embeddings: int) -> None:
    if vocab_size > embeddings:
        raise ModelFilesError(
            f"{folder / VOCAB_FILE}: {vocab_size} entries, but the model has embeddings for {embeddings}; "
            "the vocabulary belongs to another model"
        )

"""Every way a model folder can be broken is a ModelFilesError naming the file and the problem."""
from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file, save_file

from model import ModelFilesError, load_model, predict


@pytest.fixture
def folder(tmp_path, tiny_model) -> Path:
    """A fresh copy of the tiny model to break."""
    copy = tmp_path / "model"
    shutil.copytree(tiny_model, copy)
    return copy


def edit_config(folder: Path, change: Callable[[dict], None]) -> None:
    path = folder / "config.json"
    config = json.loads(path.read_text(encoding="utf-8"))
    change(config)
    path.write_text(json.dumps(config), encoding="utf-8")


def edit_weights(folder: Path, change: Callable[[dict], None]) -> None:
    path = folder / "model.safetensors"
    tensors = load_file(path)
    change(tensors)
    save_file(tensors, path, metadata={"format": "pt"})


def expect(folder: Path, *patterns: str) -> None:
    with pytest.raises(ModelFilesError) as caught:
        load_model(folder)
    for pattern in patterns:
        assert pattern in str(caught.value), str(caught.value)


def test_the_intact_copy_loads(folder):
    assert predict("3月2日，江西省委召开常委会会议。", model=load_model(folder)).text


@pytest.mark.parametrize(
    "damage,patterns",
    [
        (lambda data: data[: len(data) // 2], ("model.safetensors", "truncated or corrupt")),
        (lambda data: data[:7], ("model.safetensors", "truncated or corrupt")),
        (lambda data: b"", ("model.safetensors", "truncated or corrupt")),
        (lambda data: b"\x00" * 64 + data[64:], ("model.safetensors", "truncated or corrupt")),
        (lambda data: b"not a weights file at all", ("model.safetensors", "truncated or corrupt")),
    ],
    ids=["half", "seven-bytes", "empty", "zeroed-header", "text"],
)
def test_broken_weight_files(folder, damage, patterns):
    path = folder / "model.safetensors"
    path.write_bytes(damage(path.read_bytes()))
    expect(folder, *patterns)


def test_weights_that_do_not_match_the_config(folder):
    edit_weights(folder, lambda t: t.pop("classifier.weight"))
    expect(folder, "model.safetensors", "lacks 1 tensors", "classifier.weight")


def test_extra_tensors_and_wrong_dtypes(folder):
    original = load_file(folder / "model.safetensors")
    edit_weights(folder, lambda t: t.__setitem__("extra.weight", torch.zeros(2)))
    expect(folder, "does not describe", "extra.weight")
    save_file({k: v.clone() for k, v in original.items()}, folder / "model.safetensors")
    edit_weights(folder, lambda t: t.__setitem__("classifier.bias", t["classifier.bias"].to(torch.int32)))
    expect(folder, "classifier.bias is I32, not floating point")


def test_non_finite_weights(folder):
    def poison(tensors: dict) -> None:
        tensors["classifier.weight"][0, 0] = float("nan")

    edit_weights(folder, poison)
    expect(folder, "classifier.weight holds NaN or infinite values")


def test_a_tag_map_that_does_not_match_the_weights(folder):
    def two_more_tags(config: dict) -> None:
        n = len(config["id2label"])
        config["id2label"].update({str(n): "B-EXTRA", str(n + 1): "I-EXTRA"})
        config["label2id"].update({"B-EXTRA": n, "I-EXTRA": n + 1})

    edit_config(folder, two_more_tags)
    expect(folder, "model.safetensors: tensor classifier.bias has shape [15], config.json needs [17]", "tag map has 17 tags")


@pytest.mark.parametrize(
    "change,patterns",
    [
        (lambda c: c.pop("hidden_size"), ("config.json: hidden_size is missing",)),
        (lambda c: c.update(num_hidden_layers="two"), ("num_hidden_layers must be a positive integer",)),
        (lambda c: c.update(num_attention_heads=3), ("not a multiple of num_attention_heads",)),
        (lambda c: c.update(model_type="gpt2"), ("model_type is 'gpt2'",)),
        (lambda c: c.pop("id2label"), ("id2label (the tag map) is missing",)),
        (lambda c: c["id2label"].pop("1"), ("must number its tags",)),
        (lambda c: c["id2label"].update({"1": "X-PER"}), ("'X-PER' is not O, B-LABEL or I-LABEL",)),
        (lambda c: c["id2label"].update({"2": "I-FOO"}), ("without its partner",)),
        (lambda c: c["label2id"].update({"O": 3}), ("label2id is not the inverse",)),
        (lambda c: c.update(use_crf="yes"), ("use_crf must be true or false",)),
        (lambda c: c.update(policy_ie={"max_length": 10_000, "stride": 8}), ("policy_ie.max_length",)),
        (lambda c: c.update(policy_ie={"max_length": 64, "stride": 62}), ("policy_ie.stride",)),
        (lambda c: c.update(vocab_size=10), ("vocab.txt", "embeddings for 10")),
    ],
    ids=["no-hidden", "layers-str", "heads", "type", "no-tags", "tag-gap", "bad-tag", "no-partner", "label2id",
         "crf", "max-length", "stride", "vocab-size"],
)
def test_incomplete_or_wrong_configs(folder, change, patterns):
    edit_config(folder, change)
    expect(folder, *patterns)


def test_corrupt_config_files(folder):
    path = folder / "config.json"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    expect(folder, "config.json, line", "invalid JSON")
    path.write_text("[1, 2]", encoding="utf-8")
    expect(folder, "config.json: expected a JSON object")
    path.write_bytes(b"\xff\xfe{}")
    expect(folder, "config.json, line 1: not UTF-8 text")
    path.unlink()
    expect(folder, "config.json is missing")


def test_missing_or_corrupt_vocabulary(folder):
    vocab = folder / "vocab.txt"
    tokens = vocab.read_text(encoding="utf-8").split("\n")
    vocab.write_text("\n".join(t for t in tokens if t != "[UNK]"), encoding="utf-8")
    expect(folder, "vocab.txt: vocabulary lacks the special token [UNK]")
    vocab.write_bytes("\n".join(tokens[:20]).encode("utf-8") + b"\n\xff\n")
    expect(folder, "vocab.txt, line 21: not UTF-8 text")
    vocab.unlink()
    expect(folder, "vocab.txt is missing")


def test_missing_or_corrupt_lexicon(tmp_path):
    from conftest import train_tiny

    folder = train_tiny(tmp_path, "lexicon", lexicon=True)
    lexicon = folder / "lexicon.tsv"
    lines = lexicon.read_text(encoding="utf-8").split("\n")
    lexicon.write_text("\n".join(lines[1:]), encoding="utf-8")
    expect(folder, "lexicon.tsv, line 1: expected '# categories:")
    lexicon.write_text("\n".join([lines[0], "词\tNOPE"]), encoding="utf-8")
    expect(folder, "lexicon.tsv, line 2: unknown categories")
    lexicon.write_text("# categories: ONLY\n", encoding="utf-8")
    expect(folder, "lexicon.tsv gives 4 features")
    lexicon.unlink()
    expect(folder, "lexicon file is missing")


def test_pickled_weights_are_refused(folder):
    tensors = load_file(folder / "model.safetensors")
    (folder / "model.safetensors").unlink()
    torch.save(tensors, folder / "pytorch_model.bin")
    expect(folder, "only safetensors weights are loaded", "pytorch_model.bin")
    (folder / "pytorch_model.bin").unlink()
    expect(folder, "no weights (model.safetensors)")

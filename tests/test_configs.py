"""Every config in configs/ loads and builds its model (hub models offline, from
their stated architecture, with random weights and a small layer count)."""
from __future__ import annotations

from pathlib import Path

import pytest

from model.errors import ConfigError
from model.tagger import BertTagger
from model.tagging import IOB2
from model.vocab import build_vocab
from train.config import load_config
from train.trainer import make_model

CONFIG_DIR = Path(__file__).resolve().parents[1] / "configs"
CONFIGS = sorted(p for p in CONFIG_DIR.glob("*.yaml") if not p.name.startswith(("pretrain-", "embeddings")))
EMBEDDING_CONFIGS = sorted(CONFIG_DIR.glob("embeddings*.yaml"))
PRETRAIN_CONFIGS = sorted(CONFIG_DIR.glob("pretrain-*.yaml"))


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.name)
def test_config_builds_its_model(path):
    config = load_config(path)
    overrides = []
    if config.model.architecture is None:
        assert config.model.name_or_path.startswith("runs/"), f"{path.name}: a hub config must state its architecture"
        pytest.skip(f"{path.name} continues a checkpoint trained by another config ({config.model.name_or_path})")
    if config.model.name_or_path is not None:
        overrides.append("model.name_or_path=null")
    if config.model.char_vectors is not None:
        overrides.append("model.char_vectors=null")  # trained by train.embeddings (tests/test_news_levers.py)
    overrides.append("model.architecture.num_hidden_layers=1")
    config = load_config(path, overrides)
    vocab = build_vocab(["测试文本"], min_count=1)
    scheme = IOB2(config.model.labels)
    model = make_model(config, vocab, scheme)
    assert isinstance(model, BertTagger)
    assert model.config.num_hidden_layers == 1
    expected_hidden = config.model.architecture.get("hidden_size", 768)
    assert model.config.hidden_size == expected_hidden
    assert (model.crf is not None) == config.model.use_crf
    assert model.config.id2label[0] == "O" and len(model.config.id2label) == len(scheme)


@pytest.mark.parametrize("path", EMBEDDING_CONFIGS, ids=lambda p: p.name)
def test_embedding_config_loads(path):
    from train.embeddings import load_arguments

    arguments = load_arguments(str(path), [])
    assert arguments.dim > 0 and arguments.output.endswith(".txt")


@pytest.mark.parametrize("path", PRETRAIN_CONFIGS, ids=lambda p: p.name)
def test_pretrain_config_builds_its_model(path):
    from transformers import BertConfig, BertForMaskedLM

    from train.pretrain import load_pretrain_config

    config = load_pretrain_config(path, ["model.architecture.num_hidden_layers=1"])
    assert config.data.files, f"{path.name} names no text"
    model = BertForMaskedLM(BertConfig(vocab_size=100, **config.model.architecture))
    assert model.config.num_hidden_layers == 1
    assert model.config.hidden_size == config.model.architecture["hidden_size"]


def write(tmp_path, text):
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    return path


BASE = """
data:
  train: [{path: data/train.jsonl}]
model:
  architecture: {num_hidden_layers: 1, hidden_size: 32, num_attention_heads: 2, intermediate_size: 64}
training:
  epochs: 1
"""


def test_overrides_are_typed(tmp_path):
    config = load_config(write(tmp_path, BASE), ["training.epochs=3", "model.use_crf=false", "training.learning_rate=1e-3"])
    assert config.training.epochs == 3.0 and config.model.use_crf is False
    assert config.training.learning_rate == pytest.approx(1e-3)


@pytest.mark.parametrize(
    "override,message",
    [
        ("training.epochs=many", "must be a number"),
        ("training.epoch=3", "unknown key"),
        ("model.use_crf=3", "true or false"),
        ("model.stride=500", "stride"),
        ("data.train=[]", "at least one source"),
        ("data.train=[{path: x, format: csv}]", "format must be one of"),
        ("data.train=[{path: x, format: ner}]", "needs a label_map"),
        ("training.learning_rate=0", "positive"),
        ("nonsense", "not key=value"),
    ],
)
def test_bad_settings_fail_fast_with_the_key(tmp_path, override, message):
    with pytest.raises(ConfigError, match=message):
        load_config(write(tmp_path, BASE), [override])


def test_missing_config_file(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "none.yaml")


def test_shared_placeholder_uses_environment(tmp_path, monkeypatch):
    config = load_config(write(tmp_path, BASE))
    monkeypatch.setenv("POLICY_IE_SHARED", "/somewhere")
    assert config.resolve_path("{shared}/corpora/x.jsonl") == Path("/somewhere/corpora/x.jsonl")

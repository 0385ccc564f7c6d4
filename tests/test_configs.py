"""Every config in configs/ loads and builds its model (hub models offline, from
their stated architecture, with random weights and a small layer count)."""
from __future__ import annotations

from pathlib import Path

import pytest
import torch
import yaml

from model.errors import ConfigError
from model.tagger import BertTagger
from model.tagging import IOB2
from model.vocab import build_vocab
from train.config import load_config
from train.trainer import make_model

CONFIG_DIR = Path(__file__).resolve().parents[1] / "configs"
CONFIGS = sorted(p for p in CONFIG_DIR.glob("*.yaml") if not p.name.startswith("pretrain-") and "embeddings" not in p.name)
EMBEDDING_CONFIGS = sorted(CONFIG_DIR.glob("*embeddings*.yaml"))  # embeddings.yaml, bigram-embeddings.yaml
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
def test_pretrain_config_builds_its_model(path, tmp_path):
    # two steps of the real pretraining loop on a small text: the model it saves has the
    # shape the config file states (hidden size etc.), with the layer count overridden
    from transformers import BertConfig

    from train.pretrain import load_pretrain_config, run_pretraining

    text = tmp_path / "news.txt"
    text.write_text("国务院总理李强主持召开国务院常务会议。\n" * 20, encoding="utf-8")
    config = load_pretrain_config(path, [
        f"data.files=[{text}]", "model.vocab_extra_files=[]", "model.vocab_min_count=1",
        "model.architecture.num_hidden_layers=1", f"training.output_dir={tmp_path / 'out'}", "training.max_steps=2",
        "training.save_every=1", "training.warmup_steps=0", "training.seq_length=16", "training.batch_size=2",
        "training.num_threads=null",  # the config's one thread would stay set for the tests after this one
    ])
    stated = yaml.safe_load(path.read_text(encoding="utf-8"))["model"]["architecture"]
    threads = torch.get_num_threads()
    try:
        saved = BertConfig.from_pretrained(run_pretraining(config))
    finally:
        torch.set_num_threads(threads)
    assert saved.num_hidden_layers == 1
    for key, value in stated.items():
        if key != "num_hidden_layers":
            assert getattr(saved, key) == value, key


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
        # nested fields: lists, mappings and their keys
        ("model.labels=PER", r"model\.labels must be a list of strings, got 'PER'"),
        ("model.labels=[PER, 3]", "must be a list of strings"),
        ("model.vocab_extra_files=data/corpus.jsonl", "must be a list of strings"),
        ("data.train=[{path: x, unlabeled: PER}]", r"data\.train\[0\]\.unlabeled must be a list of strings"),
        ("data.train=[{path: x, format: ner, label_map: {a: 1}}]", "must map a label to a label or null"),
        ("data.train=[{path: x, format: ner, label_map: 3}]", "preset name or a mapping"),
        ("model.architecture={num_hidden_layer: 4}", r"unknown key\(s\) in model\.architecture: num_hidden_layer \(known: .*num_hidden_layers"),
        ("model.architecture.hidden_size='64'", r"model\.architecture\.hidden_size must be an integer"),
        ("model.architecture.use_cache=3", "true or false"),
        ("model.architecture=[2]", "must be a mapping"),
        ("model.config_overrides={hidden_dropout: 0.2}", r"unknown key\(s\) in model\.config_overrides: hidden_dropout"),
        ("data.augment={copies: 1, name: true}", r"unknown key\(s\) in data\.augment: name \(known: copies, dates, names, ordinals, provinces\)"),
        ("data.augment={copies: two}", r"data\.augment\.copies must be an integer"),
        ("data.self_training={teacher: t, treshold: 0.5}", r"unknown key\(s\) in data\.self_training: treshold"),
        ("data.self_training={teacher: t, raw: x.txt}", r"data\.self_training\.raw must be a list of strings"),
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


def test_nested_fields_keep_good_values(tmp_path):
    config = load_config(write(tmp_path, BASE), [
        "model.architecture.hidden_dropout_prob=0", "data.augment={copies: 2, names: false}",
        "data.self_training={teacher: runs/x, raw: [a.txt], threshold: 0.8}", "model.labels=[PER, ORG]",
    ])
    assert config.model.architecture["hidden_dropout_prob"] == 0.0
    assert isinstance(config.model.architecture["hidden_dropout_prob"], float)
    assert config.data.augment == {"copies": 2, "names": False}
    assert config.data.self_training == {"teacher": "runs/x", "raw": ["a.txt"], "threshold": 0.8}
    assert config.model.labels == ["PER", "ORG"]


def test_pretrain_architecture_typo_fails_fast(tmp_path):
    from train.pretrain import load_pretrain_config

    path = tmp_path / "p.yaml"
    path.write_text("data: {files: [x.txt]}\nmodel: {architecture: {hidden_sise: 64}}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"p\.yaml: unknown key\(s\) in model\.architecture: hidden_sise"):
        load_pretrain_config(path)

"""A tiny model trains a few steps, saves, reloads and predicts; errors are typed."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file

from conftest import train_tiny
from model import InputTextError, ModelFilesError, load_model, predict
from policy_ie.cli import main as cli_main

ROOT = Path(__file__).resolve().parents[1]


def test_saved_folder_holds_what_predict_needs(tiny_model):
    for name in ("config.json", "model.safetensors", "vocab.txt", "training_config.yaml", "metrics.json"):
        assert (tiny_model / name).is_file(), name
    config = json.loads((tiny_model / "config.json").read_text())
    assert config["id2label"]["0"] == "O" and config["use_crf"] is True
    assert config["policy_ie"] == {"max_length": 64, "stride": 8}
    metrics = json.loads((tiny_model / "metrics.json").read_text())
    assert "eval_f1" in metrics["dev"]
    assert not (tiny_model / "checkpoints").exists()


def test_predict_returns_entities_with_exact_offsets(tiny_model):
    model = load_model(tiny_model)
    article = (ROOT / "data" / "samples" / "sample_article.txt").read_text(encoding="utf-8")
    long_article = article * 8  # many windows
    results = predict([article, long_article], published="2024-11-22", model=model)
    assert len(results) == 2
    for text, result in zip([article, long_article], results):
        for entity in result.entities:
            assert text[entity.start : entity.end] == entity.text
            assert 0.0 <= entity.score <= 1.0
    single = predict(article, published="2024-11-22", model=model)
    assert single.entities == results[0].entities
    json.dumps(single.to_dict(evidence=True), ensure_ascii=False)


def test_same_seed_gives_same_weights(tmp_path, tiny_model):
    again = train_tiny(tmp_path, "again")
    first, second = load_file(tiny_model / "model.safetensors"), load_file(again / "model.safetensors")
    assert first.keys() == second.keys()
    for key in first:
        assert torch.equal(first[key], second[key]), key


def test_softmax_head_trains_and_predicts(tmp_path):
    folder = train_tiny(tmp_path, "softmax", crf=False)
    model = load_model(folder)
    assert model.tagger.crf is None
    result = predict("3月2日，江西省委召开常委会会议。", model=model)
    assert all(result.text[e.start : e.end] == e.text for e in result.entities)


def test_lexicon_model_trains_saves_and_predicts(tmp_path):
    folder = train_tiny(tmp_path, "lexicon", lexicon=True)
    assert (folder / "lexicon.tsv").is_file()
    model = load_model(folder)
    assert model.lexicon is not None and model.tagger.config.lexicon_dim == model.lexicon.dim
    result = predict("3月2日，江西省委召开常委会会议，省委书记吴立新主持。", model=model)
    assert all(result.text[e.start : e.end] == e.text for e in result.entities)
    (folder / "lexicon.tsv").unlink()
    with pytest.raises(ModelFilesError, match="lexicon file is missing"):
        load_model(folder)


@pytest.mark.parametrize(
    "bad,message",
    [("", "empty"), ("   \n", "empty"), (42, "expected a str"), ([1], "expected str"), (["ok", None], "article 1")],
)
def test_bad_input_is_a_typed_error(tiny_model, bad, message):
    with pytest.raises(InputTextError, match=message):
        predict(bad, model=load_model(tiny_model))


def test_huge_and_bad_dates_are_refused(tiny_model):
    model = load_model(tiny_model)
    with pytest.raises(InputTextError, match="over the limit"):
        predict("会" * 101, model=model, max_chars=100)
    with pytest.raises(InputTextError, match="not an ISO date"):
        predict("会议", published="2024-13-01", model=model)
    with pytest.raises(InputTextError, match="2 published dates for 1 articles"):
        predict(["会议"], published=["2024-01-01", None], model=model)


def test_missing_model_files_are_named(tmp_path, tiny_model):
    with pytest.raises(ModelFilesError, match="not found"):
        load_model(tmp_path / "nothing")
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "config.json").write_text((tiny_model / "config.json").read_text())
    with pytest.raises(ModelFilesError, match="vocab.txt is missing"):
        load_model(broken)
    (broken / "vocab.txt").write_text((tiny_model / "vocab.txt").read_text())
    with pytest.raises(ModelFilesError, match="no weights"):
        load_model(broken)


def test_cli_predict_prints_json(tiny_model, capsys):
    sample = ROOT / "data" / "samples" / "sample_article.txt"
    assert cli_main(["predict", str(sample), "--model", str(tiny_model), "--published", "2024-11-22"]) == 0
    output = json.loads(capsys.readouterr().out)
    assert set(output) >= {"entities", "records"}


def test_cli_reports_missing_file(tiny_model, capsys):
    assert cli_main(["predict", "/nonexistent.txt", "--model", str(tiny_model)]) == 2
    assert "file not found" in capsys.readouterr().err


def test_self_training_pseudo_labels_with_a_teacher(tmp_path, tiny_model):
    from train.self_training import SelfTrainingOptions, pseudo_label

    raw = tmp_path / "raw.txt"
    raw.write_text((ROOT / "data" / "samples" / "sample_article.txt").read_text(encoding="utf-8"), encoding="utf-8")
    everything, summary = pseudo_label(SelfTrainingOptions(str(tiny_model), [str(raw)], threshold=1e-9, char_threshold=0.0), "")
    assert summary["kept"] == summary["paragraphs"] == len(everything) > 0
    strict, strict_summary = pseudo_label(SelfTrainingOptions(str(tiny_model), [str(raw)], threshold=0.999, char_threshold=0.999), "")
    assert strict_summary["kept"] <= summary["kept"]
    for article in everything + strict:
        assert article.extra["meta"]["pseudo"] is True
        assert all(article.text[e.start : e.end] == e.text for e in article.entities)

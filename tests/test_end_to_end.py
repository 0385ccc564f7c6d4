"""A tiny model trains a few steps, saves, reloads and predicts; errors are typed."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file

from conftest import reference_tags, train_tiny
from model import ArgumentError, InputTextError, ModelFilesError, load_model, predict
from model.inference import tag_texts
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


def test_a_list_and_one_article_give_the_same_prediction(tiny_model):
    # offsets and entities against references: tests/test_reference.py
    model = load_model(tiny_model)
    article = (ROOT / "data" / "samples" / "sample_article.txt").read_text(encoding="utf-8")
    results = predict([article, article * 8], published="2024-11-22", model=model)
    assert len(results) == 2 and [r.text for r in results] == [article, article * 8]
    single = predict(article, published="2024-11-22", model=model)
    assert single.to_dict(evidence=True) == results[0].to_dict(evidence=True)
    assert json.loads(json.dumps(single.to_dict(evidence=True), ensure_ascii=False)) == single.to_dict(evidence=True)


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
    text = "要闻\n3月2日，江西省委召开常委会会议。"
    (tags, _), = tag_texts(model, [text])
    assert tags == reference_tags(model, text)  # the softmax head's constrained decoding, whole text


def test_lexicon_model_trains_saves_and_predicts(tmp_path):
    folder = train_tiny(tmp_path, "lexicon", lexicon=True)
    assert (folder / "lexicon.tsv").is_file()
    model = load_model(folder)
    assert model.lexicon is not None and model.tagger.config.lexicon_dim == model.lexicon.dim
    text = "要闻\n3月2日，江西省委召开常委会会议，省委书记吴立新主持。"
    (tags, _), = tag_texts(model, [text])
    assert tags == reference_tags(model, text)  # the lexicon features reach the tagger at their characters
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


@pytest.mark.parametrize(
    "arguments,message",
    [({"batch_size": 0}, "batch_size must be >= 1"), ({"batch_size": True}, "batch_size must be an integer"),
     ({"batch_size": "2"}, "batch_size must be an integer"), ({"max_chars": 0}, "max_chars must be >= 1"),
     ({"max_chars": 1.5}, "max_chars must be an integer"), ({"model": 123}, "model must be None, a load_model"),
     ({"model": [1]}, "got list"), ({"input_format": 5}, "input_format must be a str")],
)
def test_bad_predict_arguments_are_typed_errors(tiny_model, arguments, message):
    arguments = {"model": load_model(tiny_model), **arguments}
    with pytest.raises(ArgumentError, match=message):
        predict("国务院召开常务会议。", **arguments)


def test_bad_load_model_arguments_are_typed_errors(tiny_model):
    with pytest.raises(ArgumentError, match="path must be a model folder"):
        load_model(123)
    with pytest.raises(ArgumentError, match="quantize must be"):
        load_model(tiny_model, quantize="yes")
    with pytest.raises(ArgumentError, match="batch_size"):
        tag_texts(load_model(tiny_model), ["会议"], batch_size=-1)
    with pytest.raises(ArgumentError, match="model must be a load_model"):
        tag_texts(str(tiny_model), ["会议"])


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


def test_cli_reports_missing_file(tiny_model, capsys):
    assert cli_main(["predict", "/nonexistent.txt", "--model", str(tiny_model)]) == 2
    assert "file not found" in capsys.readouterr().err


def test_self_training_pseudo_labels_with_a_teacher(tmp_path, learnt_model):
    # pseudo labels are what predict() gives users for the paragraph, at its offsets, and a
    # threshold keeps exactly the paragraphs whose entities and other characters are sure
    # enough (computed here from predict()'s entity scores and the teacher's character scores)
    from conftest import LEARN_ARTICLES
    from train.self_training import SelfTrainingOptions, pseudo_label

    folder, _ = learnt_model
    teacher = load_model(folder)
    paragraphs = [text.split("\n")[1] for text, _ in LEARN_ARTICLES]
    raw = tmp_path / "raw.txt"
    raw.write_text("\n".join(paragraphs) + "\n", encoding="utf-8")
    predicted = [p.entities for p in predict(paragraphs, model=teacher)]
    assert sum(map(len, predicted)) >= 8, "the teacher should find entities in its own articles"
    everything, summary = pseudo_label(SelfTrainingOptions(str(folder), [str(raw)], threshold=1e-9, char_threshold=0.0), "")
    assert summary["paragraphs"] == summary["kept"] == 4
    for article, paragraph, entities in zip(everything, paragraphs, predicted):
        assert article.text == paragraph and article.extra["meta"]["pseudo"] is True
        assert [(e.start, e.end, e.label) for e in article.entities] == [(e.start, e.end, e.label) for e in entities]
    sure = []
    for entities, (_, scores) in zip(predicted, tag_texts(teacher, paragraphs)):
        inside = {i for e in entities for i in range(e.start, e.end)}
        sure.append((min(e.score for e in entities), min(score for i, score in enumerate(scores) if i not in inside)))
    threshold = sorted(entity for entity, _ in sure)[1]  # above the least sure paragraph's
    char_threshold = min(outside for _, outside in sure)
    expected = [p for p, (entity, outside) in zip(paragraphs, sure) if entity >= threshold and outside >= char_threshold]
    strict, strict_summary = pseudo_label(
        SelfTrainingOptions(str(folder), [str(raw)], threshold=threshold, char_threshold=char_threshold), "")
    assert [a.text for a in strict] == expected and strict_summary["kept"] == len(expected)
    assert 0 < len(expected) < 4

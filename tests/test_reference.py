"""Inference against references computed here, independently of the code under test.

* A tiny model trained in the test on four short articles of our own
  (conftest.LEARN_ARTICLES) finds their entities at their offsets; the CLI's
  .jsonl and --evidence outputs carry them field by field; the metric the
  Trainer chose its checkpoint on is the F1 ``python -m train.evaluate`` reports.
* Windowing: a model with random weights (its tags change with the context,
  so a window that sees other characters tags differently) is run window by
  window here, one forward pass per window; the windows are merged with the
  cut rule written out again below. predict() must give the same tags: on a
  text that fits one window they are the whole-text pass's tags, on a long
  text the merged windows'.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from conftest import LEARN_ARTICLES, reference_tags
from model.encoding import make_windows
from model.inference import load_model, predict, tag_texts
from model.postprocess import apply_rules
from model.tagging import IOB2
from policy_ie.cli import main as cli_main
from train.evaluate import main as evaluate_main

# --------------------------------------------------------------------------
# a model that has learnt something


def gold_spans(text: str, spans: list[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """(start, end, label) of each span, searched in the text left to right."""
    out, searched = [], 0
    for span, label in spans:
        start = text.index(span, searched)
        out.append((start, start + len(span), label))
        searched = start + len(span)
    return out


def test_learnt_model_finds_known_entities_at_known_offsets(learnt_model) -> None:
    folder, _ = learnt_model
    model = load_model(folder)
    texts = [text for text, _ in LEARN_ARTICLES]
    for (text, spans), result in zip(LEARN_ARTICLES, predict(texts, published="2024-06-10", model=model)):
        assert [(e.start, e.end, e.label) for e in result.entities] == gold_spans(text, spans)
        assert [e.text for e in result.entities] == [span for span, _ in spans]
        assert all(0.0 < e.score <= 1.0 + 1e-6 for e in result.entities)


def test_checkpoint_metric_is_the_f1_train_evaluate_reports(learnt_model, tmp_path, capsys) -> None:
    folder, data = learnt_model
    selected = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))["dev"]["eval_f1"]
    report_path = tmp_path / "report.json"
    assert evaluate_main(["--model", str(folder), "--data", str(data), "--output", str(report_path)]) == 0
    reported = json.loads(report_path.read_text(encoding="utf-8"))["entities"]["micro"]["f1"]
    assert selected == pytest.approx(reported, abs=1e-12)
    assert reported > 0.9  # the model knows these articles: the figure is not a trivial 0 = 0


def test_cli_jsonl_and_evidence_outputs_field_by_field(learnt_model, tmp_path) -> None:
    folder, _ = learnt_model
    source = tmp_path / "in.jsonl"
    lines = [{"id": f"n{i}", "text": text, "published": "2024-06-10"} for i, (text, _) in enumerate(LEARN_ARTICLES[:3])]
    source.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert cli_main(["predict", str(source), "--model", str(folder), "--format", "jsonl", "--evidence",
                     "-o", str(out), "--no-progress"]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row["id"] for row in rows] == ["n0", "n1", "n2"]
    assert [row["published"] for row in rows] == ["2024-06-10"] * 3
    for row, (text, spans) in zip(rows, LEARN_ARTICLES):
        assert [(e["start"], e["end"], e["label"], e["text"]) for e in row["entities"]] == [
            (start, end, label, text[start:end]) for start, end, label in gold_spans(text, spans)]
    # the records, value by value, as the guide reads these three articles
    first, second, third = (row["records"] for row in rows)
    assert [{k: v for k, v in r.items() if k != "evidence"} for r in first] == [{
        "date": "2024-03-02", "date_text": "3月2日", "region": "江西省", "meeting": "常委会会议", "organizer": "江西省委",
        "people": [{"name": "吴立新", "titles": ["省委书记"], "roles": ["chair"]}], "documents": []}]
    assert [(r["region"], r["organizer"], r["people"][0]["roles"]) for r in second] == [("湖南省", "湖南省政府", ["attendee"])]
    assert [(r["region"], r["meeting"], r["documents"]) for r in third] == [("全国", "国务院常务会议", ["安全生产条例"])]
    # evidence: every offset slices the article to the value it stands for
    for row, (text, _) in zip(rows, LEARN_ARTICLES):
        for record in row["records"]:
            evidence = record["evidence"]
            start, end = evidence["passage"]
            assert text[start:end].startswith(record["date_text"])
            for slot in ("date", "meeting", "organizer"):
                if evidence[slot] is not None:
                    value = record["date_text"] if slot == "date" else record[slot]
                    assert text[slice(*evidence[slot])] == value, slot
            for person, spans in zip(record["people"], evidence["people"]):
                assert text[slice(*spans["name"])] == person["name"]
                assert [text[slice(*span)] for span in spans["titles"]] == person["titles"]
            assert [text[slice(*span)] for span in evidence["documents"]] == record["documents"]
    assert first[0]["evidence"]["region"] == [13, 17]  # 江西省委 names the province


# --------------------------------------------------------------------------
# windowing against a reference


@pytest.fixture(scope="module")
def random_model(tiny_model):
    """The tiny model with random weights (fixed seed): tags that vary with context.

    Random character embeddings, attention and classifier; a bias towards O and a
    CRF bonus for continuing a span, so that the tags hold O runs (places to cut
    windows at) and spans of several characters, as a trained model's do."""
    model = load_model(tiny_model, device="cpu")
    generator = torch.Generator().manual_seed(11)
    with torch.no_grad():
        for name, parameter in model.tagger.named_parameters():
            if name.startswith("crf") or name == "classifier.bias":
                parameter.zero_()
            elif name == "classifier.weight" or "word_embeddings" in name or "attention" in name:
                parameter.copy_(torch.randn(parameter.shape, generator=generator))
        model.tagger.classifier.bias[model.tags.index("O")] = 10.0
        for i, before in enumerate(model.tags):
            for j, after in enumerate(model.tags):
                if after.startswith("I-") and before[2:] == after[2:]:
                    model.tagger.crf.transitions[i, j] = 6.0
    model.decoder = model.backend.decoder()  # the NumPy decoder takes the CRF's new transitions
    return model


def reference_window_tags(model, text: str, start: int, end: int) -> list[str]:
    return reference_tags(model, text, start, end)


def reference_merge(windows, per_window: list[list[str]], length: int) -> tuple[list[str], list[int]]:
    """The cut rule, written out again: in each overlap the position where both windows
    say O nearest the overlap's middle (the first such when two are as near), else
    the middle; left of the cut the left window's tags, from it the right one's.
    Returns the merged tags and the cuts made at the middle for want of an agreed O."""
    cuts, blind = [], []
    for (left, right), (left_tags, right_tags) in zip(zip(windows, windows[1:]), zip(per_window, per_window[1:])):
        middle = (right.start + left.end) // 2
        agree = [p for p in range(right.start, left.end)
                 if left_tags[p - left.start] == "O" and right_tags[p - right.start] == "O"]
        cuts.append(min(agree, key=lambda p: abs(p - middle)) if agree else middle)
        if not agree:
            blind.append(middle)
    merged = []
    for position in range(length):
        k = sum(position >= cut for cut in cuts)
        merged.append(per_window[k][position - windows[k].start])
    return merged, blind


def text_of(length: int) -> str:
    body = "3月2日，江西省委召开常委会会议，省委书记吴立新主持。会议强调，要抓好春耕生产和防汛工作。国务院总理李强出席。"
    text = "新闻\n"
    while len(text) < length:
        text += body
    return text[:length]


def test_text_that_fits_one_window_gets_the_whole_text_tags(random_model) -> None:
    text = text_of(random_model.max_length - 2)
    assert len(make_windows(len(text), random_model.max_length, random_model.stride)) == 1
    reference = reference_window_tags(random_model, text, 0, len(text))
    assert len(set(reference)) > 3, "the random model should tag more than O"
    (tags, _), = tag_texts(random_model, [text])
    assert tags == reference
    scheme = IOB2([tag[2:] for tag in random_model.tags if tag.startswith("B-")])
    expected = apply_rules(text, scheme.decode(text, reference), scheme.labels, random_model.doc_bracket_rule)
    found = predict(text, model=random_model).entities
    assert [(e.start, e.end, e.label) for e in found] == [(e.start, e.end, e.label) for e in expected]
    assert all(e.text == text[e.start : e.end] for e in expected)


def test_long_text_is_the_windows_merged_at_their_cuts(random_model) -> None:
    text = text_of(700)
    windows = make_windows(len(text), random_model.max_length, random_model.stride)
    assert len(windows) >= 10
    per_window = [reference_window_tags(random_model, text, w.start, w.end) for w in windows]
    # the windows disagree somewhere in their overlaps, else merging would not matter
    assert any(per_window[k][p - windows[k].start] != per_window[k + 1][p - windows[k + 1].start]
               for k in range(len(windows) - 1) for p in range(windows[k + 1].start, windows[k].end))
    expected, blind = reference_merge(windows, per_window, len(text))
    for batch_size in (None, 1, 3):  # batching and padding change nothing
        (tags, scores), = tag_texts(random_model, [text], batch_size=batch_size)
        assert tags == expected, batch_size
        assert len(scores) == len(text)
    # a span the merged tags give is one some window gave whole, unless it touches a
    # cut made at an overlap's middle (the windows agreed on no O there)
    scheme = IOB2([tag[2:] for tag in random_model.tags if tag.startswith("B-")])
    seen = set()
    for window, window_tags in zip(windows, per_window):
        seen |= {(e.start + window.start, e.end + window.start, e.label)
                 for e in scheme.decode(text[window.start : window.end], window_tags)}
    merged = {(e.start, e.end, e.label) for e in scheme.decode(text, expected)
              if not any(e.start <= cut <= e.end for cut in blind)}
    assert len(merged) > 20 and merged <= seen

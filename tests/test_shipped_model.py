"""The model shipped in the package loads offline and is what predict() uses by default."""
from __future__ import annotations

from pathlib import Path

import pytest

from model import load_model, predict
from model.inference import DEFAULT_MODEL_DIR

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(not DEFAULT_MODEL_DIR.is_dir(), reason="no shipped model in this copy")


def test_shipped_model_is_small_and_complete():
    size = sum(p.stat().st_size for p in DEFAULT_MODEL_DIR.iterdir())
    assert size <= 40 * 2**20
    for name in ("config.json", "model.safetensors", "model.onnx", "vocab.txt", "MODEL_CARD.md"):
        assert (DEFAULT_MODEL_DIR / name).is_file(), name


def test_predict_uses_the_shipped_model_by_default(monkeypatch):
    monkeypatch.delenv("POLICY_IE_MODEL", raising=False)
    text = (ROOT / "data" / "samples" / "sample_article.txt").read_text(encoding="utf-8")
    result = predict(text, published="2024-11-22")
    # the officials of our written sample, at their offsets in the text (found here with str.index)
    people = {(e.start, e.end) for e in result.entities if e.label == "PER"}
    for name in ("程建华", "罗振宇", "何立群", "周海平", "宋文涛", "林世伟"):
        start = text.index(name)
        assert (start, start + len(name)) in people, name
    dates = {(e.start, e.end) for e in result.entities if e.label == "DATE"}
    for date in ("11月20日", "21日上午"):
        assert (text.index(date), text.index(date) + len(date)) in dates, date
    records = [(r.date, r.region) for r in result.records]
    assert ("2024-11-20", "甘肃省") in records and ("2024-11-21", "全国") in records
    assert all(r.date is not None and r.region for r in result.records)


def test_default_loading_quantizes_on_cpu_only_when_asked():
    import torch

    quantized = load_model(device="cpu", backend="torch")
    assert any(isinstance(m, torch.ao.nn.quantized.dynamic.Linear) for m in quantized.tagger.modules())
    plain = load_model(device="cpu", quantize=False)
    assert not any(isinstance(m, torch.ao.nn.quantized.dynamic.Linear) for m in plain.tagger.modules())


def test_shipped_onnx_export_is_current_and_finds_what_torch_fp32_finds():
    pytest.importorskip("onnxruntime", reason="onnxruntime is not installed (pip install onnxruntime)")
    texts = [
        (ROOT / "data" / "samples" / "sample_article.txt").read_text(encoding="utf-8"),
        "3月2日，江西省委召开常委会会议，省委书记吴立新主持。",
        "国务院总理李强主持召开国务院常务会议。",
        "11月12日，省长王凯在郑州会见了来访的客人。",
    ]
    onnx = load_model(backend="onnx")  # a stale or missing model.onnx is an error here
    assert onnx.backend.describe()["quantized"] is True
    expected = predict(texts, model=load_model(backend="torch", quantize=False))
    got = predict(texts, model=onnx)
    assert [r.entities for r in got] == [r.entities for r in expected]
    assert sum(len(r.entities) for r in expected) >= 30

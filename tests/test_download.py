"""scripts/download_corpora.py: converters agree with the corpora in ../shared; offline fails clearly."""
from __future__ import annotations

import json
import urllib.error

from conftest import load_script

download_corpora = load_script("download_corpora")


def read_jsonl(path):
    return [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]


def test_cluener_converter_matches_shared_copy(shared):
    raw = (shared / "corpora/cluener2020/raw/dev.json").read_text(encoding="utf-8")
    ours = list(download_corpora.convert_cluener(raw, "x"))
    theirs = read_jsonl(shared / "corpora/cluener2020/dev.jsonl")
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs):
        assert a["text"] == b["text"]
        key = lambda e: (e["start"], e["end"], e["label"])
        assert sorted(map(key, a["entities"])) == sorted(map(key, b["entities"]))


def test_bio_converter_matches_shared_copy(shared):
    raw = (shared / "corpora/msra_ner/raw/msra_test_bio.txt").read_text(encoding="utf-8")
    ours = list(download_corpora.convert_bio(raw, "x", "\t"))
    theirs = read_jsonl(shared / "corpora/msra_ner/test.jsonl")
    assert [r["text"] for r in ours] == [r["text"] for r in theirs]
    assert [[(e["start"], e["end"], e["label"]) for e in r["entities"]] for r in ours] == [
        [(e["start"], e["end"], e["label"]) for e in r["entities"]] for r in theirs
    ]


def test_offline_download_fails_with_a_clear_message_and_writes_nothing(tmp_path, monkeypatch, capsys):
    def no_network(*args, **kwargs):
        raise urllib.error.URLError("Name or service not known")

    monkeypatch.setattr(download_corpora.urllib.request, "urlopen", no_network)
    assert download_corpora.main(["--out", str(tmp_path), "--only", "cluener2020"]) == 1
    assert "Are you offline?" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())

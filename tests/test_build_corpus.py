"""scripts/build_corpus.py: fixed splits; train-only articles never reach dev or test."""
from __future__ import annotations

import json
from pathlib import Path

from conftest import load_script


def article_markup(article_id: str, kind: str = "standing_committee") -> str:
    return f"""### id: {article_id}
published: 2024-03-03
source: 测试
kind: {kind}
form: party_paper

[3月2日]{{DATE}}，[江西省委]{{ORG}}召开[常委会会议]{{MEETING}}，[省委书记]{{TITLE}}[吴立新]{{PER}}主持。

@records
{{"date": "2024-03-02", "date_text": "3月2日", "region": "江西省", "meeting": "常委会会议", "organizer": "江西省委", "people": [{{"name": "吴立新", "titles": ["省委书记"], "roles": ["chair"]}}], "documents": []}}
"""


def ids(path: Path) -> list[str]:
    return [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()]


def build(tmp_path: Path, name: str, train_only: list[str]) -> tuple[int, Path]:
    source, out = tmp_path / name / "source", tmp_path / name / "out"
    source.mkdir(parents=True)
    out.mkdir()
    main_ids = [f"m-{i:03d}" for i in range(20)]
    (source / "batch.md").write_text("\n".join(article_markup(i) for i in main_ids), encoding="utf-8")
    if train_only:
        (source / "train_only").mkdir()
        (source / "train_only" / "extra.md").write_text(
            "\n".join(article_markup(i) for i in train_only), encoding="utf-8"
        )
    return load_script("build_corpus").main(["--source", str(source), "--out", str(out)]), out


def test_train_only_articles_go_to_train_and_leave_dev_and_test_unchanged(tmp_path):
    status, without = build(tmp_path, "a", [])
    assert status == 0
    status, with_extra = build(tmp_path, "b", ["x-001", "x-002"])
    assert status == 0
    for split in ("dev", "test"):
        assert ids(with_extra / f"{split}.jsonl") == ids(without / f"{split}.jsonl")
        assert ids(without / f"{split}.jsonl")  # the split is not empty
    assert set(ids(with_extra / "train.jsonl")) == set(ids(without / "train.jsonl")) | {"x-001", "x-002"}
    assert len(ids(with_extra / "corpus.jsonl")) == 22


def test_an_id_repeated_across_folders_is_an_error_naming_the_file(tmp_path, capsys):
    status, _ = build(tmp_path, "c", ["m-003"])
    assert status == 1
    error = capsys.readouterr().err
    assert "duplicate id 'm-003'" in error and "extra.md" in error

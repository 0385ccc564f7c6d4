"""scripts/rule_gains.py and the rule switch behind it (model.postprocess.apply_rules(enabled=...))."""
from __future__ import annotations

import pytest

from conftest import DATA_DIR, load_script
from model.entities import Entity
from model.postprocess import RULE_NAMES, apply_rules


def test_enabled_runs_only_the_named_rules_and_rejects_unknown_names():
    text = "推动中欧关系发展。"
    pair = [Entity(2, 4, "LOC", "中欧", 0.9)]
    labels = {"LOC", "ORG", "PER"}
    assert apply_rules(text, pair, labels, enabled=()) == pair
    assert [e.text for e in apply_rules(text, pair, labels, enabled=("abbreviation",))] == ["中", "欧"]
    assert [e.text for e in apply_rules(text, pair, labels)] == ["中", "欧"]
    with pytest.raises(ValueError, match="unknown rules"):
        apply_rules(text, pair, labels, enabled=("abbreviations",))


def test_one_row_per_rule_and_the_last_is_what_evaluate_reports(shipped_model):
    from train.annotations import read_articles
    from train.evaluate import evaluate_articles

    articles = read_articles(str(DATA_DIR / "dev.jsonl"))[:4]
    rows = load_script("rule_gains").rule_gains(shipped_model, articles, None)
    assert [name for name, _ in rows] == ["none"] + [f"+ {name}" for name in RULE_NAMES]
    assert rows[-1][1] == pytest.approx(evaluate_articles(articles, shipped_model)["entities"]["micro"]["f1"], abs=1e-12)
    assert rows[0][1] != rows[-1][1]  # the rules change what the tagger alone gives on these articles

"""The training data's own entities as lexicon categories, jackknifed (train.entity_gazetteer)."""
from __future__ import annotations

import pytest
import yaml

from model.entities import Entity
from model.errors import ConfigError
from model.inference import load_model
from model.lexicon import Lexicon
from train.annotations import Article
from train.config import load_config
from train.entity_gazetteer import EntityGazetteerOptions, entity_entries, extend, fold_of, jackknife
from train.trainer import run_training

from conftest import write_tiny_config


def article(id_: str, text: str, *spans: tuple[str, str]) -> Article:
    entities = []
    for word, label in spans:
        start = text.index(word)
        entities.append(Entity(start, start + len(word), label, word))
    return Article(id_, text, entities)


def test_entries_keep_labels_lengths_and_counts() -> None:
    texts = [
        article("a", "王明在北京主持会议。", ("王明", "PER"), ("北京", "LOC"), ("京", "LOC")),
        article("b", "王明出席。", ("王明", "PER")),
        article("c", "北京市委召开会议。", ("北京市委", "ORG")),
    ]
    entries = entity_entries(texts, ["PER", "LOC", "ORG"], EntityGazetteerOptions())
    assert entries == {"王明": {"ent_PER"}, "北京": {"ent_LOC"}, "北京市委": {"ent_ORG"}}  # no one-character 京
    assert entity_entries(texts, ["PER"], EntityGazetteerOptions()) == {"王明": {"ent_PER"}}
    assert entity_entries(texts, ["PER", "LOC"], EntityGazetteerOptions(min_count=2)) == {"王明": {"ent_PER"}}
    repeated = [texts[0], texts[0]]  # a source with repeat: 2 counts its texts once
    assert "王明" not in entity_entries(repeated, ["PER"], EntityGazetteerOptions(min_count=2))


def test_min_rate_drops_strings_mostly_not_annotated() -> None:
    texts = [article("a", "中国足协发布通知。", ("中国", "ORG")),
             article("b", "中国经济稳中向好，中国人民。"),
             article("c", "中国队获胜。")]
    assert "中国" in entity_entries(texts, ["ORG"], EntityGazetteerOptions())
    assert "中国" not in entity_entries(texts, ["ORG"], EntityGazetteerOptions(min_rate=0.5))  # 1 of 4 occurrences


def test_a_fold_never_sees_its_own_entities() -> None:
    texts = [article(str(i), f"第{i}篇：张{'一二三四五六七八九十'[i]}出席会议。", (f"张{'一二三四五六七八九十'[i]}", "PER"))
             for i in range(10)]
    base = Lexicon(["word"], {"会议": ["word"]})
    lexicons = jackknife(base, texts, ["PER", "ORG"], EntityGazetteerOptions(folds=3))
    assert lexicons.entries == 10 and len(lexicons.folds) == 3
    for text in texts:
        name = text.entities[0].text
        own = lexicons.for_article(text)
        assert own is lexicons.folds[fold_of(text, 3)]
        assert name not in own.entries  # its own entity is not in the features it trains with
        assert name in lexicons.full.entries
        assert any(name in other.entries for other in lexicons.folds if other is not own)
    for lexicon in (lexicons.full, *lexicons.folds):  # one feature layout for every fold and the model
        assert lexicon.categories == ("word", "ent_PER", "ent_ORG") and lexicon.entries["会议"] == (0,)


def test_copies_of_a_text_share_a_fold() -> None:
    one = article("x", "王明主持会议。", ("王明", "PER"))
    copy = article("y", one.text, ("王明", "PER"))
    assert fold_of(one, 5) == fold_of(copy, 5)


def test_extend_keeps_the_base_categories_of_a_word() -> None:
    base = Lexicon(["word", "ns"], {"北京": ["ns"]})
    lexicon = extend(base, ["ent_LOC"], {"北京": {"ent_LOC"}, "上海": {"ent_LOC"}})
    assert lexicon.categories == ("word", "ns", "ent_LOC")
    assert lexicon.entries == {"北京": (1, 2), "上海": (2,)}
    features = lexicon.features("去北京")
    names = lexicon.feature_names()
    assert features[1, names.index("ns:B")] == 1 and features[2, names.index("ent_LOC:E")] == 1


@pytest.mark.parametrize("value, message", [
    ({"folds": 1}, "folds must be >= 2"),
    ({"fold": 5}, "unexpected keyword|fold"),
    ({"min_rate": 2.0}, r"min_rate must be in \[0, 1\]"),
    ("yes", "expected true or a mapping"),
])
def test_bad_options_are_config_errors(tmp_path, value, message) -> None:
    path = write_tiny_config(tmp_path, "bad", lexicon=True)
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw["model"]["lexicon_entities"] = value
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_the_lever_needs_the_lexicon(tmp_path) -> None:
    path = write_tiny_config(tmp_path, "nolex", lexicon=False)
    with pytest.raises(ConfigError, match="needs model.lexicon: true"):
        load_config(path, ["model.lexicon_entities=true"])


def test_a_trained_model_keeps_every_fold_s_entities(tmp_path) -> None:
    path = write_tiny_config(tmp_path, "entgaz", lexicon=True)
    config = load_config(path, ["model.lexicon_entities={folds: 2}"])
    folder = run_training(config)
    model = load_model(folder)
    assert model.tagger.config.lexicon_dim == model.lexicon.dim
    ent = [c for c in model.lexicon.categories if c.startswith("ent_")]
    assert ent == [f"ent_{label}" for label in config.model.labels]
    from train.trainer import load_sources

    trained = {e.text for a in load_sources(config, config.data.train) for e in a.entities if 2 <= len(e.text) <= 20}  # the default lengths
    saved = {word for word, ids in model.lexicon.entries.items()
             if any(model.lexicon.categories[i].startswith("ent_") for i in ids)}
    assert saved == trained

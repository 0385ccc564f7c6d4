"""Every augmented article still validates, and swaps are consistent."""
from __future__ import annotations

import pytest

from conftest import DATA_DIR
from train.annotations import parse_article, read_articles
from train.augment import Augmenter, Edit, apply_edits, augment_articles

from test_annotations import good_article


def test_every_augmented_project_article_validates():
    articles = read_articles(DATA_DIR / "corpus.jsonl")
    augmented = augment_articles(articles, seed=3, copies=2)
    assert len(augmented) == 3 * len(articles)
    for article in augmented[len(articles):]:
        parse_article(article.to_dict())  # raises on any inconsistency
        for entity in article.entities:
            assert article.text[entity.start : entity.end] == entity.text


def test_swaps_are_consistent_in_text_entities_and_records():
    article = parse_article(good_article())
    variant = Augmenter(seed=5, ordinals=False).augment(article)
    [record] = variant.records
    [person] = record["people"]
    assert person["name"] != "吴立新" and person["name"] in variant.text and "吴立新" not in variant.text
    # the province moved: region, organizer and text agree
    assert record["region"] != "江西省"
    assert record["organizer"].endswith("省委") and record["organizer"] in variant.text
    # the date moved by the same shift as `published`
    assert record["date"] != "2024-03-02"
    assert variant.published[-2:] != "03"
    assert record["date_text"] == f"3月{int(record['date'][-2:])}日"


def test_same_seed_same_variant():
    article = parse_article(good_article())
    assert Augmenter(seed=9).augment(article).text == Augmenter(seed=9).augment(article).text


def test_apply_edits_moves_entities_and_rejects_overlaps():
    article = parse_article(good_article())
    text, entities, renames = apply_edits(article, [Edit(0, 1, "11")])  # 3月2日 -> 11月2日
    assert text.startswith("11月2日") and entities[0].text == "11月2日"
    assert all(text[e.start : e.end] == e.text for e in entities)
    assert renames[("DATE", "3月2日")] == "11月2日"
    with pytest.raises(ValueError, match="overlapping"):
        apply_edits(article, [Edit(0, 2, "x"), Edit(1, 3, "y")])

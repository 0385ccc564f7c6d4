"""Public corpora without some labels train with partial labels."""
from __future__ import annotations

import json


from model.entities import Entity
from model.tagging import IOB2
from model.vocab import build_vocab
from train.annotations import Article
from train.config import load_config
from train.features import FUZZY, CharCollator, article_examples
from train.trainer import load_source


def test_outside_characters_of_a_partial_article_are_fuzzy():
    scheme = IOB2()
    text = "张三任省委书记"
    article = Article("x", text, [Entity(0, 2, "PER", "张三")], unlabeled=("TITLE", "ORG"))
    vocab = build_vocab([text], min_count=1)
    [example] = article_examples(article, vocab, scheme, max_length=32, stride=4)
    assert example["labels"][1:3] == [scheme.tag_to_id["B-PER"], scheme.tag_to_id["I-PER"]]
    assert example["labels"][3:-1] == [FUZZY] * 5
    batch = CharCollator(vocab.pad_id, 0, len(scheme))([example])
    allowed = batch["allowed_tags"][0]
    assert allowed[1].tolist() == [tag == "B-PER" for tag in scheme.tags]
    allowed_outside = {scheme.tags[k] for k in allowed[4].nonzero().flatten().tolist()}
    assert allowed_outside == {"O", "B-TITLE", "I-TITLE", "B-ORG", "I-ORG"}
    assert batch["char_mask"][0].tolist() == [False] + [True] * len(text) + [False]


def test_fully_annotated_batches_have_no_allowed_mask():
    scheme = IOB2()
    article = Article("x", "张三", [Entity(0, 2, "PER", "张三")])
    vocab = build_vocab(["张三"], min_count=1)
    batch = CharCollator(vocab.pad_id, 0, len(scheme))(article_examples(article, vocab, scheme, 32, 4))
    assert "allowed_tags" not in batch


def test_ner_source_marks_labels_its_map_lacks_as_unlabeled(tmp_path):
    corpus = tmp_path / "ner.jsonl"
    corpus.write_text(json.dumps({"id": "a", "text": "张三在北京", "entities": [
        {"start": 0, "end": 2, "label": "name", "text": "张三"}, {"start": 3, "end": 5, "label": "address", "text": "北京"}]},
        ensure_ascii=False) + "\n", encoding="utf-8")
    config_path = tmp_path / "c.yaml"
    config_path.write_text(f"""
data:
  train: [{{path: {corpus}, format: ner, label_map: {{name: PER, address: null}}}}]
model:
  architecture: {{num_hidden_layers: 1, hidden_size: 16, num_attention_heads: 2, intermediate_size: 32}}
""", encoding="utf-8")
    config = load_config(config_path)
    [article] = load_source(config, config.data.train[0])
    assert article.unlabeled == ("TITLE", "ORG", "LOC", "DATE", "MEETING", "DOC")
    assert [e.text for e in article.entities] == ["张三"]

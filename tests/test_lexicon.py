"""Lexicon matching on hand-made cases, files, and a tagger that uses the features."""
from __future__ import annotations

import numpy as np
import pytest
import torch
from transformers import BertConfig

from model.errors import ModelFilesError
from model.lexicon import Lexicon
from model.tagger import BertTagger
from model.tagging import IOB2
from train.lexicon_build import CATEGORIES, build_lexicon


def active(lexicon: Lexicon, text: str) -> list[set[str]]:
    names = lexicon.feature_names()
    return [{names[j] for j in np.nonzero(row)[0]} for row in lexicon.features(text)]


def test_positions_begin_middle_end_single():
    lexicon = Lexicon(["place", "word"], {"呼和浩特": ["place"], "召开": ["word"], "在": ["word"]})
    features = active(lexicon, "在呼和浩特召开")
    assert features[0] == {"word:S"}
    assert features[1] == {"place:B"}
    assert features[2] == features[3] == {"place:M"}
    assert features[4] == {"place:E"}
    assert features[5] == {"word:B"} and features[6] == {"word:E"}


def test_overlapping_words_all_count():
    lexicon = Lexicon(["a", "b"], {"省委书记": ["a"], "省委": ["b"], "书记": ["b"]})
    features = active(lexicon, "省委书记")
    assert features[0] == {"a:B", "b:B"}
    assert features[1] == {"a:M", "b:E"}
    assert features[3] == {"a:E", "b:E"}


def test_no_match_gives_zeros_and_shape():
    lexicon = Lexicon(["a"], {"甲乙": ["a"]})
    matrix = lexicon.features("丙丁戊")
    assert matrix.shape == (3, 4) and not matrix.any()


def test_save_load_roundtrip_and_errors(tmp_path):
    lexicon = Lexicon(["a", "b"], {"省委": ["a", "b"], "书记": ["b"]})
    lexicon.save(tmp_path)
    again = Lexicon.load(tmp_path)
    assert again.categories == lexicon.categories and again.entries == lexicon.entries
    (tmp_path / "lexicon.tsv").write_text("# categories: a\n省委\tz\n", encoding="utf-8")
    with pytest.raises(ModelFilesError, match="line 2: unknown categories"):
        Lexicon.load(tmp_path)
    with pytest.raises(ModelFilesError, match="missing"):
        Lexicon.load(tmp_path / "none")


def test_project_lexicon_covers_places_posts_and_meetings():
    lexicon = build_lexicon()
    assert lexicon.categories == CATEGORIES
    features = active(lexicon, "内蒙古自治区党委书记主持召开常委会会议")
    assert "region:B" in features[0] and "region:E" in features[5]
    assert "post:E" in features[9]
    assert "meeting:E" in features[-1]


def test_tagger_uses_lexicon_features():
    scheme = IOB2()
    config = BertConfig(vocab_size=50, hidden_size=16, num_hidden_layers=1, num_attention_heads=2, intermediate_size=32,
                        num_labels=len(scheme), id2label=scheme.id_to_tag, label2id=scheme.tag_to_id, lexicon_dim=8)
    tagger = BertTagger(config).eval()
    ids = torch.randint(5, 50, (1, 6))
    zeros, ones = torch.zeros(1, 6, 8), torch.ones(1, 6, 8)
    assert not torch.allclose(tagger(input_ids=ids, lexicon_features=zeros).logits, tagger(input_ids=ids, lexicon_features=ones).logits)
    with pytest.raises(ValueError, match="lexicon_features"):
        tagger(input_ids=ids)

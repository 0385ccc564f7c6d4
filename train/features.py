"""Annotated texts -> windowed training examples -> padded batches.

Label alignment lives here alone (:func:`article_examples`): one token per
character, so tag *i* of the text is the label of token *i + 1* (after
[CLS]); windows follow :func:`model.encoding.make_windows`.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from model.bigrams import Bigrams
from model.char_features import text_features
from model.encoding import make_windows, window_input_ids, window_labels
from model.lexicon import Lexicon
from model.tagging import IOB2
from model.vocab import CharVocab

from .annotations import Article

#: Label of a character that may be O or part of a span of an unannotated label.
FUZZY = -2


def article_examples(
    article: Article, vocab: CharVocab, scheme: IOB2, max_length: int, stride: int, lexicon: Lexicon | None = None,
    bigrams: Bigrams | None = None,
) -> list[dict[str, Any]]:
    """The training examples (one per window) of one article.

    With a lexicon, each example also holds its lexicon features sparsely:
    ``lexicon_rows`` (token positions, [CLS] = 0) and ``lexicon_cols``; with
    bigrams, ``bigram_ids``: one [ending, starting] pair per token ([0, 0] at
    [CLS] and [SEP]).
    """
    tags = scheme.encode(len(article.text), article.entities)
    tag_ids = [scheme.tag_to_id[tag] for tag in tags]
    char_ids = vocab.encode(article.text)
    inputs = text_features(article.text, lexicon, bigrams)
    features = inputs.get("lexicon_features")
    if article.unlabeled:
        # Outside the annotated spans: "O or an unannotated label" (FUZZY).
        outside = scheme.tag_to_id["O"]
        tag_ids = [FUZZY if t == outside else t for t in tag_ids]
        fuzzy_tags = [scheme.tag_to_id[f"{p}-{label}"] for label in article.unlabeled for p in ("B", "I")]
    examples = []
    for window in make_windows(len(article.text), max_length, stride):
        input_ids = window_input_ids(vocab, char_ids, window)
        example = {
            "input_ids": input_ids,
            "labels": window_labels(tag_ids, window, scheme.tags, scheme.tag_to_id),
            "length": len(input_ids),
        }
        if article.unlabeled:
            example["fuzzy_tags"] = fuzzy_tags
        if features is not None:
            rows, cols = np.nonzero(features[window.start : window.end])
            example["lexicon_rows"] = (rows + 1).tolist()
            example["lexicon_cols"] = cols.tolist()
        if "bigram_ids" in inputs:
            example["bigram_ids"] = [[0, 0], *inputs["bigram_ids"][window.start : window.end].tolist(), [0, 0]]
        examples.append(example)
    return examples


def build_examples(
    articles: Iterable[Article], vocab: CharVocab, scheme: IOB2, max_length: int, stride: int,
    lexicon: Lexicon | None = None, bigrams: Bigrams | None = None,
    lexicon_for: Callable[[Article], Lexicon] | None = None,
) -> list[dict[str, Any]]:
    """The examples of every article, in order. ``lexicon_for`` (in place of ``lexicon``)
    gives each article its own lexicon: the jackknifed entity gazetteer of
    :mod:`train.entity_gazetteer`, whose folds must not see their own entities."""
    examples: list[dict[str, Any]] = []
    for article in articles:
        own = lexicon_for(article) if lexicon_for is not None else lexicon
        examples.extend(article_examples(article, vocab, scheme, max_length, stride, own, bigrams))
    return examples


@dataclass
class CharCollator:
    """Pads ``input_ids`` with [PAD] and ``labels`` with -100; adds the masks."""

    pad_id: int
    lexicon_dim: int = 0
    num_tags: int = 0  # needed for partial labels (examples with "fuzzy_tags")
    bigrams: bool = False  # examples carry "bigram_ids"

    def __call__(self, features: Sequence[dict[str, Any]]) -> dict[str, torch.Tensor]:
        width = max(len(f["input_ids"]) for f in features)
        batch = len(features)
        input_ids = torch.full((batch, width), self.pad_id, dtype=torch.long)
        attention_mask = torch.zeros((batch, width), dtype=torch.long)
        labels = torch.full((batch, width), -100, dtype=torch.long)
        for row, feature in enumerate(features):
            n = len(feature["input_ids"])
            input_ids[row, :n] = torch.as_tensor(feature["input_ids"])
            attention_mask[row, :n] = 1
            labels[row, :n] = torch.as_tensor(feature["labels"])
        batch_dict = {
            "input_ids": input_ids,
            "attention_mask": attention_mask,
            "char_mask": labels != -100,
            "labels": labels,
        }
        if any("fuzzy_tags" in f for f in features):
            # allowed[b, t, k]: may token t take tag k? one-hot where the label is known
            allowed = torch.zeros((batch, width, self.num_tags), dtype=torch.bool)
            known = labels >= 0
            allowed[known] = torch.nn.functional.one_hot(labels[known], self.num_tags).bool()
            for row, feature in enumerate(features):
                fuzzy = labels[row] == FUZZY
                if fuzzy.any():
                    allowed[row, fuzzy, 0] = True  # O
                    allowed[row, fuzzy.nonzero(as_tuple=True)[0].unsqueeze(1), torch.as_tensor(feature["fuzzy_tags"])] = True
            batch_dict["allowed_tags"] = allowed
        if self.lexicon_dim:
            lexicon = torch.zeros((batch, width, self.lexicon_dim), dtype=torch.float32)
            for row, feature in enumerate(features):
                lexicon[row, torch.as_tensor(feature["lexicon_rows"], dtype=torch.long),
                        torch.as_tensor(feature["lexicon_cols"], dtype=torch.long)] = 1.0
            batch_dict["lexicon_features"] = lexicon
        if self.bigrams:
            bigram_ids = torch.zeros((batch, width, 2), dtype=torch.long)
            for row, feature in enumerate(features):
                bigram_ids[row, : len(feature["bigram_ids"])] = torch.as_tensor(feature["bigram_ids"])
            batch_dict["bigram_ids"] = bigram_ids
        return batch_dict

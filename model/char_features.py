"""The per-character inputs a tagger may take beside the character ids.

A model folder may hold a lexicon (:mod:`model.lexicon`: multi-hot word
categories per character) and a bigram list (:mod:`model.bigrams`: the ids
of the bigrams ending and starting at each character). Each becomes one
named input of the tagger, of the ONNX graph and of the backends, so the
backends pass a mapping of named arrays on and need not know what they are.
Arrays are computed once per text, then cut into windows framed by [CLS] and
[SEP] (rows 0 and n + 1 stay zero: no lexicon word, no bigram).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from .bigrams import Bigrams
from .encoding import Window
from .lexicon import Lexicon

#: Input name -> dtype the model takes, in the order the ONNX graph lists them.
FEATURE_DTYPES: dict[str, type] = {"lexicon_features": np.float32, "bigram_ids": np.int64}


def feature_names(config: Mapping) -> list[str]:
    """The feature inputs a model of this ``config.json`` takes."""
    names = []
    if config.get("lexicon_dim"):
        names.append("lexicon_features")
    if config.get("bigram_vocab_size") and config.get("bigram_dim"):
        names.append("bigram_ids")
    return names


def text_features(text: str, lexicon: Lexicon | None, bigrams: Bigrams | None) -> dict[str, np.ndarray]:
    """Each feature input of ``text``, one row per character."""
    features: dict[str, np.ndarray] = {}
    if lexicon is not None:
        features["lexicon_features"] = lexicon.features(text)
    if bigrams is not None:
        features["bigram_ids"] = bigrams.ids(text)
    return features


def window_batch(
    features: Sequence[Mapping[str, np.ndarray]], rows: Sequence[tuple[int, Window]], width: int
) -> dict[str, np.ndarray]:
    """Padded ``(len(rows), width, ...)`` arrays of each input, row *r* the window ``rows[r][1]``
    of text ``rows[r][0]`` at positions 1..n (after [CLS])."""
    if not rows:
        return {}
    batch: dict[str, np.ndarray] = {}
    first = features[rows[0][0]]
    for name, dtype in FEATURE_DTYPES.items():
        if name not in first:
            continue
        array = np.zeros((len(rows), width, *first[name].shape[1:]), dtype=dtype)
        for row, (text, window) in enumerate(rows):
            array[row, 1 : window.end - window.start + 1] = features[text][name][window.start : window.end]
        batch[name] = array
    return batch

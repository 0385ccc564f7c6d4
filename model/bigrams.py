"""Character-bigram ids: the bigram feature of the tagger.

A character model must learn word boundaries from characters alone, the
error it makes on names it never saw (a three-character name cut to its
last two). Zhang & Yang (Lattice LSTM, 2018) and Ma et al. (SoftLexicon,
2020) give each character the embeddings of the bigrams around it, trained
on raw text. Here each character *i* of a text gets two ids: the bigram
that ends at it (``text[i-1:i+1]``) and the one that starts at it
(``text[i:i+2]``). Id 0 stands for "no bigram" (the text's edges, [CLS],
[SEP], padding) and for bigrams outside the list.

The list (``bigrams.txt`` in the model folder, one bigram per line, most
frequent first) is the head of the word2vec vectors trained by
``python -m train.embeddings --config configs/bigram-embeddings.yaml``; the
tagger's bigram embedding starts from those vectors and is trained with it
(:mod:`model.tagger`), so the folder needs nothing more at run time.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np

from .errors import ModelFilesError
from .vocab import read_model_lines

BIGRAMS_FILE = "bigrams.txt"
#: Id of "no bigram here" and of every bigram outside the list.
NO_BIGRAM = 0


class Bigrams:
    """An ordered list of character bigrams; :meth:`ids` gives each character's two ids."""

    def __init__(self, bigrams: Iterable[str]):
        self.bigrams: list[str] = list(bigrams)
        for position, bigram in enumerate(self.bigrams, start=1):
            if len(bigram) != 2:
                raise ValueError(f"bigram {position} is {bigram!r}, not two characters")
        self.index: dict[str, int] = {bigram: i for i, bigram in enumerate(self.bigrams, start=1)}
        if len(self.index) != len(self.bigrams):
            raise ValueError("the bigram list repeats an entry")

    def __len__(self) -> int:
        """Rows of the embedding table: the bigrams and the "no bigram" row 0."""
        return len(self.bigrams) + 1

    def ids(self, text: str) -> np.ndarray:
        """``(len(text), 2)`` int64: the id of the bigram ending at each character, and of the one starting there."""
        get = self.index.get
        pair_ids = np.fromiter((get(text[i : i + 2], NO_BIGRAM) for i in range(len(text) - 1)),
                               dtype=np.int64, count=max(len(text) - 1, 0))
        out = np.zeros((len(text), 2), dtype=np.int64)
        out[1:, 0] = pair_ids
        out[:-1, 1] = pair_ids
        return out

    # ----------------------------------------------------------------- files
    def save(self, folder: str | Path) -> None:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / BIGRAMS_FILE).write_text("".join(f"{bigram}\n" for bigram in self.bigrams), encoding="utf-8")

    @classmethod
    def load(cls, folder: str | Path) -> "Bigrams":
        path, lines = read_model_lines(folder, BIGRAMS_FILE, "the model uses bigram features but its bigram list is missing")
        if lines and lines[-1] == "":
            lines.pop()
        for number, line in enumerate(lines, start=1):
            if len(line) != 2:
                raise ModelFilesError(f"{path}, line {number}: expected one bigram of two characters, got {line!r}")
        try:
            return cls(lines)
        except ValueError as error:
            raise ModelFilesError(f"{path}: {error}") from error

"""Lexicon features: which lexicon words cover each character, and how.

In the spirit of SoftLexicon (Ma et al., ACL 2020) and LEBERT (Liu et al.,
ACL 2021): a small encoder trained on few articles cannot learn from data
alone that 呼和浩特 is a place or 副省长 a post, so every character gets a
multi-hot vector over (category, position) pairs — for each lexicon word
that covers it, the word's categories times its position in the word
(B begin, M middle, E end, S single character). The tagger projects the
vector into its embedding space and adds it to the character embeddings
(``model.tagger``), which works with any BERT-family encoder.

Matching is one Aho-Corasick pass over the article (pyahocorasick), so the
cost is linear in the text. The lexicon is saved in the model folder
(``lexicon.tsv``) and travels with the model.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np

from .errors import ModelFilesError
from .vocab import read_model_lines

POSITIONS: tuple[str, ...] = ("B", "M", "E", "S")
LEXICON_FILE = "lexicon.tsv"
_HEADER = "# categories:"


class Lexicon:
    """Words with categories; :meth:`features` gives the per-character multi-hot matrix."""

    def __init__(self, categories: Iterable[str], entries: Mapping[str, Iterable[str]]):
        self.categories: tuple[str, ...] = tuple(categories)
        index = {category: i for i, category in enumerate(self.categories)}
        self.entries: dict[str, tuple[int, ...]] = {}
        for word, word_categories in entries.items():
            if not word:
                continue
            ids = tuple(sorted({index[c] for c in word_categories}))
            if ids:
                self.entries[word] = ids
        self._automaton = None

    @property
    def dim(self) -> int:
        return len(self.categories) * len(POSITIONS)

    def feature_names(self) -> list[str]:
        return [f"{c}:{p}" for c in self.categories for p in POSITIONS]

    def _build(self):
        import ahocorasick

        automaton = ahocorasick.Automaton()
        for word, ids in self.entries.items():
            automaton.add_word(word, (len(word), ids))
        automaton.make_automaton()
        return automaton

    def matches(self, text: str) -> list[tuple[int, int, tuple[int, ...]]]:
        """(start, end, category ids) of every lexicon word found in ``text``."""
        if not self.entries:
            return []
        if self._automaton is None:
            self._automaton = self._build()
        return [(end + 1 - length, end + 1, ids) for end, (length, ids) in self._automaton.iter(text)]

    def features(self, text: str) -> np.ndarray:
        """``(len(text), dim)`` uint8 multi-hot matrix."""
        out = np.zeros((len(text), self.dim), dtype=np.uint8)
        width = len(POSITIONS)
        for start, end, ids in self.matches(text):
            for category in ids:
                base = category * width
                if end - start == 1:
                    out[start, base + 3] = 1
                    continue
                out[start, base] = 1
                if end - start > 2:
                    out[start + 1 : end - 1, base + 1] = 1
                out[end - 1, base + 2] = 1
        return out

    # ----------------------------------------------------------------- files
    def save(self, folder: str | Path) -> None:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        lines = [f"{_HEADER} {' '.join(self.categories)}"]
        for word in sorted(self.entries):
            lines.append(f"{word}\t{','.join(self.categories[i] for i in self.entries[word])}")
        (folder / LEXICON_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, folder: str | Path) -> "Lexicon":
        path, lines = read_model_lines(folder, LEXICON_FILE, "the model uses lexicon features but its lexicon file is missing")
        if not lines or not lines[0].startswith(_HEADER):
            raise ModelFilesError(f"{path}, line 1: expected '{_HEADER} ...'")
        categories = lines[0][len(_HEADER) :].split()
        index = {category: i for i, category in enumerate(categories)}
        by_field: dict[str, tuple[int, ...]] = {}  # a few dozen distinct category fields for 150k words
        entries: dict[str, tuple[int, ...]] = {}
        for number, line in enumerate(lines[1:], start=2):
            if not line:
                continue
            word, sep, cats = line.partition("\t")
            if not sep:
                raise ModelFilesError(f"{path}, line {number}: expected 'word<TAB>categories'")
            ids = by_field.get(cats)
            if ids is None:
                names = cats.split(",")
                unknown = set(names) - set(categories)
                if unknown:
                    raise ModelFilesError(f"{path}, line {number}: unknown categories {sorted(unknown)}")
                ids = by_field[cats] = tuple(sorted({index[name] for name in names}))
            if word:
                entries[word] = ids
        lexicon = cls(categories, {})
        lexicon.entries = entries
        return lexicon

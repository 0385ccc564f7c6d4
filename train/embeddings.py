"""Character and character-bigram vectors trained on the raw news with gensim's word2vec.

Before BERT, Chinese NER drew much of its strength from character (and
bigram) embeddings trained on raw text (Zhang & Yang 2018; Ma et al. 2020).
No pretrained Chinese encoder exists on these machines and masked-LM
pretraining on 2 cores did not pay, but skip-gram vectors over the 20M
characters of 新闻联播 train in minutes. ``model.char_vectors`` in a training
config initialises the encoder's character embeddings from them
(:func:`init_char_embeddings`); the vectors are then part of the weights, so
the model folder needs nothing more. With ``unit: bigram`` the tokens are
the overlapping character bigrams of each line (中国共产党 -> 中国 国共 共产
产党): ``model.bigram_vectors`` then gives the tagger a bigram feature
(:mod:`model.bigrams`), the vectors of the bigrams that end and start at
each character, initialised from these.

The stories of real-dev and real-test (``data/real/selection.tsv``) are left
out of the training text. One worker thread by default: gensim is
deterministic for a fixed seed only with one worker.

    python -m train.embeddings --config configs/embeddings.yaml [key=value ...]
"""
from __future__ import annotations

import argparse
import dataclasses
import logging
import sys
import time
from collections.abc import Iterator, Set
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import yaml

from model.bigrams import Bigrams
from model.errors import ConfigError

if TYPE_CHECKING:
    import torch

from .config import apply_overrides
from .real_news import EVALUATION_SPLITS, RawNews, default_shared_dir, held_out

logger = logging.getLogger(__name__)


UNITS: tuple[str, ...] = ("char", "bigram")


@dataclass
class EmbeddingArguments:
    output: str = "runs/embeddings/char_vectors.txt"
    shared_dir: str | None = None  # default: $POLICY_IE_SHARED, else ../shared
    dim: int = 256  # the encoder's hidden size, so the vectors fit its embedding rows
    window: int = 5
    epochs: int = 3
    min_count: int = 3
    skip_gram: bool = True
    negative: int = 5
    workers: int = 1
    seed: int = 42
    max_stories: int | None = None  # a slice of the corpus (tests, quick tries)
    unit: str = "char"  # "char" or "bigram": the tokens the vectors are trained for

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ConfigError(f"embeddings: unit must be one of {', '.join(UNITS)}, got {self.unit!r}")
        if self.dim < 1 or self.epochs < 1 or self.window < 1 or self.workers < 1:
            raise ConfigError("embeddings: dim, epochs, window and workers must be >= 1")


def load_arguments(path: str | None, overrides: list[str]) -> EmbeddingArguments:
    values: dict = {}
    if path:
        loaded = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        if not isinstance(loaded, dict):
            raise ConfigError(f"{path}: expected a mapping of embedding options")
        values.update(loaded.get("embeddings", loaded))
    apply_overrides(values, overrides)
    known = {f.name for f in dataclasses.fields(EmbeddingArguments)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ConfigError(f"embeddings: unknown keys {', '.join(unknown)} (allowed: {', '.join(sorted(known))})")
    return EmbeddingArguments(**values)


class CharSentences:
    """Each line of each training story as a list of characters (spaces dropped), or of
    their overlapping bigrams with ``bigrams=True``; re-iterable."""

    def __init__(self, raw: RawNews, excluded: Set[str], max_stories: int | None = None, bigrams: bool = False):
        self.raw, self.excluded, self.max_stories, self.bigrams = raw, excluded, max_stories, bigrams

    def __iter__(self) -> Iterator[list[str]]:
        taken = 0
        for story in self.raw.stories():
            if story.id in self.excluded:
                continue
            if self.max_stories is not None and taken >= self.max_stories:
                return
            taken += 1
            for line in story.text.split("\n"):
                chars = [c for c in line if not c.isspace()]
                if self.bigrams:
                    chars = [a + b for a, b in zip(chars, chars[1:])]
                if chars:
                    yield chars


def train_vectors(args: EmbeddingArguments) -> Path:
    from gensim.models import Word2Vec

    raw = RawNews(args.shared_dir or default_shared_dir())
    sentences = CharSentences(raw, held_out(EVALUATION_SPLITS).story_ids, args.max_stories, bigrams=args.unit == "bigram")
    started = time.perf_counter()
    model = Word2Vec(
        sentences=sentences, vector_size=args.dim, window=args.window, min_count=args.min_count,
        sg=1 if args.skip_gram else 0, negative=args.negative, workers=args.workers, epochs=args.epochs,
        seed=args.seed,
    )
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    model.wv.save_word2vec_format(str(output), binary=False)
    logger.info("%d %ss x %d in %.0f s -> %s", len(model.wv), args.unit, args.dim, time.perf_counter() - started, output)
    return output


def read_vectors(path: str | Path, limit: int | None = None) -> dict[str, np.ndarray]:
    """Token -> vector, from word2vec text format, in the file's order (gensim writes the most
    frequent first); the first ``limit`` tokens only, when given."""
    vectors: dict[str, np.ndarray] = {}
    with Path(path).open(encoding="utf-8") as handle:
        header = handle.readline().split()
        if len(header) != 2:
            raise ConfigError(f"{path}: not a word2vec text file (first line {header!r})")
        dim = int(header[1])
        for line in handle:
            if limit is not None and len(vectors) >= limit:
                break
            parts = line.rstrip("\n").split(" ")
            if len(parts) != dim + 1:
                continue  # a vector for a whitespace token cannot be read back: none is trained
            vectors[parts[0]] = np.asarray(parts[1:], dtype=np.float32)
    return vectors


def init_char_embeddings(embedding: torch.nn.Embedding, token_to_id: dict[str, int], path: str | Path) -> int:
    """Copy the vectors of the vocabulary's characters into the embedding rows,
    scaled to the rows' current standard deviation; returns how many rows were set."""
    import torch

    vectors = read_vectors(path)
    if not vectors:
        raise ConfigError(f"{path}: no vectors")
    dim = next(iter(vectors.values())).shape[0]
    if dim != embedding.weight.shape[1]:
        raise ConfigError(f"{path}: vectors of size {dim}, but the encoder's embeddings have size {embedding.weight.shape[1]}")
    matrix = np.stack(list(vectors.values()))
    scale = float(embedding.weight.detach().std()) / float(matrix.std())
    rows = 0
    with torch.no_grad():
        for token, index in token_to_id.items():
            if token in vectors:
                embedding.weight[index] = torch.from_numpy(vectors[token] * scale)
                rows += 1
    return rows


def bigram_table(path: str | Path, max_size: int) -> tuple[Bigrams, np.ndarray]:
    """The bigram list (the first ``max_size`` bigrams of the vectors file) and its
    ``(len(list), dim)`` embedding matrix: row 0, "no bigram", is zero."""
    vectors = read_vectors(path, limit=max_size)
    bigrams = [token for token in vectors if len(token) == 2]
    if not bigrams:
        raise ConfigError(f"{path}: no bigram vectors (is it a file of `train.embeddings` with unit: bigram?)")
    table = Bigrams(bigrams)
    matrix = np.zeros((len(table), vectors[bigrams[0]].shape[0]), dtype=np.float32)
    matrix[1:] = np.stack([vectors[bigram] for bigram in bigrams])
    return table, matrix


def init_bigram_embeddings(embedding: torch.nn.Embedding, matrix: np.ndarray) -> None:
    """Copy a :func:`bigram_table` matrix into the bigram embedding, scaled to the rows'
    initial standard deviation as :func:`init_char_embeddings` does (row 0 stays zero)."""
    import torch

    with torch.no_grad():
        scale = float(embedding.weight[1:].std()) / float(matrix[1:].std())
        embedding.weight.copy_(torch.from_numpy(matrix * scale))


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    parser = argparse.ArgumentParser(prog="python -m train.embeddings", description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", default=None)
    parser.add_argument("overrides", nargs="*", help="key=value")
    args = parser.parse_args(argv)
    train_vectors(load_arguments(args.config, args.overrides))
    return 0


if __name__ == "__main__":
    sys.exit(main())

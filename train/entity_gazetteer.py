"""A gazetteer of the training data's own entities, as lexicon categories, jackknifed.

Most entities of a held-out text were seen, as entities, somewhere in the
training data (on CLUENER dev: 61 % of the mentions have a string annotated
in train with the same label). A tagger learns such names only in the
contexts it saw them in; a lexicon category per label (``ent_PER``,
``ent_ORG`` …) tells it, wherever the string occurs, "this was annotated as
a PER". Built naively, the feature is a lie during training: every training
entity is in the gazetteer, so the tagger learns to trust it completely and
then meets, at test time, names the gazetteer lacks and strings it holds
that are no entity there. So the training texts are split into folds (by a
hash of the text, so a repeated text stays in its fold), and a text of fold
*k* gets its features from the gazetteer of the other folds: the feature is
then as reliable on a training text as on a new one. The model keeps the
gazetteer of all folds (saved with its lexicon), which is what it reads at
inference.

Options (``model.lexicon_entities`` in a config, with ``model.lexicon``):

* ``folds`` (5): the number of folds;
* ``min_length`` (2) / ``max_length`` (20): the entity strings kept (a
  one-character entity such as 京 would match everywhere);
* ``min_count`` (1): how often a string must be annotated with a label;
* ``min_rate`` (0.0): the share of the string's occurrences in the training
  texts that are annotated with that label (drops 中国 as an ``ent_ORG`` of
  中国足协 when it is mostly a place).
"""
from __future__ import annotations

import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from model.lexicon import Lexicon

from .annotations import Article
from .config import ConfigError

PREFIX = "ent_"


@dataclass(frozen=True)
class EntityGazetteerOptions:
    folds: int = 5
    min_length: int = 2
    max_length: int = 20
    min_count: int = 1
    min_rate: float = 0.0

    def __post_init__(self) -> None:
        if self.folds < 2:
            raise ConfigError(f"model.lexicon_entities.folds must be >= 2, got {self.folds}")
        if not 1 <= self.min_length <= self.max_length:
            raise ConfigError(f"model.lexicon_entities: need 1 <= min_length <= max_length, got {self.min_length}, {self.max_length}")
        if self.min_count < 1:
            raise ConfigError(f"model.lexicon_entities.min_count must be >= 1, got {self.min_count}")
        if not 0.0 <= self.min_rate <= 1.0:
            raise ConfigError(f"model.lexicon_entities.min_rate must be in [0, 1], got {self.min_rate}")

    @classmethod
    def from_config(cls, value: Mapping[str, Any] | bool) -> "EntityGazetteerOptions":
        if value is True:
            return cls()
        if not isinstance(value, Mapping):
            raise ConfigError(f"model.lexicon_entities: expected true or a mapping of options, got {value!r}")
        try:
            return cls(**value)
        except TypeError as error:
            raise ConfigError(f"model.lexicon_entities: {error}") from error


def fold_of(article: Article, folds: int) -> int:
    """The fold of a text: a hash of its characters, so copies of a text share a fold."""
    return zlib.crc32(article.text.encode("utf-8")) % folds


def categories(labels: Sequence[str]) -> list[str]:
    return [PREFIX + label for label in labels]


def entity_entries(articles: Iterable[Article], labels: Sequence[str], options: EntityGazetteerOptions) -> dict[str, set[str]]:
    """String -> ``ent_<label>`` categories of the entities annotated in ``articles``.

    A text that occurs several times (a source with ``repeat``) counts once.
    """
    wanted = set(labels)
    counts: Counter[tuple[str, str]] = Counter()
    unique = {article.text: article for article in articles}.values()
    for article in unique:
        for entity in article.entities:
            if entity.label in wanted and options.min_length <= len(entity.text) <= options.max_length:
                counts[entity.text, entity.label] += 1
    kept = {key: n for key, n in counts.items() if n >= options.min_count}
    if options.min_rate > 0 and kept:
        occurrences = _occurrences({text for text, _ in kept}, (article.text for article in unique))
        kept = {key: n for key, n in kept.items() if n >= options.min_rate * occurrences[key[0]]}
    entries: dict[str, set[str]] = defaultdict(set)
    for text, label in kept:
        entries[text].add(PREFIX + label)
    return dict(entries)


def _occurrences(strings: set[str], texts: Iterable[str]) -> Counter[str]:
    """How often each string occurs in the texts (overlapping matches count)."""
    counter: Counter[str] = Counter()
    probe = Lexicon(["any"], {s: ["any"] for s in strings})
    for text in texts:
        for start, end, _ in probe.matches(text):
            counter[text[start:end]] += 1
    return counter


def extend(base: Lexicon, extra_categories: Sequence[str], extra: Mapping[str, set[str]]) -> Lexicon:
    """``base`` with more categories (after its own) and the words of ``extra`` in them."""
    names = list(base.categories) + [c for c in extra_categories if c not in base.categories]
    lexicon = Lexicon(names, {})
    entries = dict(base.entries)
    index = {name: i for i, name in enumerate(names)}
    for word, word_categories in extra.items():
        ids = {index[c] for c in word_categories}
        entries[word] = tuple(sorted(set(entries.get(word, ())) | ids))
    lexicon.entries = entries
    return lexicon


@dataclass
class JackknifedLexicons:
    """The lexicon the model keeps (``full``) and the one each training fold is featurised with."""

    full: Lexicon
    folds: list[Lexicon]
    entries: int

    def for_article(self, article: Article) -> Lexicon:
        return self.folds[fold_of(article, len(self.folds))]


def jackknife(base: Lexicon, articles: Sequence[Article], labels: Sequence[str], options: EntityGazetteerOptions) -> JackknifedLexicons:
    names = categories(labels)
    full_entries = entity_entries(articles, labels, options)
    by_fold: dict[int, list[Article]] = defaultdict(list)
    for article in articles:
        by_fold[fold_of(article, options.folds)].append(article)
    fold_lexicons = []
    for k in range(options.folds):
        others = [a for j, group in by_fold.items() if j != k for a in group]
        fold_lexicons.append(extend(base, names, entity_entries(others, labels, options)))
    return JackknifedLexicons(extend(base, names, full_entries), fold_lexicons, len(full_entries))

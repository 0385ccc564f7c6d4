"""The real-news corpus: 新闻联播 stories of the shared folder, annotated as standoff.

The project stores no text of the news. An annotated story is stored as its
place in the shared corpus (``file`` and ``article`` of ``raw_news/articles.tsv``),
a SHA-256 of its text, and its entities and records as character offsets; the
text is read back from the shared folder and checked against the hash when the
corpus is built (:func:`rebuild_article`). A story's text is its lines (headline
first) joined by ``\\n``, exactly as they stand in the ``xwlb_*.txt`` file.

A record in standoff form keeps ``date`` and ``region`` (normalised values, not
strings of the text) and ``roles``; every other value is the ``[start, end]`` of
an entity of the story, so a record can never name a string that is not there.
"""
from __future__ import annotations

import csv
import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from model.errors import AnnotationError, ConfigError, PolicyIEError

from .config import SHARED_ENV

RAW_NEWS = "corpora/raw_news"
INDEX_NAME = "articles.tsv"
#: The stories of the real-news corpus and their split (train, dev, test).
SELECTION = Path(__file__).resolve().parents[1] / "data" / "real" / "selection.tsv"
SPLITS = ("train", "dev", "test")
#: The splits that measure a model: no training text may contain their stories.
EVALUATION_SPLITS = ("dev", "test")


class SharedCorpusError(PolicyIEError):
    """The shared folder, or a story in it, is missing or not what the annotation was made on."""


def default_shared_dir(repo_root: Path | None = None) -> Path:
    """``$POLICY_IE_SHARED``, else ``../shared`` beside the repository."""
    root = repo_root or Path(__file__).resolve().parents[1]
    return Path(os.environ.get(SHARED_ENV) or root.parent / "shared")


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def story_id(file: str, article: int) -> str:
    """``xwlb-2022Q4-0100`` for article 100 of ``xwlb_2022Q4.txt``."""
    quarter = file.removeprefix("xwlb_").removesuffix(".txt")
    return f"xwlb-{quarter}-{article:04d}"


@dataclass(frozen=True)
class Story:
    file: str
    article: int
    line: int
    published: str
    headline: str
    text: str

    @property
    def id(self) -> str:
        return story_id(self.file, self.article)


class RawNews:
    """Read access to ``raw_news`` of the shared folder, by ``(file, article)``."""

    def __init__(self, shared_dir: str | os.PathLike[str]) -> None:
        self.folder = Path(shared_dir) / RAW_NEWS
        index = self.folder / INDEX_NAME
        if not index.is_file():
            raise SharedCorpusError(
                f"{index} not found: the real-news corpus needs the shared folder "
                f"(set {SHARED_ENV} to the folder that holds corpora/raw_news)"
            )
        self._index: dict[tuple[str, int], dict[str, str]] = {}
        with index.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                self._index[(row["file"], int(row["article"]))] = row
        self._files: dict[str, list[str]] = {}

    @cached_property
    def files(self) -> list[str]:
        return sorted({file for file, _ in self._index})

    def keys(self) -> list[tuple[str, int]]:
        return sorted(self._index)

    def _articles(self, file: str) -> list[str]:
        if file not in self._files:
            path = self.folder / file
            if not path.is_file():
                raise SharedCorpusError(f"{path} not found in the shared folder")
            content = path.read_text(encoding="utf-8")
            self._files[file] = [block.strip("\n") for block in content.split("\n\n") if block.strip()]
        return self._files[file]

    def story(self, file: str, article: int) -> Story:
        row = self._index.get((file, article))
        if row is None:
            raise SharedCorpusError(f"{story_id(file, article)}: no row for {file} article {article} in {INDEX_NAME}")
        articles = self._articles(file)
        if article >= len(articles):
            raise SharedCorpusError(f"{story_id(file, article)}: {file} has only {len(articles)} articles")
        text = articles[article]
        headline = text.split("\n", 1)[0]
        if headline != row["headline"]:
            raise SharedCorpusError(
                f"{story_id(file, article)}: headline {headline!r} differs from {INDEX_NAME}'s {row['headline']!r}"
            )
        return Story(file, article, int(row["line"]), row["published"], headline, text)

    def stories(self, file: str | None = None) -> Iterator[Story]:
        for key in self.keys():
            if file is None or key[0] == file:
                yield self.story(*key)


@dataclass(frozen=True)
class HeldOut:
    """Raw-news stories that training text must not contain: by id, and by headline."""

    story_ids: frozenset[str]
    headlines: frozenset[str] = frozenset()

    def excludes(self, story: Story) -> bool:
        return story.id in self.story_ids or story.headline in self.headlines


def held_out(splits: Iterable[str] = SPLITS, raw: RawNews | None = None,
             selection: Path = SELECTION) -> HeldOut:
    """The stories of ``selection`` in ``splits``, for every reader of raw news for training.

    Mining and embeddings leave out ``EVALUATION_SPLITS`` (real-train is
    training data anyway); distillation leaves out every split. With ``raw``,
    the headlines of the real-dev and real-test stories are held out too, so
    that the same report broadcast again under another id stays out.
    """
    if not selection.is_file():
        raise ConfigError(f"{selection} not found: the real-news selection says which stories to leave out")
    wanted = set(splits)
    ids: set[str] = set()
    headlines: set[str] = set()
    with selection.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        needed = {"id", "split"} | ({"file", "article"} if raw is not None else set())
        if not needed <= set(reader.fieldnames or ()):
            raise ConfigError(f"{selection}:1: the header lacks {', '.join(sorted(needed - set(reader.fieldnames or ())))}")
        for row in reader:
            if row["split"] not in SPLITS:
                raise ConfigError(f"{selection}:{reader.line_num}: split {row['split']!r} is none of {', '.join(SPLITS)}")
            if row["split"] in wanted:
                ids.add(row["id"])
            if raw is not None and row["split"] in EVALUATION_SPLITS:
                headlines.add(raw.story(row["file"], int(row["article"])).headline)
    return HeldOut(frozenset(ids), frozenset(headlines))


# --------------------------------------------------------------------- standoff


def _span_of(record_value: str, label: str, entities: list[dict[str, Any]], where: str) -> list[int]:
    """The ``[start, end]`` of an entity with this text and label (the first one)."""
    for entity in entities:
        if entity["label"] == label and entity["text"] == record_value:
            return [entity["start"], entity["end"]]
    raise AnnotationError(f"record value {record_value!r} is no {label} entity of the story", where)


def to_standoff(article: dict[str, Any], story: Story, where: str) -> dict[str, Any]:
    """An annotated article (the guide's dict) as a standoff line, checked against its story."""
    if article["text"] != story.text:
        first = next((i for i, (a, b) in enumerate(zip(article["text"], story.text)) if a != b), min(len(article["text"]), len(story.text)))
        raise AnnotationError(
            f"{story.id}: the annotated text differs from the corpus story at character {first} "
            f"(annotated {article['text'][first:first + 12]!r}, corpus {story.text[first:first + 12]!r})",
            where,
        )
    entities = article["entities"]

    def span(value: str | None, label: str) -> list[int] | None:
        return None if value is None else _span_of(value, label, entities, where)

    records = []
    for record in article["records"]:
        records.append({
            "date": record["date"],
            "date_text": span(record["date_text"], "DATE"),
            "region": record["region"],
            "meeting": span(record["meeting"], "MEETING"),
            "organizer": span(record["organizer"], "ORG"),
            "people": [
                {
                    "name": span(person["name"], "PER"),
                    "titles": [span(title, "TITLE") for title in person["titles"]],
                    "roles": list(person["roles"]),
                }
                for person in record["people"]
            ],
            "documents": [span(doc, "DOC") for doc in record["documents"]],
        })
    line: dict[str, Any] = {
        "id": story.id,
        "file": story.file,
        "article": story.article,
        "sha256": text_hash(story.text),
    }
    for key in ("kind", "form"):
        if article.get(key) is not None:
            line[key] = article[key]
    line["entities"] = [[e["start"], e["end"], e["label"]] for e in entities]
    line["records"] = records
    return line


def rebuild_article(line: dict[str, Any], raw: RawNews, where: str) -> dict[str, Any]:
    """The guide's article dict of a standoff line, its text read from the shared corpus."""
    story = raw.story(line["file"], int(line["article"]))
    if text_hash(story.text) != line["sha256"]:
        raise SharedCorpusError(f"{where}: story {line['id']} ({line['file']} article {line['article']}) has changed: its hash no longer matches")
    text = story.text
    entities = []
    for start, end, label in line["entities"]:
        if not 0 <= start < end <= len(text):
            raise AnnotationError(f"{line['id']}: entity [{start}, {end}] lies outside the story", where)
        entities.append({"start": start, "end": end, "label": label, "text": text[start:end]})

    def value(span: list[int] | None) -> str | None:
        return None if span is None else text[span[0]:span[1]]

    records = [
        {
            "date": record["date"],
            "date_text": value(record["date_text"]),
            "region": record["region"],
            "meeting": value(record["meeting"]),
            "organizer": value(record["organizer"]),
            "people": [
                {"name": value(p["name"]), "titles": [value(t) for t in p["titles"]], "roles": p["roles"]}
                for p in record["people"]
            ],
            "documents": [value(d) for d in record["documents"]],
        }
        for record in line["records"]
    ]
    article: dict[str, Any] = {
        "id": line["id"],
        "published": story.published,
        "source": "新闻联播",
        "text": text,
        "entities": entities,
        "records": records,
    }
    for key in ("kind", "form"):
        if key in line:
            article[key] = line[key]
    return article


def read_standoff(paths: Iterable[Path]) -> Iterator[tuple[Path, int, dict[str, Any]]]:
    """``(path, line number, standoff dict)`` for every line of the given files."""
    from model.jsonl import iter_json_lines

    for path in paths:
        for number, line in iter_json_lines(path):
            yield path, number, line

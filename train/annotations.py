"""Reading and validating annotated articles (ANNOTATION.md) and public NER corpora.

Every problem is an :class:`~model.errors.AnnotationError` naming the file,
the line and the problem; nothing is dropped silently. Reading stops at the
first bad line so that the message is about one concrete thing to fix.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from model.entities import LABELS, Entity
from model.errors import AnnotationError
from model.jsonl import iter_json_lines
from model.regions import REGIONS

logger = logging.getLogger(__name__)

ROLES: frozenset[str] = frozenset({"chair", "speaker", "attendee", "instructor"})
RECORD_KEYS: tuple[str, ...] = ("date", "date_text", "region", "meeting", "organizer", "people", "documents")
ARTICLE_KEYS: frozenset[str] = frozenset({"id", "published", "source", "text", "entities", "records"})
#: Optional article keys the project's own corpus uses (ignored by the model),
#: in the order they are written back (a tuple, not a set,
#: so that rewritten files do not depend on the string-hash seed).
EXTRA_ARTICLE_KEYS: tuple[str, ...] = ("kind", "form", "meta")

#: Label maps from the public corpora's labels to ours; ``None`` means "tag as O".
LABEL_MAPS: dict[str, dict[str, str | None]] = {
    "cluener": {
        "name": "PER", "position": "TITLE", "government": "ORG", "organization": "ORG",
        "company": "ORG", "address": "LOC", "book": None, "game": None, "movie": None,
        "scene": None,
    },
    "cluener_native": {
        label: label for label in (
            "address", "book", "company", "game", "government", "movie", "name",
            "organization", "position", "scene",
        )
    },
    "peoples_daily": {"PER": "PER", "LOC": "LOC", "ORG": "ORG"},
    "msra": {"PER": "PER", "LOC": "LOC", "ORG": "ORG"},
    "pd1998": {"nr": "PER", "ns": "LOC", "nt": "ORG"},
}


@dataclass
class Article:
    """One annotated text: an article of ours or a sentence of a public corpus."""

    id: str
    text: str
    entities: list[Entity]
    records: list[dict[str, Any]] = field(default_factory=list)
    published: str | None = None
    source: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    #: Labels this text was not annotated for (a public corpus without TITLE, say):
    #: outside its spans, a character may be O or part of such a span (partial labels).
    unlabeled: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "published": self.published,
            "source": self.source,
            "text": self.text,
            "entities": [e.to_dict() for e in self.entities],
            "records": self.records,
        }
        data.update(self.extra)
        return data


def is_iso_date(value: Any) -> bool:
    """True for a string ``YYYY-MM-DD`` that names a real day."""
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _check_type(value: Any, kind: type | tuple[type, ...], what: str) -> None:
    # bool is an int in Python; a boolean offset is still a type error.
    if isinstance(value, bool) or not isinstance(value, kind):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise AnnotationError(f"{what} must be {names}, got {type(value).__name__} {value!r}")


def parse_entities(text: str, raw_entities: Any, labels: Sequence[str]) -> list[Entity]:
    """Validate raw entity dicts against ``text``; raise AnnotationError (no path/line)."""
    _check_type(raw_entities, list, "'entities'")
    entities: list[Entity] = []
    for index, raw in enumerate(raw_entities):
        where = f"entity {index}"
        _check_type(raw, dict, where)
        for key in ("start", "end", "label", "text"):
            if key not in raw:
                raise AnnotationError(f"{where} has no {key!r}")
        _check_type(raw["start"], int, f"{where} 'start'")
        _check_type(raw["end"], int, f"{where} 'end'")
        _check_type(raw["label"], str, f"{where} 'label'")
        _check_type(raw["text"], str, f"{where} 'text'")
        start, end, label = raw["start"], raw["end"], raw["label"]
        if label not in labels:
            raise AnnotationError(f"{where} has unknown label {label!r} (expected one of {', '.join(labels)})")
        if not 0 <= start < end <= len(text):
            raise AnnotationError(f"{where} offsets [{start}, {end}) are outside the text (length {len(text)})")
        if text[start:end] != raw["text"]:
            raise AnnotationError(
                f"{where} offset mismatch: text[{start}:{end}] is {text[start:end]!r}, entity text is {raw['text']!r}"
            )
        entities.append(Entity(start, end, label, raw["text"], raw.get("score")))
    entities.sort()
    for previous, current in zip(entities, entities[1:]):
        if current.start < previous.end:
            raise AnnotationError(
                f"overlapping spans: {previous.label} {previous.text!r} [{previous.start}, {previous.end}) and "
                f"{current.label} {current.text!r} [{current.start}, {current.end})"
            )
    return entities


def validate_records(raw_records: Any, entities: Sequence[Entity]) -> list[dict[str, Any]]:
    """Check records against the guide: keys, types, ISO dates, and that every
    string is the text of an entity of the matching label in the same article."""
    _check_type(raw_records, list, "'records'")
    by_label: dict[str, set[str]] = {label: set() for label in LABELS}
    for entity in entities:
        by_label.setdefault(entity.label, set()).add(entity.text)

    def check_span(value: Any, label: str, where: str, nullable: bool = True) -> None:
        if value is None and nullable:
            return
        _check_type(value, str, where)
        if value not in by_label[label]:
            raise AnnotationError(f"{where} {value!r} is no {label} entity of this article")

    for index, record in enumerate(raw_records):
        where = f"record {index}"
        _check_type(record, dict, where)
        missing = [key for key in RECORD_KEYS if key not in record]
        if missing:
            raise AnnotationError(f"{where} lacks {', '.join(missing)}")
        unknown = sorted(set(record) - set(RECORD_KEYS) - {"evidence"})
        if unknown:
            raise AnnotationError(f"{where} has unknown keys {', '.join(unknown)}")
        if record["date"] is not None and not is_iso_date(record["date"]):
            raise AnnotationError(f"{where} 'date' {record['date']!r} is not an ISO date YYYY-MM-DD")
        check_span(record["date_text"], "DATE", f"{where} 'date_text'")
        if record["region"] is not None and record["region"] not in REGIONS:
            raise AnnotationError(f"{where} 'region' {record['region']!r} is not a canonical province name or 全国")
        check_span(record["meeting"], "MEETING", f"{where} 'meeting'")
        check_span(record["organizer"], "ORG", f"{where} 'organizer'")
        _check_type(record["people"], list, f"{where} 'people'")
        for p_index, person in enumerate(record["people"]):
            p_where = f"{where} person {p_index}"
            _check_type(person, dict, p_where)
            for key in ("name", "titles", "roles"):
                if key not in person:
                    raise AnnotationError(f"{p_where} has no {key!r}")
            check_span(person["name"], "PER", f"{p_where} 'name'", nullable=False)
            _check_type(person["titles"], list, f"{p_where} 'titles'")
            for title in person["titles"]:
                check_span(title, "TITLE", f"{p_where} title", nullable=False)
            _check_type(person["roles"], list, f"{p_where} 'roles'")
            for role in person["roles"]:
                if role not in ROLES:
                    raise AnnotationError(f"{p_where} has unknown role {role!r} (expected one of {', '.join(sorted(ROLES))})")
        _check_type(record["documents"], list, f"{where} 'documents'")
        for document in record["documents"]:
            check_span(document, "DOC", f"{where} document", nullable=False)
    return list(raw_records)


def parse_article(data: Mapping[str, Any], labels: Sequence[str] = LABELS) -> Article:
    """Validate one article dict (raises AnnotationError without file/line)."""
    for key in ("id", "text", "entities"):
        if key not in data:
            raise AnnotationError(f"article has no {key!r}")
    unknown = sorted(set(data) - ARTICLE_KEYS - set(EXTRA_ARTICLE_KEYS))
    if unknown:
        raise AnnotationError(f"article has unknown keys {', '.join(unknown)}")
    _check_type(data["id"], str, "'id'")
    _check_type(data["text"], str, "'text'")
    if not data["text"]:
        raise AnnotationError("'text' is empty")
    published = data.get("published")
    if published is not None and not is_iso_date(published):
        raise AnnotationError(f"'published' {published!r} is not an ISO date YYYY-MM-DD or null")
    source = data.get("source")
    if source is not None:
        _check_type(source, str, "'source'")
    entities = parse_entities(data["text"], data["entities"], labels)
    records = validate_records(data.get("records", []), entities)
    extra = {key: data[key] for key in EXTRA_ARTICLE_KEYS if key in data}
    return Article(data["id"], data["text"], entities, records, published, source, extra)


def write_articles(path: str | Path, articles: Sequence[Article]) -> None:
    """Write articles as the guide's JSON Lines, sorted by id (so a rebuilt file changes only where they do)."""
    import json

    with Path(path).open("w", encoding="utf-8") as handle:
        for article in sorted(articles, key=lambda a: a.id):
            handle.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")


def read_articles(path: str | Path) -> list[Article]:
    """Read and validate an annotated JSON Lines file of articles (ANNOTATION.md)."""
    path = Path(path)
    articles: list[Article] = []
    seen: dict[str, int] = {}
    for number, data in iter_json_lines(path):
        try:
            article = parse_article(data)
        except AnnotationError as error:
            raise AnnotationError(error.problem, str(path), number) from error
        if article.id in seen:
            raise AnnotationError(f"duplicate id {article.id!r} (first on line {seen[article.id]})", str(path), number)
        seen[article.id] = number
        articles.append(article)
    return articles


def resolve_label_map(label_map: str | Mapping[str, str | None]) -> dict[str, str | None]:
    """A preset name from :data:`LABEL_MAPS` or an explicit mapping."""
    if isinstance(label_map, str):
        if label_map not in LABEL_MAPS:
            raise AnnotationError(f"unknown label map {label_map!r} (presets: {', '.join(LABEL_MAPS)})")
        return dict(LABEL_MAPS[label_map])
    return dict(label_map)


def read_ner_corpus(path: str | Path, label_map: str | Mapping[str, str | None]) -> list[Article]:
    """Read a public corpus in the uniform NER JSONL of ``../shared/corpora``.

    Labels go through ``label_map``; a source label missing from the map is an
    error (so a typo cannot silently erase a label). Where mapped spans
    overlap (one CLUENER pair does), the longer span is kept and the drop is
    logged with its line.
    """
    path = Path(path)
    mapping = resolve_label_map(label_map)
    targets = sorted({label for label in mapping.values() if label is not None})
    articles: list[Article] = []
    for number, data in iter_json_lines(path):
        try:
            _check_type(data.get("text"), str, "'text'")
            _check_type(data.get("entities"), list, "'entities'")
            raw_entities = []
            for raw in data["entities"]:
                _check_type(raw, dict, "entity")
                source_label = raw.get("label")
                if source_label not in mapping:
                    raise AnnotationError(f"label {source_label!r} is not in the label map ({', '.join(mapping)})")
                target = mapping[source_label]
                if target is not None:
                    raw_entities.append({**raw, "label": target})
            kept = _drop_overlaps(raw_entities, str(path), number)
            entities = parse_entities(data["text"], kept, targets)
        except AnnotationError as error:
            raise AnnotationError(error.problem, str(path), number) from error
        articles.append(Article(str(data.get("id", f"{path.stem}-{number}")), data["text"], entities))
    return articles


def _drop_overlaps(raw_entities: list[dict[str, Any]], path: str, line: int) -> list[dict[str, Any]]:
    ordered = sorted(raw_entities, key=lambda e: (-(e["end"] - e["start"]), e["start"]))
    kept: list[dict[str, Any]] = []
    for candidate in ordered:
        clash = next((k for k in kept if candidate["start"] < k["end"] and k["start"] < candidate["end"]), None)
        if clash is None:
            kept.append(candidate)
        else:
            logger.warning("%s, line %d: dropped %r, nested in %r", path, line, candidate.get("text"), clash.get("text"))
    return sorted(kept, key=lambda e: e["start"])

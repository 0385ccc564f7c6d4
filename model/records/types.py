"""The public record types: :class:`MeetingRecord` and :class:`Person` (the guide's JSON plus evidence)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Span", "ROLE_ORDER", "Person", "MeetingRecord"]

Span = tuple[int, int]
#: Roles in the order a person's ``roles`` list them.
ROLE_ORDER: tuple[str, ...] = ("chair", "attendee", "speaker", "instructor")


@dataclass
class Person:
    """A participant: name, titles and roles, with the offsets they came from."""

    name: str
    titles: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    name_span: Span | None = None
    title_spans: list[Span] = field(default_factory=list)
    #: offsets of the verb that gave each role, parallel to ``roles``
    role_spans: list[Span] = field(default_factory=list)

    def to_dict(self, evidence: bool = False) -> dict[str, Any]:
        """The guide's person JSON; with ``evidence=True`` plus an ``"evidence"`` key."""
        data: dict[str, Any] = {"name": self.name, "titles": list(self.titles), "roles": list(self.roles)}
        if evidence:
            data["evidence"] = self.evidence()
        return data

    def evidence(self) -> dict[str, Any]:
        """Offsets: ``name`` [start, end], ``titles`` and ``roles`` (the verbs) as lists of [start, end]."""
        return {
            "name": _span_list(self.name_span),
            "titles": [list(span) for span in self.title_spans],
            "roles": [list(span) for span in self.role_spans],
        }


@dataclass
class MeetingRecord:
    """One meeting reported as held (the guide's record plus evidence offsets)."""

    date: str | None = None
    date_text: str | None = None
    region: str | None = None
    meeting: str | None = None
    organizer: str | None = None
    people: list[Person] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    #: the passage of the text the record was read from
    passage: Span = (0, 0)
    date_span: Span | None = None
    region_span: Span | None = None
    meeting_span: Span | None = None
    organizer_span: Span | None = None
    document_spans: list[Span] = field(default_factory=list)

    def to_dict(self, evidence: bool = False) -> dict[str, Any]:
        """The guide's record JSON; with ``evidence=True`` plus an ``"evidence"`` key."""
        data: dict[str, Any] = {
            "date": self.date,
            "date_text": self.date_text,
            "region": self.region,
            "meeting": self.meeting,
            "organizer": self.organizer,
            "people": [person.to_dict() for person in self.people],
            "documents": list(self.documents),
        }
        if evidence:
            data["evidence"] = {
                "passage": list(self.passage),
                "date": _span_list(self.date_span),
                "region": _span_list(self.region_span),
                "meeting": _span_list(self.meeting_span),
                "organizer": _span_list(self.organizer_span),
                "documents": [list(span) for span in self.document_spans],
                "people": [person.evidence() for person in self.people],
            }
        return data


def _span_list(span: Span | None) -> list[int] | None:
    return None if span is None else [span[0], span[1]]


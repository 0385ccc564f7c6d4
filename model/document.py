"""One input article in its three forms, and results mapped back to the first.

* ``original``: the string the caller gave (plain text or HTML);
* ``shown``: the text as a reader sees it (for HTML its visible text, see
  :mod:`model.html_input`; for plain text the original itself);
* ``normalized``: what the tagger and the record assembler read
  (:mod:`model.normalize`).

Entities and records are found in the normalized text and given back in the
original: an entity's ``start``/``end`` index the original and its ``text``
is ``original[start:end]``; a record's values are the shown text of their
spans (for plain text, the same original slice; for HTML, without the tags)
and its evidence offsets index the original. An entity that markup
interrupts (``<b>王</b>明``) has no tag-free slice of the HTML, so it is given
as one entity per uninterrupted piece, each with the label and score of the
whole.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from .entities import Entity
from .html_input import VisibleText, html_to_text
from .normalize import normalize
from .offsets import OffsetMap
from .records import MeetingRecord, Person

#: Values of ``predict(..., input_format=...)``.
INPUT_FORMATS: tuple[str, ...] = ("text", "html")

Span = tuple[int, int]


@dataclass
class Document:
    original: str
    shown: str
    normalized: str
    #: normalized -> shown
    to_shown: OffsetMap
    #: shown -> original; None when the shown text is the original (plain text)
    page: VisibleText | None = None

    @classmethod
    def from_input(cls, text: str, input_format: str = "text") -> "Document":
        if input_format == "html":
            page = html_to_text(text)
            shown = page.text
        else:
            page, shown = None, text
        view = normalize(shown)
        return cls(original=text, shown=shown, normalized=view.text, to_shown=view.to_input, page=page)

    # -- spans ---------------------------------------------------------------
    def shown_span(self, start: int, end: int) -> Span:
        return self.to_shown.span(start, end)

    def original_span(self, start: int, end: int) -> Span:
        """The original span of the normalized span ``[start, end)``."""
        shown = self.to_shown.span(start, end)
        return shown if self.page is None else self.page.to_html.span(*shown)

    def _shown_to_original(self, start: int, end: int) -> Span:
        return (start, end) if self.page is None else self.page.to_html.span(start, end)

    def shown_string(self, start: int, end: int) -> str:
        shown_start, shown_end = self.to_shown.span(start, end)
        return self.shown[shown_start:shown_end]

    # -- entities -------------------------------------------------------------
    def entities_to_original(self, entities: Sequence[Entity]) -> list[Entity]:
        """Entities of the normalized text as entities of the original (see the module docstring)."""
        result = []
        for entity in entities:
            shown_start, shown_end = self.to_shown.span(entity.start, entity.end)
            pieces = [(shown_start, shown_end)] if self.page is None else self.page.pieces(shown_start, shown_end)
            for piece in pieces:
                start, end = self._shown_to_original(*piece)
                result.append(Entity(start, end, entity.label, self.original[start:end], entity.score))
        return result

    # -- records ----------------------------------------------------------------
    def _value(self, value: str | None, span: Span | None) -> tuple[str | None, Span | None]:
        """A record value and its span, from normalized to shown text and original offsets.

        A value that is not the text of its span (a canonical region name, say) is kept as it is.
        """
        if span is None:
            return value, None
        if value is not None and value == self.normalized[span[0] : span[1]]:
            value = self.shown_string(*span)
        return value, self.original_span(*span)

    def _values(self, values: list[str], spans: list[Span]) -> tuple[list[str], list[Span]]:
        """Parallel lists of values and their spans, mapped by :meth:`_value`."""
        pairs = [self._value(value, span) for value, span in zip(values, spans)]
        mapped = [value if value is not None else original for (value, _), original in zip(pairs, values)]
        return mapped + list(values[len(spans) :]), [span for _, span in pairs if span is not None]

    def _span(self, span: Span | None) -> Span | None:
        return None if span is None else self.original_span(*span)

    def record_to_original(self, record: MeetingRecord) -> MeetingRecord:
        date_text, date_span = self._value(record.date_text, record.date_span)
        meeting, meeting_span = self._value(record.meeting, record.meeting_span)
        organizer, organizer_span = self._value(record.organizer, record.organizer_span)
        documents, document_spans = self._values(record.documents, record.document_spans)
        return replace(
            record,
            date_text=date_text,
            date_span=date_span,
            meeting=meeting,
            meeting_span=meeting_span,
            organizer=organizer,
            organizer_span=organizer_span,
            documents=documents,
            document_spans=document_spans,
            region_span=self._span(record.region_span),
            passage=self.original_span(*record.passage),
            people=[self._person(person) for person in record.people],
        )

    def _person(self, person: Person) -> Person:
        name, name_span = self._value(person.name, person.name_span)
        titles, title_spans = self._values(person.titles, person.title_spans)
        return replace(
            person,
            name=name if name is not None else person.name,
            name_span=name_span,
            titles=titles,
            title_spans=title_spans,
            role_spans=[self.original_span(*span) for span in person.role_spans],
        )


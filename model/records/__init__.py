"""Meeting records from the entities of an article (ANNOTATION.md, "Records").

:func:`assemble_records` turns an article's text, its entity spans (gold or
predicted) and its publication date into :class:`MeetingRecord` objects whose
``to_dict()`` is exactly the guide's JSON. Every value carries evidence: the
record's passage span and the offsets of the span each slot value came from
(``to_dict(evidence=True)`` adds them under the key ``"evidence"``).

The assembly is a pipeline (pure Python, deterministic, no model) whose steps
read and annotate one shared article view, :class:`.doc.Doc`:

1. :mod:`.layout` — lines, title block, meta lines, sentences, clauses; the
   dates read in reading order and the article's region context.
2. :mod:`.mentions` — each MEETING span classified from its clause (counted,
   planned, reference, cited, held with a strong or weak cue, unclear); bare
   ``X召开会议`` mentions.
3. :mod:`.events` — held mentions merged into events, and each event's
   passage.
4. :mod:`.people` — title chains, names and roles of every PER mention.
5. :mod:`.slots` — date, region, organizer, meeting and documents of an event.
6. :mod:`.places` — a meeting held severally in several places (A、B分别举行X)
   becomes one record per place.

:mod:`.assemble` runs the steps and builds the records; :mod:`.types` holds
the public record types. Input is validated at the boundary
(:class:`~model.errors.InputTextError`); entities out of range, misaligned,
overlapping or of unknown labels are repaired or dropped.
"""
from __future__ import annotations

from .assemble import assemble_records
from .types import ROLE_ORDER, MeetingRecord, Person

__all__ = ["Person", "MeetingRecord", "assemble_records", "ROLE_ORDER"]

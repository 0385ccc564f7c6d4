"""One colour per label, shared by the HTML page and the Label Studio config.

Light backgrounds keep black CJK text readable; the border colour is the
same hue, darker, so adjacent spans of different labels stay apart.
"""
from __future__ import annotations

from model.entities import LABELS

#: label -> (background, border)
COLOURS: dict[str, tuple[str, str]] = {
    "PER": ("#ffd8a8", "#e8590c"),
    "TITLE": ("#fff3bf", "#f08c00"),
    "ORG": ("#d3f9d8", "#2f9e44"),
    "LOC": ("#c5f6fa", "#0c8599"),
    "DATE": ("#d0ebff", "#1971c2"),
    "MEETING": ("#fcc2d7", "#c2255c"),
    "DOC": ("#e5dbff", "#6741d9"),
}
#: for a label outside the guide's seven (a model trained on other labels)
OTHER: tuple[str, str] = ("#e9ecef", "#495057")
#: What each label means, for the legend (ANNOTATION.md).
MEANINGS: dict[str, str] = {
    "PER": "person", "TITLE": "title or post", "ORG": "organisation", "LOC": "place",
    "DATE": "date", "MEETING": "meeting", "DOC": "document",
}

assert set(COLOURS) == set(LABELS) == set(MEANINGS), "every label needs a colour and a meaning"


def colour(label: str) -> tuple[str, str]:
    return COLOURS.get(label, OTHER)

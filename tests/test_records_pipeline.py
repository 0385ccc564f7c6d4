"""The record pipeline as a package (model.records): each step annotates the shared Doc.

Hand-written articles in the project's inline markup; what is checked is what a
step writes into the Doc, so that a fix can be tested at the step it belongs to.
"""
from __future__ import annotations

from pathlib import Path

from model.entities import Entity
from model.records import events, layout, mentions, people
from model.records.doc import Doc
from train.markup import parse_body

PACKAGE = Path(__file__).resolve().parents[1] / "model" / "records"


def annotated(markup: str, published: str | None = "2023-06-14") -> Doc:
    text, raw = parse_body(markup.strip().split("\n"), "<test>", 1)
    doc = Doc(text, [Entity.from_dict(e) for e in raw], published)
    for step in (layout, mentions, events, people):
        step.annotate(doc)
    return doc


def test_layout_marks_title_body_and_meta_lines_and_splits_clauses():
    doc = annotated(
        "[省委]{ORG}召开[常委会会议]{MEETING}\n"
        "[6月12日]{DATE}，[省委]{ORG}召开[常委会会议]{MEETING}，[省委书记]{TITLE}[周文斌]{PER}主持。\n"
        "责任编辑：王小丽"
    )
    assert doc.line_kind == ["title", "body", "meta"]
    start, _ = doc.lines[1]
    assert doc.text[slice(*doc.sentence(start))].endswith("主持。")
    assert doc.text[slice(*doc.clause(start))] == "6月12日，"
    (date,) = [e for e in doc.entities if e.label == "DATE"]
    assert doc.date_value[date.start].isoformat() == "2023-06-12" and doc.date_usable[date.start]


def test_mentions_and_events_held_cited_and_the_title_repeat():
    doc = annotated(
        "[省委]{ORG}召开[常委会会议]{MEETING}\n"
        "[6月12日]{DATE}，[省委]{ORG}召开[常委会会议]{MEETING}，传达学习[全国两会]{MEETING}精神。"
    )
    assert [(m.name, m.status, m.title) for m in doc.mentions] == [
        ("常委会会议", "strong", True), ("常委会会议", "strong", False), ("全国两会", "cited", False),
    ]
    (event,) = doc.events
    assert event.head.title is False and [m.name for m in event.title_mentions] == ["常委会会议"]
    assert [m.name for m in doc.others] == ["全国两会"]


def test_people_annotation_titles_and_roles_per_mention():
    doc = annotated(
        "[6月12日]{DATE}，[市政府]{ORG}召开[常务会议]{MEETING}，[市长]{TITLE}[李明德]{PER}主持会议，"
        "[副市长]{TITLE}[王海]{PER}、[赵青]{PER}出席。"
    )
    found = {m.entity.text: ([t.text for t in m.titles], [r for r, _ in m.roles]) for m in doc.person_mentions.values()}
    assert found == {"李明德": (["市长"], ["chair"]), "王海": (["副市长"], ["attendee"]), "赵青": (["副市长"], ["attendee"])}
    assert [t.text for t in doc.article_titles["王海"]] == ["副市长"]


def test_no_module_of_the_pipeline_is_over_400_lines():
    sizes = {path.name: len(path.read_text(encoding="utf-8").splitlines()) for path in PACKAGE.glob("*.py")}
    assert {"layout.py", "mentions.py", "events.py", "people.py", "slots.py", "assemble.py", "doc.py"} <= set(sizes)
    assert max(sizes.values()) <= 400, sizes

"""Label Studio tasks <-> guide articles.

The layout is Label Studio's JSON import/export format for a ``<Labels>``
control on a ``<Text>`` object (the shipped config,
``policy-ie convert --label-studio-config``)::

    {"data": {"text": "...", "id": "...", "published": "...", "records": [...]},
     "annotations": [{"result": [{"id": "e0", "from_name": "label", "to_name": "text",
                                  "type": "labels", "origin": "manual",
                                  "value": {"start": 0, "end": 3, "text": "孙绍骋", "labels": ["PER"]}}]}],
     "predictions": [{"model_version": "...", "score": 0.93, "result": [... each with "score"]}]}

Everything of a guide article travels in ``data`` (its records too), so a
round trip keeps it all. Offsets are code points, as in Python and in
current Label Studio; an export whose offsets count UTF-16 units (older
versions, text with characters beyond the BMP) is detected from each
region's ``text`` and converted, with a note.

Reading an export: cancelled annotations are skipped; of several
annotations the most recently updated one is used (a note says how often);
a task without an annotation is skipped and reported, unless
``use_predictions`` takes its latest prediction instead. Result items of
other types (relations, choices) are reported as not kept.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from model.entities import Entity
from model.errors import AnnotationError
from train.annotations import Article

from .articles import META_KEYS, build_article, meta_of
from .report import ConversionReport

#: Names of the control and the object tag in the shipped labeling config.
FROM_NAME = "label"
TO_NAME = "text"


def region(entity: Entity, number: int, prediction: bool = False) -> dict[str, Any]:
    """One ``labels`` result item for ``entity`` (with its score when it has one)."""
    item: dict[str, Any] = {
        "id": f"e{number}",
        "from_name": FROM_NAME,
        "to_name": TO_NAME,
        "type": "labels",
        "origin": "prediction" if prediction else "manual",
        "value": {"start": entity.start, "end": entity.end, "text": entity.text, "labels": [entity.label]},
    }
    if entity.score is not None:
        item["score"] = round(float(entity.score), 4)
    return item


def task_data(article_id: str, text: str, meta: dict[str, Any]) -> dict[str, Any]:
    """The ``data`` of a task: the text and every other field of the article."""
    return {"text": text, "id": article_id, "published": meta.get("published"),
            **{key: value for key, value in meta.items() if key != "published"}}


def article_task(article: Article) -> dict[str, Any]:
    """A task whose one annotation holds the article's entities."""
    return {
        "data": task_data(article.id, article.text, meta_of(article)),
        "annotations": [{"result": [region(e, i) for i, e in enumerate(article.entities)]}],
    }


def prediction_task(article_id: str, text: str, published: str | None, entities: Iterable[Entity],
                    model_version: str) -> dict[str, Any]:
    """A pre-annotation task: the model's entities as a prediction with their scores.

    The prediction's own ``score`` (Label Studio sorts tasks by it) is the
    lowest entity score, so the tasks that most need a look come first when
    sorted ascending; 1.0 when nothing was found.
    """
    entities = list(entities)
    scores = [e.score for e in entities if e.score is not None]
    return {
        "data": task_data(article_id, text, {"published": published}),
        "predictions": [{
            "model_version": model_version,
            "score": round(float(min(scores)), 4) if scores else 1.0,
            "result": [region(e, i, prediction=True) for i, e in enumerate(entities)],
        }],
    }


def write_tasks(articles: Iterable[Article], handle: Any, report: ConversionReport) -> None:
    """Write a JSON list of tasks (nothing of an article is lost)."""
    tasks = [article_task(article) for article in articles]
    json.dump(tasks, handle, ensure_ascii=False, indent=1)
    handle.write("\n")


def _utf16_to_index(text: str, units: int) -> int | None:
    """The code-point index of UTF-16 offset ``units`` (None when it splits a surrogate pair)."""
    count = 0
    for index, char in enumerate(text):
        if count == units:
            return index
        count += 2 if ord(char) > 0xFFFF else 1
        if count > units:
            return None
    return len(text) if count == units else None


def _offsets(text: str, value: dict[str, Any], where: str, report: ConversionReport) -> tuple[int, int]:
    start, end = value.get("start"), value.get("end")
    if isinstance(start, bool) or isinstance(end, bool) or not isinstance(start, int) or not isinstance(end, int):
        raise AnnotationError(f"{where}: 'start' and 'end' must be integers, got {start!r} and {end!r}")
    quoted = value.get("text")
    if quoted is None or text[start:end] == quoted:
        return start, end
    start16, end16 = _utf16_to_index(text, start), _utf16_to_index(text, end)
    if start16 is not None and end16 is not None and text[start16:end16] == quoted:
        report.note("Label Studio offsets counted in UTF-16 units were converted to code points")
        return start16, end16
    raise AnnotationError(f"{where}: text[{start}:{end}] is {text[start:end]!r}, the region's text is {quoted!r}")


def _pick(items: list[dict[str, Any]], kind: str, report: ConversionReport) -> dict[str, Any] | None:
    live = [item for item in items if isinstance(item, dict) and not item.get("was_cancelled")]
    if len(live) < len(items):
        report.note(f"cancelled {kind} skipped", len(items) - len(live))
    if not live:
        return None
    if len(live) > 1:
        report.note(f"tasks with several {kind}: the most recently updated one was used")
    return max(live, key=lambda item: (str(item.get("updated_at") or item.get("created_at") or ""), str(item.get("id", ""))))


def _entities(text: str, result: Any, where: str, report: ConversionReport) -> list[dict[str, Any]]:
    if not isinstance(result, list):
        raise AnnotationError(f"{where}: 'result' must be a list, got {type(result).__name__}")
    entities = []
    for number, item in enumerate(result):
        item_where = f"{where}, result {number}"
        if not isinstance(item, dict):
            raise AnnotationError(f"{item_where}: expected an object, got {type(item).__name__}")
        if item.get("type") != "labels":
            report.loss(f"Label Studio result items of type {item.get('type')!r} (only 'labels' regions are entities)")
            continue
        value = item.get("value")
        if not isinstance(value, dict):
            raise AnnotationError(f"{item_where}: 'value' must be an object")
        labels = value.get("labels")
        if not isinstance(labels, list) or len(labels) != 1 or not isinstance(labels[0], str):
            raise AnnotationError(f"{item_where}: a region needs exactly one label, got {labels!r}")
        start, end = _offsets(text, value, item_where, report)
        entity = {"start": start, "end": end, "label": labels[0], "text": text[start:end]}
        if item.get("score") is not None:
            entity["score"] = item["score"]
        entities.append(entity)
    return entities


def read_tasks(content: str, name: str, report: ConversionReport, keep_records: bool = True,
               use_predictions: bool = False) -> list[Article]:
    """Articles from a Label Studio JSON export (a list of tasks, or one task)."""
    try:
        tasks = json.loads(content)
    except json.JSONDecodeError as error:
        raise AnnotationError(f"invalid JSON: {error.msg} at line {error.lineno}, column {error.colno}", name) from error
    if isinstance(tasks, dict):
        tasks = [tasks]
    if not isinstance(tasks, list):
        raise AnnotationError(f"expected a JSON list of tasks, got {type(tasks).__name__}", name)
    articles = []
    for number, task in enumerate(tasks):
        where = f"{name}, task {number}"
        if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
            raise AnnotationError(f"{where}: a task is an object with a 'data' object")
        data = task["data"]
        if not isinstance(data.get("text"), str):
            raise AnnotationError(f"{where}: data.text must be a string")
        source = _pick(task.get("annotations") or [], "annotations", report)
        if source is None and use_predictions:
            source = _pick(task.get("predictions") or [], "predictions", report)
            if source is not None:
                report.note("tasks without an annotation: their latest prediction was used")
        if source is None:
            report.loss("tasks without an annotation were skipped (use --use-predictions to take their predictions)")
            continue
        unknown = sorted(set(data) - {"text", "id", *META_KEYS})
        for key in unknown:
            report.loss(f"task data key {key!r} (the guide's article has no such field)")
        fields = {**data, "id": str(data.get("id") if data.get("id") is not None else task.get("id", number))}
        entities = _entities(data["text"], source.get("result"), where, report)
        articles.append(build_article(fields, entities, (where, None), report, keep_records))
    return articles

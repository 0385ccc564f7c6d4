"""``policy-ie view``: a file of articles -> one HTML page (:mod:`policy_ie.page`).

* a ``.txt`` article (or ``-``, or a folder): the model predicts, the page
  shows its entities and records;
* a ``.jsonl`` file of annotated or predicted articles (the guide's format,
  as ``policy-ie predict --format jsonl`` writes): the page shows the file's
  entities and records; lines with a ``text`` but no ``entities`` are
  predicted; with ``diff`` the model predicts every text and the page marks
  its entities right / spurious against the file's, and shows the file's
  layer with the missed ones.
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from model.entities import Entity
from model.errors import AnnotationError
from model.jsonl import iter_json_lines
from train.annotations import parse_article

from .inputs import InputArticle, open_articles
from .page import PageArticle, render_page


@dataclass
class ViewOptions:
    source: str
    output: str
    model: str | None = None
    published: str | None = None
    diff: bool = False
    limit: int = 50
    input_format: str = "auto"


def _annotated(path: Path, published: str | None) -> Iterator[tuple[InputArticle, PageArticle | None]]:
    """Each line of a guide JSONL file: the article, and its page article when it has entities."""
    for number, data in iter_json_lines(path):
        article = InputArticle(str(data.get("id", f"{path.name}:{number}")), data.get("text"),
                               data.get("published", published), f"{path}, line {number}")
        if "entities" not in data:
            if not isinstance(article.text, str) or not article.text.strip():
                raise AnnotationError("expected an object with a non-empty string 'text'", str(path), number)
            yield article, None
            continue
        try:
            parsed = parse_article({"id": article.id, **{k: v for k, v in data.items() if k != "id"}})
        except AnnotationError as error:
            raise AnnotationError(error.problem, str(path), number) from error
        yield article, PageArticle(parsed.id, parsed.text, parsed.entities, parsed.records, parsed.published)


def _is_annotated_file(source: str, input_format: str) -> bool:
    path = Path(source)
    return source != "-" and path.is_file() and (input_format == "jsonl" or
                                                 (input_format == "auto" and path.suffix.lower() == ".jsonl"))


def run_view(options: ViewOptions) -> tuple[int, int]:
    """Write the page; returns (articles shown, articles in the file)."""
    if _is_annotated_file(options.source, options.input_format):
        items = list(_annotated(Path(options.source), options.published))
    else:
        items = [(a, None) for a in open_articles(options.source, options.published, options.input_format).articles]
    total = len(items)
    if options.limit and total > options.limit:
        items = items[: options.limit]
    need_model = options.diff or any(page is None for _, page in items)
    pages: list[PageArticle] = [page for _, page in items]  # type: ignore[misc]
    if need_model:
        from model.inference import load_model, predict

        model = load_model(options.model)
        todo = [i for i, (_, page) in enumerate(items) if page is None or options.diff]
        predictions = predict([items[i][0].text for i in todo], published=[items[i][0].published for i in todo],
                              model=model)
        for index, prediction in zip(todo, predictions):
            gold: list[Entity] | None = pages[index].entities if pages[index] is not None and options.diff else None
            pages[index] = PageArticle(items[index][0].id, prediction.text, prediction.entities,
                                       [r.to_dict(evidence=True) for r in prediction.records], prediction.published,
                                       gold=gold)
    subtitle = f"{options.source} · {len(pages)} of {total} articles" if total > len(pages) else options.source
    page = render_page(pages, title=f"policy-ie · {Path(options.source).name}", subtitle=subtitle)
    if options.output == "-":
        sys.stdout.write(page)
    else:
        Path(options.output).parent.mkdir(parents=True, exist_ok=True)
        Path(options.output).write_text(page, encoding="utf-8")
    return len(pages), total

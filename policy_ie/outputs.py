"""Writers of ``policy-ie predict`` results: JSON, JSON Lines, CSV, Parquet, Label Studio tasks.

Each writer takes results a chunk at a time and writes them at once, so the
output of a large input streams and memory stays bounded. ``json`` is the
command's historic output (one object for one article, else a list);
``jsonl`` is the guide's article format with the predicted entities and
records (it can be read back by ``policy-ie convert`` and ``view``); ``csv``
and ``parquet`` are the flat tables of :mod:`model.tables`; ``label-studio``
is a JSON list of pre-annotation tasks.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from typing import IO, Any

from model.inference import ArticlePrediction
from model.tables import LIST_COLUMNS, MEETING_COLUMNS, PEOPLE_COLUMNS, table_rows

from .formats.labelstudio import prediction_task
from .inputs import InputArticle

OUTPUT_FORMATS: tuple[str, ...] = ("json", "jsonl", "csv", "parquet", "label-studio")
#: formats written as bytes rather than text
BINARY_FORMATS: frozenset[str] = frozenset({"parquet"})

Results = Sequence[tuple[InputArticle, ArticlePrediction]]


def article_json(article: InputArticle, prediction: ArticlePrediction, evidence: bool) -> dict[str, Any]:
    """The ``json`` output of one article: its id and ``ArticlePrediction.to_dict``."""
    return {"id": article.id, **prediction.to_dict(evidence=evidence)}


def article_line(article: InputArticle, prediction: ArticlePrediction, evidence: bool) -> dict[str, Any]:
    """One line of the ``jsonl`` output: the guide's article with the predictions."""
    data = prediction.to_dict(evidence=evidence)
    return {"id": article.id, "published": prediction.published, "text": prediction.text,
            "entities": data["entities"], "records": data["records"]}


class ResultWriter:
    """Base class: ``write(results)`` per chunk, ``close()`` at the end."""

    def __init__(self, handle: IO[Any]):
        self.handle = handle

    def write(self, results: Results) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def close(self) -> None:
        self.handle.flush()


class JsonListWriter(ResultWriter):
    """A JSON list written item by item (or one object for a single article)."""

    def __init__(self, handle: IO[str], single: bool, item: Any):
        super().__init__(handle)
        self.single, self.item, self.count = single, item, 0

    def write(self, results: Results) -> None:
        for article, prediction in results:
            text = json.dumps(self.item(article, prediction), ensure_ascii=False, indent=2)
            if self.single:
                self.handle.write(text)
            else:
                self.handle.write(("[\n" if self.count == 0 else ",\n") + text)
            self.count += 1

    def close(self) -> None:
        if not self.single:
            self.handle.write("[\n" if self.count == 0 else "")
            self.handle.write("\n]")
        self.handle.write("\n")
        super().close()


class JsonLinesWriter(ResultWriter):
    def __init__(self, handle: IO[str], evidence: bool):
        super().__init__(handle)
        self.evidence = evidence

    def write(self, results: Results) -> None:
        for article, prediction in results:
            self.handle.write(json.dumps(article_line(article, prediction, self.evidence), ensure_ascii=False) + "\n")


def _columns(table: str) -> tuple[str, ...]:
    return PEOPLE_COLUMNS if table == "people" else MEETING_COLUMNS


class CsvWriter(ResultWriter):
    """The flat table as CSV; list cells (titles, roles, documents, people) as JSON arrays."""

    def __init__(self, handle: IO[str], table: str):
        super().__init__(handle)
        self.table = table
        self.writer = csv.DictWriter(handle, fieldnames=list(_columns(table)))
        self.writer.writeheader()

    def write(self, results: Results) -> None:
        rows = table_rows([p for _, p in results], [a.id for a, _ in results], self.table)
        for row in rows:
            self.writer.writerow({
                key: json.dumps(value, ensure_ascii=False) if key in LIST_COLUMNS else value
                for key, value in row.items()
            })


class ParquetWriter(ResultWriter):
    """The flat table as Parquet (one row group per chunk; list cells as list<string>)."""

    def __init__(self, handle: IO[bytes], table: str):
        import pyarrow as pa
        import pyarrow.parquet as pq

        super().__init__(handle)
        self.pa, self.table = pa, table
        types = {"record": pa.int32()}
        self.schema = pa.schema([
            (name, pa.list_(pa.string()) if name in LIST_COLUMNS else types.get(name, pa.string()))
            for name in _columns(table)
        ])
        self.writer = pq.ParquetWriter(handle, self.schema)

    def write(self, results: Results) -> None:
        rows = table_rows([p for _, p in results], [a.id for a, _ in results], self.table)
        if rows:
            self.writer.write_table(self.pa.Table.from_pylist(rows, schema=self.schema))

    def close(self) -> None:
        self.writer.close()
        super().close()


class LabelStudioWriter(JsonListWriter):
    """Pre-annotation tasks: the model's entities as predictions with scores."""

    def __init__(self, handle: IO[str], model_version: str):
        super().__init__(handle, single=False, item=self._task)
        self.model_version = model_version

    def _task(self, article: InputArticle, prediction: ArticlePrediction) -> dict[str, Any]:
        return prediction_task(article.id, prediction.text, prediction.published, prediction.entities, self.model_version)


def make_writer(fmt: str, handle: IO[Any], single: bool, evidence: bool, table: str, model_version: str) -> ResultWriter:
    """The writer of output format ``fmt`` on ``handle`` (binary for parquet, text otherwise)."""
    if fmt == "json":
        return JsonListWriter(handle, single, lambda a, p: article_json(a, p, evidence))
    if fmt == "jsonl":
        return JsonLinesWriter(handle, evidence)
    if fmt == "csv":
        return CsvWriter(handle, table)
    if fmt == "parquet":
        return ParquetWriter(handle, table)
    if fmt == "label-studio":
        return LabelStudioWriter(handle, model_version)
    raise ValueError(f"unknown output format {fmt!r} (expected one of {', '.join(OUTPUT_FORMATS)})")

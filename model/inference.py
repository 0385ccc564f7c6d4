"""``load_model`` and ``predict``: articles in, entities and meeting records out.

Each article is first read as the model needs it (:mod:`model.document`:
HTML to its visible text, then :mod:`model.normalize`), and what is found
there is given back in the caller's string. All windows of all articles in
one call are tagged in batches (longest first, so padding is small), decoded
with IOB2 constraints, merged back to one tag per character, and turned into
entities with exact character offsets and then into meeting records.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from .document import INPUT_FORMATS, Document
from .encoding import Window, make_windows, merge_window_tags, window_input_ids
from .entities import Entity
from .errors import ArgumentError, ConfigError, InputTextError, ModelFilesError
from .lexicon import Lexicon
from .model_files import check_vocabulary_fits, load_tagger, read_config
from .postprocess import apply_rules
from .records import MeetingRecord, assemble_records
from .tagger import BertTagger
from .tagging import IOB2
from .vocab import VOCAB_FILE, CharVocab

#: Where the model shipped with the package lives.
DEFAULT_MODEL_DIR = Path(__file__).resolve().parent / "resources" / "default"
#: Environment variable that points ``load_model()`` at another default.
MODEL_ENV = "POLICY_IE_MODEL"
#: Longest article accepted by default (characters); longer input is an error,
#: not a silent truncation. Raise it with ``predict(..., max_chars=...)``.
MAX_CHARS = 1_000_000


@dataclass
class LoadedModel:
    """A tagger with its vocabulary and windowing settings, ready to predict."""

    tagger: BertTagger
    vocab: CharVocab
    max_length: int
    stride: int
    path: str
    device: torch.device
    batch_size: int = 32
    lexicon: Lexicon | None = None
    #: Tag every 《title》 as one DOC span (model.postprocess); on for models that know DOC.
    doc_bracket_rule: bool = True

    @property
    def tags(self) -> list[str]:
        return self.tagger.tags


@dataclass
class ArticlePrediction:
    """What ``predict`` returns for one article."""

    text: str
    published: str | None
    entities: list[Entity] = field(default_factory=list)
    records: list[MeetingRecord] = field(default_factory=list)

    def to_dict(self, evidence: bool = False) -> dict[str, Any]:
        return {
            "published": self.published,
            "entities": [entity.to_dict() for entity in self.entities],
            "records": [record.to_dict(evidence=evidence) for record in self.records],
        }

    def rows(self, table: str = "people", article_id: Any = None) -> list[dict[str, Any]]:
        """The records as flat dicts: one per person per meeting, or one per meeting (:mod:`model.tables`)."""
        from .tables import table_rows

        return table_rows(self, [article_id], table)

    def to_pandas(self, table: str = "people", article_id: Any = None) -> Any:
        """:meth:`rows` as a pandas DataFrame (pandas is an optional extra)."""
        from .tables import to_pandas

        return to_pandas(self, [article_id], table)


def _pick_device(device: str | torch.device | None) -> torch.device:
    if device is not None:
        return torch.device(device)
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def load_model(
    path: str | os.PathLike[str] | None = None,
    device: str | torch.device | None = None,
    quantize: bool | None = None,
) -> LoadedModel:
    """Load a trained model folder (weights, config with the tag map, vocab.txt).

    Without ``path``: ``$POLICY_IE_MODEL`` if set, else the model shipped in
    the package. ``quantize`` applies dynamic int8 quantization to the linear
    layers (CPU only; faster, about as accurate: see the benchmark); by
    default it follows the model folder's ``policy_ie.cpu_int8`` setting
    when running on the CPU (the shipped model sets it).
    Raises :class:`ModelFilesError` naming the file and what is missing or
    broken (every file is checked: :mod:`model.model_files`).
    """
    if path is not None and not isinstance(path, (str, os.PathLike)):
        raise ArgumentError(f"path must be a model folder (str or path) or None, got {type(path).__name__}")
    if quantize is not None and not isinstance(quantize, bool):
        raise ArgumentError(f"quantize must be True, False or None, got {quantize!r}")
    if device is not None and not isinstance(device, (str, torch.device)):
        raise ArgumentError(f"device must be a str, a torch.device or None, got {type(device).__name__}")
    if path is None:
        path = os.environ.get(MODEL_ENV) or DEFAULT_MODEL_DIR
    folder = Path(path)
    if not folder.is_dir():
        hint = ""
        if folder == DEFAULT_MODEL_DIR:
            hint = (
                " (no default model ships with this copy: train one with "
                "`python -m train --config configs/tiny.yaml` and pass its output folder, or set POLICY_IE_MODEL)"
            )
        raise ModelFilesError(f"{folder}: model folder not found{hint}")
    config = read_config(folder)
    if not (folder / VOCAB_FILE).is_file():
        raise ModelFilesError(f"{folder}: {VOCAB_FILE} is missing; is this a policy-ie model folder?")
    vocab = CharVocab.from_file(folder / VOCAB_FILE)
    check_vocabulary_fits(folder, len(vocab), config["vocab_size"])
    lexicon_dim = config.get("lexicon_dim") or 0
    lexicon = Lexicon.load(folder) if lexicon_dim else None
    if lexicon is not None and lexicon.dim != lexicon_dim:
        raise ModelFilesError(f"{folder}: lexicon.tsv gives {lexicon.dim} features, config.json expects {lexicon_dim}")
    torch_device = _pick_device(device)
    tagger = load_tagger(folder, config)
    tagger.to(torch_device).eval()
    settings = getattr(tagger.config, "policy_ie", None) or {}
    if quantize is None:
        quantize = bool(settings.get("cpu_int8", False)) and torch_device.type == "cpu" and _int8_available()
    if quantize:
        if torch_device.type != "cpu":
            raise ConfigError("dynamic int8 quantization runs on the CPU only")
        if not _int8_available():
            raise ConfigError("this torch build has no dynamic int8 quantization (torch.ao.quantization)")
        with warnings.catch_warnings():
            # torch marks torch.ao.quantization as deprecated; it is what runs fastest here.
            warnings.simplefilter("ignore", (DeprecationWarning, UserWarning))
            tagger = torch.ao.quantization.quantize_dynamic(tagger, {torch.nn.Linear}, dtype=torch.qint8)
    return LoadedModel(
        tagger=tagger,
        vocab=vocab,
        max_length=int(settings.get("max_length", min(512, tagger.config.max_position_embeddings))),
        stride=int(settings.get("stride", 32)),
        path=str(folder),
        device=torch_device,
        lexicon=lexicon,
    )


def _int8_available() -> bool:
    quantization = getattr(getattr(torch, "ao", None), "quantization", None)
    return hasattr(quantization, "quantize_dynamic")


_DEFAULT: LoadedModel | None = None


def _default_model() -> LoadedModel:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = load_model()
    return _DEFAULT


def check_published(value: Any, where: str) -> str | None:
    """``value`` if it is None or an ISO date ``YYYY-MM-DD``; else an InputTextError that starts with ``where``."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputTextError(f"{where}: published must be an ISO date string or None, got {type(value).__name__}")
    try:
        valid = len(value) == 10 and bool(dt.date.fromisoformat(value))
    except ValueError:
        valid = False
    if not valid:
        raise InputTextError(f"{where}: published {value!r} is not an ISO date YYYY-MM-DD")
    return value


_SURROGATE = re.compile("[\ud800-\udfff]")


def _check_texts(texts: Sequence[Any], max_chars: int) -> None:
    for index, text in enumerate(texts):
        if not isinstance(text, str):
            raise InputTextError(f"article {index}: expected str, got {type(text).__name__}")
        if not text.strip():
            raise InputTextError(f"article {index}: the text is empty")
        if len(text) > max_chars:
            raise InputTextError(
                f"article {index}: {len(text):,} characters is over the limit of {max_chars:,}; "
                "split it or pass a larger max_chars"
            )
        surrogate = _SURROGATE.search(text)
        if surrogate is not None:
            raise InputTextError(
                f"article {index}: lone surrogate U+{ord(surrogate.group()):04X} at character {surrogate.start()} "
                "is not valid Unicode; decode the source with errors='replace'"
            )


def _check_formats(input_format: str | Sequence[str], count: int) -> list[str]:
    if not isinstance(input_format, (str, list, tuple)):
        raise ArgumentError(f"input_format must be a str or a list of str, got {type(input_format).__name__}")
    formats = [input_format] * count if isinstance(input_format, str) else list(input_format)
    if len(formats) != count:
        raise InputTextError(f"{len(formats)} input formats for {count} articles")
    for index, value in enumerate(formats):
        if value not in INPUT_FORMATS:
            raise InputTextError(f"article {index}: input_format {value!r} is not one of {', '.join(INPUT_FORMATS)}")
    return formats


def read_documents(texts: Sequence[str], formats: Sequence[str]) -> list[Document]:
    """Each article as the model reads it; InputTextError when nothing of it is left to read."""
    documents = []
    for index, (text, input_format) in enumerate(zip(texts, formats)):
        document = Document.from_input(text, input_format)
        if not document.normalized.strip():
            what = "the HTML has no visible text" if input_format == "html" else "the text has only invisible characters"
            raise InputTextError(f"article {index}: {what}")
        documents.append(document)
    return documents


#: Put before a text that has no line break (see :func:`tag_texts`).
LINE_BREAK = "\n"


def reading_text(text: str) -> str:
    """What the tagger reads for ``text``: a text without a line break gets one in front.

    Every annotated text with all seven labels the tagger learnt from is a
    story of several lines; the one-line texts it saw are sentences of the
    public NER corpora, where only PER, LOC and ORG are ever annotated. So it
    learnt to read a text without a line break like those, and missed dates,
    titles and meetings in a single sentence (国务院总理李强主持召开国务院常务会议。
    gave PER and ORG only). A line break in front makes such a text read as
    running news; the tag of that character is dropped again.
    """
    return text if LINE_BREAK in text else LINE_BREAK + text


def _positive_int(value: Any, name: str, optional: bool = False) -> None:
    """``value`` is an int >= 1 (or None when ``optional``), else ArgumentError naming ``name``."""
    if value is None and optional:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise ArgumentError(f"{name} must be an integer >= 1{' or None' if optional else ''}, got {type(value).__name__} {value!r}")
    if value < 1:
        raise ArgumentError(f"{name} must be >= 1, got {value}")


def _check_model(model: Any) -> None:
    if not isinstance(model, LoadedModel):
        raise ArgumentError(f"model must be a load_model() result, got {type(model).__name__}")


def tag_texts(model: LoadedModel, texts: Sequence[str], batch_size: int | None = None) -> list[tuple[list[str], list[float]]]:
    """Tags and per-character confidences for each text (the tagger alone)."""
    _check_model(model)
    _positive_int(batch_size, "batch_size", optional=True)
    read = [reading_text(text) for text in texts]
    return [(tags[len(r) - len(t):], scores[len(r) - len(t):])
            for t, r, (tags, scores) in zip(texts, read, _tag_texts(model, read, batch_size))]


def _tag_texts(model: LoadedModel, texts: Sequence[str], batch_size: int | None = None) -> list[tuple[list[str], list[float]]]:
    batch_size = batch_size or model.batch_size
    jobs: list[tuple[int, int, Window, list[int]]] = []  # (article, window index, window, ids)
    article_windows: list[list[Window]] = []
    lexicon_features = [model.lexicon.features(text) for text in texts] if model.lexicon is not None else None
    for article_index, text in enumerate(texts):
        char_ids = model.vocab.encode(text)
        windows = make_windows(len(text), model.max_length, model.stride)
        article_windows.append(windows)
        for window_index, window in enumerate(windows):
            jobs.append((article_index, window_index, window, window_input_ids(model.vocab, char_ids, window)))
    order = sorted(range(len(jobs)), key=lambda j: -len(jobs[j][3]))
    window_tags: dict[tuple[int, int], list[str]] = {}
    window_scores: dict[tuple[int, int], list[float]] = {}
    tags = model.tags
    with torch.inference_mode():
        for begin in range(0, len(order), batch_size):
            batch = [jobs[j] for j in order[begin : begin + batch_size]]
            width = max(len(job[3]) for job in batch)
            input_ids = torch.full((len(batch), width), model.vocab.pad_id, dtype=torch.long)
            attention_mask = torch.zeros((len(batch), width), dtype=torch.long)
            char_mask = torch.zeros((len(batch), width), dtype=torch.bool)
            for row, job in enumerate(batch):
                ids = job[3]
                input_ids[row, : len(ids)] = torch.tensor(ids)
                attention_mask[row, : len(ids)] = 1
                char_mask[row, 1 : len(ids) - 1] = True
            extra = {}
            if lexicon_features is not None:
                lexicon = torch.zeros((len(batch), width, model.lexicon.dim), dtype=torch.float32)
                for row, job in enumerate(batch):
                    window = job[2]
                    lexicon[row, 1 : 1 + window.end - window.start] = torch.from_numpy(
                        lexicon_features[job[0]][window.start : window.end]
                    )
                extra["lexicon_features"] = lexicon.to(model.device)
            input_ids, attention_mask, char_mask = (
                input_ids.to(model.device), attention_mask.to(model.device), char_mask.to(model.device)
            )
            logits = model.tagger(input_ids=input_ids, attention_mask=attention_mask, **extra).logits
            paths = model.tagger.decode(logits, char_mask)
            probabilities = model.tagger.tag_probabilities(logits, char_mask)
            for row, (job, path) in enumerate(zip(batch, paths)):
                key = (job[0], job[1])
                window_tags[key] = [tags[t] for t in path]
                chosen = probabilities[row, torch.arange(len(path)), torch.tensor(path, dtype=torch.long)]
                window_scores[key] = chosen.tolist()
    results = []
    for article_index, text in enumerate(texts):
        windows = article_windows[article_index]
        per_window = [window_tags[(article_index, k)] for k in range(len(windows))]
        owner = merge_window_tags(len(text), windows, per_window)
        article_tags, article_scores = [], []
        for position, k in enumerate(owner):
            offset = position - windows[k].start
            article_tags.append(per_window[k][offset])
            article_scores.append(window_scores[(article_index, k)][offset])
        results.append((article_tags, article_scores))
    return results


def predict(
    text_or_list: str | Sequence[str],
    published: str | None | Sequence[str | None] = None,
    model: LoadedModel | str | os.PathLike[str] | None = None,
    batch_size: int | None = None,
    max_chars: int = MAX_CHARS,
    input_format: str | Sequence[str] = "text",
) -> ArticlePrediction | list[ArticlePrediction]:
    """Entities and meeting records of one article (a ``str``) or of a list.

    ``published`` (ISO date) anchors relative dates (12日, 昨天); give one
    value for all articles or a list with one per article. ``model`` is a
    :func:`load_model` result or a model folder; by default the shipped model.
    ``input_format`` is ``"text"`` or ``"html"`` (the visible text of the page
    is read), for all articles or one per article. Offsets, entity texts and
    record values refer to the string given (see :mod:`model.document`).
    """
    single = isinstance(text_or_list, str)
    if not single and not isinstance(text_or_list, (list, tuple)):
        raise InputTextError(f"expected a str or a list of str, got {type(text_or_list).__name__}")
    _positive_int(batch_size, "batch_size", optional=True)
    _positive_int(max_chars, "max_chars")
    if model is not None and not isinstance(model, (LoadedModel, str, os.PathLike)):
        raise ArgumentError(f"model must be None, a load_model() result or a model folder path, got {type(model).__name__}")
    texts = [text_or_list] if single else list(text_or_list)
    _check_texts(texts, max_chars)
    formats = _check_formats(input_format, len(texts))
    if isinstance(published, (list, tuple)):
        if len(published) != len(texts):
            raise InputTextError(f"{len(published)} published dates for {len(texts)} articles")
        dates = [check_published(value, f"article {i}") for i, value in enumerate(published)]
    else:
        dates = [check_published(published, "article 0")] * len(texts)
    if model is None:
        loaded = _default_model()
    elif isinstance(model, LoadedModel):
        loaded = model
    else:
        loaded = load_model(model)
    documents = read_documents(texts, formats)
    outputs = []
    for document, date, entities in zip(documents, dates, _normalized_entities(loaded, documents, batch_size)):
        records = [document.record_to_original(r) for r in assemble_records(document.normalized, entities, date)]
        outputs.append(
            ArticlePrediction(
                text=document.original, published=date, entities=document.entities_to_original(entities), records=records
            )
        )
    return outputs[0] if single else outputs


def _normalized_entities(model: LoadedModel, documents: Sequence[Document], batch_size: int | None) -> list[list[Entity]]:
    """The entities of each document's normalized text (tagger, IOB2 decoding, the rules of model.postprocess)."""
    scheme = IOB2([tag[2:] for tag in model.tags if tag.startswith("B-")])
    texts = [document.normalized for document in documents]
    results = []
    for text, (tags, scores) in zip(texts, tag_texts(model, texts, batch_size)):
        entities = scheme.decode(text, tags, scores)
        results.append(apply_rules(text, entities, scheme.labels, model.doc_bracket_rule))
    return results


def extract_entities(
    model: LoadedModel, texts: Sequence[str], batch_size: int | None = None, input_format: str | Sequence[str] = "text"
) -> list[list[Entity]]:
    """The entities of each text, no records (what predict() gives, without record assembly)."""
    if isinstance(texts, str) or not isinstance(texts, (list, tuple)):
        raise InputTextError(f"texts must be a list of str, got {type(texts).__name__}")
    documents = read_documents(texts, _check_formats(input_format, len(texts)))
    return [d.entities_to_original(e) for d, e in zip(documents, _normalized_entities(model, documents, batch_size))]

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
from typing import TYPE_CHECKING, Any

import numpy as np

from .backends import EmissionBackend, is_cpu, requested_backend
from .bigrams import Bigrams
from .char_features import feature_names, text_features, window_batch
from .decoding import TagDecoder
from .document import INPUT_FORMATS, Document
from .encoding import make_windows, merge_window_ids
from .entities import Entity
from .errors import ArgumentError, ConfigError, InputTextError, ModelFilesError
from .lexicon import Lexicon
from .model_files import check_vocabulary_fits, read_config
from .onnx_backend import ONNX_FILE, OnnxBackend, crf_parameters, onnxruntime_available
from .postprocess import apply_rules
from .records import MeetingRecord, assemble_records
from .tagging import OUTSIDE, decode_tag_ids
from .vocab import VOCAB_FILE, CharVocab

if TYPE_CHECKING:  # the torch backend alone imports torch (model.torch_backend)
    import torch

    from .tagger import BertTagger

#: Where the model shipped with the package lives.
DEFAULT_MODEL_DIR = Path(__file__).resolve().parent / "resources" / "default"
#: Environment variable that points ``load_model()`` at another default.
MODEL_ENV = "POLICY_IE_MODEL"
#: Longest article accepted by default (characters); longer input is an error,
#: not a silent truncation. Raise it with ``predict(..., max_chars=...)``.
MAX_CHARS = 1_000_000


@dataclass
class LoadedModel:
    """A backend that gives emission scores, the decoder, the vocabulary and windowing settings, ready to predict."""

    backend: EmissionBackend
    decoder: TagDecoder
    vocab: CharVocab
    max_length: int
    stride: int
    path: str
    batch_size: int = 32
    lexicon: Lexicon | None = None
    bigrams: Bigrams | None = None
    #: Tag every 《title》 as one DOC span (model.postprocess); on for models that know DOC.
    doc_bracket_rule: bool = True

    @property
    def tags(self) -> list[str]:
        return self.decoder.tags

    @property
    def tagger(self) -> BertTagger:
        """The torch module (torch backend only)."""
        tagger = getattr(self.backend, "tagger", None)
        if tagger is None:
            raise AttributeError(f"the {self.backend.name} backend has no torch tagger; load_model(..., backend='torch')")
        return tagger

    @property
    def device(self) -> str | torch.device:
        return self.backend.device


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


def load_model(
    path: str | os.PathLike[str] | None = None,
    device: str | torch.device | None = None,
    quantize: bool | None = None,
    backend: str | None = None,
) -> LoadedModel:
    """Load a trained model folder (weights, config with the tag map, vocab.txt).

    Without ``path``: ``$POLICY_IE_MODEL`` if set, else the model shipped in
    the package. ``backend`` is ``"torch"``, ``"onnx"`` or None (then
    ``$POLICY_IE_BACKEND``, else chosen: see :mod:`model.backends`). The
    ONNX backend runs the folder's int8 ``model.onnx`` on the CPU and needs
    neither torch nor transformers; it is the default on the CPU when
    onnxruntime is installed and the folder has an up-to-date
    ``model.onnx`` (a stale one is skipped with a warning, or an error when
    the onnx backend is asked for). ``device`` and ``quantize`` are
    options of the torch backend, and giving either (but ``device="cpu"``)
    picks it: ``quantize`` applies torch dynamic int8 quantization to the
    linear layers (CPU only); by default it follows the folder's
    ``policy_ie.cpu_int8`` setting on the CPU. On a machine with a GPU, ask
    for it (``device="cuda"``): without a device the default backend is
    the ONNX one on the CPU.
    Raises :class:`ModelFilesError` naming the file and what is missing or
    broken (every file is checked: :mod:`model.model_files`), and
    :class:`ConfigError` for an unknown backend or options it cannot take.
    """
    if path is not None and not isinstance(path, (str, os.PathLike)):
        raise ArgumentError(f"path must be a model folder (str or path) or None, got {type(path).__name__}")
    if quantize is not None and not isinstance(quantize, bool):
        raise ArgumentError(f"quantize must be True, False or None, got {quantize!r}")
    if device is not None and not isinstance(device, str) and type(device).__module__.split(".")[0] != "torch":
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
    chosen = requested_backend(backend)
    config = read_config(folder)
    if not (folder / VOCAB_FILE).is_file():
        raise ModelFilesError(f"{folder}: {VOCAB_FILE} is missing; is this a policy-ie model folder?")
    vocab = CharVocab.from_file(folder / VOCAB_FILE)
    check_vocabulary_fits(folder, len(vocab), config["vocab_size"])
    lexicon_dim = config.get("lexicon_dim") or 0
    lexicon = Lexicon.load(folder) if lexicon_dim else None
    if lexicon is not None and lexicon.dim != lexicon_dim:
        raise ModelFilesError(f"{folder}: lexicon.tsv gives {lexicon.dim} features, config.json expects {lexicon_dim}")
    bigrams = Bigrams.load(folder) if "bigram_ids" in feature_names(config) else None
    if bigrams is not None and len(bigrams) != config["bigram_vocab_size"]:
        raise ModelFilesError(f"{folder}: bigrams.txt gives {len(bigrams)} rows with 'no bigram', "
                              f"config.json expects {config['bigram_vocab_size']}")
    runtime, decoder = _load_backend(folder, config, chosen, device, quantize)
    settings = config.get("policy_ie") or {}
    return LoadedModel(
        backend=runtime,
        decoder=decoder,
        vocab=vocab,
        max_length=int(settings.get("max_length", min(512, config["max_position_embeddings"]))),
        stride=int(settings.get("stride", 32)),
        path=str(folder),
        batch_size=runtime.batch_size,
        lexicon=lexicon,
        bigrams=bigrams,
    )


def _load_backend(
    folder: Path, config: dict[str, Any], chosen: str | None, device: Any, quantize: bool | None
) -> tuple[EmissionBackend, TagDecoder]:
    """The backend asked for, or the one chosen (module docstring of :mod:`model.backends`), with its decoder."""
    if chosen == "onnx":
        if not is_cpu(device):
            raise ConfigError(f"backend 'onnx' runs on the CPU only, not on device {str(device)!r}; use backend='torch'")
        if quantize is not None:
            raise ConfigError("quantize is an option of the torch backend; the onnx backend runs its int8 export as it is")
        return _onnx(folder, config)
    if chosen is None and is_cpu(device) and quantize is None and onnxruntime_available() and (folder / ONNX_FILE).is_file():
        try:
            return _onnx(folder, config)
        except ModelFilesError as error:
            warnings.warn(f"{error}; using the torch backend", stacklevel=3)
    from .torch_backend import load_torch_backend

    runtime = load_torch_backend(folder, config, device, quantize)
    return runtime, runtime.decoder()


def _onnx(folder: Path, config: dict[str, Any]) -> tuple[EmissionBackend, TagDecoder]:
    runtime = OnnxBackend(folder, config)
    tags = [config["id2label"][str(i)] for i in range(len(config["id2label"]))]
    if config.get("use_crf"):
        return runtime, TagDecoder.for_crf(tags, *crf_parameters(folder, len(tags)))
    return runtime, TagDecoder.for_softmax(tags)


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
    names = np.array(model.tags, dtype=object)
    return [(names[ids].tolist(), scores.tolist()) for ids, scores in _tag_ids(model, texts, batch_size)]


def _tag_ids(model: LoadedModel, texts: Sequence[str], batch_size: int | None = None) -> list[tuple[np.ndarray, np.ndarray]]:
    """Tag ids and confidences of each text, as arrays, read as :func:`reading_text` says."""
    read = [reading_text(text) for text in texts]
    return [(ids[len(r) - len(t):], scores[len(r) - len(t):]) for t, r, (ids, scores) in zip(texts, read, _tag_windows(model, read, batch_size))]


#: Windows decoded together: the decoders step through positions, so more rows a step cost less each;
#: bounded, so that a very long article needs no more memory for them (about 25 MB).
DECODE_ROWS = 256


def _tag_windows(model: LoadedModel, texts: Sequence[str], batch_size: int | None = None) -> list[tuple[np.ndarray, np.ndarray]]:
    """Every window of every text through the backend (batches, longest first) and the decoder; merged per text."""
    batch_size = batch_size or model.batch_size
    vocab = model.vocab
    char_ids = [np.asarray(vocab.encode(text), dtype=np.int64) for text in texts]
    features = [text_features(text, model.lexicon, model.bigrams) for text in texts]
    article_windows = [make_windows(len(text), model.max_length, model.stride) for text in texts]
    jobs = [(a, k, window) for a, windows in enumerate(article_windows) for k, window in enumerate(windows)]
    jobs.sort(key=lambda job: job[2].start - job[2].end)  # longest first (stable), so padding stays small
    window_tags: dict[tuple[int, int], np.ndarray] = {}
    window_scores: dict[tuple[int, int], np.ndarray] = {}
    pending: list[tuple[list, np.ndarray]] = []  # (jobs, logits) of batches not decoded yet

    def decode_pending() -> None:
        rows = [job for batch, _ in pending for job in batch]
        lengths = np.array([window.end - window.start for _, _, window in rows])
        width = max(logits.shape[1] for _, logits in pending)  # the first batch's: longest first
        logits = np.zeros((len(rows), width, pending[0][1].shape[2]), dtype=np.float32)
        row = 0
        for _, batch_logits in pending:
            logits[row : row + len(batch_logits), : batch_logits.shape[1]] = batch_logits
            row += len(batch_logits)
        positions = np.arange(width)[None]
        paths, scores = model.decoder.decode(logits, (positions >= 1) & (positions <= lengths[:, None]))
        for row, (article, k, _) in enumerate(rows):
            window_tags[(article, k)] = paths[row, : lengths[row]]
            window_scores[(article, k)] = scores[row, : lengths[row]]
        pending.clear()

    for begin in range(0, len(jobs), batch_size):
        batch = jobs[begin : begin + batch_size]
        lengths = np.array([window.end - window.start for _, _, window in batch])
        width = int(lengths.max()) + 2
        input_ids = np.full((len(batch), width), vocab.pad_id, dtype=np.int64)
        for row, (article, _, window) in enumerate(batch):
            n = window.end - window.start
            input_ids[row, 0] = vocab.cls_id
            input_ids[row, 1 : n + 1] = char_ids[article][window.start : window.end]
            input_ids[row, n + 1] = vocab.sep_id
        attention_mask = (np.arange(width)[None] < lengths[:, None] + 2).astype(np.int64)
        extra = window_batch(features, [(article, window) for article, _, window in batch], width)
        pending.append((batch, model.backend.emissions(input_ids, attention_mask, extra)))
        if sum(len(b) for b, _ in pending) >= DECODE_ROWS:
            decode_pending()
    if pending:
        decode_pending()
    outside = model.tags.index(OUTSIDE)
    results = []
    for article, text in enumerate(texts):
        windows = article_windows[article]
        per_window = [window_tags[(article, k)] for k in range(len(windows))]
        owner = merge_window_ids(len(text), windows, per_window, outside)
        # Gather each character's tag from its owner window through one flat array of all windows' tags.
        offsets = np.cumsum([0] + [len(tags) for tags in per_window])[:-1]
        starts = np.array([window.start for window in windows], dtype=np.int64)
        index = offsets[owner] + np.arange(len(text)) - starts[owner]
        tag_ids = np.concatenate(per_window)[index]
        scores = np.concatenate([window_scores[(article, k)] for k in range(len(windows))])[index]
        results.append((tag_ids, scores))
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


def tag_documents(model: LoadedModel, documents: Sequence[Document], batch_size: int | None = None) -> list[list[Entity]]:
    """The tagger's entities of each document's normalized text, before the rules of
    model.postprocess (IOB2 decoding of the tags): what scripts/rule_gains.py starts from."""
    texts = [document.normalized for document in documents]
    return [decode_tag_ids(text, tag_ids, model.tags, scores) for text, (tag_ids, scores) in zip(texts, _tag_ids(model, texts, batch_size))]


def model_labels(model: LoadedModel) -> tuple[str, ...]:
    """The entity labels the model's tags name (PER, LOC, …), in tag order."""
    return tuple(tag[2:] for tag in model.tags if tag.startswith("B-"))


def _normalized_entities(model: LoadedModel, documents: Sequence[Document], batch_size: int | None) -> list[list[Entity]]:
    """The entities of each document's normalized text (tagger, IOB2 decoding, the rules of model.postprocess)."""
    labels = model_labels(model)
    return [
        apply_rules(document.normalized, entities, labels, model.doc_bracket_rule)
        for document, entities in zip(documents, tag_documents(model, documents, batch_size))
    ]


def extract_entities(
    model: LoadedModel, texts: Sequence[str], batch_size: int | None = None, input_format: str | Sequence[str] = "text"
) -> list[list[Entity]]:
    """The entities of each text, no records (what predict() gives, without record assembly)."""
    if isinstance(texts, str) or not isinstance(texts, (list, tuple)):
        raise InputTextError(f"texts must be a list of str, got {type(texts).__name__}")
    documents = read_documents(texts, _check_formats(input_format, len(texts)))
    return [d.entities_to_original(e) for d, e in zip(documents, _normalized_entities(model, documents, batch_size))]

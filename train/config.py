"""Typed training configuration, read from one YAML file plus ``key=value`` overrides.

In the spirit of the Hugging Face ``run_ner.py`` example: arguments live in
dataclasses, unknown keys and bad values fail fast with the key's name.

A config has three sections, ``data``, ``model`` and ``training``::

    data:
      train: [{path: data/train.jsonl}]
      dev:   [{path: data/dev.jsonl}]
    model:
      architecture: {num_hidden_layers: 2, hidden_size: 128}
      use_crf: true
    training:
      output_dir: runs/tiny
      epochs: 3

Paths may start with ``{shared}``, the folder of public corpora
(``data.shared_dir``; the environment variable ``POLICY_IE_SHARED`` wins).
"""
from __future__ import annotations

import dataclasses
import inspect
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, get_type_hints

import yaml

from model.entities import LABELS
from model.errors import ConfigError

SHARED_ENV = "POLICY_IE_SHARED"
FORMATS = ("articles", "ner")


@dataclass
class DataSource:
    """One annotated file: our articles (``articles``) or a public corpus (``ner``)."""

    path: str
    format: str = "articles"
    label_map: Any = None  # preset name (train.annotations.LABEL_MAPS) or {source: target or null}
    limit: int | None = None  # keep at most this many examples (the first ones)
    repeat: int = 1  # oversample: use every example this many times
    # Labels the source does not annotate ("ner" sources: by default every model label
    # its label map does not produce). Training treats them as partial labels: outside
    # the annotated spans a character may be O or part of an unannotated span.
    unlabeled: list[str] | None = None

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise ConfigError(f"data source {self.path}: format must be one of {FORMATS}, got {self.format!r}")
        if self.format == "ner" and self.label_map is None:
            raise ConfigError(f"data source {self.path}: a 'ner' source needs a label_map")
        if self.repeat < 1:
            raise ConfigError(f"data source {self.path}: repeat must be >= 1")


@dataclass
class DataArguments:
    train: list[DataSource] = field(default_factory=list)
    dev: list[DataSource] = field(default_factory=list)
    shared_dir: str = "../shared"
    augment: dict[str, Any] | None = None  # options of train.augment (copies, names, provinces, dates, ordinals)
    self_training: dict[str, Any] | None = None  # options of train.self_training.SelfTrainingOptions

    def __post_init__(self) -> None:
        if not self.train:
            raise ConfigError("data.train needs at least one source")


@dataclass
class ModelArguments:
    name_or_path: str | None = None  # a hub id or a local folder; None: build from `architecture`
    # BertConfig fields of a model built from scratch. Beside name_or_path it states the
    # checkpoint's shape: checked against the loaded config, and what an offline build
    # (model.name_or_path=null) uses to make the same shape with random weights.
    architecture: dict[str, Any] | None = None
    config_overrides: dict[str, Any] = field(default_factory=dict)  # applied to a pretrained config
    vocab: str | None = None  # vocab.txt; None: the checkpoint's, or built from the training data
    vocab_min_count: int = 1
    vocab_extra_files: list[str] = field(default_factory=list)  # more text (JSONL or plain) for build_vocab
    labels: list[str] = field(default_factory=lambda: list(LABELS))
    use_crf: bool = True
    lexicon: bool = False  # lexicon features (model.lexicon), built by train.lexicon_build
    lexicon_min_word_freq: int = 10
    lexicon_gazetteers: str | None = None  # a gazetteer file of train.gazetteers: more lexicon categories
    # the training data's own entities as lexicon categories ent_<label>, jackknifed over folds
    # (train.entity_gazetteer): true, or a mapping of EntityGazetteerOptions
    lexicon_entities: bool | dict[str, Any] | None = None
    char_vectors: str | None = None  # word2vec text file of train.embeddings: initial character embeddings
    # word2vec text file of train.embeddings (unit bigram): the bigram feature (model.bigrams), its
    # list the first bigram_max_size bigrams of the file (most frequent first), its embeddings those vectors
    bigram_vectors: str | None = None
    bigram_max_size: int = 50_000
    max_length: int = 256
    stride: int = 32

    def __post_init__(self) -> None:
        if self.name_or_path is None and self.architecture is None:
            raise ConfigError("model needs name_or_path (pretrained) or architecture (from scratch)")
        if self.lexicon_entities and not self.lexicon:
            raise ConfigError("model.lexicon_entities needs model.lexicon: true (its categories are lexicon categories)")
        if self.bigram_max_size < 1:
            raise ConfigError(f"model.bigram_max_size must be >= 1, got {self.bigram_max_size}")
        if self.max_length < 8:
            raise ConfigError(f"model.max_length {self.max_length} is too small")
        if not 0 <= self.stride < self.max_length - 2:
            raise ConfigError(f"model.stride {self.stride} must be in [0, max_length - 2)")


@dataclass
class TrainingArguments:
    output_dir: str = "runs/model"
    epochs: float = 3.0
    max_steps: int = -1
    batch_size: int = 16  # per process (device); the effective batch is batch_size × processes × accumulation
    eval_batch_size: int = 32
    gradient_accumulation_steps: int = 1
    learning_rate: float = 5e-5
    head_learning_rate: float | None = None  # classifier and CRF; None: learning_rate
    weight_decay: float = 0.01
    warmup: float = 0.1  # a ratio when < 1, else steps
    seed: int = 42
    logging_steps: int = 50
    group_by_length: bool = True
    eval_each_epoch: bool = True
    keep_checkpoints: bool = False
    resume: bool = False
    num_threads: int | None = None  # torch CPU threads; None: torch's default
    disable_tqdm: bool = False

    def __post_init__(self) -> None:
        if self.epochs <= 0 and self.max_steps <= 0:
            raise ConfigError("training needs epochs > 0 or max_steps > 0")
        if self.learning_rate <= 0:
            raise ConfigError("training.learning_rate must be positive")
        if self.batch_size < 1 or self.eval_batch_size < 1:
            raise ConfigError("batch sizes must be >= 1")
        if self.gradient_accumulation_steps < 1:
            raise ConfigError("training.gradient_accumulation_steps must be >= 1")


@dataclass
class Config:
    data: DataArguments
    model: ModelArguments
    training: TrainingArguments = field(default_factory=TrainingArguments)
    source: str | None = None  # the YAML file it came from

    def shared_dir(self) -> Path:
        return Path(os.environ.get(SHARED_ENV) or self.data.shared_dir)

    def resolve_path(self, path: str) -> Path:
        """Expand ``{shared}`` in a configured path."""
        return Path(path.replace("{shared}", str(self.shared_dir())))

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data.pop("source")
        return data


def _build(cls: type, values: Any, where: str) -> Any:
    if not isinstance(values, dict):
        raise ConfigError(f"{where} must be a mapping, got {type(values).__name__}")
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(values) - set(fields))
    if unknown:
        raise ConfigError(f"unknown key(s) in {where}: {', '.join(unknown)} (known: {', '.join(fields)})")
    hints = get_type_hints(cls)
    kwargs = {}
    for name, value in values.items():
        kwargs[name] = _coerce(hints[name], value, f"{where}.{name}")
        check = _NESTED.get((cls.__name__, name))
        if check is not None and kwargs[name] is not None:
            kwargs[name] = check(kwargs[name], f"{where}.{name}")
    try:
        return cls(**kwargs)
    except TypeError as error:
        raise ConfigError(f"{where}: {error}") from error


# --------------------------------------------------------------------------
# Nested mappings: their keys are another class's arguments, checked here so that a
# typo (architecture: {num_hidden_layer: 4}) stops the load instead of being ignored.


def _typed_by_default(allowed: dict[str, Any], values: dict[str, Any], where: str) -> dict[str, Any]:
    """Check ``values`` against ``allowed`` (key -> default value): known keys only, and
    each value of its default's type (a None default accepts anything)."""
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise ConfigError(f"unknown key(s) in {where}: {', '.join(map(str, unknown))} (known: {', '.join(sorted(allowed))})")
    out = {}
    for key, value in values.items():
        default = allowed[key]
        hint = type(default) if default is not None and isinstance(default, (bool, int, float, str)) else Any
        if value is None and hint is not Any:
            raise ConfigError(f"{where}.{key} may not be null")
        out[key] = _coerce(hint, value, f"{where}.{key}") if value is not None else None
    return out


@lru_cache(maxsize=1)
def bert_config_keys() -> dict[str, Any]:
    """BertConfig's arguments -> their defaults (the keys model.architecture may set)."""
    from transformers import BertConfig

    defaults = {k: v for k, v in BertConfig().to_dict().items() if not k.startswith("_") and k != "transformers_version"}
    for name, parameter in inspect.signature(BertConfig.__init__).parameters.items():
        if parameter.kind in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY) and name != "self":
            defaults.setdefault(name, None if parameter.default is parameter.empty else parameter.default)
    return defaults


def _architecture(values: dict[str, Any], where: str) -> dict[str, Any]:
    return _typed_by_default(bert_config_keys(), values, where)


def _augment(values: dict[str, Any], where: str) -> dict[str, Any]:
    from .augment import Augmenter, augment_articles

    allowed = {"copies": inspect.signature(augment_articles).parameters["copies"].default}
    for name, parameter in inspect.signature(Augmenter.__init__).parameters.items():
        if name not in ("self", "seed"):
            allowed[name] = parameter.default
    return _typed_by_default(allowed, values, where)


def _self_training(values: dict[str, Any], where: str) -> dict[str, Any]:
    from .self_training import SelfTrainingOptions

    options = _build(SelfTrainingOptions, values, where)  # typed, unknown keys named
    return {name: value for name, value in dataclasses.asdict(options).items() if name in values}


def _lexicon_entities(value: Any, where: str) -> Any:
    from .entity_gazetteer import EntityGazetteerOptions

    if value is False:
        return None
    EntityGazetteerOptions.from_config(value)  # typed, unknown keys and bad values named
    return value


def _label_map(value: Any, where: str) -> Any:
    if isinstance(value, str):
        return value
    if not isinstance(value, dict):
        raise ConfigError(f"{where} must be a preset name or a mapping source label -> label or null, got {value!r}")
    for source, target in value.items():
        if not isinstance(source, str) or not (target is None or isinstance(target, str)):
            raise ConfigError(f"{where}: {source!r}: {target!r} must map a label to a label or null")
    return value


_NESTED: dict[tuple[str, str], Callable[[Any, str], Any]] = {
    ("ModelArguments", "architecture"): _architecture,
    ("ModelArguments", "config_overrides"): _architecture,
    ("PretrainModel", "architecture"): _architecture,  # train.pretrain builds its model the same way
    ("DataArguments", "augment"): _augment,
    ("DataArguments", "self_training"): _self_training,
    ("DataSource", "label_map"): _label_map,
    ("ModelArguments", "lexicon_entities"): _lexicon_entities,
}


def _coerce(hint: Any, value: Any, where: str) -> Any:
    text = str(hint)
    if hint is DataSource or "list[train.config.DataSource]" in text:
        if hint is DataSource:
            return _build(DataSource, value, where)
        if not isinstance(value, list):
            raise ConfigError(f"{where} must be a list of sources")
        return [_build(DataSource, item if isinstance(item, dict) else {"path": item}, f"{where}[{i}]") for i, item in enumerate(value)]
    if value is None:
        if "None" in text or hint is Any:
            return None
        raise ConfigError(f"{where} may not be null")
    if hint is bool:
        if not isinstance(value, bool):
            raise ConfigError(f"{where} must be true or false, got {value!r}")
        return value
    if hint is int or text == "int | None":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{where} must be an integer, got {value!r}")
        return value
    if hint is float or text == "float | None":
        if isinstance(value, str):  # YAML 1.1 reads 1e-3 (no dot) as a string
            try:
                value = float(value)
            except ValueError:
                raise ConfigError(f"{where} must be a number, got {value!r}") from None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"{where} must be a number, got {value!r}")
        return float(value)
    if hint is str or text == "str | None":
        if not isinstance(value, str):
            raise ConfigError(f"{where} must be a string, got {value!r}")
        return value
    if text in ("list[str]", "list[str] | None"):
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ConfigError(f"{where} must be a list of strings, got {value!r}")
        return value
    if text.startswith("dict[") and not isinstance(value, dict):
        raise ConfigError(f"{where} must be a mapping, got {value!r}")
    if text.startswith("list[") and not isinstance(value, list):
        raise ConfigError(f"{where} must be a list, got {value!r}")
    return value


def parse_override(override: str) -> tuple[list[str], Any]:
    """``training.epochs=3`` -> (["training", "epochs"], 3); values are YAML."""
    key, sep, raw = override.partition("=")
    if not sep or not key:
        raise ConfigError(f"override {override!r} is not key=value")
    try:
        value = yaml.safe_load(raw)
    except yaml.YAMLError as error:
        raise ConfigError(f"override {override!r}: bad value: {error}") from error
    return key.split("."), value


def apply_overrides(raw: dict[str, Any], overrides: list[str] | tuple[str, ...]) -> None:
    """Set ``section.key=value`` overrides in a raw config mapping, in place."""
    for override in overrides:
        keys, value = parse_override(override)
        node = raw
        for key in keys[:-1]:
            node = node.setdefault(key, {})
            if not isinstance(node, dict):
                raise ConfigError(f"override {override!r}: {key} is not a section")
        node[keys[-1]] = value


def load_config(path: str | os.PathLike[str], overrides: list[str] | tuple[str, ...] = ()) -> Config:
    """Read a YAML config and apply ``section.key=value`` overrides."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: config file not found")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise ConfigError(f"{path}: invalid YAML: {error}") from error
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: the top level must be a mapping")
    apply_overrides(raw, overrides)
    unknown = sorted(set(raw) - {"data", "model", "training"})
    if unknown:
        raise ConfigError(f"{path}: unknown section(s) {', '.join(unknown)} (known: data, model, training)")
    try:
        config = Config(
            data=_build(DataArguments, raw.get("data", {}), "data"),
            model=_build(ModelArguments, raw.get("model", {}), "model"),
            training=_build(TrainingArguments, raw.get("training", {}), "training"),
            source=str(path),
        )
    except ConfigError as error:
        raise ConfigError(f"{path}: {error}") from error
    return config

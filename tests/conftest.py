"""Shared fixtures. Tests that need ../shared skip with a clear message when it is absent."""
from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DATA_DIR = ROOT / "data"


def load_script(name: str) -> ModuleType:
    """The module of ``scripts/NAME.py``, loaded from its file (scripts/ is no package)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def find_entity(text: str, word: str, label: str, nth: int = 0, score: float = 0.9):
    """The Entity of the ``nth`` occurrence of ``word`` in ``text`` (for tests of the span rules)."""
    from model.entities import Entity

    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return Entity(start, start + len(word), label, word, score)


def text_labels(entities) -> list[tuple[str, str]]:
    """(text, label) of each entity, in order: what a rule test compares."""
    return [(e.text, e.label) for e in entities]


def shared_dir() -> Path | None:
    """The public corpora folder: $POLICY_IE_SHARED, else ../shared beside the repository."""
    candidate = Path(os.environ.get("POLICY_IE_SHARED") or ROOT.parent / "shared")
    return candidate if candidate.is_dir() else None


@pytest.fixture
def shared() -> Path:
    folder = shared_dir()
    if folder is None:
        pytest.skip("../shared (public corpora and the seed article) is absent; set POLICY_IE_SHARED to run this test")
    return folder


def project_data_files() -> list[Path]:
    return sorted(p for p in DATA_DIR.glob("*.jsonl"))


# A small raw_news folder (the layout of ../shared/corpora/raw_news), for tests that need no shared folder.
STORIES = [
    "省委召开常委会会议\n9月4日，省委书记王明主持召开省委常委会会议。",
    "国内联播快讯\n今天，全国防汛会商会在京召开。",
]


def make_shared(folder: Path, stories: list[str] = STORIES, files: dict[str, list[str]] | None = None) -> Path:
    """A shared folder whose raw_news holds ``stories`` as xwlb_2024Q3.txt, or each file of
    ``files`` (``xwlb_YYYYQn.txt`` -> its stories). Story i of a file is published on day
    4 + i of the quarter's last month (2024-09-04, 2024-09-05, ... for 2024Q3)."""
    raw = folder / "corpora" / "raw_news"
    raw.mkdir(parents=True)
    rows = ["file\tarticle\tline\tpublished\theadline"]
    for file, texts in (files or {"xwlb_2024Q3.txt": stories}).items():
        (raw / file).write_text("\n\n".join(texts) + "\n", encoding="utf-8")
        year, quarter = file.removeprefix("xwlb_").removesuffix(".txt").split("Q")
        line = 1
        for index, story in enumerate(texts):
            rows.append(f"{file}\t{index}\t{line}\t{year}-{3 * int(quarter):02d}-{4 + index:02d}\t{story.splitlines()[0]}")
            line += len(story.splitlines()) + 1
    (raw / "articles.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


# Two quarterly files; the headline of Q3 story 0 is broadcast again as Q4 story 1.
QUARTERS = {
    "xwlb_2024Q3.txt": ["省委召开常委会会议\n9月4日，省委书记王明主持召开省委常委会会议。",
                        "国内联播快讯\n今天，全国防汛会商会在京召开。",
                        "市政府召开常务会议\n9月6日，市长李华主持召开市政府常务会议。"],
    "xwlb_2024Q4.txt": ["全国秋冬季农业生产工作会议召开\n10月8日，全国秋冬季农业生产工作会议在京召开。",
                        "省委召开常委会会议\n10月9日，省委召开常委会会议，研究部署安全生产工作。",
                        "县委召开理论学习中心组学习会\n10月10日，县委书记赵平主持召开学习会。"],
}


def write_selection(path: Path, rows: list[tuple[str, str, int, str]]) -> Path:
    """A data/real/selection.tsv of (id, file, article, split) rows."""
    lines = ["id\tfile\tarticle\tpublished\tgroup\tkind\tsplit\tbatch\tsecond_batch"]
    lines += [f"{i}\t{f}\t{a}\t2024-09-04\tmeeting\tstanding\t{split}\t0\t" for i, f, a, split in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def shipped_model():
    """The model shipped in the package, loaded once for the session (CPU, as predict() loads it)."""
    from model.inference import DEFAULT_MODEL_DIR, load_model

    if not DEFAULT_MODEL_DIR.is_dir():
        pytest.skip("no shipped model in this copy (model/resources/default)")
    return load_model(DEFAULT_MODEL_DIR, device="cpu")


SAMPLE_ARTICLE = DATA_DIR / "samples" / "sample_article.txt"


# A tiny model trained for a few steps: for tests of the whole pipeline, not a useful model.
TINY_CONFIG = """
data:
  train: [{{path: {train}}}]
  dev: [{{path: {dev}}}]
model:
  architecture: {{num_hidden_layers: 1, hidden_size: 32, num_attention_heads: 2, intermediate_size: 64}}
  use_crf: {crf}
  lexicon: {lexicon}
  max_length: 64
  stride: 8
training:
  output_dir: {out}
  max_steps: {max_steps}
  batch_size: 8
  learning_rate: 0.003
  logging_steps: 100
  disable_tqdm: true
  seed: 7
  num_threads: 1  # bitwise-equal weights for a fixed seed, whatever thread count an earlier test left
"""


def small_split(tmp_path: Path) -> tuple[Path, Path]:
    """Four training and two dev articles of the written corpus, as files in ``tmp_path``."""
    from train.annotations import read_articles

    articles = read_articles(DATA_DIR / "train.jsonl")[:6]
    train, dev = tmp_path / "train.jsonl", tmp_path / "dev.jsonl"
    for path, part in ((train, articles[:4]), (dev, articles[4:])):
        path.write_text("".join(json.dumps(a.to_dict(), ensure_ascii=False) + "\n" for a in part), encoding="utf-8")
    return train, dev


def write_tiny_config(tmp_path: Path, name: str, crf: bool = True, lexicon: bool = False, max_steps: int = 6) -> Path:
    """A tiny config in ``tmp_path`` (with its data split) whose run writes ``tmp_path / name``."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    train, dev = small_split(tmp_path)
    config_path = tmp_path / f"{name}.yaml"
    config_path.write_text(
        TINY_CONFIG.format(train=train, dev=dev, out=tmp_path / name, crf=str(crf).lower(),
                           lexicon=str(lexicon).lower(), max_steps=max_steps),
        encoding="utf-8",
    )
    return config_path


def train_tiny(tmp_path: Path, name: str, crf: bool = True, lexicon: bool = False) -> Path:
    from train.config import load_config
    from train.trainer import run_training

    return run_training(load_config(write_tiny_config(tmp_path, name, crf, lexicon)))


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory) -> Path:
    """The folder of a tiny trained model, shared by the test files."""
    return train_tiny(tmp_path_factory.mktemp("tiny"), "model")


def check_result(source: str, result) -> None:
    """Entities are exact slices of ``source``, in order and not overlapping; every record's
    passage lies inside it and the record serialises as JSON."""
    end = 0
    for entity in result.entities:
        assert source[entity.start : entity.end] == entity.text
        assert end <= entity.start < entity.end <= len(source)
        end = entity.end
    for record in result.records:
        data = record.to_dict(evidence=True)
        json.dumps(data, ensure_ascii=False)
        start, stop = data["evidence"]["passage"]
        assert 0 <= start <= stop <= len(source)


# A handful of short articles of our own (two lines each, one model window), with the
# spans the model must learn: for tests that need a model that has learnt something.
LEARN_ARTICLES = [
    ("江西召开常委会\n3月2日，江西省委召开常委会会议，省委书记吴立新主持。",
     [("3月2日", "DATE"), ("江西省委", "ORG"), ("常委会会议", "MEETING"), ("省委书记", "TITLE"), ("吴立新", "PER")]),
    ("湖南部署春耕\n4月8日，湖南省政府召开春耕生产工作会议，省长赵明华出席。",
     [("4月8日", "DATE"), ("湖南省政府", "ORG"), ("春耕生产工作会议", "MEETING"), ("省长", "TITLE"), ("赵明华", "PER")]),
    ("国务院常务会议\n5月6日，国务院总理李强主持召开国务院常务会议，审议《安全生产条例》。",
     [("5月6日", "DATE"), ("国务院总理", "TITLE"), ("李强", "PER"), ("国务院常务会议", "MEETING"), ("安全生产条例", "DOC")]),
    ("甘肃调研\n6月9日，甘肃省委书记胡昌升在兰州调研，强调抓好防汛。",
     [("6月9日", "DATE"), ("甘肃省委书记", "TITLE"), ("胡昌升", "PER"), ("兰州", "LOC")]),
]


def learn_articles_file(path: Path) -> Path:
    """LEARN_ARTICLES as a guide JSONL file (offsets found in the text, checked)."""
    lines = []
    for number, (text, spans) in enumerate(LEARN_ARTICLES):
        entities, searched = [], 0
        for span, label in spans:
            start = text.index(span, searched)
            entities.append({"start": start, "end": start + len(span), "label": label, "text": span})
            searched = start + len(span)
        lines.append(json.dumps({"id": f"learn-{number}", "published": "2024-06-10", "text": text,
                                 "entities": entities, "records": []}, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


LEARN_STEPS = 24


@pytest.fixture(scope="session")
def learnt_model(tmp_path_factory) -> tuple[Path, Path]:
    """(model folder, its train = dev file): a tiny model trained until it knows LEARN_ARTICLES."""
    from train.config import load_config
    from train.trainer import run_training

    folder = tmp_path_factory.mktemp("learnt")
    data = learn_articles_file(folder / "learn.jsonl")
    config = folder / "learn.yaml"
    config.write_text(TINY_CONFIG.format(train=data, dev=data, out=folder / "model", crf="true", lexicon="false",
                                         max_steps=LEARN_STEPS), encoding="utf-8")
    # eight copies of the four articles: four steps an epoch, so 6 evaluations and checkpoints, not 24
    overrides = [f"data.train=[{{path: {data}, repeat: 8}}]", "training.learning_rate=0.01",
                 "model.architecture.hidden_size=64", "model.architecture.intermediate_size=128"]
    return run_training(load_config(config, overrides)), data


def reference_tags(model, text: str, start: int = 0, end: int | None = None) -> list[str]:
    """Tags of characters [start, end) of ``text`` from one forward pass of ``model``
    (a LoadedModel) over them alone, batch of one: the reference the windowed
    inference of model.inference is compared with."""
    import torch

    end = len(text) if end is None else end
    ids = [model.vocab.cls_id, *model.vocab.encode(text)[start:end], model.vocab.sep_id]
    input_ids = torch.tensor([ids])
    mask = torch.ones_like(input_ids, dtype=torch.bool)
    mask[0, 0] = mask[0, -1] = False
    from model.char_features import text_features, window_batch
    from model.encoding import Window

    features = window_batch([text_features(text, model.lexicon, model.bigrams)], [(0, Window(start, end))], len(ids))
    extra = {name: torch.from_numpy(array) for name, array in features.items()}
    with torch.inference_mode():
        logits = model.tagger(input_ids=input_ids, attention_mask=torch.ones_like(input_ids), **extra).logits
        (path,) = model.tagger.decode(logits, mask)
    return [model.tags[t] for t in path]

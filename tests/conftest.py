"""Shared fixtures. Tests that need ../shared skip with a clear message when it is absent."""
from __future__ import annotations

import importlib.util
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


def make_shared(folder: Path, stories: list[str] = STORIES) -> Path:
    raw = folder / "corpora" / "raw_news"
    raw.mkdir(parents=True)
    (raw / "xwlb_2024Q3.txt").write_text("\n\n".join(stories) + "\n", encoding="utf-8")
    rows = ["file\tarticle\tline\tpublished\theadline"]
    line = 1
    for index, story in enumerate(stories):
        rows.append(f"xwlb_2024Q3.txt\t{index}\t{line}\t2024-09-0{4 + index}\t{story.splitlines()[0]}")
        line += len(story.splitlines()) + 1
    (raw / "articles.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def shipped_model():
    """The model shipped in the package, loaded once for the session (CPU, as predict() loads it)."""
    from model.inference import DEFAULT_MODEL_DIR, load_model

    if not DEFAULT_MODEL_DIR.is_dir():
        pytest.skip("no shipped model in this copy (model/resources/default)")
    return load_model(DEFAULT_MODEL_DIR, device="cpu")


SAMPLE_ARTICLE = DATA_DIR / "samples" / "sample_article.txt"

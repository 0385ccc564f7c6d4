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

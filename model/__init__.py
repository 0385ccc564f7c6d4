"""policy-ie: meeting records from Chinese policy news.

    from model import load_model, predict
    result = predict(article_text, published="2022-11-13")
    result.entities, result.records
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .entities import LABELS, Entity
from .errors import AnnotationError, ArgumentError, ConfigError, InputTextError, ModelFilesError, PolicyIEError

__all__ = [
    "LABELS", "Entity", "load_model", "predict", "ArticlePrediction", "LoadedModel",
    "PolicyIEError", "AnnotationError", "ArgumentError", "ConfigError", "InputTextError", "ModelFilesError",
]

if TYPE_CHECKING:
    from .inference import ArticlePrediction, LoadedModel, load_model, predict


def __getattr__(name: str) -> Any:
    # Importing torch and transformers takes seconds: do it when first needed.
    if name in ("load_model", "predict", "ArticlePrediction", "LoadedModel"):
        from . import inference as _inference

        return getattr(_inference, name)
    raise AttributeError(f"module 'model' has no attribute {name!r}")

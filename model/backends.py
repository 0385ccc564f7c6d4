"""Which runtime computes the tagger's emission scores: torch or ONNX Runtime.

A backend does one thing: emission scores (logits) for a padded batch of
windows, as NumPy arrays in and out. Everything around it (characters to
ids, windows, lexicon features, IOB2 decoding, marginals, records) is NumPy
and plain Python shared by both (:mod:`model.inference`,
:mod:`model.decoding`), so the ONNX backend runs without torch or
transformers: a fresh process predicting with it imports neither, which
saves most of the memory and start-up time of a small model.

* ``torch`` (:mod:`model.torch_backend`): the trained weights as they are,
  fp32 or torch dynamic int8, on any device torch offers;
* ``onnx`` (:mod:`model.onnx_backend`): ``model.onnx`` of the model folder,
  exported and quantised to int8 by :mod:`model.onnx_export`; CPU only.

Without a choice, ``load_model`` takes ``$POLICY_IE_BACKEND`` and else the
ONNX backend when onnxruntime is installed, the folder has an up-to-date
``model.onnx``, and no torch-only option (a GPU device, ``quantize``) was
given; otherwise torch.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, Protocol

import numpy as np

from .errors import ConfigError

#: Environment variable that picks the backend when ``load_model`` is not told.
BACKEND_ENV = "POLICY_IE_BACKEND"
BACKENDS: tuple[str, ...] = ("torch", "onnx")
AUTO = "auto"


class EmissionBackend(Protocol):
    """Emission scores of a padded batch; see the module docstring."""

    name: str
    #: Windows per call that suit this runtime (``LoadedModel.batch_size`` starts from it).
    batch_size: int

    def emissions(
        self, input_ids: np.ndarray, attention_mask: np.ndarray, features: Mapping[str, np.ndarray] | None = None
    ) -> np.ndarray:
        """``(batch, width, tags)`` float32 logits for int64 ``input_ids`` and ``attention_mask``
        ``(batch, width)`` and the model's feature inputs (:mod:`model.char_features`) by name:
        float32 ``lexicon_features`` ``(batch, width, dim)``, int64 ``bigram_ids`` ``(batch, width, 2)``."""
        ...

    def describe(self) -> dict[str, Any]:
        """What a health check reports: backend, device, whether it runs int8."""
        ...


def requested_backend(backend: str | None) -> str | None:
    """The backend asked for: ``backend``, else ``$POLICY_IE_BACKEND``; None (or "auto") lets load_model choose.

    Raises :class:`ConfigError` for any other value, naming where it came from.
    """
    where = "load_model(backend=...)"
    if backend is None:
        backend = os.environ.get(BACKEND_ENV) or None
        where = f"${BACKEND_ENV}"
    if backend is None:
        return None
    if not isinstance(backend, str):
        raise ConfigError(f"{where}: expected one of {', '.join(BACKENDS)} or '{AUTO}', got {type(backend).__name__}")
    value = backend.strip().lower()
    if value == AUTO:
        return None
    if value not in BACKENDS:
        raise ConfigError(f"{where}: unknown backend {backend!r}; expected one of {', '.join(BACKENDS)} or '{AUTO}'")
    return value


def is_cpu(device: Any) -> bool:
    """Whether ``device`` (None, a string or a torch.device) means the CPU; None counts as the CPU."""
    return device is None or str(device).split(":")[0] == "cpu"

"""The torch backend: emission scores from the trained weights (fp32, or torch dynamic int8).

Imported only when this backend is chosen (:mod:`model.backends`): torch and
transformers take most of a fresh process's memory and start-up time.
"""
from __future__ import annotations

import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import torch

from .decoding import TagDecoder
from .errors import ConfigError
from .model_files import load_tagger
from .tagger import BertTagger


def pick_device(device: str | torch.device | None) -> torch.device:
    if device is not None:
        return torch.device(device)
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def int8_available() -> bool:
    quantization = getattr(getattr(torch, "ao", None), "quantization", None)
    return hasattr(quantization, "quantize_dynamic")


class TorchBackend:
    """A :class:`BertTagger` on a torch device."""

    name = "torch"
    batch_size = 32

    def __init__(self, tagger: BertTagger, device: torch.device):
        self.tagger = tagger
        self.device = device

    def emissions(
        self, input_ids: np.ndarray, attention_mask: np.ndarray, features: Mapping[str, np.ndarray] | None = None
    ) -> np.ndarray:
        extra = {name: torch.from_numpy(array).to(self.device) for name, array in (features or {}).items()}
        with torch.inference_mode():
            logits = self.tagger(
                input_ids=torch.from_numpy(input_ids).to(self.device),
                attention_mask=torch.from_numpy(attention_mask).to(self.device),
                **extra,
            ).logits
        return logits.float().cpu().numpy()

    @property
    def quantized(self) -> bool:
        return any(isinstance(m, torch.ao.nn.quantized.dynamic.Linear) for m in self.tagger.modules())

    def describe(self) -> dict[str, Any]:
        return {"backend": self.name, "device": str(self.device), "quantized": self.quantized}

    def decoder(self) -> TagDecoder:
        """The NumPy decoder with this tagger's CRF scores (or the softmax head's constraints)."""
        crf = self.tagger.crf
        if crf is None:
            return TagDecoder.for_softmax(self.tagger.tags)
        raw = [p.detach().float().cpu().numpy() for p in (crf.transitions, crf.start_transitions, crf.end_transitions)]
        return TagDecoder.for_crf(self.tagger.tags, *raw)


def load_torch_backend(folder: Path, config: dict[str, Any], device: Any, quantize: bool | None) -> TorchBackend:
    """The tagger of ``folder`` on ``device``; ``quantize`` None follows the folder's ``policy_ie.cpu_int8``."""
    torch_device = pick_device(device)
    tagger = load_tagger(folder, config)
    tagger.to(torch_device).eval()
    settings = getattr(tagger.config, "policy_ie", None) or {}
    if quantize is None:
        quantize = bool(settings.get("cpu_int8", False)) and torch_device.type == "cpu" and int8_available()
    if quantize:
        if torch_device.type != "cpu":
            raise ConfigError("dynamic int8 quantization runs on the CPU only")
        if not int8_available():
            raise ConfigError("this torch build has no dynamic int8 quantization (torch.ao.quantization)")
        with warnings.catch_warnings():
            # torch marks torch.ao.quantization as deprecated; it is what runs fastest here.
            warnings.simplefilter("ignore", (DeprecationWarning, UserWarning))
            tagger = torch.ao.quantization.quantize_dynamic(tagger, {torch.nn.Linear}, dtype=torch.qint8)
    return TorchBackend(tagger, torch_device)

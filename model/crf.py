"""A linear-chain CRF whose transitions respect IOB2 (training), with torch wrappers of the decoders.

Decoding itself is NumPy (:mod:`model.decoding`), shared with the ONNX
backend; the functions here take and give torch tensors for the training
code and the torch tagger. In both heads forbidden transitions (``O -> I-X``,
``B-X -> I-Y``, a sequence starting with ``I-X``) get ``-1e4``, so decoding
always yields well-formed IOB2 tags.

Shapes: ``emissions`` is ``(batch, length, tags)`` and ``mask`` is
``(batch, length)`` with each row's true positions first (left-aligned).
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch
from torch import nn

from . import decoding
from .decoding import NEG_INF


def _numpy(tensor: torch.Tensor) -> np.ndarray:
    return tensor.detach().float().cpu().numpy()


def iob2_constraints(tags: Sequence[str]) -> tuple[torch.Tensor, torch.Tensor]:
    """(allowed transitions [from, to], allowed start tags) as torch tensors (:func:`model.decoding.iob2_constraints`)."""
    allowed, starts = decoding.iob2_constraints(tags)
    return torch.from_numpy(allowed), torch.from_numpy(starts)


def viterbi_decode(
    emissions: torch.Tensor,
    mask: torch.Tensor,
    transitions: torch.Tensor,
    start_scores: torch.Tensor,
    end_scores: torch.Tensor,
) -> list[list[int]]:
    """Best tag sequence per row, over the masked (left-aligned) positions (NumPy: :mod:`model.decoding`)."""
    return decoding.viterbi_decode(
        _numpy(emissions), mask.bool().cpu().numpy(), _numpy(transitions), _numpy(start_scores), _numpy(end_scores)
    )


def crf_marginals(
    emissions: torch.Tensor,
    mask: torch.Tensor,
    transitions: torch.Tensor,
    start_scores: torch.Tensor,
    end_scores: torch.Tensor,
) -> torch.Tensor:
    """P(tag at t = k | sequence) by forward-backward (NumPy, float64: :func:`model.decoding.crf_marginals`)."""
    out = decoding.crf_marginals(
        emissions.detach().double().cpu().numpy(), mask.bool().cpu().numpy(),
        transitions.detach().double().cpu().numpy(), start_scores.detach().double().cpu().numpy(),
        end_scores.detach().double().cpu().numpy(),
    )
    return torch.from_numpy(out).float().to(emissions.device)


class ConstrainedCRF(nn.Module):
    """Linear-chain CRF over IOB2 tags with forbidden transitions masked out."""

    def __init__(self, tags: Sequence[str]):
        super().__init__()
        self.tags = list(tags)
        n = len(self.tags)
        self.start_transitions = nn.Parameter(torch.zeros(n))
        self.end_transitions = nn.Parameter(torch.zeros(n))
        self.transitions = nn.Parameter(torch.zeros(n, n))
        self._constraints: dict[torch.device, tuple[torch.Tensor, torch.Tensor]] = {}

    def reset_parameters(self) -> None:
        with torch.no_grad():
            for parameter in (self.start_transitions, self.end_transitions, self.transitions):
                parameter.zero_()

    def _masks(self, device: torch.device) -> tuple[torch.Tensor, torch.Tensor]:
        # Built lazily, not as buffers: models may be created on the meta device.
        if device not in self._constraints:
            allowed, starts = iob2_constraints(self.tags)
            self._constraints[device] = (allowed.to(device), starts.to(device))
        return self._constraints[device]

    def constrained_scores(self) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        allowed, starts = self._masks(self.transitions.device)
        transitions = self.transitions.masked_fill(~allowed, NEG_INF)
        start = self.start_transitions.masked_fill(~starts, NEG_INF)
        return transitions, start, self.end_transitions

    def neg_log_likelihood(
        self, emissions: torch.Tensor, tags: torch.Tensor, mask: torch.Tensor, allowed: torch.Tensor | None = None
    ) -> torch.Tensor:
        """Mean negative log-likelihood of ``tags`` over the batch rows with
        at least one position (rows without any are ignored).

        With ``allowed`` (batch, length, tags; partial labels), the numerator
        is the total score of every path that keeps to the allowed tags
        (a "fuzzy" CRF), and ``tags`` is not used.
        """
        mask = mask.bool()
        has_tokens = mask[:, 0]
        if not bool(has_tokens.any()):
            return emissions.sum() * 0.0
        emissions, tags, mask = emissions[has_tokens], tags[has_tokens], mask[has_tokens]
        emissions = emissions.float()
        transitions, start, end = self.constrained_scores()
        log_z = self._log_partition(emissions, mask, transitions, start, end)
        if allowed is not None:
            restricted = emissions.masked_fill(~allowed[has_tokens], NEG_INF)
            gold = self._log_partition(restricted, mask, transitions, start, end)
            return (log_z - gold).mean()
        tags = tags.masked_fill(~mask, 0)
        batch, length, _ = emissions.shape
        rows = torch.arange(batch, device=emissions.device)
        maskf = mask.float()
        # Score of the gold path.
        gold = start[tags[:, 0]] + emissions[rows, 0, tags[:, 0]]
        for t in range(1, length):
            step = transitions[tags[:, t - 1], tags[:, t]] + emissions[rows, t, tags[:, t]]
            gold = gold + step * maskf[:, t]
        last_index = mask.sum(dim=1) - 1
        gold = gold + end[tags[rows, last_index]]
        return (log_z - gold).mean()

    @staticmethod
    def _log_partition(emissions, mask, transitions, start, end) -> torch.Tensor:
        """log of the summed scores of all paths (forward algorithm)."""
        alpha = start + emissions[:, 0]
        for t in range(1, emissions.shape[1]):
            nxt = torch.logsumexp(alpha.unsqueeze(2) + transitions.unsqueeze(0), dim=1) + emissions[:, t]
            alpha = torch.where(mask[:, t].unsqueeze(1), nxt, alpha)
        return torch.logsumexp(alpha + end, dim=1)

    @torch.no_grad()
    def marginals(self, emissions: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """P(tag at position t = k | sentence), (batch, length, tags), by forward-backward.

        These are the calibrated confidences of the CRF (a softmax over the
        emissions alone ignores the transitions); masked positions get 0.
        """
        transitions, start, end = self.constrained_scores()
        return crf_marginals(emissions, mask, transitions, start, end)

    def decode(self, emissions: torch.Tensor, mask: torch.Tensor) -> list[list[int]]:
        transitions, start, end = self.constrained_scores()
        return viterbi_decode(emissions.float(), mask, transitions, start, end)

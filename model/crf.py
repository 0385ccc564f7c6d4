"""A linear-chain CRF whose transitions respect IOB2, and constrained Viterbi.

The same :func:`viterbi_decode` serves the CRF head (learned transition
scores) and the softmax head (zero transition scores): in both, forbidden
transitions (``O -> I-X``, ``B-X -> I-Y``, a sequence starting with ``I-X``)
get ``-inf``, so decoding always yields well-formed IOB2 tags.

Shapes: ``emissions`` is ``(batch, length, tags)`` and ``mask`` is
``(batch, length)`` with each row's true positions first (left-aligned).
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch
from torch import nn

from .tagging import IOB2

NEG_INF = -1e4  # large enough to forbid, small enough to stay finite in fp16


def iob2_constraints(tags: Sequence[str]) -> tuple[torch.Tensor, torch.Tensor]:
    """(allowed transitions [from, to], allowed start tags) for a tag list
    ``["O", "B-X", "I-X", ...]`` in any order."""
    labels = sorted({tag[2:] for tag in tags if tag != "O"})
    scheme = IOB2(labels)
    order = [scheme.tag_to_id[tag] for tag in tags]
    allowed = scheme.allowed_transitions()[order][:, order]
    starts = scheme.allowed_starts()[order]
    return allowed, starts


def viterbi_decode(
    emissions: torch.Tensor,
    mask: torch.Tensor,
    transitions: torch.Tensor,
    start_scores: torch.Tensor,
    end_scores: torch.Tensor,
) -> list[list[int]]:
    """Best tag sequence per row, over the masked (left-aligned) positions.

    Inference only, in NumPy: the loop over positions costs a few small
    operations per step, which NumPy runs several times faster than torch.
    """
    e = emissions.detach().float().cpu().numpy()
    m = mask.bool().cpu().numpy()
    trans = transitions.detach().float().cpu().numpy()
    batch, length, num_tags = e.shape
    lengths = m.sum(axis=1)
    if length == 0:
        return [[] for _ in range(batch)]
    score = start_scores.detach().float().cpu().numpy() + e[:, 0]
    history = np.zeros((max(length - 1, 0), batch, num_tags), dtype=np.int64)
    for t in range(1, length):
        candidates = score[:, :, None] + trans[None]  # (batch, from, to)
        best_from = candidates.argmax(axis=1)
        best = np.take_along_axis(candidates, best_from[:, None, :], axis=1)[:, 0]
        score = np.where(m[:, t, None], best + e[:, t], score)
        history[t - 1] = best_from
    best_last = (score + end_scores.detach().float().cpu().numpy()).argmax(axis=1)
    paths: list[list[int]] = []
    for row in range(batch):
        n = int(lengths[row])
        if n == 0:
            paths.append([])
            continue
        tag = int(best_last[row])
        path = [tag]
        for t in range(n - 1, 0, -1):
            tag = int(history[t - 1, row, tag])
            path.append(tag)
        path.reverse()
        paths.append(path)
    return paths


def crf_marginals(
    emissions: torch.Tensor,
    mask: torch.Tensor,
    transitions: torch.Tensor,
    start_scores: torch.Tensor,
    end_scores: torch.Tensor,
) -> torch.Tensor:
    """P(tag at t = k | sequence) by scaled forward-backward in NumPy (float64).

    Each forward and backward step is a small matrix product in probability
    space, renormalised per step (no log-sum-exp); forbidden transitions
    have probability exp(-1e4) = 0. Masked positions get 0.
    """
    e = emissions.detach().double().cpu().numpy()
    m = mask.bool().cpu().numpy()
    batch, length, num_tags = e.shape
    out = np.zeros((batch, length, num_tags))
    if length == 0:
        return torch.from_numpy(out).float()
    exp_trans = np.exp(transitions.detach().double().cpu().numpy())
    exp_end = np.exp(end_scores.detach().double().cpu().numpy())
    exp_e = np.exp(e - e.max(axis=2, keepdims=True))
    alphas = np.empty((batch, length, num_tags))
    alpha = np.exp(start_scores.detach().double().cpu().numpy())[None] * exp_e[:, 0]
    alpha /= alpha.sum(axis=1, keepdims=True)
    alphas[:, 0] = alpha
    for t in range(1, length):
        nxt = (alpha @ exp_trans) * exp_e[:, t]
        nxt /= nxt.sum(axis=1, keepdims=True)
        alpha = np.where(m[:, t, None], nxt, alpha)
        alphas[:, t] = alpha
    lengths = m.sum(axis=1)
    beta = np.tile(exp_end, (batch, 1))
    for t in range(length - 1, -1, -1):
        if t < length - 1:
            step = (exp_e[:, t + 1] * beta) @ exp_trans.T
            step /= step.sum(axis=1, keepdims=True)
            beta = np.where(m[:, t + 1, None], step, beta)
        beta = np.where((lengths - 1 == t)[:, None], exp_end[None], beta)
        posterior = alphas[:, t] * beta
        out[:, t] = posterior / np.maximum(posterior.sum(axis=1, keepdims=True), 1e-300)
    out *= m[:, :, None]
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

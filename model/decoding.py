"""Tag decoding in NumPy: IOB2-constrained Viterbi and CRF marginals over a batch.

Both backends (:mod:`model.backends`) give the same thing, the emission
scores of a padded batch of windows; everything after that runs here, so the
ONNX backend needs neither torch nor transformers and both backends decode
alike. Every step works on the whole batch at once (the loops run over
positions, never over rows or tags): after a smaller encoder the decoding is
a large share of the time.

Masks are left-aligned: the positions of a row are ``0 .. length - 1``.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .tagging import IOB2, tag_labels

NEG_INF = -1e4  # large enough to forbid, small enough to stay finite in fp16


def iob2_constraints(tags: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(allowed transitions [from, to], allowed start tags) for a tag list
    ``["O", "B-X", "I-X", ...]`` in any order, as boolean arrays."""
    labels = tag_labels(tags)
    scheme = IOB2(labels)
    order = [scheme.tag_to_id[tag] for tag in tags]
    allowed = scheme.allowed_transitions()[order][:, order]
    starts = scheme.allowed_starts()[order]
    return allowed, starts


def viterbi_paths(
    emissions: np.ndarray, mask: np.ndarray, transitions: np.ndarray, start: np.ndarray, end: np.ndarray
) -> np.ndarray:
    """Best tag id at each position, ``(batch, length)``; 0 beyond a row's length.

    ``emissions`` (batch, length, tags), ``mask`` (batch, length), scores in
    log space. Ties go to the lowest tag id, as ``argmax`` does. The forward
    pass keeps only the best score of each step (one reduction over the
    batch's tag pairs); the backtrace finds each argmax again from the kept
    scores, which is one row of tags per step, not a square.
    """
    e = np.asarray(emissions, dtype=np.float32)
    m = np.asarray(mask, dtype=bool)
    batch, length, num_tags = e.shape
    paths = np.zeros((batch, length), dtype=np.int64)
    if length == 0 or batch == 0:
        return paths
    trans = np.asarray(transitions, dtype=np.float32)
    lengths = m.sum(axis=1)
    scores = np.empty((length, batch, num_tags), dtype=np.float32)  # best score ending in each tag, per step
    score = np.asarray(start, dtype=np.float32) + e[:, 0]
    scores[0] = score
    best = np.empty((batch, num_tags), dtype=np.float32)
    candidate = np.empty_like(best)
    for t in range(1, length):
        # max over the previous tag, one previous tag at a time: (batch, tags) operations are about
        # twice as fast here as one reduction over a (batch, tags, tags) array
        np.add(score[:, 0, None], trans[0], out=best)
        for k in range(1, num_tags):
            np.maximum(best, np.add(score[:, k, None], trans[k], out=candidate), out=best)
        score = np.where(m[:, t, None], best + e[:, t], score)
        scores[t] = score
    best_last = (score + np.asarray(end, dtype=np.float32)).argmax(axis=1)
    current = best_last
    for t in range(length - 1, -1, -1):
        if t < length - 1:
            back = (scores[t] + trans[:, current].T).argmax(axis=1)  # the best tag before each row's next tag
        else:
            back = current
        current = np.where(t == lengths - 1, best_last, np.where(t < lengths - 1, back, 0))
        paths[:, t] = current
    return paths


def viterbi_decode(
    emissions: np.ndarray, mask: np.ndarray, transitions: np.ndarray, start: np.ndarray, end: np.ndarray
) -> list[list[int]]:
    """:func:`viterbi_paths` as one list of tag ids per row, each as long as the row."""
    paths = viterbi_paths(emissions, mask, transitions, start, end)
    lengths = np.asarray(mask, dtype=bool).sum(axis=1)
    return [paths[row, : int(n)].tolist() for row, n in enumerate(lengths)]


def crf_marginals(
    emissions: np.ndarray, mask: np.ndarray, transitions: np.ndarray, start: np.ndarray, end: np.ndarray
) -> np.ndarray:
    """P(tag at t = k | sequence), ``(batch, length, tags)`` float64, by scaled forward-backward.

    Each forward and backward step is a small matrix product in probability
    space, renormalised per step (no log-sum-exp); forbidden transitions
    have probability exp(-1e4) = 0. Masked positions get 0. Steps past a
    row's end compute values that are never used (the backward pass starts
    each row at its own last position), which is cheaper than masking them.
    """
    e = np.asarray(emissions, dtype=np.float64)
    m = np.asarray(mask, dtype=bool)
    batch, length, num_tags = e.shape
    if length == 0 or batch == 0:
        return np.zeros((batch, length, num_tags))
    exp_trans = np.exp(np.asarray(transitions, dtype=np.float64))
    exp_trans_t = np.ascontiguousarray(exp_trans.T)
    exp_end = np.exp(np.asarray(end, dtype=np.float64))
    # (length, batch, tags): each step reads and writes contiguous (batch, tags) blocks
    exp_e = np.ascontiguousarray(np.exp(e - e.max(axis=2, keepdims=True)).transpose(1, 0, 2))
    alphas = np.empty((length, batch, num_tags))
    alpha = np.exp(np.asarray(start, dtype=np.float64))[None] * exp_e[0]
    alphas[0] = alpha / alpha.sum(axis=1, keepdims=True)
    for t in range(1, length):
        alpha = np.matmul(alphas[t - 1], exp_trans, out=alphas[t])
        alpha *= exp_e[t]
        alpha /= alpha.sum(axis=1, keepdims=True)
    lengths = m.sum(axis=1)
    starts_here = [(lengths - 1 == t)[:, None] for t in range(length)]
    betas = np.empty((length, batch, num_tags))
    beta = np.broadcast_to(exp_end, (batch, num_tags))
    for t in range(length - 1, -1, -1):
        if t < length - 1:
            step = (exp_e[t + 1] * beta) @ exp_trans_t
            beta = step / step.sum(axis=1, keepdims=True)
        beta = np.where(starts_here[t], exp_end[None], beta)
        betas[t] = beta
    posterior = alphas * betas
    posterior /= np.maximum(posterior.sum(axis=2, keepdims=True), 1e-300)
    posterior = posterior.transpose(1, 0, 2)
    posterior *= m[:, :, None]
    return np.ascontiguousarray(posterior)


def log_softmax(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float32)
    shifted = x - x.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


@dataclass
class TagDecoder:
    """Decodes the tagger's emissions: best IOB2-valid tags and their confidences.

    For a CRF head the scores are the trained transitions with the forbidden
    ones masked; for the softmax head, zero scores with the same mask over
    the log-softmax of the emissions. Confidences are the CRF marginals (the
    calibrated ones: a softmax over the emissions ignores the transitions),
    or the softmax, of the chosen tag.
    """

    tags: list[str]
    transitions: np.ndarray
    start: np.ndarray
    end: np.ndarray
    crf: bool

    @classmethod
    def for_crf(cls, tags: Sequence[str], transitions: np.ndarray, start: np.ndarray, end: np.ndarray) -> "TagDecoder":
        """From the raw (unconstrained) CRF parameters of a trained tagger."""
        allowed, starts = iob2_constraints(tags)
        constrained = np.where(allowed, np.asarray(transitions, dtype=np.float32), NEG_INF).astype(np.float32)
        start_scores = np.where(starts, np.asarray(start, dtype=np.float32), NEG_INF).astype(np.float32)
        return cls(list(tags), constrained, start_scores, np.asarray(end, dtype=np.float32), crf=True)

    @classmethod
    def for_softmax(cls, tags: Sequence[str]) -> "TagDecoder":
        allowed, starts = iob2_constraints(tags)
        n = len(tags)
        return cls(
            list(tags),
            np.where(allowed, 0.0, NEG_INF).astype(np.float32),
            np.where(starts, 0.0, NEG_INF).astype(np.float32),
            np.zeros(n, dtype=np.float32),
            crf=False,
        )

    def decode(self, logits: np.ndarray, char_mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(tag ids, confidence of each chosen tag), both ``(batch, width - 1)``, for a padded batch.

        ``logits`` (batch, width, tags) and ``char_mask`` (batch, width) cover
        whole windows, [CLS] included; the results start at the first
        character. Positions beyond a row's characters hold tag 0 and 0.0.
        """
        emissions, mask = np.asarray(logits, dtype=np.float32)[:, 1:], np.asarray(char_mask, dtype=bool)[:, 1:]
        if self.crf:
            paths = viterbi_paths(emissions, mask, self.transitions, self.start, self.end)
            probabilities = crf_marginals(emissions, mask, self.transitions, self.start, self.end)
        else:
            log_probs = log_softmax(emissions)
            paths = viterbi_paths(log_probs, mask, self.transitions, self.start, self.end)
            probabilities = np.exp(log_probs) * mask[:, :, None]
        chosen = np.take_along_axis(probabilities, paths[:, :, None], axis=2)[:, :, 0]
        return paths, (chosen * mask).astype(np.float32)

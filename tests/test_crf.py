"""CRF and constrained Viterbi checked against brute force on small cases."""
from __future__ import annotations

import itertools

import pytest
import torch

from model.crf import ConstrainedCRF, iob2_constraints, viterbi_decode
from model.tagging import IOB2

TAGS = list(IOB2(["PER", "ORG"]).tags)


def path_score(emissions, path, transitions, start, end):
    score = start[path[0]] + emissions[0, path[0]]
    for a, b, t in zip(path, path[1:], range(1, len(path))):
        score = score + transitions[a, b] + emissions[t, b]
    return score + end[path[-1]]


def valid_iob2(path):
    allowed, starts = iob2_constraints(TAGS)
    return bool(starts[path[0]]) and all(bool(allowed[a, b]) for a, b in zip(path, path[1:]))


def random_crf(seed: int) -> ConstrainedCRF:
    """A CRF with random transition scores (a trained one is not all zeros)."""
    torch.manual_seed(seed)
    crf = ConstrainedCRF(TAGS)
    with torch.no_grad():
        for p in (crf.transitions, crf.start_transitions, crf.end_transitions):
            p.normal_()
    return crf


def scored_paths(crf: ConstrainedCRF, emissions: torch.Tensor, length: int):
    """Every IOB2-valid path of ``length`` tags and its score, by enumeration."""
    transitions, start, end = crf.constrained_scores()
    paths = [p for p in itertools.product(range(len(TAGS)), repeat=length) if valid_iob2(p)]
    return paths, torch.stack([path_score(emissions[:length], p, transitions, start, end) for p in paths])


@pytest.mark.parametrize("seed", range(5))
def test_crf_decode_and_likelihood_match_brute_force(seed):
    crf = random_crf(seed)
    length = 4
    emissions = torch.randn(1, length, len(TAGS))
    mask = torch.ones(1, length, dtype=torch.bool)
    paths, scores = scored_paths(crf, emissions[0], length)
    best = list(paths[int(scores.argmax())])
    assert crf.decode(emissions, mask) == [best]
    gold = torch.tensor([best])
    expected = torch.logsumexp(scores, 0) - scores.max()
    assert crf.neg_log_likelihood(emissions, gold, mask).item() == pytest.approx(expected.item(), abs=1e-3)


def test_masked_rows_decode_only_their_length():
    crf = ConstrainedCRF(TAGS)
    emissions = torch.randn(2, 6, len(TAGS))
    mask = torch.tensor([[1] * 6, [1] * 3 + [0] * 3], dtype=torch.bool)
    paths = crf.decode(emissions, mask)
    assert [len(p) for p in paths] == [6, 3]
    alone = crf.decode(emissions[1:, :3], mask[1:, :3])
    assert paths[1] == alone[0]


@pytest.mark.parametrize("seed", range(20))
def test_constrained_viterbi_gives_valid_iob2_on_random_scores(seed):
    torch.manual_seed(seed)
    allowed, starts = iob2_constraints(TAGS)
    transitions = torch.zeros(allowed.shape).masked_fill(~allowed, -1e4)
    start = torch.zeros(len(TAGS)).masked_fill(~starts, -1e4)
    emissions = torch.randn(3, 30, len(TAGS)) * 5
    for path in viterbi_decode(emissions, torch.ones(3, 30), transitions, start, torch.zeros(len(TAGS))):
        assert valid_iob2(path)


def test_partial_labels_one_hot_equals_full_labels_and_all_allowed_is_zero():
    crf = random_crf(1)
    emissions = torch.randn(2, 5, len(TAGS))
    mask = torch.ones(2, 5, dtype=torch.bool)
    tags = torch.tensor([[1, 2, 0, 3, 4], [0, 0, 3, 4, 4]])
    one_hot = torch.nn.functional.one_hot(tags, len(TAGS)).bool()
    full = crf.neg_log_likelihood(emissions, tags, mask)
    assert crf.neg_log_likelihood(emissions, tags, mask, one_hot).item() == pytest.approx(full.item(), abs=1e-4)
    everything = torch.ones(2, 5, len(TAGS), dtype=torch.bool)
    assert crf.neg_log_likelihood(emissions, tags, mask, everything).item() == pytest.approx(0.0, abs=1e-4)


def test_partial_labels_match_brute_force():
    crf = random_crf(2)
    length = 4
    emissions = torch.randn(1, length, len(TAGS))
    mask = torch.ones(1, length, dtype=torch.bool)
    allowed = torch.zeros(1, length, len(TAGS), dtype=torch.bool)
    allowed[0, 0, 1] = True  # B-PER known
    allowed[0, 1, 2] = True  # I-PER known
    allowed[0, 2:, [0, 3, 4]] = True  # then O or an unannotated ORG
    paths, scores = scored_paths(crf, emissions[0], length)
    inside = torch.tensor([all(bool(allowed[0, t, k]) for t, k in enumerate(p)) for p in paths])
    expected = torch.logsumexp(scores, 0) - torch.logsumexp(scores[inside], 0)
    got = crf.neg_log_likelihood(emissions, torch.zeros(1, length, dtype=torch.long), mask, allowed)
    assert got.item() == pytest.approx(expected.item(), abs=1e-3)


@pytest.mark.parametrize("seed", range(3))
def test_marginals_match_brute_force(seed):
    crf = random_crf(seed)
    length = 4
    emissions = torch.randn(2, length + 1, len(TAGS))
    mask = torch.tensor([[1] * (length + 1), [1] * length + [0]], dtype=torch.bool)
    marginals = crf.marginals(emissions, mask)
    for row, n in ((0, length + 1), (1, length)):
        paths, scores = scored_paths(crf, emissions[row], n)
        weights = torch.softmax(scores, 0)
        expected = torch.zeros(n, len(TAGS))
        for weight, path in zip(weights, paths):
            for t, k in enumerate(path):
                expected[t, k] += weight
        assert torch.allclose(marginals[row, :n], expected, atol=1e-4)
        assert torch.allclose(marginals[row, :n].sum(-1), torch.ones(n), atol=1e-4)
    assert marginals[1, length].sum() == 0

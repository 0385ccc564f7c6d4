"""Articles -> model windows, and window predictions -> one tag per character.

An article longer than the model's window is cut into overlapping windows of
at most ``max_length - 2`` characters (room for [CLS] and [SEP]); consecutive
windows share ``stride`` characters. After tagging, each overlap is cut at a
character where both windows agree on ``O`` (the one nearest the middle of
the overlap, else the middle itself), so every character gets exactly one tag
and spans near a window edge are taken from the window that saw them whole.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .tagging import OUTSIDE
from .vocab import CharVocab


@dataclass(frozen=True)
class Window:
    """Characters ``[start, end)`` of one article."""

    start: int
    end: int


def make_windows(length: int, max_length: int, stride: int) -> list[Window]:
    """Overlapping windows that cover ``length`` characters.

    ``max_length`` counts [CLS] and [SEP]; ``stride`` is the overlap in
    characters between consecutive windows (as in Hugging Face tokenizers).
    """
    size = max_length - 2
    if size < 1:
        raise ValueError(f"max_length {max_length} leaves no room for characters")
    if not 0 <= stride < size:
        raise ValueError(f"stride {stride} must be at least 0 and below max_length - 2 = {size}")
    if length <= size:
        return [Window(0, length)]
    step = size - stride
    windows = []
    start = 0
    while True:
        end = min(start + size, length)
        windows.append(Window(start, end))
        if end == length:
            break
        start += step
    return windows


def window_input_ids(vocab: CharVocab, char_ids: Sequence[int], window: Window) -> list[int]:
    """[CLS] + the window's character ids + [SEP]."""
    return [vocab.cls_id, *char_ids[window.start : window.end], vocab.sep_id]


def window_labels(tag_ids: Sequence[int], window: Window, id_to_tag: Sequence[str], tag_to_id: dict[str, int]) -> list[int]:
    """Labels of one training window: -100 on [CLS]/[SEP]; a span cut by the
    window's left edge restarts with B- so the window's tags stay valid IOB2."""
    labels = list(tag_ids[window.start : window.end])
    if labels and labels[0] >= 0:  # negative: a special label (partial labels)
        first = id_to_tag[labels[0]]
        if first.startswith("I-"):
            labels[0] = tag_to_id["B-" + first[2:]]
    return [-100, *labels, -100]


def merge_window_tags(length: int, windows: Sequence[Window], window_tags: Sequence[Sequence[str]]) -> list[int]:
    """For each character, the index of the window whose tag it takes."""
    if len(windows) != len(window_tags):
        raise ValueError("one tag list per window is needed")
    outside = [np.array([tag == OUTSIDE for tag in tags], dtype=bool) for tags in window_tags]
    return merge_window_owners(length, windows, outside).tolist()


def merge_window_ids(length: int, windows: Sequence[Window], window_tag_ids: Sequence[np.ndarray], outside_id: int) -> np.ndarray:
    """:func:`merge_window_tags` for tag ids (``outside_id`` is the id of ``O``), as an int array."""
    if len(windows) != len(window_tag_ids):
        raise ValueError("one tag list per window is needed")
    return merge_window_owners(length, windows, [np.asarray(ids) == outside_id for ids in window_tag_ids])


def merge_window_owners(length: int, windows: Sequence[Window], outside: Sequence[np.ndarray]) -> np.ndarray:
    """The owner of each character, given where each window tagged ``O`` (one bool per window character).

    Each overlap is cut at the position nearest its middle where both windows
    say ``O`` (the first such on a tie), else at the middle.
    """
    owner = np.zeros(length, dtype=np.int64)
    cut_from = 0
    for k in range(len(windows) - 1):
        left, right = windows[k], windows[k + 1]
        overlap_start, overlap_end = right.start, left.end
        middle = (overlap_start + overlap_end) // 2
        cut = middle
        if overlap_end > overlap_start:
            positions = np.arange(overlap_start, overlap_end)
            both = outside[k][positions - left.start] & outside[k + 1][positions - right.start]
            if both.any():
                candidates = positions[both]
                cut = int(candidates[np.argmin(np.abs(candidates - middle))])
        owner[cut_from:cut] = k
        cut_from = cut
    owner[cut_from:] = len(windows) - 1
    return owner

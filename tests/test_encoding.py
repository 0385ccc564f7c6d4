from __future__ import annotations

import random

import pytest

from model.encoding import Window, make_windows, merge_window_tags
from model.entities import Entity
from model.tagging import IOB2


def test_windows_cover_text_with_overlap():
    windows = make_windows(1000, max_length=130, stride=16)
    assert windows[0].start == 0 and windows[-1].end == 1000
    for left, right in zip(windows, windows[1:]):
        assert right.start == left.end - 16
        assert left.end - left.start <= 128


def test_short_text_is_one_window():
    assert make_windows(10, 130, 16) == [Window(0, 10)]


@pytest.mark.parametrize("max_length,stride", [(2, 0), (10, 8), (10, -1)])
def test_bad_window_settings_fail(max_length, stride):
    with pytest.raises(ValueError):
        make_windows(100, max_length, stride)


def test_merge_prefers_a_cut_where_both_windows_say_outside():
    windows = [Window(0, 10), Window(6, 16)]
    left = ["O"] * 6 + ["B-PER", "I-PER", "O", "O"]
    right = ["O", "O", "O", "O"] + ["O"] * 6
    right[0], right[1] = "I-PER", "I-PER"  # the right window saw the name cut off
    owner = merge_window_tags(16, windows, [left, right])
    assert owner[6:8] == [0, 0]  # the name comes from the window that saw it whole
    assert owner[-1] == 1


def test_windowing_over_a_20000_character_article_gives_back_every_offset():
    rng = random.Random(7)
    scheme = IOB2()
    pieces, entities, offset = [], [], 0
    while offset < 20_000:
        filler = "".join(rng.choice("的了在和是会议强调要") for _ in range(rng.randint(0, 12)))
        pieces.append(filler)
        offset += len(filler)
        name = "".join(rng.choice("张王李赵刘陈杨黄") for _ in range(rng.randint(2, 4)))
        label = rng.choice(scheme.labels)
        entities.append(Entity(offset, offset + len(name), label, name))
        pieces.append(name)
        offset += len(name)
    text = "".join(pieces)
    assert len(text) >= 20_000
    tags = scheme.encode(len(text), entities)
    windows = make_windows(len(text), max_length=256, stride=32)
    # Each window "predicts" the gold tags it can see (spans cut by its left edge restart with B-).
    window_tags = []
    for w in windows:
        part = tags[w.start : w.end]
        if part[0].startswith("I-"):
            part = ["B-" + part[0][2:]] + part[1:]
        window_tags.append(part)
    owner = merge_window_tags(len(text), windows, window_tags)
    merged = [window_tags[k][i - windows[k].start] for i, k in enumerate(owner)]
    assert len(merged) == len(text)
    decoded = scheme.decode(text, merged)
    assert decoded == entities
    assert all(text[e.start : e.end] == e.text for e in decoded)

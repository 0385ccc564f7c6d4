"""Normalisation for the tagger: what changes, what stays, and the offset map back to the input."""
from __future__ import annotations

import json
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import project_data_files
from model.normalize import char_rule, is_traditional_only, normalize, to_simplified

SETTINGS = settings(max_examples=300, deadline=None, derandomize=True, database=None)

#: Characters of the kinds normalisation handles, mixed into random strings.
TRICKY = list(
    "\x00\x01\x07\x1b\x7f\x85\u200b\u200c\u200d\u200e\u2028\u2029\u2060\ufeff\u00ad\ufe0f\r\n\t \u3000\u00a0"
    "１２３ＡＢｃ，：；（）！？…Ⅱ℃會議黨區孫騁於乾會议王明12年月日eé\u0301🙂𠀀"
)
texts = st.text(st.one_of(st.sampled_from(TRICKY), st.characters(exclude_categories=())), max_size=60)


def removable(text: str, position: int) -> bool:
    """What normalisation may remove: an invisible character, the \r of \r\n, whitespace of a long run."""
    char = text[position]
    return char_rule(char) == "" or (char == "\r" and text[position + 1 : position + 2] == "\n") or char.isspace()


def test_full_width_digits_and_letters_become_ascii_and_punctuation_stays():
    view = normalize("１１月１２日，ＣＰＣ（中国）：会议")
    assert view.text == "11月12日，CPC（中国）：会议"
    assert view.to_input.span(0, 6) == (0, 6)


def test_zero_width_and_control_characters_are_removed_and_the_map_skips_them():
    text = "\x00\x01会\u200b议🙂\u200b\ufeff"
    view = normalize(text)
    assert view.text == "会议🙂"
    start, end = view.to_input.span(0, 2)
    assert text[start:end] == "会\u200b议"
    assert view.to_input.span(2, 3) == (5, 6)


def test_line_breaks_become_newlines():
    text = "一\r\n二\r三\u2028四\u2029五\x0b六\x0c七\x85八"
    view = normalize(text)
    assert view.text == "一\n二\n三\n四\n五\n六\n七\n八"
    assert text[slice(*view.to_input.span(0, 3))] == "一\r\n二"


def test_long_blank_runs_are_squeezed_but_keep_a_line_break():
    view = normalize("会议" + "\n" * 1_000_000 + "主持")
    assert view.text == "会议\n\n\n主持"
    assert view.to_input.span(5, 7) == (1_000_002, 1_000_004)
    assert normalize("甲" + " " * 7 + "\n" + " " * 7 + "乙").text == "甲  \n 乙"
    assert normalize("甲\u3000\u3000乙  丙").text == "甲\u3000\u3000乙  丙"  # short runs stay


def test_what_nfkc_would_break_is_kept():
    # full-width punctuation and the ideographic space are how Chinese text is written and trained;
    # characters NFKC expands to several stay one character
    for char in "，：；（）！？\u3000…Ⅱ℃㈱":
        assert char_rule(char) is None, char
    assert char_rule("\u00a0") == " "  # a no-break space is a space
    assert char_rule("\uf900") == unicodedata.normalize("NFKC", "\uf900")  # compatibility ideograph
    assert char_rule("⼈") == "人"  # Kangxi radical


def test_traditional_lines_become_simplified_character_for_character():
    text = "內蒙古自治區黨委書記孫紹騁主持召開會議\n於欣然出席会议"
    view = normalize(text)
    assert view.text == "内蒙古自治区党委书记孙绍骋主持召开会议\n於欣然出席会议"
    assert len(view.text) == len(text)


def test_simplified_text_is_left_as_written():
    # OpenCC alone would turn the surname 於 and 乾坤 into 于 and 干坤
    for text in ("於欣然主持召开会议", "乾坤", "后来著名的瞭望"):
        assert to_simplified(text) == text
    assert is_traditional_only("會") and not is_traditional_only("於") and not is_traditional_only("会")


def test_opencc_keeps_one_character_per_character():
    """The assumption the offsets rest on: t2s maps the whole CJK block, phrases included, length for length."""
    from model.normalize import _converter

    block = "".join(chr(c) for c in range(0x4E00, 0xA000))
    assert len(_converter().convert(block)) == len(block)
    for start in range(0, len(block), 4096):
        chunk = block[start : start + 4096]
        assert all(len(_converter().convert(char)) == 1 for char in chunk)


def test_the_project_articles_are_unchanged():
    """Clean simplified news must reach the model exactly as before (accuracy cannot move)."""
    for path in project_data_files():
        for line in path.read_text(encoding="utf-8").splitlines():
            text = json.loads(line)["text"]
            assert normalize(text).text == text, path


@SETTINGS
@given(texts)
def test_the_map_points_every_character_at_its_source(text):
    view = normalize(text)
    mapping = view.to_input
    assert len(mapping) == len(view.text)
    assert mapping.is_monotone()
    starts = [int(s) for s in mapping.starts]
    assert all(int(e) == s + 1 for s, e in zip(starts, mapping.ends))  # one source character each
    # each kept character through its own rule, then the script conversion, gives the model's text
    ruled = "".join("\n" if text[s] == "\r" else (char_rule(text[s]) or text[s]) for s in starts)
    assert view.text == to_simplified(ruled)
    kept = set(starts)
    for position, char in enumerate(text):
        if position not in kept:
            assert removable(text, position), repr(char)


@SETTINGS
@given(texts, st.data())
def test_spans_map_to_source_spans_in_order(text, data):
    view = normalize(text)
    if not view.text:
        return
    a = data.draw(st.integers(0, len(view.text) - 1))
    b = data.draw(st.integers(a + 1, len(view.text)))
    start, end = view.to_input.span(a, b)
    assert 0 <= start < end <= len(text)
    # the source span holds the normalized span's characters, plus only what was removed between them
    kept = {int(s) for s in view.to_input.starts[a:b]}
    assert len(kept) == b - a and min(kept) == start and max(kept) == end - 1
    for position in set(range(start, end)) - kept:
        assert removable(text, position)


@pytest.mark.parametrize("text", ["", "abc", "\u200b", "\r\n", "\ud800"])
def test_edge_cases(text):
    view = normalize(text)
    assert view.to_input.is_monotone()
    assert "\ufffd" in view.text or "\ud800" not in text

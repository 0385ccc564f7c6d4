"""Text normalisation for the tagger, with an offset map back to the input.

Text arrives from scrapers, word processors and other regions in forms the
model never saw in training. One pass turns it into the form it was trained
on and keeps, for every character, where it came from
(:class:`model.offsets.OffsetMap`), so that entities and records are given
in the caller's own string:

* **Line breaks**: ``\\r\\n`` and a lone ``\\r`` become ``\\n``, and so do the
  other line separators (U+2028/U+2029, NEL, vertical tab, form feed), because
  the record assembler reads lines as paragraphs.
* **Long blank runs** (more than four whitespace characters: a million
  newlines, a page of padding) keep their first two characters, their last
  line break and their last character; they hold no text, and the tagger
  would spend a window on every 254 of them.
* **Invisible characters** are removed: control characters other than tab and
  line breaks (NUL, U+0001 …), format characters (zero-width space and
  joiners, BOM, soft hyphen, bidi marks) and variation selectors. Copied web
  text is full of them, and the tagger takes each for a character of a name.
* **NFKC, one character at a time**: full-width digits and letters
  (１１月１２日, ＣＰＣ), compatibility ideographs and Kangxi radicals, odd
  spaces (no-break, en, em) become their plain forms. Three kinds are kept as
  written: full-width punctuation and the ideographic space (the forms Chinese
  news uses, which the vocabulary and the record assembler expect; NFKC would
  make ``，`` a ``,``), and characters NFKC expands to several (……, Ⅱ, ℃),
  so one character stays one character.
* **Traditional -> simplified** with OpenCC (``t2s``: phrase dictionaries, then
  characters), line by line, for the lines that hold a character only
  traditional script uses (one OpenCC converts that is not in GB 2312, the
  simplified character set). Lines in simplified script are left alone:
  OpenCC also turns characters simplified text uses in their own right
  (the surname 於, 乾坤) into others (于, 干), and the tagger then misses the
  name. OpenCC's dictionaries map every entry to one of the same length, so
  a converted line lines up character by character; should a future
  dictionary break that, the line falls back to character-by-character
  conversion, and a character whose conversion is not exactly one character
  is kept as written.

A lone surrogate (not valid Unicode) becomes U+FFFD for the model;
``predict()`` refuses such text before it gets here.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .offsets import OffsetMap

#: Control characters that end a line.
_LINE_BREAKS = frozenset("\n\v\f\x1c\x1d\x1e\x85\u2028\u2029")
#: Invisible characters outside the Cf category that are dropped too.
_DROPPED_MARKS = frozenset(chr(c) for c in list(range(0xFE00, 0xFE10)) + list(range(0xE0100, 0xE01F0)))
_REPLACEMENT = "\ufffd"
#: Longest whitespace run the tagger reads in full (runs of three or more never occur in the corpus).
MAX_BLANK_RUN = 4
_LONG_BLANK = re.compile(rf"\s{{{MAX_BLANK_RUN + 1},}}")
_BREAK_CHARS = tuple(_LINE_BREAKS | {"\r"})


@dataclass(frozen=True)
class Normalized:
    """The model's view of a text: ``text`` and, per character, its span in the input."""

    text: str
    to_input: OffsetMap


def char_rule(char: str) -> str | None:
    """What one character becomes: ``None`` (kept), ``""`` (removed) or another character.

    ``\\r`` is handled apart (it depends on the next character).
    """
    if char in "\n\t\r":
        return None
    if char in _LINE_BREAKS:
        return "\n"
    category = unicodedata.category(char)
    if category == "Cs":
        return _REPLACEMENT
    if category in ("Cc", "Cf") or char in _DROPPED_MARKS:
        return ""
    folded = unicodedata.normalize("NFKC", char)
    if folded == char or len(folded) != 1:
        return None
    if char == "\u3000" or (folded.isascii() and not folded.isalnum() and not folded.isspace()):
        return None  # full-width punctuation and the ideographic space stay as Chinese text writes them
    return folded


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def _simplified_char(char: str) -> str:
    converted = _converter().convert(char)
    return converted if len(converted) == 1 else char


@lru_cache(maxsize=65536)
def is_traditional_only(char: str) -> bool:
    """A character OpenCC converts that simplified writing never uses (it is not in GB 2312)."""
    if char < "\u2e80" or _simplified_char(char) == char:
        return False
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return True
    return False


def _convert_line(line: str) -> str:
    converted = _converter().convert(line)
    if len(converted) == len(line):
        return converted
    return "".join(_simplified_char(char) for char in line)


def to_simplified(text: str) -> str:
    """``text`` with its lines in traditional script converted to simplified,
    of exactly the same length; lines in simplified script are left as written."""
    if text.isascii() or not any(is_traditional_only(char) for char in set(text)):
        return text
    return "\n".join(
        _convert_line(line) if any(is_traditional_only(char) for char in line) else line for line in text.split("\n")
    )


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _squeeze_blank_runs(kept: np.ndarray, text: str) -> tuple[np.ndarray, str]:
    """Each whitespace run longer than :data:`MAX_BLANK_RUN` reduced to its first two
    characters, its last line break and its last character (``kept`` indexes the input)."""
    drop = np.zeros(len(text), dtype=bool)
    for match in _LONG_BLANK.finditer(text):
        start, end = match.span()
        drop[start + 2 : end - 1] = True
        last_break = max(text.rfind(char, start, end) for char in _BREAK_CHARS)
        if last_break >= 0:
            drop[last_break] = False
    if not drop.any():
        return kept, text
    codes = _code_points(text)[~drop]
    return kept[~drop], codes.tobytes().decode("utf-32-le", "surrogatepass")


def normalize(text: str) -> Normalized:
    """The text the model sees and the map from it back to ``text``."""
    table: dict[int, str] = {}
    dropped: list[int] = []
    for char in set(text):
        rule = char_rule(char)
        if rule is None:
            continue
        table[ord(char)] = rule
        if rule == "":
            dropped.append(ord(char))
    has_cr = "\r" in text
    if not dropped and not has_cr and _LONG_BLANK.search(text) is None:
        mapped = text.translate(table) if table else text
        return Normalized(to_simplified(mapped), OffsetMap.identity(len(text)))
    codes = _code_points(text)
    keep = np.ones(len(text), dtype=bool)
    if dropped:
        keep &= ~np.isin(codes, np.asarray(dropped, dtype=np.uint32))
    if has_cr:
        is_cr = codes == 13
        before_lf = np.zeros(len(text), dtype=bool)
        before_lf[:-1] = codes[1:] == 10
        keep &= ~(is_cr & before_lf)  # \r\n -> \n
        table[13] = "\n"  # a lone \r
    kept, kept_text = _squeeze_blank_runs(np.flatnonzero(keep), codes[keep].tobytes().decode("utf-32-le", "surrogatepass"))
    mapped = kept_text.translate(table)
    return Normalized(to_simplified(mapped), OffsetMap.from_kept(kept, len(text)))

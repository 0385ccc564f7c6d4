"""A character vocabulary: one token per character, always.

BERT tokenizers split on whitespace and glue digit and Latin runs ("2022",
"COVID") into word pieces, which breaks the one-tag-per-character contract.
:class:`CharVocab` maps every character of an article to exactly one id, using
the vocabulary of any BERT-family tokenizer (``vocab.txt``) or one the project
builds itself with :func:`build_vocab`.
"""
from __future__ import annotations

import json
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

from .errors import ModelFilesError

PAD, UNK, CLS, SEP, MASK = "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"
#: Tokens for whitespace, which a plain BERT vocabulary has no entry for.
NEWLINE, SPACE = "[NL]", "[SPACE]"
SPECIAL_TOKENS: tuple[str, ...] = (PAD, UNK, CLS, SEP, MASK, NEWLINE, SPACE)
#: Fallbacks for whitespace in a hub vocabulary (bert-base-chinese has [unused1..99]).
_WHITESPACE_FALLBACK = {NEWLINE: "[unused1]", SPACE: "[unused2]"}
VOCAB_FILE = "vocab.txt"
#: Half-width punctuation read as its full-width form when the vocabulary has
#: it: Chinese news mixes both ("12日报道,11月11日"), and a model trained on
#: one form must not take the other for an unknown character.
HALF_TO_FULL_PUNCTUATION: dict[str, str] = {
    ",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）",
}


def read_model_lines(folder: str | Path, name: str, missing: str) -> tuple[Path, list[str]]:
    """The path and lines of file ``name`` that a model folder must hold; ModelFilesError
    ``"<path>: <missing>"`` when it is absent (and as :func:`read_model_text` when unreadable)."""
    path = Path(folder) / name
    if not path.is_file():
        raise ModelFilesError(f"{path}: {missing}")
    return path, read_model_text(path).split("\n")


def read_model_text(path: Path) -> str:
    """A UTF-8 text file of a model folder; ModelFilesError naming the file (and the line) when it is not."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ModelFilesError(f"{path}: cannot be read ({error.strerror or error})") from error
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ModelFilesError(f"{path}, line {line}: not UTF-8 text (byte {error.start}); the file is corrupt") from error


class CharVocab:
    """Character -> id lookup with BERT's special tokens."""

    def __init__(self, tokens: Iterable[str]):
        self.tokens: list[str] = list(tokens)
        self.token_to_id: dict[str, int] = {}
        for index, token in enumerate(self.tokens):
            self.token_to_id.setdefault(token, index)
        for required in (PAD, UNK, CLS, SEP):
            if required not in self.token_to_id:
                raise ModelFilesError(f"vocabulary lacks the special token {required}")
        self.pad_id = self.token_to_id[PAD]
        self.unk_id = self.token_to_id[UNK]
        self.cls_id = self.token_to_id[CLS]
        self.sep_id = self.token_to_id[SEP]
        self.mask_id = self.token_to_id.get(MASK, self.unk_id)
        self.newline_id = self._special_or_fallback(NEWLINE)
        self.space_id = self._special_or_fallback(SPACE)
        self._cache: dict[str, int] = {}

    def _special_or_fallback(self, token: str) -> int:
        for candidate in (token, _WHITESPACE_FALLBACK[token]):
            if candidate in self.token_to_id:
                return self.token_to_id[candidate]
        return self.unk_id

    def __len__(self) -> int:
        return len(self.tokens)

    def char_id(self, char: str) -> int:
        """The id of one character: half-width punctuation as full-width,
        then exact, lower case, NFKC (full-width Ａ -> a), else [UNK];
        whitespace gets [NL] or [SPACE]."""
        cached = self._cache.get(char)
        if cached is not None:
            return cached
        if char == "\n" or char == "\r":
            result = self.newline_id
        elif char.isspace():
            result = self.space_id
        else:
            result = self.unk_id
            normalized = unicodedata.normalize("NFKC", char)
            full = HALF_TO_FULL_PUNCTUATION.get(char, char)
            for candidate in (full, char, char.lower(), normalized, normalized.lower()):
                if candidate in self.token_to_id:
                    result = self.token_to_id[candidate]
                    break
        self._cache[char] = result
        return result

    def encode(self, text: str) -> list[int]:
        """One id per character of ``text`` (no [CLS]/[SEP])."""
        return [self.char_id(char) for char in text]

    # ----------------------------------------------------------------- files
    @classmethod
    def from_file(cls, path: str | Path) -> "CharVocab":
        path = Path(path)
        if not path.is_file():
            raise ModelFilesError(f"{path}: vocabulary file not found")
        lines = read_model_text(path).split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        try:
            return cls(lines)
        except ModelFilesError as error:
            raise ModelFilesError(f"{path}: {error}") from error

    @classmethod
    def from_mapping(cls, token_to_id: Mapping[str, int]) -> "CharVocab":
        """From a tokenizer's ``get_vocab()`` (any BERT-family tokenizer)."""
        tokens = [""] * (max(token_to_id.values()) + 1)
        for token, index in token_to_id.items():
            tokens[index] = token
        return cls(tokens)

    @classmethod
    def from_pretrained(cls, name_or_path: str | Path) -> "CharVocab":
        """From a local folder with ``vocab.txt``, else a hub tokenizer."""
        local = Path(name_or_path) / VOCAB_FILE
        if local.is_file():
            return cls.from_file(local)
        from transformers import AutoTokenizer  # only the hub path needs it

        tokenizer = AutoTokenizer.from_pretrained(str(name_or_path))
        return cls.from_mapping(tokenizer.get_vocab())

    def save(self, folder: str | Path) -> None:
        """Write ``vocab.txt`` and a tokenizer config, so that the folder also
        loads with ``transformers.AutoTokenizer``."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / VOCAB_FILE).write_text("\n".join(self.tokens) + "\n", encoding="utf-8")
        config = {"tokenizer_class": "BertTokenizer", "do_lower_case": False, "tokenize_chinese_chars": True}
        (folder / "tokenizer_config.json").write_text(json.dumps(config, indent=2), encoding="utf-8")


def count_characters(texts: Iterable[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(text)
    return counts


def build_vocab(texts: Iterable[str], min_count: int = 2, max_size: int | None = None) -> CharVocab:
    """A character vocabulary from texts: special tokens, then ASCII letters
    and digits (always), then characters seen at least ``min_count`` times,
    most frequent first (ties by code point, so the result is deterministic)."""
    counts = count_characters(texts)
    ascii_chars = [chr(c) for c in range(33, 127)]
    tokens = list(SPECIAL_TOKENS) + ascii_chars
    seen = set(tokens)
    ranked = sorted(
        (char for char, n in counts.items() if n >= min_count and not char.isspace() and char not in seen),
        key=lambda char: (-counts[char], char),
    )
    if max_size is not None:
        ranked = ranked[: max(0, max_size - len(tokens))]
    return CharVocab(tokens + ranked)

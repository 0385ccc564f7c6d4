"""HTML in: the text a reader sees, with every character's offsets in the HTML.

A scraper hands over HTML; tagged as prose, its markup ends up inside
entities (``p><script>alert``). :func:`html_to_text` reads the page with the
standard library's ``html.parser`` (a tolerant, streaming parser that reports
where in the source each piece stands, which no tree-building parser does)
and builds the visible text the way a browser lays it out:

* ``script``, ``style``, ``template``, ``noscript``, the ``head`` (and its
  ``title``), frames, ``svg``, form ``select`` lists, comments, declarations and
  processing instructions are dropped, and so is every element with the
  ``hidden`` attribute or an inline ``display:none`` / ``visibility:hidden``;
* block elements (``p``, ``div``, ``h1``…, ``li``, table rows and cells …) and
  ``br`` become line breaks, because the record assembler reads lines as
  paragraphs; runs of HTML whitespace become one space (none at a line's
  start or end, and none for a line break in the source between two Chinese
  characters, as CSS does), except inside ``pre`` and ``textarea``;
* character references (``&amp;``, ``&#x5f20;``, ``&nbsp;``) become the
  characters they stand for.

The result keeps an :class:`~model.offsets.OffsetMap` from the visible text
into the HTML string and the positions where markup interrupts the text
(``breaks``), so that an entity can be given as a slice of the HTML that holds
no tag. :func:`read_article_file` reads ``.txt`` and ``.html`` files with
errors that name the file and the byte.
"""
from __future__ import annotations

import codecs
import html
import unicodedata
from array import array
from bisect import bisect_left
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from .errors import InputTextError
from .offsets import OffsetMap

#: Elements whose content is never shown.
SKIPPED = frozenset(
    {"script", "style", "template", "noscript", "head", "title", "iframe", "frame", "frameset", "object",
     "svg", "math", "select", "datalist", "canvas", "audio", "video"}
)
#: Elements that start and end a line.
BLOCKS = frozenset(
    {"address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "dir",
     "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
     "header", "hgroup", "hr", "html", "legend", "li", "listing", "main", "menu", "nav", "ol", "p", "pre",
     "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "textarea", "plaintext",
     "option", "optgroup", "br"}
)
#: Elements without content (no end tag).
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param", "source",
     "track", "wbr"}
)
#: Elements whose whitespace is kept as written.
PREFORMATTED = frozenset({"pre", "listing", "textarea", "plaintext"})
#: Elements a start tag closes when one is open right above it (HTML's implied end tags, the common cases).
_IMPLIED_END: dict[str, frozenset[str]] = {
    "li": frozenset({"li"}), "dt": frozenset({"dt", "dd"}), "dd": frozenset({"dt", "dd"}),
    "tr": frozenset({"tr", "td", "th"}), "td": frozenset({"td", "th"}), "th": frozenset({"td", "th"}),
    "option": frozenset({"option"}), "optgroup": frozenset({"option", "optgroup"}),
    "thead": frozenset({"tbody", "tr", "td", "th"}), "tbody": frozenset({"thead", "tbody", "tr", "td", "th"}),
    "tfoot": frozenset({"thead", "tbody", "tr", "td", "th"}),
}
#: Start tags that close an open ``p``.
_CLOSES_P = BLOCKS - {"br", "body", "html", "td", "th", "tr", "tbody", "thead", "tfoot", "caption", "option",
                      "optgroup", "dd", "dt", "li", "summary", "legend", "figcaption", "textarea"}
#: Elements that may stand in ``head``; anything else ends an unclosed head.
_HEAD_CONTENT = frozenset({"base", "link", "meta", "noscript", "script", "style", "template", "title"})
_HTML_SPACE = " \t\n\r\f"


@dataclass
class VisibleText:
    """The visible text of a page, its map into the HTML, and where markup breaks it."""

    text: str
    to_html: OffsetMap
    #: sorted positions of ``text`` right after which markup stands in the HTML
    breaks: list[int] = field(default_factory=list)

    def pieces(self, start: int, end: int) -> list[tuple[int, int]]:
        """``[start, end)`` cut where markup interrupts it, each piece without
        whitespace at its ends (empty pieces left out)."""
        cuts = self.breaks[bisect_left(self.breaks, start + 1) : bisect_left(self.breaks, end)]
        result = []
        for piece_start, piece_end in zip([start, *cuts], [*cuts, end]):
            while piece_start < piece_end and self.text[piece_start].isspace():
                piece_start += 1
            while piece_end > piece_start and self.text[piece_end - 1].isspace():
                piece_end -= 1
            if piece_start < piece_end:
                result.append((piece_start, piece_end))
        return result


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("F", "W", "H") and not "\uac00" <= char <= "\ud7a3"


def _hidden(attrs: list[tuple[str, str | None]]) -> bool:
    for name, value in attrs:
        if name == "hidden":
            return True
        if name == "style" and value:
            for declaration in value.lower().split(";"):
                prop, _, setting = declaration.partition(":")
                setting = setting.replace("!important", "").strip()
                if (prop.strip(), setting) in (("display", "none"), ("visibility", "hidden"), ("visibility", "collapse")):
                    return True
    return False


class _Extractor(HTMLParser):
    """Streams the page once; appends visible characters with their source spans."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0]
        position = source.find("\n")
        while position >= 0:
            self.line_starts.append(position + 1)
            position = source.find("\n", position + 1)
        self.chunks: list[str] = []
        self.last = ""  # the last character emitted
        self.length = 0
        self.starts = array("q")
        self.ends = array("q")
        self.breaks: list[int] = []
        self.pending: tuple[int, int, bool] | None = None  # whitespace run: source span, holds a line break
        self.stack: list[tuple[str, bool]] = []  # open elements: name, hides its content
        self.open_count: dict[str, int] = {}
        self.hidden_depth = 0
        self.pre_depth = 0

    # -- positions -----------------------------------------------------------
    def _here(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _markup(self) -> None:
        if not self.breaks or self.breaks[-1] != self.length:
            self.breaks.append(self.length)

    # -- output ------------------------------------------------------------
    def _append(self, text: str, start: int, end: int | None = None) -> None:
        """Emit ``text`` from ``source[start:]`` (one source character each), or all from ``[start, end)``."""
        self.chunks.append(text)
        if end is None:
            self.starts.extend(range(start, start + len(text)))
            self.ends.extend(range(start + 1, start + len(text) + 1))
        else:
            self.starts.extend([start] * len(text))
            self.ends.extend([end] * len(text))
        self.length += len(text)
        self.last = text[-1]

    def _flush_space(self, next_char: str) -> None:
        if self.pending is None:
            return
        start, end, has_newline = self.pending
        self.pending = None
        if not self.last or self.last == "\n":
            return
        if has_newline and _wide(self.last) and _wide(next_char):
            return  # a source line break between Chinese characters shows as nothing
        self._append(" ", start, end)

    def _space(self, start: int, end: int, has_newline: bool) -> None:
        if self.pending is None:
            self.pending = (start, end, has_newline)
        else:
            self.pending = (self.pending[0], end, self.pending[2] or has_newline)

    def _line_break(self, start: int, end: int) -> None:
        self.pending = None
        if self.last and self.last != "\n":
            self._append("\n", start, end)

    def _visible(self, text: str, start: int, end: int | None = None) -> None:
        """Characters of a text node (``end`` given: all stand for ``source[start:end]``, a reference)."""
        if self.hidden_depth or not text:
            return
        if self.pre_depth:
            self._flush_space(text[0])
            self._append(text, start, end)
            return
        position = 0
        while position < len(text):
            if text[position] in _HTML_SPACE:
                run_end = position
                while run_end < len(text) and text[run_end] in _HTML_SPACE:
                    run_end += 1
                newline = "\n" in text[position:run_end] or "\r" in text[position:run_end]
                if end is None:
                    self._space(start + position, start + run_end, newline)
                else:
                    self._space(start, end, newline)
                position = run_end
                continue
            run_end = position
            while run_end < len(text) and text[run_end] not in _HTML_SPACE:
                run_end += 1
            self._flush_space(text[position])
            if end is None:
                self._append(text[position:run_end], start + position)
            else:
                self._append(text[position:run_end], start, end)
            position = run_end

    # -- parser events -------------------------------------------------------
    def handle_data(self, data: str) -> None:
        start = self._here()
        if self.source.startswith(data, start):
            self._visible(data, start)
        else:  # not seen with html.parser (it passes the source's own text); kept exact all the same
            self._visible(data, start, max(start + 1, min(len(self.source), start + len(data))))

    def _reference(self, raw_length: int) -> None:
        start = self._here()
        end = start + raw_length
        if self.source.startswith(";", end):
            end += 1
        raw = self.source[start:end]
        shown = html.unescape(raw)
        if shown == raw:
            self._visible(shown, start)
        else:
            self._visible(shown, start, end)

    def handle_entityref(self, name: str) -> None:
        self._reference(1 + len(name))

    def handle_charref(self, name: str) -> None:
        self._reference(2 + len(name))

    def _open(self, tag: str, hides: bool) -> None:
        self.stack.append((tag, hides))
        self.open_count[tag] = self.open_count.get(tag, 0) + 1
        if hides:
            self.hidden_depth += 1
        if tag in PREFORMATTED:
            self.pre_depth += 1

    def _close_top(self) -> str:
        tag, hides = self.stack.pop()
        self.open_count[tag] -= 1
        if hides:
            self.hidden_depth -= 1
        if tag in PREFORMATTED:
            self.pre_depth -= 1
        return tag

    def _close(self, tag: str) -> None:
        if self.open_count.get(tag, 0) <= 0:
            return
        while self._close_top() != tag:
            pass

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._here()
        self._markup()
        if self.open_count.get("head", 0) and (tag == "body" or tag not in _HEAD_CONTENT):
            self._close("head")
        implied = _IMPLIED_END.get(tag)
        while self.stack and ((implied and self.stack[-1][0] in implied) or (tag in _CLOSES_P and self.stack[-1][0] == "p")):
            self._close_top()
        if tag in BLOCKS:
            self._line_break(start, max(start + 1, self._tag_end(start)))
        if tag not in VOID:
            self._open(tag, tag in SKIPPED or _hidden(attrs))
        self._markup()

    def _tag_end(self, start: int) -> int:
        end = self.source.find(">", start)
        return len(self.source) if end < 0 else end + 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self._close(tag)

    def handle_endtag(self, tag: str) -> None:
        start = self._here()
        self._markup()
        if tag in BLOCKS:
            self._line_break(start, max(start + 1, self._tag_end(start)))
        self._close(tag)
        self._markup()

    def handle_comment(self, data: str) -> None:
        self._markup()

    def handle_decl(self, decl: str) -> None:
        self._markup()

    def handle_pi(self, data: str) -> None:
        self._markup()

    def unknown_decl(self, data: str) -> None:
        self._markup()

    def result(self) -> VisibleText:
        text = "".join(self.chunks)
        return VisibleText(text, OffsetMap.from_arrays(self.starts, self.ends, len(self.source)), self.breaks)


def html_to_text(source: str) -> VisibleText:
    """The visible text of an HTML document or fragment (see the module docstring)."""
    extractor = _Extractor(source)
    extractor.feed(source)
    extractor.close()
    return extractor.result()


# ---------------------------------------------------------------------------
# Files

HTML_SUFFIXES = (".html", ".htm")


class _CharsetSniffer(HTMLParser):
    """The charset a page declares in a ``<meta>`` (what browsers read before decoding)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.charset: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "meta" or self.charset is not None:
            return
        values = {name: value or "" for name, value in attrs}
        if values.get("charset"):
            self.charset = values["charset"].strip()
        elif values.get("http-equiv", "").lower() == "content-type":
            _, _, rest = values.get("content", "").lower().partition("charset=")
            self.charset = rest.strip(" \"';") or None


def _declared_charset(data: bytes) -> str:
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return name
    sniffer = _CharsetSniffer()
    sniffer.feed(data[:4096].decode("latin-1"))
    label = (sniffer.charset or "utf-8").lower()
    if label in ("gb2312", "gbk", "x-gbk", "gb_2312-80", "chinese", "csgb2312"):
        return "gb18030"  # what browsers decode these labels as (a superset)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return "utf-8"


def read_article_file(path: str | Path) -> tuple[str, str]:
    """``(text, input_format)`` of a ``.txt`` article (UTF-8) or an ``.html``/``.htm``
    page (the charset its BOM or ``<meta>`` declares, else UTF-8).

    Raises :class:`InputTextError` naming the file: not found, unreadable, or
    not valid in its encoding (with the byte offset).
    """
    path = Path(path)
    if not path.is_file():
        raise InputTextError(f"{path}: file not found")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputTextError(f"{path}: cannot read the file ({error.strerror or error})") from error
    is_html = path.suffix.lower() in HTML_SUFFIXES
    encoding = _declared_charset(data) if is_html else "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputTextError(
            f"{path}: not valid {encoding} text at byte {error.start} ({error.reason}); save it as UTF-8"
        ) from error
    return text, ("html" if is_html else "text")

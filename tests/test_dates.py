"""Date resolution (model.dates) on hand-written expressions."""
from __future__ import annotations

import datetime as dt

import pytest

from model.dates import DateContext, is_vague, normalize_numerals, resolve_date, resolve_range

D = dt.date
PUBLISHED = "2023-06-14"


@pytest.mark.parametrize(
    ("expression", "previous", "expected"),
    [
        ("6月12日", None, D(2023, 6, 12)),
        ("12日", None, D(2023, 6, 12)),
        ("13日上午", None, D(2023, 6, 13)),
        ("12号", None, D(2023, 6, 12)),
        ("今天（6月13日）下午", None, D(2023, 6, 13)),  # the parenthetical wins over publication
        ("今天", None, D(2023, 6, 14)),
        ("今日上午", None, D(2023, 6, 14)),
        ("昨天", None, D(2023, 6, 13)),
        ("昨晚", None, D(2023, 6, 13)),
        ("前天", None, D(2023, 6, 12)),
        ("当天", D(2023, 6, 9), D(2023, 6, 9)),
        ("同日下午", D(2023, 6, 9), D(2023, 6, 9)),
        ("同一天", D(2023, 6, 9), D(2023, 6, 9)),
        ("当晚", D(2023, 6, 9), D(2023, 6, 9)),
        ("次日", D(2023, 6, 9), D(2023, 6, 10)),
        ("8日至10日", None, D(2023, 6, 8)),
        ("5月30日—6月1日", None, D(2023, 5, 30)),
        ("2021年3月5日", None, D(2021, 3, 5)),
        ("2023-06-09 10:21", None, D(2023, 6, 9)),
        ("六月十二日", None, D(2023, 6, 12)),
        ("二〇二二年十一月三日", None, D(2022, 11, 3)),
        ("２０２３年６月１日", None, D(2023, 6, 1)),
        ("去年12月20日", None, D(2022, 12, 20)),
        ("上月28日", None, D(2023, 5, 28)),
    ],
)
def test_resolve(expression, previous, expected):
    assert resolve_date(expression, PUBLISHED, previous) == expected


@pytest.mark.parametrize("expression", ["近日", "日前", "近期", "连日来", "此前", "目前"])
def test_vague_is_none(expression):
    assert is_vague(expression)
    assert resolve_date(expression, PUBLISHED, D(2023, 6, 1)) is None


def test_same_day_without_a_previous_date_is_none():
    assert resolve_date("同日", PUBLISHED, None) is None


def test_day_after_publication_falls_in_previous_month():
    # published on the 2nd of March: "28日" is the 28th of February
    assert resolve_date("28日", "2024-03-02") == D(2024, 2, 28)
    assert resolve_date("1日", "2024-03-02") == D(2024, 3, 1)


def test_year_rollover_around_new_year():
    assert resolve_date("12月30日", "2024-01-02") == D(2023, 12, 30)
    assert resolve_date("1月1日", "2024-01-02") == D(2024, 1, 1)
    assert resolve_date("12月31日", "2023-12-31") == D(2023, 12, 31)


def test_without_publication_the_previous_date_anchors():
    assert resolve_date("5日", None, D(2021, 4, 2)) == D(2021, 4, 5)
    assert resolve_date("4月5日", None, D(2021, 4, 2)) == D(2021, 4, 5)
    assert resolve_date("5日", None, None) is None
    assert resolve_date("今天", None, None) is None


def test_dateline_day_overrides_publication_for_today():
    # 本报杭州3月1日电　今天… published on the 2nd
    assert resolve_date("今天", "2023-03-02", today=D(2023, 3, 1)) == D(2023, 3, 1)
    assert resolve_date("昨天", "2023-03-02", today=D(2023, 3, 1)) == D(2023, 2, 28)


def test_context_chains_same_day_mentions():
    context = DateContext("2023-06-14")
    assert context.resolve("12日上午") == D(2023, 6, 12)
    assert context.resolve("同日下午") == D(2023, 6, 12)
    context.resolve("11日", anchor=False)  # e.g. a dateline or a planned date: it does not anchor
    assert context.resolve("同一天") == D(2023, 6, 12)
    assert context.resolve("13日") == D(2023, 6, 13)
    assert context.resolve("当晚") == D(2023, 6, 13)
    assert context.resolve("近日") is None
    assert context.resolve("当天") == D(2023, 6, 13)  # 近日 leaves the chain alone


def test_ranges():
    assert resolve_range("8日至10日", PUBLISHED) == (D(2023, 6, 8), D(2023, 6, 10))
    assert resolve_range("5月30日—6月1日", PUBLISHED) == (D(2023, 5, 30), D(2023, 6, 1))
    assert resolve_range("6-8日", PUBLISHED) == (D(2023, 6, 6), D(2023, 6, 8))
    assert resolve_range("13日上午", PUBLISHED) is None


def test_bad_input_never_raises():
    assert resolve_date("", PUBLISHED) is None
    assert resolve_date("2月30日", PUBLISHED) is None
    assert resolve_date("下午", "not a date") is None
    assert resolve_date(None, PUBLISHED) is None  # type: ignore[arg-type]
    assert normalize_numerals("十二月二十一日") == "12月21日"

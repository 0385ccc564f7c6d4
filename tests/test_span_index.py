"""SpanIndex finds the same overlapping entities as a scan of the whole list."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from model.entities import Entity
from model.span_index import SpanIndex

spans = st.tuples(st.integers(0, 60), st.integers(1, 12), st.sampled_from(["PER", "LOC", "DATE"])).map(
    lambda t: Entity(t[0], t[0] + t[1], t[2], "x" * t[1])
)


@given(st.lists(spans, max_size=30), st.integers(0, 70), st.integers(1, 15))
def test_overlapping_is_the_brute_force_answer(entities, start, length):
    end = start + length
    expected = sorted(e for e in entities if e.start < end and e.end > start)
    assert SpanIndex(entities).overlapping(start, end) == expected


@given(st.lists(spans, max_size=20), spans, st.integers(0, 70))
def test_add_and_replace_keep_the_answers_right(entities, added, start):
    index = SpanIndex(entities)
    index.add(added)
    assert index.to_list() == sorted(entities + [added])
    old = index.overlapping(start, start + 5)
    new = Entity(start, start + 5, "ORG", "xxxxx")
    index.replace(old, new)
    remaining = list(entities + [added])
    for entity in old:
        remaining.remove(entity)
    assert index.to_list() == sorted(remaining + [new])
    assert new in index.overlapping(start + 4, start + 5)


def test_removing_an_entity_that_is_not_there_is_an_error():
    index = SpanIndex([Entity(0, 2, "PER", "张三")])
    with pytest.raises(ValueError, match="not in the index"):
        index.remove(Entity(0, 2, "LOC", "张三"))

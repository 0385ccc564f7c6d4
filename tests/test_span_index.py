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


def test_claim_replaces_spans_inside_of_the_allowed_labels_and_refuses_otherwise():
    inside = [Entity(2, 4, "PER", "xx", 0.4), Entity(4, 5, "LOC", "x", 0.7)]
    index = SpanIndex(inside + [Entity(8, 10, "DATE", "xx", 0.9)])
    assert index.claim(1, 6, "LOC", "xxxxx", ("PER", "LOC"))
    assert index.to_list() == [Entity(1, 6, "LOC", "xxxxx", 0.7), Entity(8, 10, "DATE", "xx", 0.9)]
    # a span of another label, or one reaching outside, blocks the claim and is kept as it is
    assert not index.claim(7, 9, "LOC", "xx", ("PER", "LOC"))
    assert not index.claim(2, 4, "ORG", "xx", ("PER", "LOC"))
    assert index.to_list() == [Entity(1, 6, "LOC", "xxxxx", 0.7), Entity(8, 10, "DATE", "xx", 0.9)]
    # a free span scores 1.0
    assert index.claim(11, 13, "ORG", "xx", ())
    assert index.to_list()[-1] == Entity(11, 13, "ORG", "xx", 1.0)

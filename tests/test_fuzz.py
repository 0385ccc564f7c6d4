"""Fuzz and abuse: random Unicode (all planes, lone surrogates, combining marks), random HTML,
very long lines, a million newlines, deeply nested HTML. Each ends in a result whose offsets are
exact, or in a typed PolicyIEError; never another exception. Sizes are bounded to keep it fast
(the 1,000,000-character article is scripts/long_input.py)."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import check_result
from model import PolicyIEError, load_model, predict
from model.document import Document
from model.entities import LABELS, Entity
from model.records import MeetingRecord, Person

FUZZ = settings(max_examples=200, deadline=None, derandomize=True, database=None)

NEWS = list("11月12日，省委书记王明主持召开省委常委会会议。國務院總理李強出席黨委會議《关于加强工作的意见》全省电视电话会议")
ODD = list("\x00\x01\x1b\x7f\u200b\u200d\ufeff\u00ad\u2028\r\n\t \u3000\u00a0１２Ａ\u0301\u0308\ufe0f🙂𠀀\U0010fffd<>&;")
CHARACTERS = st.one_of(
    st.sampled_from(NEWS), st.sampled_from(ODD), st.characters(exclude_categories=()),  # every plane, surrogates too
)
STRINGS = st.text(CHARACTERS, max_size=80)
#: News phrases with odd characters between them, so that the model finds entities to map back.
PHRASES = ["11月12日，", "省委书记", "王明", "主持召开", "省委常委会会议", "。", "國務院總理", "李強", "出席", "\n",
           "《关于加强工作的意见》", "１１月１２日", "Premier ", "全省电视电话会议"]
NOISY_NEWS = st.lists(st.one_of(st.sampled_from(PHRASES), CHARACTERS), max_size=30).map("".join)


def outcome(source: str, model, input_format: str = "text"):
    """The result of predict(), or None for a typed error; any other exception fails the test."""
    try:
        return predict(source, model=model, published="2024-11-22", input_format=input_format)
    except PolicyIEError:
        return None


@pytest.fixture(scope="module")
def tiny(tiny_model):
    return load_model(tiny_model)


# ------------------------------------------------------------ the maps, with entities everywhere

@st.composite
def documents_with_spans(draw):
    input_format = draw(st.sampled_from(["text", "html"]))
    if input_format == "html":
        parts = draw(st.lists(st.one_of(STRINGS.map(lambda s: s.replace("<", "")), st.sampled_from(
            ["<p>", "</p>", "<b>", "</b>", "<br>", "<script>x<y</script>", "<!-- c -->", "&amp;", "&#x5f20;"])), max_size=12))
        source = "".join(parts)
    else:
        source = draw(STRINGS)
    document = Document.from_input(source, input_format)
    length = len(document.normalized)
    cuts = sorted(draw(st.lists(st.integers(0, length), max_size=8, unique=True))) if length else []
    spans = [(a, b) for a, b in zip(cuts[::2], cuts[1::2]) if a < b]
    return source, input_format, document, spans


@FUZZ
@given(documents_with_spans(), st.sampled_from(LABELS))
def test_any_span_of_the_model_text_maps_to_an_exact_slice(case, label):
    source, input_format, document, spans = case
    entities = [Entity(a, b, label, document.normalized[a:b], 0.5) for a, b in spans]
    mapped = document.entities_to_original(entities)
    end = 0
    for entity in mapped:
        assert source[entity.start : entity.end] == entity.text
        assert end <= entity.start < entity.end <= len(source)  # monotone: order kept, nothing overlaps
        end = entity.end
        if input_format == "html":
            assert "<" not in entity.text  # no entity spans a tag
    if input_format == "text":
        assert len(mapped) == len(entities)  # plain text: one entity each, never split or lost
    # record values become the shown text of their spans, evidence the original offsets
    people = [Person(e.text, name_span=(e.start, e.end)) for e in entities]
    record = MeetingRecord(people=people, passage=(0, len(document.normalized)))
    back = document.record_to_original(record)
    assert 0 <= back.passage[0] <= back.passage[1] <= len(source)
    for person, (a, b) in zip(back.people, spans):
        assert person.name == document.shown_string(a, b)
        assert person.name_span == document.original_span(a, b)
        assert 0 <= person.name_span[0] < person.name_span[1] <= len(source)


# ------------------------------------------------------------ predict() with the shipped model

@FUZZ
@given(st.one_of(STRINGS, NOISY_NEWS))
def test_random_strings_give_a_result_or_a_typed_error(shipped_model, source):
    result = outcome(source, shipped_model)
    if result is not None:
        check_result(source, result)


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(st.one_of(STRINGS, NOISY_NEWS))
def test_random_strings_read_as_html(shipped_model, source):
    result = outcome(source, shipped_model, "html")
    if result is not None:
        check_result(source, result)


@settings(max_examples=40, deadline=None, derandomize=True, database=None)
@given(st.text(st.characters(codec="ascii"), max_size=80))
def test_ascii_text_gives_no_entity_but_numeric_dates(shipped_model, source):
    result = outcome(source, shipped_model)
    if result is not None:
        check_result(source, result)
        assert all(e.label == "DATE" and any(c.isdigit() for c in e.text) for e in result.entities)


def test_a_batch_of_odd_articles(shipped_model):
    batch = ["会\u0301议" * 50, "\U0001f600" * 300, "A" * 1000, "\u3000" * 10 + "会议", "國務院常務會議" * 40]
    for source, result in zip(batch, predict(batch, model=shipped_model)):
        check_result(source, result)


# ------------------------------------------------------------ abuse, with the tiny model (speed)

def test_a_very_long_line(tiny):
    source = "省委书记王明主持召开会议，" * 2000 + "ABC" * 3000
    check_result(source, predict(source, model=tiny))


def test_a_million_newlines(tiny):
    source = "省委召开会议" + "\n" * 999_000 + "王明主持"
    result = predict(source, model=tiny)
    check_result(source, result)
    assert all(e.start < 6 or e.start >= 999_006 for e in result.entities)
    with pytest.raises(PolicyIEError, match="empty"):
        predict("\n" * 1_000_000, model=tiny)
    with pytest.raises(PolicyIEError, match="over the limit"):
        predict("会" + "\n" * 1_000_000, model=tiny)


def test_deeply_nested_and_broken_html(tiny):
    deep = "<div>" * 50_000 + "省委召开常委会会议。" + "</div>" * 50_000
    check_result(deep, predict(deep, model=tiny, input_format="html"))
    unclosed = "<p><b><i><span>" * 10_000 + "会议"
    check_result(unclosed, predict(unclosed, model=tiny, input_format="html"))
    with pytest.raises(PolicyIEError, match="no visible text"):
        predict("<br>" * 250_000, model=tiny, input_format="html")
    with pytest.raises(PolicyIEError, match="no visible text"):
        predict("<script>" + "会议" * 1000, model=tiny, input_format="html")

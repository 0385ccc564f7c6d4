"""The validator names the file, the line and the problem for each kind of bad input."""
from __future__ import annotations

import json

import pytest

from model.errors import AnnotationError
from train.annotations import read_articles, read_ner_corpus
from train.markup import parse_markup

TEXT = "3月2日，江西省委召开常委会会议，省委书记吴立新主持会议。会议学习了《关于加强耕地保护的意见》。"


def good_article() -> dict:
    def span(s, label):
        start = TEXT.index(s)
        return {"start": start, "end": start + len(s), "label": label, "text": s}

    return {
        "id": "t-1",
        "published": "2024-03-03",
        "source": "测试",
        "text": TEXT,
        "entities": [
            span("3月2日", "DATE"), span("江西省委", "ORG"), span("常委会会议", "MEETING"),
            span("省委书记", "TITLE"), span("吴立新", "PER"), span("关于加强耕地保护的意见", "DOC"),
        ],
        "records": [{
            "date": "2024-03-02", "date_text": "3月2日", "region": "江西省", "meeting": "常委会会议",
            "organizer": "江西省委",
            "people": [{"name": "吴立新", "titles": ["省委书记"], "roles": ["chair"]}],
            "documents": ["关于加强耕地保护的意见"],
        }],
    }


def write(tmp_path, *articles, raw_lines=()):
    path = tmp_path / "articles.jsonl"
    lines = [json.dumps(a, ensure_ascii=False) for a in articles] + list(raw_lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_good_article_reads(tmp_path):
    [article] = read_articles(write(tmp_path, good_article()))
    assert len(article.entities) == 6 and article.records[0]["region"] == "江西省"


def test_extra_keys_are_written_back_in_a_fixed_order(tmp_path):
    # The corpus files are rewritten by scripts/build_corpus.py; a set-ordered
    # write made every line change with the string-hash seed.
    data = {**good_article(), "form": "party_paper", "kind": "standing_committee"}
    [article] = read_articles(write(tmp_path, data))
    assert list(article.to_dict())[-2:] == ["kind", "form"]


def bad(mutate):
    article = good_article()
    mutate(article)
    return article


CASES = {
    "offset mismatch": (lambda a: a["entities"][1].update(start=6, end=10), "offset mismatch"),
    "overlapping spans": (lambda a: a["entities"].append({"start": 5, "end": 7, "label": "LOC", "text": "江西"}), "overlapping"),
    "unknown label": (lambda a: a["entities"][0].update(label="TIME"), "unknown label 'TIME'"),
    "offset outside text": (lambda a: a["entities"][0].update(start=400, end=404), "outside the text"),
    "offset of wrong type": (lambda a: a["entities"][0].update(start="5"), "must be int"),
    "record name no PER": (lambda a: a["records"][0]["people"][0].update(name="王五"), "no PER entity"),
    "record title of wrong label": (lambda a: a["records"][0]["people"][0].update(titles=["江西省委"]), "no TITLE entity"),
    "record meeting no MEETING": (lambda a: a["records"][0].update(meeting="全体会议"), "no MEETING entity"),
    "record document no DOC": (lambda a: a["records"][0].update(documents=["常委会会议"]), "no DOC entity"),
    "bad ISO date": (lambda a: a["records"][0].update(date="2024-02-30"), "not an ISO date"),
    "bad published": (lambda a: a.update(published="2024/03/03"), "not an ISO date"),
    "unknown region": (lambda a: a["records"][0].update(region="江西"), "canonical"),
    "unknown role": (lambda a: a["records"][0]["people"][0].update(roles=["host"]), "unknown role"),
    "record missing key": (lambda a: a["records"][0].pop("organizer"), "lacks organizer"),
    "empty text": (lambda a: a.update(text="", entities=[], records=[]), "empty"),
    "unknown article key": (lambda a: a.update(body="x"), "unknown keys body"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_kind_of_bad_article_names_file_line_and_problem(tmp_path, name):
    mutate, message = CASES[name]
    path = write(tmp_path, good_article() | {"id": "ok"}, bad(mutate))
    with pytest.raises(AnnotationError) as info:
        read_articles(path)
    assert info.value.line == 2
    assert str(path) in str(info.value) and "line 2" in str(info.value)
    assert message in str(info.value)


def test_invalid_json_and_duplicate_ids(tmp_path):
    with pytest.raises(AnnotationError, match="line 2: invalid JSON"):
        read_articles(write(tmp_path, good_article(), raw_lines=["{not json"]))
    with pytest.raises(AnnotationError, match="line 2: duplicate id 't-1'"):
        read_articles(write(tmp_path, good_article(), good_article()))


def test_missing_file_is_named(tmp_path):
    with pytest.raises(AnnotationError, match="file not found"):
        read_articles(tmp_path / "nope.jsonl")


def test_ner_corpus_label_map_and_unknown_label(tmp_path):
    path = tmp_path / "ner.jsonl"
    row = {"id": "x", "text": "张三在北京", "entities": [
        {"start": 0, "end": 2, "label": "name", "text": "张三"},
        {"start": 3, "end": 5, "label": "address", "text": "北京"}]}
    path.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    [article] = read_ner_corpus(path, "cluener")
    assert [(e.label, e.text) for e in article.entities] == [("PER", "张三"), ("LOC", "北京")]
    with pytest.raises(AnnotationError, match="line 1: label 'address' is not in the label map"):
        read_ner_corpus(path, {"name": "PER"})


MARKUP = """### id: m-1
published: 2024-03-03
kind: standing_committee

[3月2日]{DATE}，[江西省委]{ORG}召开[常委会会议]{MEETING}。

[省委书记]{TITLE}[吴立新]{PER}主持。

@records
{"date": "2024-03-02", "date_text": "3月2日", "region": "江西省", "meeting": "常委会会议", "organizer": "江西省委", "people": [{"name": "吴立新", "titles": ["省委书记"], "roles": ["chair"]}], "documents": []}
"""


def test_markup_converts_to_offsets():
    [(line, article)] = parse_markup(MARKUP)
    assert line == 1
    text = article["text"]
    assert text == "3月2日，江西省委召开常委会会议。\n\n省委书记吴立新主持。"
    for entity in article["entities"]:
        assert text[entity["start"] : entity["end"]] == entity["text"]
    assert article["kind"] == "standing_committee" and len(article["records"]) == 1


def test_markup_errors_name_the_line():
    broken = MARKUP.replace("[吴立新]{PER}", "[吴立新{PER}")
    with pytest.raises(AnnotationError, match="line 7: stray"):
        parse_markup(broken, "x.md")
    with pytest.raises(AnnotationError, match="line 10: record is not valid JSON"):
        parse_markup(MARKUP.replace('"documents": []}', '"documents": []'), "x.md")

"""Input as it comes from the world, through predict() with the shipped model: HTML, full-width,
invisible characters, traditional script, Latin text. Entities are checked against the strings given."""
from __future__ import annotations

import html
import json
from pathlib import Path

import opencc
import pytest

from conftest import check_result
from model import InputTextError, predict
from policy_ie.cli import main as cli_main
from model.errors import AnnotationError, ConfigError, ModelFilesError, PolicyIEError
from model.html_input import html_to_text

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = (ROOT / "data" / "samples" / "sample_article.txt").read_text(encoding="utf-8")
PUBLISHED = "2024-11-22"
INVISIBLE = "\x00\x01\u200b\u200c\u200d\u2060\ufeff\u00ad"



def spans(result) -> list[tuple[int, int, str]]:
    return [(e.start, e.end, e.label) for e in result.entities]


def records(result) -> list[dict]:
    return [record.to_dict() for record in result.records]


# ----------------------------------------------------------------------------- HTML

def sample_page() -> str:
    paragraphs = [p for p in SAMPLE.split("\n") if p.strip()]
    body = []
    for index, paragraph in enumerate(paragraphs):
        escaped = html.escape(paragraph, quote=False).replace("，", "&#xff0c;")
        if index == 1:
            escaped = escaped.replace("省委书记", "<a href='/leader?id=1&amp;x=2'>省委书记</a>")
        body.append(f"<p class=\"text\">\n  {escaped}\n</p>")
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>森林防火 - 新闻网</title>"
        "<style>p { margin: 0 }</style><script>var 会议 = '<p>王明主持</p>';</script></head><body>"
        "<div class='nav'><a href='/'>首页</a> | <a href='/news'>新闻</a></div><!-- 正文开始 -->"
        + "".join(body) + "<script>alert(1)</script></body></html>"
    )


def test_html_is_read_as_its_visible_text(shipped_model):
    page = sample_page()
    result = predict(page, published=PUBLISHED, model=shipped_model, input_format="html")
    check_result(page, result)
    assert result.entities and result.records
    script = page.index("<script>alert")
    for entity in result.entities:
        assert "<" not in entity.text and ">" not in entity.text, entity
        assert not page.index("<style>") <= entity.start < page.index("</head>") and entity.start < script
    # the model read exactly the visible text: same entities and records as for that text given plainly
    shown = html_to_text(page).text
    plain = predict(shown, published=PUBLISHED, model=shipped_model)
    assert [(e.label, html.unescape(e.text)) for e in result.entities] == [(e.label, e.text) for e in plain.entities]
    assert records(result) == records(plain)
    assert any(r.to_dict()["people"] for r in result.records)


def test_html_example_of_the_issue(shipped_model):
    page = "<p>11月12日，省委书记王明主持召开省委常委会会议。</p><script>alert(1)</script>"
    result = predict(page, published=PUBLISHED, model=shipped_model, input_format="html")
    check_result(page, result)
    assert all("script" not in e.text and "<" not in e.text for e in result.entities)
    assert {(e.label, e.text) for e in result.entities} >= {("PER", "王明"), ("DATE", "11月12日")}
    assert result.records[0].date == "2024-11-12"


def test_an_entity_split_by_markup_comes_in_tag_free_pieces(shipped_model):
    page = "<p>11月12日，省委书记<b>王</b>明主持召开省委常委会会议。</p>"
    result = predict(page, published=PUBLISHED, model=shipped_model, input_format="html")
    check_result(page, result)
    assert all("<" not in e.text for e in result.entities)
    plain = predict("11月12日，省委书记王明主持召开省委常委会会议。", published=PUBLISHED, model=shipped_model)
    assert records(result) == records(plain)  # the record still has the whole name


# ------------------------------------------------------------------ characters

def test_full_width_digits_date_a_record_like_ascii_ones(shipped_model):
    wide = SAMPLE.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    result = predict(wide, published=PUBLISHED, model=shipped_model)
    plain = predict(SAMPLE, published=PUBLISHED, model=shipped_model)
    check_result(wide, result)
    assert spans(result) == spans(plain)
    assert [r.date for r in result.records] == [r.date for r in plain.records]
    assert result.records[0].date == "2024-11-20" and result.records[0].date_text == "１１月２０日"


def test_invisible_characters_stay_out_of_entities(shipped_model):
    noisy = "\ufeff" + "".join(char + (INVISIBLE[i % len(INVISIBLE)] if i % 5 == 4 else "") for i, char in enumerate(SAMPLE))
    result = predict(noisy, published=PUBLISHED, model=shipped_model)
    plain = predict(SAMPLE, published=PUBLISHED, model=shipped_model)
    check_result(noisy, result)
    strip = str.maketrans("", "", INVISIBLE)
    assert [(e.label, e.text.translate(strip)) for e in result.entities] == [(e.label, e.text) for e in plain.entities]
    for entity in result.entities:
        assert entity.text[0] not in INVISIBLE and entity.text[-1] not in INVISIBLE
    def without_invisible(value):
        if isinstance(value, str):
            return value.translate(strip)
        if isinstance(value, list):
            return [without_invisible(item) for item in value]
        if isinstance(value, dict):
            return {key: without_invisible(item) for key, item in value.items()}
        return value

    assert without_invisible(records(result)) == records(plain)


def test_the_control_character_example_of_the_issue(shipped_model):
    text = "\x00\x01会议🙂\u200b\ufeff"
    result = predict(text, model=shipped_model)
    check_result(text, result)
    assert all(e.text[0] not in INVISIBLE and e.text[-1] not in INVISIBLE for e in result.entities)
    with pytest.raises(InputTextError, match="only invisible characters"):
        predict("\x00\u200b\ufeff", model=shipped_model)


def test_traditional_script_is_read_as_simplified(shipped_model):
    traditional = opencc.OpenCC("s2t").convert(SAMPLE)
    assert traditional != SAMPLE
    result = predict(traditional, published=PUBLISHED, model=shipped_model)
    plain = predict(SAMPLE, published=PUBLISHED, model=shipped_model)
    check_result(traditional, result)
    assert spans(result) == spans(plain)
    assert [r.date for r in result.records] == [r.date for r in plain.records]
    assert [r.region for r in result.records] == [r.region for r in plain.records]
    names = [p.name for r in result.records for p in r.people]
    assert names == [traditional[slice(*p.name_span)] for r in result.records for p in r.people]


def test_the_traditional_example_of_the_issue(shipped_model):
    text = "內蒙古自治區黨委書記孫紹騁主持召開自治區黨委常委會會議。"
    result = predict(text, model=shipped_model)
    simplified = predict("内蒙古自治区党委书记孙绍骋主持召开自治区党委常委会会议。", model=shipped_model)
    assert spans(result) == spans(simplified)
    texts = {(e.label, e.text) for e in result.entities}
    assert ("LOC", "蒙古") not in texts and ("PER", "區黨委書記孫紹騁") not in texts and ("PER", "會會議") not in texts
    assert any(e.label == "TITLE" and e.text.startswith("內蒙古自治區") for e in result.entities)


def test_latin_text_yields_no_entities(shipped_model):
    text = "The State Council held an executive meeting on Friday chaired by Premier Li Qiang.\nSee 2024-11-12 notes."
    result = predict(text, model=shipped_model)
    check_result(text, result)
    assert all(e.label == "DATE" and any(c.isdigit() for c in e.text) for e in result.entities)


def test_mixed_text_keeps_its_chinese_entities(shipped_model):
    text = "11月12日，国务院总理李强（Li Qiang）主持召开国务院常务会议，世界卫生组织总干事谭德塞（Tedros Adhanom）出席会议。"
    result = predict(text, published=PUBLISHED, model=shipped_model)
    check_result(text, result)
    found = {(e.label, e.text) for e in result.entities}
    assert {("PER", "李强"), ("PER", "谭德塞")} <= found
    assert not any(c.isascii() and c.isalpha() for e in result.entities if e.label in ("PER", "TITLE", "LOC") for c in e.text)
    people = [p.name for r in result.records for p in r.people]
    assert "李强" in people and not any("Li" in name for name in people)


# ------------------------------------------------------------------ CLI and errors

def test_cli_reads_html_files(tmp_path, capsys, shipped_model):
    page = tmp_path / "news.html"
    source = "<html><body><p>11月12日，省委书记王明主持召开省委常委会会议。</p><script>x()</script></body></html>"
    page.write_text(source, encoding="utf-8")
    assert cli_main(["predict", str(page), "--published", PUBLISHED]) == 0
    output = json.loads(capsys.readouterr().out)
    assert output["entities"] and all(source[e["start"] : e["end"]] == e["text"] for e in output["entities"])
    articles = tmp_path / "pages.jsonl"
    articles.write_text(json.dumps({"text": source, "format": "html"}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert cli_main(["predict", str(articles), "--published", PUBLISHED]) == 0
    assert json.loads(capsys.readouterr().out)[0]["entities"] == output["entities"]


def test_cli_maps_errors_to_messages_and_exit_codes(tmp_path, capsys):
    bad_bytes = tmp_path / "bad.txt"
    bad_bytes.write_bytes(b"\xe4\xbc\x9a\xff")
    assert cli_main(["predict", str(bad_bytes)]) == 2
    assert "not valid utf-8 text at byte 3" in capsys.readouterr().err
    bad_format = tmp_path / "bad.jsonl"
    bad_format.write_text('{"text": "会议"}\n{"text": "会议", "format": "pdf"}\n', encoding="utf-8")
    assert cli_main(["predict", str(bad_format)]) == 2
    assert "bad.jsonl, line 2: 'format'" in capsys.readouterr().err
    article = tmp_path / "ok.txt"
    article.write_text("会议", encoding="utf-8")
    assert cli_main(["predict", str(article), "--model", str(tmp_path / "no-model")]) == 4
    assert "model folder not found" in capsys.readouterr().err


def test_errors_say_how_front_ends_report_them():
    assert (InputTextError.exit_code, InputTextError.http_status) == (2, 422)
    assert (AnnotationError.exit_code, AnnotationError.http_status) == (2, 400)
    assert (ConfigError.exit_code, ConfigError.http_status) == (3, 500)
    assert (ModelFilesError.exit_code, ModelFilesError.http_status) == (4, 503)
    assert all(issubclass(e, PolicyIEError) for e in (InputTextError, AnnotationError, ConfigError, ModelFilesError))


def test_bad_input_formats_and_lone_surrogates_are_typed_errors(shipped_model):
    with pytest.raises(InputTextError, match="input_format 'pdf'"):
        predict("会议", model=shipped_model, input_format="pdf")
    with pytest.raises(InputTextError, match="2 input formats for 1 articles"):
        predict(["会议"], model=shipped_model, input_format=["text", "html"])
    with pytest.raises(InputTextError, match="lone surrogate U\\+D800 at character 1"):
        predict("会\ud800议", model=shipped_model)
    with pytest.raises(InputTextError, match="no visible text"):
        predict("<script>会议</script><!-- 会议 -->", model=shipped_model, input_format="html")

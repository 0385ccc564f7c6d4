"""HTML in: the visible text, line breaks for blocks, and offsets back into the HTML."""
from __future__ import annotations

import html

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.errors import InputTextError
from model.html_input import html_to_text, read_article_file

SETTINGS = settings(max_examples=200, deadline=None, derandomize=True, database=None)


def visible(source: str) -> str:
    return html_to_text(source).text


def check_map(source: str) -> None:
    """Every visible character maps to the HTML it shows: itself, a reference, or (line breaks
    and collapsed spaces) a tag or a whitespace run."""
    page = html_to_text(source)
    assert page.to_html.is_monotone()
    for index, char in enumerate(page.text):
        start, end = page.to_html.span(index, index + 1)
        raw = source[start:end]
        if raw == char:
            continue
        if raw.startswith("&"):
            assert char in html.unescape(raw), (char, raw)
        elif char == "\n":
            assert raw.startswith("<") or raw.isspace(), raw
        else:
            assert char == " " and raw.isspace(), (char, raw)


def test_script_style_and_comments_are_dropped():
    source = "<p>省委召开常委会会议。</p><script>alert(1)</script><style>p{color:red}</style><!-- 注释 -->"
    assert visible(source).strip() == "省委召开常委会会议。"
    check_map(source)


def test_head_title_hidden_and_form_lists_are_not_shown():
    source = (
        "<html><head><title>标题</title><meta charset=utf-8></head><body>正文"
        "<p hidden>隐藏</p><div style='display: none !important'>不见</div><span style=\"visibility:hidden\">无</span>"
        "<select><option>北京</option></select><noscript>请启用脚本</noscript><template>模板</template>后文</body></html>"
    )
    assert visible(source).split() == ["正文", "后文"]


def test_an_unclosed_head_ends_where_the_body_starts():
    assert visible("<head><title>标题</title><p>正文").strip() == "正文"


def test_blocks_and_br_make_lines_and_inline_tags_do_not():
    source = "<h1>省委召开常委会</h1><div>会议由<b>王明</b>主持<br>第二行</div><ul><li>一<li>二</ul><table><tr><td>甲<td>乙</table>"
    assert visible(source).split("\n")[:-1] == ["省委召开常委会", "会议由王明主持", "第二行", "一", "二", "甲", "乙"]
    check_map(source)


def test_whitespace_collapses_as_a_browser_shows_it():
    source = "<p>  中文\n   继续，\n 下一句 and\n   english  </p><pre>a  b\n c</pre>"
    lines = visible(source).split("\n")
    assert lines[0] == "中文继续，下一句 and english"  # a source line break between Chinese characters shows as nothing
    assert lines[1] == "a  b" and lines[2] == " c"  # pre keeps its whitespace
    check_map(source)


def test_references_become_characters_and_map_to_the_whole_reference():
    source = "<p>A&amp;B&nbsp;&#x5f20;&#19977;&lt;&copy &bogus; &</p>"
    page = html_to_text(source)
    assert page.text.strip() == "A&B\u00a0张三<© &bogus; &"
    index = page.text.index("张")
    start, end = page.to_html.span(index, index + 1)
    assert source[start:end] == "&#x5f20;"
    check_map(source)


def test_markup_breaks_pieces_and_pieces_hold_no_tag():
    source = "<p>会议由省委书记<b>王</b>明主持</p>"
    page = html_to_text(source)
    start = page.text.index("王")
    pieces = page.pieces(start, start + 2)
    assert [page.text[a:b] for a, b in pieces] == ["王", "明"]
    for a, b in pieces:
        s, e = page.to_html.span(a, b)
        assert "<" not in source[s:e]


def test_malformed_and_deeply_nested_html():
    assert visible("<p>未闭合 <b>粗体").strip() == "未闭合 粗体"
    assert visible("<div>" * 20000 + "深处的文字" + "</div>" * 20000).strip() == "深处的文字"
    assert visible("</p></div>只有结束标签<").strip() == "只有结束标签<"
    assert visible("<p>a < b > c</p>").strip() == "a < b > c"
    assert visible("").strip() == ""
    assert visible("<script>不闭合的脚本").strip() == ""


TAGS = st.sampled_from(["p", "div", "b", "span", "br", "li", "script", "style", "pre", "td", "h1", "a"])
TEXT = st.lists(
    st.sampled_from(list("省委书记王明主持召开会议。，12 \n\tAbé&;#x") + ["&amp;", "&#x5f20;", "&nbsp;", "&lt;", "&#0;"]), max_size=12
).map("".join)


@st.composite
def pages(draw) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.integers(0, 4))
        tag = draw(TAGS)
        if kind == 0:
            parts.append(f"<{tag}>")
        elif kind == 1:
            parts.append(f"</{tag}>")
        elif kind == 2:
            parts.append(f"<!-- {draw(TEXT)} -->")
        else:
            parts.append(draw(TEXT))
    return "".join(parts)


@SETTINGS
@given(pages())
def test_random_pages_map_back_exactly(source):
    check_map(source)
    page = html_to_text(source)
    assert page.breaks == sorted(page.breaks)
    for a, b in page.pieces(0, len(page.text)):
        s, e = page.to_html.span(a, b)
        assert "<" not in source[s:e].replace("&lt;", "")


def test_html_files_are_read_in_their_declared_charset(tmp_path):
    page = "<html><head><meta charset='gb2312'></head><body><p>省委召开常委会会议</p></body></html>"
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("gb18030"))
    text, input_format = read_article_file(path)
    assert input_format == "html" and "省委召开常委会会议" in text
    http_equiv = tmp_path / "old.htm"
    http_equiv.write_bytes(
        '<meta http-equiv="Content-Type" content="text/html; charset=GBK"><p>会议</p>'.encode("gbk")
    )
    assert "会议" in read_article_file(http_equiv)[0]
    plain = tmp_path / "article.txt"
    plain.write_text("会议", encoding="utf-8")
    assert read_article_file(plain) == ("会议", "text")


@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_undecodable_files_name_the_file_and_byte(tmp_path, suffix):
    path = tmp_path / f"bad{suffix}"
    path.write_bytes("会议".encode("utf-8") + b"\xff\xfe")
    with pytest.raises(InputTextError, match=r"bad.*: not valid utf-8 text at byte 6"):
        read_article_file(path)
    with pytest.raises(InputTextError, match="file not found"):
        read_article_file(tmp_path / "missing.html")

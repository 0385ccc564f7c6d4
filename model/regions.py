"""Divisions of China: the canonical region names of records and every name that points to one.

The 34 province-level divisions are the values a record's ``region`` takes
(ANNOTATION.md). Every prefecture- and county-level division, current and
former, comes from the table ``resources/regions/divisions.tsv`` (written by
``scripts/build_regions.py`` from maintained code lists; its header names the
sources, versions and licences), read here with the standard library.

A name that belongs to divisions in more than one province (朝阳区 in 北京 and
长春, 鼓楼区 in four provinces) is kept apart in :data:`AMBIGUOUS_NAMES`: the
resolver reads it only when the span or the article says which one is meant.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

#: The 34 provincial-level divisions in full, as ANNOTATION.md requires.
PROVINCES: tuple[str, ...] = (
    "北京市", "天津市", "上海市", "重庆市",
    "河北省", "山西省", "辽宁省", "吉林省", "黑龙江省", "江苏省", "浙江省", "安徽省",
    "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "海南省",
    "四川省", "贵州省", "云南省", "陕西省", "甘肃省", "青海省", "台湾省",
    "内蒙古自治区", "广西壮族自治区", "西藏自治区", "宁夏回族自治区", "新疆维吾尔自治区",
    "香港特别行政区", "澳门特别行政区",
)
NATIONAL = "全国"
#: Every value a record's ``region`` may take (besides null).
REGIONS: frozenset[str] = frozenset(PROVINCES) | {NATIONAL}

# --------------------------------------------------------------------------
# Names that point to a province-level division. Keys are matched inside
# entity spans (LOC/ORG/TITLE/MEETING) by model.region_resolver; every value
# is one of PROVINCES.

#: Short and informal names of the divisions (two characters or more, safe to
#: match inside a longer span). The canonical names themselves are added below.
PROVINCE_ALIASES: dict[str, str] = {
    "北京": "北京市", "天津": "天津市", "上海": "上海市", "重庆": "重庆市",
    "河北": "河北省", "山西": "山西省", "辽宁": "辽宁省", "吉林": "吉林省",
    "黑龙江": "黑龙江省", "江苏": "江苏省", "浙江": "浙江省", "安徽": "安徽省",
    "福建": "福建省", "江西": "江西省", "山东": "山东省", "河南": "河南省",
    "湖北": "湖北省", "湖南": "湖南省", "广东": "广东省", "海南": "海南省",
    "四川": "四川省", "贵州": "贵州省", "云南": "云南省", "陕西": "陕西省",
    "甘肃": "甘肃省", "青海": "青海省", "台湾": "台湾省",
    "内蒙古": "内蒙古自治区", "广西": "广西壮族自治区", "西藏": "西藏自治区",
    "宁夏": "宁夏回族自治区", "新疆": "新疆维吾尔自治区",
    "香港": "香港特别行政区", "澳门": "澳门特别行政区",
    # informal and literary names
    "三湘": "湖南省", "湖湘": "湖南省", "潇湘": "湖南省", "八闽": "福建省", "齐鲁": "山东省",
    "燕赵": "河北省", "荆楚": "湖北省", "巴蜀": "四川省", "天府": "四川省", "龙江": "黑龙江省",
    "八桂": "广西壮族自治区", "三秦": "陕西省", "陇原": "甘肃省", "三晋": "山西省",
    "赣鄱": "江西省", "申城": "上海市", "津门": "天津市", "黔贵": "贵州省", "彩云之南": "云南省",
    "赣南": "江西省", "赣北": "江西省", "赣中": "江西省", "粤北": "广东省", "粤东": "广东省",
    "粤西": "广东省", "苏南": "江苏省", "苏北": "江苏省", "苏中": "江苏省", "皖南": "安徽省",
    "皖北": "安徽省", "豫南": "河南省", "鄂西": "湖北省", "湘西": "湖南省", "浙南": "浙江省",
    "闽南": "福建省", "川西": "四川省", "陕北": "陕西省", "陕南": "陕西省", "藏东": "西藏自治区",
    "北疆": "新疆维吾尔自治区", "南疆": "新疆维吾尔自治区", "兵团": "新疆维吾尔自治区",
    "新疆生产建设兵团": "新疆维吾尔自治区", "珠三角": "广东省", "雄安": "河北省",
}

#: One-character abbreviations: only a span that is exactly one of these
#: (在京, 赴沪 …) resolves through this table, never a character inside a name.
PROVINCE_ABBREVIATIONS: dict[str, str] = {
    "京": "北京市", "津": "天津市", "沪": "上海市", "渝": "重庆市", "冀": "河北省",
    "晋": "山西省", "辽": "辽宁省", "吉": "吉林省", "黑": "黑龙江省", "苏": "江苏省",
    "浙": "浙江省", "皖": "安徽省", "闽": "福建省", "赣": "江西省", "鲁": "山东省",
    "豫": "河南省", "鄂": "湖北省", "湘": "湖南省", "粤": "广东省", "琼": "海南省",
    "川": "四川省", "蜀": "四川省", "黔": "贵州省", "滇": "云南省", "陕": "陕西省",
    "秦": "陕西省", "甘": "甘肃省", "陇": "甘肃省", "青": "青海省", "藏": "西藏自治区",
    "宁": "宁夏回族自治区", "新": "新疆维吾尔自治区", "桂": "广西壮族自治区",
    "蒙": "内蒙古自治区", "港": "香港特别行政区", "澳": "澳门特别行政区", "台": "台湾省",
}

#: Places that are no division of the code list (zones, areas, islands) -> province.
ZONES: dict[str, str] = {
    name: province
    for province, names in {
        "北京市": "中关村 亦庄 北京城市副中心",
        "上海市": "临港 虹桥",
        "重庆市": "两江新区",
        "河北省": "雄安新区",
        "广东省": "前海 横琴",
        "广西壮族自治区": "北部湾",
        "海南省": "海南自由贸易港",
        "陕西省": "杨凌",
        "宁夏回族自治区": "宁东",
        "黑龙江省": "黑瞎子岛",
        "香港特别行政区": "九龙 新界",
        "澳门特别行政区": "氹仔",
    }.items()
    for name in names.split()
}

TABLE = Path(__file__).with_name("resources") / "regions" / "divisions.tsv"


@dataclass(frozen=True)
class Division:
    """One row of the division table."""

    code: str  # six digits; the first two name the province
    level: str  # "province", "prefecture" or "county"
    status: str  # "current" or "former" (a name the code list no longer has)
    name: str
    forms: tuple[str, ...]  # matched anywhere in a span (the name itself among them, unless it is a common word)
    start_forms: tuple[str, ...]  # matched at the start of a span only (包头, 南县)
    alone_forms: tuple[str, ...]  # read only as a whole span (bare county stems: 临泽, 义乌)


def _read_table(path: Path = TABLE) -> tuple[Division, ...]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return tuple(
            Division(row["code"], row["level"], row["status"], row["name"],
                     tuple(row["forms"].split()), tuple(row["start_forms"].split()), tuple(row["alone_forms"].split()))
            for row in rows
        )


#: Every division of the table, current and former, in code order.
DIVISIONS: tuple[Division, ...] = _read_table()
#: Two-digit code prefix -> canonical province name.
PROVINCE_OF_PREFIX: dict[str, str] = {d.code[:2]: d.name for d in DIVISIONS if d.level == "province"}
assert set(PROVINCE_OF_PREFIX.values()) == set(PROVINCES), "division table and PROVINCES disagree"


def division(code: str) -> Division | None:
    """The current division with this six-digit code (110000, 440300 …), else None."""
    return _BY_CODE.get(code)


def province_of(item: Division) -> str:
    return PROVINCE_OF_PREFIX[item.code[:2]]


_BY_CODE = {d.code: d for d in DIVISIONS if d.status == "current"}
#: Names a province alias or canonical name already claims: a division form that says the same
#: is dropped (海南 of 海南藏族自治州 in 青海 is not 海南省; 吉林 of 吉林市 is 吉林省 anyway).
_CLAIMED = {**PROVINCE_ALIASES, **{p: p for p in PROVINCES}}


_MUNICIPALITIES = frozenset({"11", "12", "31", "50"})
#: Where a name is read, widest first: anywhere in a span, at its start, as the whole span.
PLACES: tuple[str, ...] = ("anywhere", "start", "alone")


def _name_tables() -> dict[str, dict[str, frozenset[str]]]:
    """place -> name -> its provinces; a name is listed under the widest place any division gives it.

    A name points to the provinces of every division that carries it, with one
    precedence for bare stems (not for official names): the stem of a prefecture-level city, or of a district of a
    municipality (北京, 天津, 上海, 重庆 have no prefecture tier), is that
    division's, whatever county inside a prefecture shares it (西安 is 西安市 in
    陕西, not 西安区 in 吉林: news names such a district by its full name). So
    朝阳 points to 朝阳市 (辽宁) and Beijing's 朝阳区, not to 长春's; the full name
    朝阳区 (北京, 吉林) and 鼓楼区 stay ambiguous.
    """
    prefectures: dict[str, set[str]] = {}
    counties: dict[str, set[str]] = {}
    place: dict[str, int] = {}
    for item in DIVISIONS:
        if item.level == "province":
            continue
        for rank, forms in enumerate((item.forms, item.start_forms, item.alone_forms)):
            for form in forms:
                if form in _CLAIMED or form in ZONES:
                    continue
                upper = item.level == "prefecture" or item.code[:2] in _MUNICIPALITIES
                (prefectures if upper else counties).setdefault(form, set()).add(province_of(item))
                place[form] = min(place.get(form, rank), rank)
    official = {item.name for item in DIVISIONS}
    tables: dict[str, dict[str, frozenset[str]]] = {name: {} for name in PLACES}
    for name in sorted(place):
        upper, lower = prefectures.get(name, set()), counties.get(name, set())
        found = upper | lower if name in official or not upper else upper
        tables[PLACES[place[name]]][name] = frozenset(found)
    return tables


_TABLES = _name_tables()


def _unique(place: str) -> dict[str, str]:
    return {name: next(iter(p)) for name, p in _TABLES[place].items() if len(p) == 1}


def _shared(place: str) -> dict[str, frozenset[str]]:
    return {name: p for name, p in _TABLES[place].items() if len(p) > 1}


#: Prefecture- and county-level names (and zones) that point to one province, matched anywhere in a span.
CITY_TO_PROVINCE: dict[str, str] = {**_unique("anywhere"), **ZONES}
#: Every multi-character name matched anywhere -> its one province (canonical names, aliases, divisions, zones).
REGION_NAMES: dict[str, str] = {**CITY_TO_PROVINCE, **PROVINCE_ALIASES, **{p: p for p in PROVINCES}}
# short stem + 自治区 (新疆自治区, 广西自治区) names the autonomous region too
REGION_NAMES.update(
    {short + "自治区": full for short, full in PROVINCE_ALIASES.items() if full.endswith("自治区") and len(short) >= 2}
)
#: Names read only at the start of a span (包头, 南县) -> their one province.
START_NAMES: dict[str, str] = _unique("start")
#: Names read only as a whole span (bare county stems: 临泽, 义乌) -> their one province.
ALONE_NAMES: dict[str, str] = _unique("alone")
#: Names of divisions in more than one province -> those provinces, by place (朝阳区 -> 北京市, 吉林省).
AMBIGUOUS: dict[str, dict[str, frozenset[str]]] = {place: _shared(place) for place in PLACES}


#: Countries and world regions (general knowledge; also the ``country`` gazetteer of
#: train/gazetteers.py).
COUNTRIES: tuple[str, ...] = tuple("""
中国 中华人民共和国 美国 俄罗斯 日本 韩国 朝鲜 印度 巴基斯坦 孟加拉国 斯里兰卡 尼泊尔 不丹 马尔代夫 阿富汗 伊朗 伊拉克
叙利亚 约旦 黎巴嫩 以色列 巴勒斯坦 沙特阿拉伯 沙特 阿联酋 卡塔尔 科威特 巴林 阿曼 也门 土耳其 塞浦路斯 格鲁吉亚 亚美尼亚
阿塞拜疆 哈萨克斯坦 乌兹别克斯坦 吉尔吉斯斯坦 塔吉克斯坦 土库曼斯坦 蒙古 蒙古国 越南 老挝 柬埔寨 泰国 缅甸 马来西亚 新加坡
印度尼西亚 印尼 菲律宾 文莱 东帝汶 英国 法国 德国 意大利 西班牙 葡萄牙 荷兰 比利时 卢森堡 瑞士 奥地利 爱尔兰 冰岛 挪威
瑞典 芬兰 丹麦 波兰 捷克 斯洛伐克 匈牙利 罗马尼亚 保加利亚 塞尔维亚 克罗地亚 斯洛文尼亚 波黑 黑山 北马其顿 阿尔巴尼亚
希腊 马耳他 乌克兰 白俄罗斯 摩尔多瓦 立陶宛 拉脱维亚 爱沙尼亚 埃及 利比亚 突尼斯 阿尔及利亚 摩洛哥 苏丹 南苏丹 埃塞俄比亚
厄立特里亚 吉布提 索马里 肯尼亚 坦桑尼亚 乌干达 卢旺达 布隆迪 刚果 刚果（金） 刚果（布） 加蓬 喀麦隆 乍得 中非 尼日利亚 尼日尔
加纳 科特迪瓦 塞内加尔 马里 布基纳法索 几内亚 几内亚比绍 塞拉利昂 利比里亚 多哥 贝宁 冈比亚 毛里塔尼亚 佛得角 赤道几内亚
安哥拉 赞比亚 津巴布韦 马拉维 莫桑比克 纳米比亚 博茨瓦纳 南非 莱索托 斯威士兰 马达加斯加 毛里求斯 塞舌尔 科摩罗
加拿大 墨西哥 古巴 危地马拉 洪都拉斯 萨尔瓦多 尼加拉瓜 哥斯达黎加 巴拿马 多米尼加 海地 牙买加 巴哈马 特立尼达和多巴哥
巴巴多斯 格林纳达 巴西 阿根廷 智利 秘鲁 哥伦比亚 委内瑞拉 厄瓜多尔 玻利维亚 巴拉圭 乌拉圭 圭亚那 苏里南 澳大利亚 新西兰
巴布亚新几内亚 斐济 萨摩亚 汤加 瓦努阿图 所罗门群岛 基里巴斯 密克罗尼西亚 瑙鲁 图瓦卢 香港 澳门 台湾 欧洲 亚洲 非洲
美洲 拉美 拉丁美洲 中东 中亚 东南亚 南亚 北美 大洋洲 太平洋岛国 加勒比
""".split())
_CHINESE = frozenset(("中国", "中华人民共和国", "香港", "澳门", "台湾"))
_WORLD_REGIONS = frozenset("欧洲 亚洲 非洲 美洲 拉美 拉丁美洲 中东 中亚 东南亚 南亚 北美 大洋洲 太平洋岛国 加勒比".split())
#: Foreign countries: a place named by one is abroad (中非 is left out: 中非合作 is China and Africa).
FOREIGN_COUNTRIES: frozenset[str] = frozenset(COUNTRIES) - _CHINESE - _WORLD_REGIONS - {"中非"}

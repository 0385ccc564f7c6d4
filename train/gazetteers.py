"""Gazetteers mined from the raw news, for the lexicon features.

A small encoder trained on a few hundred stories never sees most of the
officials, bodies and meetings that real news names; the 20M characters of
新闻联播 in the shared folder do. High-precision patterns harvest them, with
counts, into ``data/lexicon/gazetteers.tsv`` (entries and counts only; no
other text of the news enters the repository). The stories of real-dev and
real-test (``data/real/selection.tsv``) are left out of the mining, so no
entry is learnt from an evaluation story.

Categories, each with its pattern and threshold (:data:`MINERS`):

* ``news_per``: a name of 2–3 characters between a post (书记, 省长, 总理 …)
  and an action verb (主持, 出席, 强调, 会见 …); at least 3 times, in 2 stories.
* ``news_foreign_per``: a foreign name with ``·`` after a foreign post
  (总统, 首相 …); at least 2 times.
* ``news_meeting``: what 召开 / 举行 introduces, up to a meeting noun
  (会议, 大会, 全会, 座谈会, 论坛, 峰会, 发布会), at most 25 characters; at least 2 times.
* ``news_org``: a national body (国务院 / 中共中央 / 中央 / 国家 / 全国 + up to 12
  characters + an organisation ending); at least 5 times.
* ``country``: a list of countries and regions (general knowledge, not mined).

    python -m train.gazetteers [--shared-dir DIR] [--output data/lexicon/gazetteers.tsv]
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Set
from dataclasses import dataclass
from pathlib import Path

from model.regions import COUNTRIES

from .real_news import EVALUATION_SPLITS, RawNews, default_shared_dir, held_out

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUTPUT = ROOT / "data" / "lexicon" / "gazetteers.tsv"

_POSTS = ("总书记|国家主席|军委主席|委员长|副总理|总理|国务委员|常委|副书记|书记|副省长|省长|副市长|市长|副主席|主席|"
          "副部长|部长|副主任|主任|秘书长|发言人|大使|院士|董事长|首席执行官|区长|县长|州长|厅长|局长|司令员|政委|行政长官")
_ACTIONS = ("主持|出席|强调|指出|表示|会见|参加|讲话|调研|考察|在|同|一同|会谈|说|介绍|致辞|宣布|签署|视察|看望|慰问|"
            "陪同|作|宣读|答|通报|回答|发表|率|听取|分别")
_FOREIGN_POSTS = "总统|总理|首相|国王|外长|外交部长|秘书长|主席|议长|总督|女王|王储|副总统"
_MEETING_NOUNS = "会议|大会|全会|座谈会|论坛|峰会|发布会|研讨会|博览会"
_ORG_ENDINGS = "常委会|委员会|部|委|局|署|办公室|办|总局|院|中心|协会|联合会|银行|集团|总署"
#: Single-character surnames (the common ones) and compound surnames: a mined name starts with one.
SURNAMES = set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝")
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "令狐", "慕容", "尉迟", "长孙", "夏侯", "公孙")



@dataclass(frozen=True)
class Miner:
    category: str
    pattern: re.Pattern[str]
    min_count: int
    min_stories: int = 1

    def entries(self, text: str) -> Iterable[str]:
        for match in self.pattern.finditer(text):
            yield match.group("entry")


MINERS: tuple[Miner, ...] = (
    Miner("news_per", re.compile(rf"(?:{_POSTS})(?P<entry>[\u4e00-\u9fff]{{2,3}})(?={_ACTIONS})"), 3, 2),
    Miner("news_foreign_per", re.compile(rf"(?:{_FOREIGN_POSTS})(?P<entry>[\u4e00-\u9fff]{{1,6}}(?:·[\u4e00-\u9fff]{{1,8}}?)+)(?=[，。、；）(（]|{_ACTIONS}|对|将|通|近日|进行|时|举行|的)"), 2),
    Miner("news_meeting", re.compile(rf"(?:召开|举行)(?:了)?(?P<entry>[^，。、；：“”《》（）\s]{{2,23}}?(?:{_MEETING_NOUNS}))"), 2),
    Miner("news_org", re.compile(rf"(?P<entry>(?:国务院|中共中央|中央|国家|全国)[\u4e00-\u9fff]{{1,12}}(?:{_ORG_ENDINGS}))(?![署门长员])"), 5),
)
#: Words that show an entry is no name of its category.
_NOISE = re.compile(r"的|等|和|、|有关|决策|大局|一次|各|全体成员|签署|主办|共同|摆在|关于|习近平|就|向|把|致$")


def plausible(category: str, entry: str) -> bool:
    """Filters that keep each category precise (checked on samples by hand)."""
    if _NOISE.search(entry) and category != "news_foreign_per":
        return False
    if category == "news_per":
        return (entry[0] in SURNAMES or entry[:2] in COMPOUND_SURNAMES) and entry[-1] not in "陪并在同向对为将" and entry != "应邀"
    if category == "news_org":
        return not entry.endswith(("常委", "部署", "署署")) and entry not in ("中央国务院", "全国电影院")
    if category == "news_foreign_per":
        return not entry.endswith(("领导", "总统", "总理", "主席"))
    return True


def mine(raw: RawNews, excluded: Set[str]) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = {m.category: Counter() for m in MINERS}
    stories: dict[str, dict[str, set[str]]] = {m.category: defaultdict(set) for m in MINERS}
    for story in raw.stories():
        if story.id in excluded:
            continue
        for miner in MINERS:
            for entry in miner.entries(story.text):
                if not plausible(miner.category, entry):
                    continue
                counts[miner.category][entry] += 1
                stories[miner.category][entry].add(story.id)
    kept: dict[str, Counter[str]] = {}
    for miner in MINERS:
        kept[miner.category] = Counter({
            entry: n for entry, n in counts[miner.category].items()
            if n >= miner.min_count and len(stories[miner.category][entry]) >= miner.min_stories
        })
    return kept


def write_gazetteers(path: Path, mined: dict[str, Counter[str]]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = 0
    with path.open("w", encoding="utf-8") as handle:
        handle.write("# entry\tcategory\tcount (mined by train/gazetteers.py; country: a general list)\n")
        for category in sorted(mined):
            for entry, n in sorted(mined[category].items(), key=lambda item: (-item[1], item[0])):
                handle.write(f"{entry}\t{category}\t{n}\n")
                rows += 1
        for country in dict.fromkeys(COUNTRIES):
            handle.write(f"{country}\tcountry\t0\n")
            rows += 1
    return rows


def read_gazetteers(path: str | Path) -> dict[str, set[str]]:
    """Entry -> categories, from a gazetteer file."""
    entries: dict[str, set[str]] = defaultdict(set)
    with Path(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.startswith("#") or not line.strip():
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 3:
                from model.errors import AnnotationError

                raise AnnotationError(f"expected entry<TAB>category<TAB>count, got {line.strip()!r}", str(path), number)
            entries[parts[0]].add(parts[1])
    return entries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m train.gazetteers", description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared-dir", default=None)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    raw = RawNews(args.shared_dir or default_shared_dir(ROOT))
    excluded = held_out(EVALUATION_SPLITS).story_ids
    mined = mine(raw, excluded)
    rows = write_gazetteers(args.output, mined)
    summary = ", ".join(f"{category} {len(entries)}" for category, entries in sorted(mined.items()))
    print(f"{rows} entries ({summary}, country {len(dict.fromkeys(COUNTRIES))}); "
          f"{len(excluded)} real-dev/test stories left out -> {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

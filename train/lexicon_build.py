"""Build the lexicon of the lexicon features (``model.lexicon``).

Sources, each a category:

* ``word``: jieba's dictionary words of two characters or more with
  frequency >= ``min_word_freq`` (word boundaries, whatever the word);
* ``nr`` / ``ns`` / ``nt``: jieba's person, place and organisation words;
* ``region``: the province, alias and city names of :mod:`model.regions`;
* ``post``, ``org_suffix``, ``meeting``, ``doc_cue``, ``time``: lists this
  module writes (posts and titles, organisation endings, meeting nouns,
  document-title endings, time words);
* with ``gazetteers`` (``model.lexicon_gazetteers`` in a config), the
  categories of a gazetteer file mined from the raw news by
  :mod:`train.gazetteers` (``news_per``, ``news_org``, ``news_meeting``,
  ``news_foreign_per``, ``country``), after the ones above.

    python -m train.lexicon_build --output DIR   # writes DIR/lexicon.tsv
"""
from __future__ import annotations

import argparse
import os
import sys
from collections import defaultdict
from pathlib import Path

from model.lexicon import Lexicon
from model.regions import REGION_NAMES

CATEGORIES: tuple[str, ...] = ("word", "nr", "ns", "nt", "region", "post", "org_suffix", "meeting", "doc_cue", "time")

POSTS = """
书记 副书记 党委书记 党组书记 党工委书记 常委 委员 省长 副省长 常务副省长 市长 副市长 常务副市长 区长 副区长 县长
副县长 州长 旗长 主席 副主席 主任 副主任 常务副主任 主任委员 部长 副部长 厅长 副厅长 局长 副局长 司长 副司长
处长 总理 副总理 国务委员 秘书长 副秘书长 组长 副组长 总指挥 副总指挥 指挥长 发言人 新闻发言人 董事长 总经理
总裁 行长 院长 副院长 校长 会长 理事长 检察长 审计长 总工程师 巡视员 督察长 政委 司令员 行政长官 特首 教授
研究员 记者 主持人 代表 总书记 主委 专员 监察专员 首席 负责人
""".split()
ORG_SUFFIXES = """
省委 市委 县委 区委 党委 党组 党工委 政府 人民政府 委员会 常委会 人大常委会 人大 政协 办公厅 办公室 指挥部 领导小组
工作组 专班 厅 局 委 部 署 办 院 中心 集团 公司 大学 学院 协会 联合会 研究院 银行 新闻办 新闻办公室 纪委 监委
纪委监委 法院 检察院 机制 联防联控机制 总局 管委会 工委
""".split()
MEETING_NOUNS = """
会议 常委会会议 常务会议 全体会议 扩大会议 电视电话会议 视频会议 工作会议 座谈会 新闻发布会 发布会 推进会 部署会
调度会 读书班 会商 会商会 专题会议 集体学习 学习会 全会 大会 论坛 峰会 研讨会 培训班 开班式 联席会议 碰头会
协调会 现场会 观摩会 汇报会 例会 办公会 务虚会 民主生活会 中心组 理论学习中心组 视频调度会 动员会 部署会议
""".split()
DOC_CUES = """
意见 通知 办法 条例 规定 方案 规划 纲要 措施 决定 决议 报告 细则 计划 实施意见 指导意见 工作要点 若干措施
政府工作报告 法 《 》
""".split()
TIME_WORDS = """
上午 下午 晚上 晚间 凌晨 早上 中午 同日 当天 当日 同一天 近日 日前 昨天 昨日 昨晚 今天 今日 前天 次日 年 月 日 至
""".split()


def jieba_entries(min_word_freq: int) -> dict[str, set[str]]:
    import jieba

    path = Path(jieba.__file__).with_name("dict.txt")
    entries: dict[str, set[str]] = defaultdict(set)
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            word, freq, tag = line.split()
            if len(word) >= 2 and int(freq) >= min_word_freq:
                entries[word].add("word")
            if tag == "nr" and 2 <= len(word) <= 4 and int(freq) >= 3:
                entries[word].add("nr")
            elif tag == "ns" and len(word) >= 2:
                entries[word].add("ns")
            elif tag == "nt" and len(word) >= 2:
                entries[word].add("nt")
    return entries


def build_lexicon(min_word_freq: int = 10, use_jieba: bool = True, gazetteers: str | Path | None = None) -> Lexicon:
    entries: dict[str, set[str]] = jieba_entries(min_word_freq) if use_jieba else defaultdict(set)
    categories = list(CATEGORIES)
    if gazetteers is not None:
        from .gazetteers import read_gazetteers

        for word, word_categories in read_gazetteers(gazetteers).items():
            entries[word] |= word_categories
        categories += sorted({c for cs in entries.values() for c in cs} - set(CATEGORIES))
    for name in REGION_NAMES:
        entries[name].add("region")
    for category, words in (("post", POSTS), ("org_suffix", ORG_SUFFIXES), ("meeting", MEETING_NOUNS),
                            ("doc_cue", DOC_CUES), ("time", TIME_WORDS)):
        for word in words:
            entries[word].add(category)
    return Lexicon(categories, entries)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m train.lexicon_build", description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", required=True)
    parser.add_argument("--min-word-freq", type=int, default=10)
    parser.add_argument("--gazetteers", default=None, help="a gazetteer file of train.gazetteers (data/lexicon/gazetteers.tsv)")
    args = parser.parse_args(argv)
    lexicon = build_lexicon(args.min_word_freq, gazetteers=args.gazetteers)
    lexicon.save(args.output)
    print(f"{len(lexicon.entries)} words, {lexicon.dim} features -> {os.path.join(args.output, 'lexicon.tsv')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

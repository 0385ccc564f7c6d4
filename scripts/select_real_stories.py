"""Choose the 新闻联播 stories of the real-news corpus (writes ``data/real/selection.tsv``).

The choice is by rule, not by hand, and deterministic (a hash of the story id
orders every pool): per calendar quarter of ``raw_news``, about 70% stories
that report meetings, taken in turn from every kind the annotation guide
names (standing committees, State Council meetings, press conferences,
tele/video conferences, symposiums, plenaries, study sessions, work
conferences, 国内联播快讯 briefs, other meetings, forums), and about 30% other
news (foreign affairs, economy, disasters, science and culture, the rest), so
that the tagger learns real news as a whole. Stories with ``[ ] { }`` are
left out (the inline markup reserves them), and so are very short and very
long ones.

Each chosen story gets its split (real-train / real-dev / real-test, about
75/12.5/12.5, stratified by year and group), an annotation batch, and, for a
few per batch, a second independent annotation (for the agreement figures).
The file holds places in the corpus and labels, no text of the news.

    python scripts/select_real_stories.py [--per-quarter 20] [--batches 16]
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from train.real_news import RawNews, Story, default_shared_dir  # noqa: E402

#: (kind, pattern) in order of precedence: the first whose pattern occurs in the
#: headline, or in the first 300 characters, names the story's kind.
MEETING_KINDS: tuple[tuple[str, str], ...] = (
    ("state_council", r"国务院常务会议"),
    ("standing_committee", r"常委会会议|常委会召开|常委会议|政治局会议|政治局常务委员会"),
    ("press_conference", r"新闻发布会|发布会|记者会"),
    ("video_conference", r"电视电话会议|视频会议"),
    ("symposium", r"座谈会"),
    ("plenary", r"全会|代表大会|全体会议|人大常委会|政协.*会议"),
    ("study_session", r"集体学习|读书班|学习会|专题学习"),
    ("work_conference", r"工作会议|推进会|部署会|调度会|会商|现场会"),
    ("briefs", r"联播快讯"),
    ("other_meeting", r"会议"),
    ("forum", r"论坛|峰会|博览会|开幕式|大会"),
)
OTHER_KINDS: tuple[tuple[str, str], ...] = (
    ("foreign_affairs", r"会见|会谈|通电话|总统|首相|外长|大使|联合国|国际"),
    ("economy", r"经济|增长|消费|投资|贸易|出口|市场|企业|产业"),
    ("disaster", r"地震|洪|暴雨|台风|救援|火灾|抢险|灾"),
    ("science_culture", r"科技|卫星|航天|科学|文化|博物|考古|教育|体育"),
    ("other_news", r""),
)
MEETING_SHARE = 0.75
LENGTH = {"meeting": (350, 2000), "other": (350, 1400)}
SPLITS_EVERY = 8  # one story in 8 to dev, one in 8 to test
#: Kinds of the extra, training-only stories (more meeting records for real-train;
#: the kinds that carry about one record per story on the first pass).
EXTRA_KINDS = ("press_conference", "video_conference", "standing_committee", "symposium", "state_council",
               "other_meeting", "plenary", "forum")
EXTRA_BATCHES = 8


def order_key(story_id: str) -> str:
    return hashlib.sha1(f"real-news:{story_id}".encode()).hexdigest()


def classify(story: Story) -> tuple[str, str]:
    """``(group, kind)``: group ``meeting`` or ``other``."""
    head, start = story.headline, story.text[:300]
    for kind, pattern in MEETING_KINDS:
        if re.search(pattern, head) or (kind != "forum" and re.search(pattern, start)):
            return "meeting", kind
    for kind, pattern in OTHER_KINDS:
        if re.search(pattern, head + start):
            return "other", kind
    return "other", "other_news"


def eligible(story: Story, group: str) -> bool:
    low, high = LENGTH[group]
    return low <= len(story.text) <= high and not re.search(r"[\[\]{}]", story.text)


def round_robin(pools: dict[str, list[Story]], kinds: list[str], count: int) -> list[Story]:
    """Take ``count`` stories, one kind after another, each pool in hash order."""
    chosen: list[Story] = []
    cursors = {kind: 0 for kind in kinds}
    while len(chosen) < count and any(cursors[k] < len(pools.get(k, [])) for k in kinds):
        for kind in kinds:
            pool = pools.get(kind, [])
            if cursors[kind] < len(pool) and len(chosen) < count:
                chosen.append(pool[cursors[kind]])
                cursors[kind] += 1
    return chosen


def select(raw: RawNews, per_quarter: int) -> list[tuple[Story, str, str]]:
    meetings_per_quarter = round(per_quarter * MEETING_SHARE)
    chosen: list[tuple[Story, str, str]] = []
    for file in raw.files:
        pools: dict[str, dict[str, list[Story]]] = {"meeting": defaultdict(list), "other": defaultdict(list)}
        kinds: dict[str, str] = {}
        for story in raw.stories(file):
            group, kind = classify(story)
            if eligible(story, group):
                pools[group][kind].append(story)
                kinds[story.id] = kind
        for group in pools:
            for pool in pools[group].values():
                pool.sort(key=lambda s: order_key(s.id))
        picked = round_robin(pools["meeting"], [k for k, _ in MEETING_KINDS], meetings_per_quarter)
        picked_other = round_robin(pools["other"], [k for k, _ in OTHER_KINDS], per_quarter - len(picked))
        chosen += [(s, "meeting", kinds[s.id]) for s in picked]
        chosen += [(s, "other", kinds[s.id]) for s in picked_other]
    return chosen


def select_extra(raw: RawNews, chosen: list[tuple[Story, str, str]], count: int) -> list[tuple[Story, str, str]]:
    """``count`` more meeting stories, not chosen yet, one quarter after another
    and one kind after another within a quarter; all of them go to real-train."""
    taken = {story.id for story, _, _ in chosen}
    pools: dict[str, dict[str, list[Story]]] = {}
    for file in raw.files:
        pools[file] = defaultdict(list)
        for story in raw.stories(file):
            group, kind = classify(story)
            if group == "meeting" and kind in EXTRA_KINDS and story.id not in taken and eligible(story, group):
                pools[file][kind].append(story)
        for pool in pools[file].values():
            pool.sort(key=lambda s: order_key("extra:" + s.id))
    extra: list[tuple[Story, str, str]] = []
    turn = 0
    while len(extra) < count:
        progressed = False
        for file in raw.files:
            for offset in range(len(EXTRA_KINDS)):
                kind = EXTRA_KINDS[(turn + offset) % len(EXTRA_KINDS)]
                if pools[file].get(kind):
                    extra.append((pools[file][kind].pop(0), "meeting", kind))
                    progressed = True
                    break
            if len(extra) >= count:
                break
        turn += 1
        if not progressed:
            break
    return extra


def assign_splits(chosen: list[tuple[Story, str, str]]) -> dict[str, str]:
    """real-dev / real-test / real-train, stratified by year and group."""
    strata: dict[tuple[str, str], list[Story]] = defaultdict(list)
    for story, group, _ in chosen:
        strata[(story.published[:4], group)].append(story)
    splits: dict[str, str] = {}
    offset = 0
    for key in sorted(strata):
        for index, story in enumerate(sorted(strata[key], key=lambda s: order_key(s.id))):
            slot = (index + offset) % SPLITS_EVERY
            splits[story.id] = "dev" if slot == 0 else "test" if slot == 1 else "train"
        offset += len(strata[key])
    return splits


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared-dir", default=None, help="the shared folder (default $POLICY_IE_SHARED or ../shared)")
    parser.add_argument("--per-quarter", type=int, default=20)
    parser.add_argument("--batches", type=int, default=16)
    parser.add_argument("--double-per-batch", type=int, default=4, help="stories per batch annotated twice")
    parser.add_argument("--extra", type=int, default=208, help="more meeting stories, for real-train only")
    parser.add_argument("--out", default=str(ROOT / "data/real/selection.tsv"))
    args = parser.parse_args(argv)
    raw = RawNews(args.shared_dir or default_shared_dir(ROOT))
    chosen = select(raw, args.per_quarter)
    splits = assign_splits(chosen)
    ordered = sorted(chosen, key=lambda item: order_key("batch:" + item[0].id))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["id", "file", "article", "published", "group", "kind", "split", "batch", "second_batch"])
        per_batch: dict[int, int] = defaultdict(int)
        rows = []
        for index, (story, group, kind) in enumerate(ordered):
            batch = index % args.batches
            second = ""
            if per_batch[batch] < args.double_per_batch:
                second = str((batch + 2) % args.batches)
            per_batch[batch] += 1
            rows.append((story.file, story.article, [story.id, story.file, story.article, story.published, group, kind, splits[story.id], batch, second]))
        extra = select_extra(raw, chosen, args.extra)
        for index, (story, group, kind) in enumerate(extra):
            splits[story.id] = "train"
            batch = args.batches + index % EXTRA_BATCHES
            rows.append((story.file, story.article, [story.id, story.file, story.article, story.published, group, kind, "train", batch, ""]))
        chosen = chosen + extra
        for _, _, row in sorted(rows, key=lambda r: (r[0], r[1])):
            writer.writerow(row)
    chars = sum(len(s.text) for s, _, _ in chosen)
    counts = defaultdict(int)
    for s, _, _ in chosen:
        counts[splits[s.id]] += 1
    print(f"{len(chosen)} stories, {chars} characters; splits {dict(counts)} -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

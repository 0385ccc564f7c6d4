"""Events step: held mentions merged into events, and each event's passage.

Held mentions become events; a later mention joins an earlier event when its
name is a character subsequence of the event's name (or the reverse: 全省会议 ~
全省电视电话会议) and its own date (a day inside the event's range counts),
region and convening body do not contradict the event's; a sitting
(第一次全体会议) joins the session of its paragraph. Two mentions coordinated
in one clause (出席A和B) stay two events. Title-block mentions join the body
event they repeat. A bare mention is dropped when its paragraph goes on to
name the meetings.

An event's passage runs from its sentence (or clause, when an earlier event
shares the sentence) through following paragraphs until a paragraph that
starts with a date or 会前/会后, a heading, a meta line, or the next event.
"""
from __future__ import annotations

import re
from functools import lru_cache

from model.regions import NATIONAL

from .doc import Doc, Event, Mention

__all__ = ["annotate", "names_alias", "same_day"]

_LEADING_STOP = re.compile(r"^\s*(?:会前|会后|随后|此前)")
_CONVENE_REPORTED = re.compile(r"(?:召开|举行|举办)(?!的)")
#: A sitting of a session (第一次全体会议, 视频会议, 闭幕会): one meeting with the session that holds it.
_SITTING = re.compile(r"^(?:第[一二三四五六七八九十\d]+次)?(?:全体会议|视频会议|闭幕会|开幕会|分组会议|联组会议|闭幕大会|开幕大会|预备会议)$")
#: a headline name and a body name ending in this many common characters name one meeting
_HEAD = 4
#: meetings a session holds within itself (主席会议举行集体学习)
_HOSTED = re.compile(r"(?:集体学习|专题学习)$")
_SESSION = re.compile(r"(?:届|第[一二三四五六七八九十百\d]+次)[^，。；]*会议$")


def annotate(doc: Doc) -> None:
    """Write the events (``doc.events``, with passages) and the mentions not held (``doc.others``)."""
    doc.events, doc.others = _build_events(doc)
    _assign_passages(doc, doc.events)


def same_day(doc: Doc, a: int, b: int) -> bool:
    """Two DATE spans (by start) name the same day, or one lies in the other's range."""
    value_a, value_b = doc.date_value.get(a), doc.date_value.get(b)
    if value_a == value_b:
        return True
    for day, span_range in ((value_a, doc.date_range.get(b)), (value_b, doc.date_range.get(a))):
        if day is not None and span_range is not None and span_range[0] <= day <= span_range[1]:
            return True
    return False


def _is_subsequence(short: str, long: str) -> bool:
    iterator = iter(long)
    return all(char in iterator for char in short)


@lru_cache(maxsize=4096)
def names_alias(a: str, b: str) -> bool:
    """Two meeting names that can name one meeting: one is a character subsequence of the other."""
    if a == b:
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= 2 and _is_subsequence(short, long)


def _build_events(doc: Doc) -> tuple[list[Event], list[Mention]]:
    mentions = doc.mentions
    anchors = [m for m in mentions if m.status in ("strong", "weak", "bare")]
    others = [m for m in mentions if m.status not in ("strong", "weak", "bare")]

    events: list[Event] = []
    for mention in (m for m in anchors if not m.title):
        target = None
        if mention.name:
            for event in reversed(events):
                if _compatible(doc, mention, event) or _sitting_of(doc, mention, event):
                    target = event
                    break
        elif mention.noun:  # 并同代表座谈 after the 座谈会 was named: the same talk
            for event in reversed(events):
                if any(n.name and n.name.endswith(mention.noun + "会") for n in event.mentions) and event.head.line == mention.line:
                    target = event
                    break
        if target is not None:
            target.mentions.append(mention)
        else:
            events.append(Event([mention]))
    # unclear mentions that repeat an event's name join it (对全省会议作批示)
    for mention in others:
        if mention.status == "unclear" and not mention.title:
            for event in reversed(events):
                if event.head.start < mention.start and _compatible(doc, mention, event):
                    event.mentions.append(mention)
                    break
    # a bare "X召开会议" whose paragraph goes on to name the meetings is a summary
    named_lines = {(e.head.line, e.head.start) for e in events if e.head.name and e.head.status == "strong"}
    events = [
        e for e in events
        if e.head.name or not any(line == e.head.line and start > e.head.start for line, start in named_lines)
    ]
    for event in events:
        event.primary = any(m.status in ("strong", "bare") for m in event.mentions)
        event.mentions.sort(key=lambda m: m.start)
    events.sort(key=lambda e: e.head.start)
    # title-block mentions join the body event they repeat
    for mention in (m for m in anchors if m.title):
        target = None
        for event in events:
            if not event.mentions:
                continue
            if mention.name is None or any(names_alias(mention.name, n.name) for n in event.names() if n.name):
                target = event
                break
        if target is None and mention.name is not None:  # 全国政协主席会议 ~ 政协第十四届全国委员会第三十次主席会议
            target = next((e for e in events if e.mentions and any(
                _shared_head(mention.name, n.name) >= _HEAD for n in e.names() if n.name)), None)
        if target is None and mention.name is not None:  # 李强同外国专家举行新春座谈会 ~ 李强…与专家代表座谈交流
            target = next((e for e in events if e.mentions and e.head.noun and mention.name.endswith(e.head.noun + "会")), None)
        if target is None and mention.name is None and events:
            target = events[0]
        if target is not None:
            target.title_mentions.append(mention)
        else:
            events.append(Event([], [mention]))
    return events, others


def _shared_head(a: str, b: str) -> int:
    """Length of the common ending of two meeting names (their head noun: 主席会议, 领导小组会议)."""
    size = 0
    for x, y in zip(reversed(a), reversed(b)):
        if x != y:
            break
        size += 1
    return size


def _sitting_of(doc: Doc, mention: Mention, event: Event) -> bool:
    """A sitting (举行第一次全体会议, 主持闭幕会) in the paragraph of the session that holds it."""
    if not mention.name or not _SITTING.match(mention.name):
        return False
    sessions = [m for m in event.mentions if m.name and _SESSION.search(m.name)]
    if not sessions or sessions[-1].line != mention.line:
        return False
    if mention.date is not None:
        for other in event.mentions:
            if other.date is not None and not same_day(doc, mention.date, other.date):
                return False
    return True


def _compatible(doc: Doc, mention: Mention, event: Event) -> bool:
    names = [m for m in event.mentions if m.name]
    if not mention.name:
        return False
    if not names:  # X同代表座谈 … 座谈会上: the talk takes the name of its 座谈会
        if not (event.head.noun and mention.name.endswith(event.head.noun + "会")):
            return False
    elif not any(names_alias(mention.name, m.name) for m in names if m.name):
        return False
    last = event.mentions[-1]
    if doc.clause(last.start) == doc.clause(mention.start):
        return False
    if mention.status in ("strong", "weak") and mention.line != last.line and mention.name not in {m.name for m in names}:
        clause_start, clause_end = doc.clause(mention.start)
        if _CONVENE_REPORTED.search(doc.text[clause_start:clause_end]):
            return False
    if mention.date is not None:
        for other in event.mentions:
            if other.date is not None and not same_day(doc, mention.date, other.date):
                return False
    for other in event.mentions:
        if (mention.region is not None and other.region is not None and other.region != mention.region
                and (mention.region_named or other.region_named or NATIONAL not in (mention.region, other.region))):
            return False  # but a national body's meeting is often placed by its venue (在京举行)
        if mention.subject is not None and other.subject is not None and other.subject != mention.subject:
            return False  # 国务院台办举行例行新闻发布会 / 商务部举行例行新闻发布会
    return True


# ---------------------------------------------------------------------------
# Passages


def _assign_passages(doc: Doc, events: list[Event]) -> None:
    body = sorted((e for e in events if e.mentions), key=lambda e: e.head.start)
    heads = [(e, e.head, doc.sentence(e.head.start), doc.clause(e.head.start)) for e in body]

    def coordinated(a: tuple, b: tuple) -> bool:  # 出席A和B: one clause, two named meetings
        return a[1].name is not None and b[1].name is not None and a[3] == b[3]

    starts: list[int] = []
    for index, current in enumerate(heads):
        shares_sentence = any(o[2][0] == current[2][0] and not coordinated(o, current) for o in heads[:index])
        starts.append(current[3][0] if shares_sentence else current[2][0])
    for index, current in enumerate(heads):
        event, head, (_, sentence_end) = current[0], current[1], current[2]
        start = starts[index]
        if not event.primary:
            event.passage = (start, sentence_end)
            continue
        end = _chain_end(doc, head.line)
        for other_index in range(index + 1, len(heads)):
            other = heads[other_index]
            if other[0].primary and other[1].start > head.start and not coordinated(current, other):
                end = min(end, max(starts[other_index], start))
                break
        event.passage = (start, max(end, start))
    _hosted_passages(doc, body)
    for event in events:
        if not event.mentions:  # only in the title block
            lines = sorted({m.line for m in event.title_mentions})
            event.passage = (doc.lines[lines[0]][0], doc.lines[lines[-1]][1])


def _hosted_passages(doc: Doc, body: list[Event]) -> None:
    """主席会议举行集体学习。X作报告。\n副主席Y、Z作发言。: the hosted study is its paragraph; the host's report resumes after."""
    for index, event in enumerate(body):
        head = event.head
        if index == 0 or not event.primary or head.name is None or not _HOSTED.search(head.name):
            continue
        clause_start = doc.clause(head.start)[0]
        hosts = [m for m in doc.others if clause_start <= m.start < head.start and m.name and m.status == "reference"]
        host = next((e for e in reversed(body[:index]) if hosts and e.primary and any(
            names_alias(hosts[-1].name or "", n.name) for n in e.names() if n.name)), None)
        if host is None or host.passage[1] > event.passage[0] or host.resumed is not None:
            continue
        line_end = doc.lines[head.line][1]
        if line_end < event.passage[1]:
            host.resumed = (line_end, event.passage[1])
            event.passage = (event.passage[0], line_end)


def _chain_end(doc: Doc, line: int) -> int:
    end = doc.lines[line][1]
    for index in range(line + 1, len(doc.lines)):
        kind = doc.line_kind[index]
        start, stop = doc.lines[index]
        if kind in ("meta", "heading", "title"):
            break
        first = doc.entities_in(start, stop)
        if first and first[0].start == start and first[0].label == "DATE":
            break
        if _LEADING_STOP.match(doc.text[start:stop]):
            break
        end = stop
    return end

"""One self-contained HTML page: articles with their entities highlighted and their records as cards.

What a person sees (the role of spaCy's displaCy for this project):

* the text, every entity an element ``<mark class="ent" data-label="PER">``
  in its label's colour, its label and score on hover (``title``), a small
  label tag after it, and a legend with the count per label;
* beside it, one card per meeting record (date, region, meeting, organizer,
  people with titles and roles, documents), each value a link to its
  evidence in the text (the evidence flashes when followed);
* with gold entities to compare with (``diff``), each entity is also
  marked ``data-diff="right|spurious"`` (model) or ``"missed"`` (gold only),
  and the gold layer is shown below the model's.

No external script, style sheet, font or image: the page opens offline and
can be mailed as one file. Records are the guide's dicts; with
``"evidence"`` (``to_dict(evidence=True)``) values link to their exact
spans, without it (a gold file) to the first entity of the right label and
text inside the record's passage or, failing that, anywhere.
"""
from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from model.entities import LABELS, Entity

from .palette import MEANINGS, colour

Span = tuple[int, int]

#: record slot -> the entity label its value is the text of
SLOT_LABELS: dict[str, str] = {"date": "DATE", "meeting": "MEETING", "organizer": "ORG", "region": "LOC"}
ROLE_NAMES: dict[str, str] = {"chair": "主持 chair", "speaker": "讲话 speaker", "attendee": "出席 attendee",
                              "instructor": "批示 instructor"}


@dataclass
class PageArticle:
    """What one article section shows."""

    id: str
    text: str
    entities: list[Entity]
    records: list[dict[str, Any]] = field(default_factory=list)
    published: str | None = None
    #: gold entities to compare ``entities`` with (None: no diff view)
    gold: list[Entity] | None = None


class _Anchors:
    """Element ids for spans of one text: entities, and evidence spans that are no entity."""

    def __init__(self, prefix: str, entities: Sequence[Entity]):
        self.prefix = prefix
        self.entities = sorted(entities)
        self.by_span = {(e.start, e.end): f"{prefix}-e{i}" for i, e in enumerate(self.entities)}
        #: evidence spans that get their own element: span -> id
        self.extra: dict[Span, str] = {}

    def link(self, span: Sequence[int] | None) -> str | None:
        """The id to link to for ``span``, creating an evidence element when no entity fits."""
        if span is None:
            return None
        start, end = int(span[0]), int(span[1])
        if (start, end) in self.by_span:
            return self.by_span[(start, end)]
        if (start, end) in self.extra:
            return self.extra[(start, end)]
        overlapping = [e for e in self.entities if e.start < end and start < e.end]
        inside = [e for e in overlapping if e.start <= start and end <= e.end]
        if overlapping and not inside:  # crosses an entity's edge: point at the entity it overlaps most
            best = max(overlapping, key=lambda e: min(end, e.end) - max(start, e.start))
            return self.by_span[(best.start, best.end)]
        clash = next(((s, e) for s, e in self.extra if s < end and start < e), None)
        if clash is not None:
            return self.extra[clash]
        self.extra[(start, end)] = f"{self.prefix}-s{len(self.extra)}"
        return self.extra[(start, end)]

    def find(self, label: str, value: str | None, within: Span | None) -> str | None:
        """The id of the first entity of ``label`` whose text is ``value`` (inside ``within`` first)."""
        if not value:
            return None
        matches = [e for e in self.entities if e.label == label and e.text == value]
        if within is not None:
            near = [e for e in matches if within[0] <= e.start and e.end <= within[1]]
            matches = near or matches
        return self.by_span[(matches[0].start, matches[0].end)] if matches else None


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _entity_open(entity: Entity, anchor: str, diff: str | None) -> str:
    tip = entity.label + (f" · {MEANINGS[entity.label]}" if entity.label in MEANINGS else "")
    attrs = ['class="ent"', f'id="{anchor}"', f'data-label="{_esc(entity.label)}"']
    if entity.score is not None:
        attrs.append(f'data-score="{entity.score:.3f}"')
        tip += f" · score {entity.score:.3f}"
    if diff is not None:
        attrs.append(f'data-diff="{diff}"')
        tip += f" · {diff}"
    attrs.append(f'title="{_esc(tip)}"')
    return f"<mark {' '.join(attrs)}>"


def _text_html(text: str, anchors: _Anchors, diff: dict[Span, str] | None = None,
               points: dict[int, str] | None = None) -> str:
    """The text with entity and evidence elements (evidence inside an entity nests in it).

    ``points`` are empty anchors (position -> id), for the start of a record's passage.
    """
    events: dict[int, list[tuple[int, str]]] = {}  # position -> [(order, html)]: closings, points, openings

    def add(position: int, order: int, markup: str) -> None:
        events.setdefault(position, []).append((order, markup))

    for entity in anchors.entities:
        anchor = anchors.by_span[(entity.start, entity.end)]
        add(entity.start, 2, _entity_open(entity, anchor, diff.get((entity.start, entity.end)) if diff else None))
        add(entity.end, 0, "</mark>")
    for (start, end), anchor in anchors.extra.items():
        add(start, 3, f'<span class="ev" id="{anchor}">')
        add(end, -1, "</span>")
    for position, anchor in (points or {}).items():
        add(position, 1, f'<a class="pa" id="{anchor}"></a>')
    out = []
    position = 0
    for point in sorted(events):
        out.append(_esc(text[position:point]))
        out.extend(markup for _, markup in sorted(events[point], key=lambda item: item[0]))
        position = point
    out.append(_esc(text[position:]))
    return "".join(out)


def _value(anchor: str | None, text: str | None, extra: str = "") -> str:
    if not text:
        return '<span class="none">—</span>'
    shown = _esc(text) + extra
    return f'<a href="#{anchor}">{shown}</a>' if anchor else shown


def _card(record: dict[str, Any], number: int, anchors: _Anchors, prefix: str) -> str:
    evidence = record.get("evidence") or {}
    passage = tuple(evidence["passage"]) if evidence.get("passage") else None

    def slot(name: str) -> str | None:
        if evidence:
            return anchors.link(evidence.get(name))
        return anchors.find(SLOT_LABELS[name], record.get("date_text" if name == "date" else name), passage)

    date_extra = f' <span class="aside">{_esc(record["date_text"])}</span>' if record.get("date_text") else ""
    rows = [
        ("date", _value(slot("date"), record.get("date"), date_extra) if record.get("date") else
         _value(slot("date"), record.get("date_text"))),
        ("region", _value(slot("region") if evidence else None, record.get("region"))),
        ("meeting", _value(slot("meeting"), record.get("meeting"))),
        ("organizer", _value(slot("organizer"), record.get("organizer"))),
    ]
    people_evidence = evidence.get("people") or []
    people_rows = []
    for index, person in enumerate(record.get("people") or []):
        spans = people_evidence[index] if index < len(people_evidence) else {}
        name_anchor = anchors.link(spans.get("name")) if spans else anchors.find("PER", person["name"], passage)
        title_spans = spans.get("titles") or []
        titles = ", ".join(
            _value(anchors.link(title_spans[i]) if i < len(title_spans) else anchors.find("TITLE", title, passage), title)
            for i, title in enumerate(person.get("titles") or [])
        ) or '<span class="none">—</span>'
        role_spans = spans.get("roles") or []
        roles = " ".join(
            f'<a class="role" href="#{anchors.link(role_spans[i])}">{_esc(role)}</a>' if i < len(role_spans)
            else f'<span class="role">{_esc(role)}</span>'
            for i, role in enumerate(person.get("roles") or [])
        )
        people_rows.append(f"<tr><td>{_value(name_anchor, person['name'])}</td><td>{titles}</td><td>{roles}</td></tr>")
    doc_spans = evidence.get("documents") or []
    documents = [
        f"<li>{_value(anchors.link(doc_spans[i]) if i < len(doc_spans) else anchors.find('DOC', doc, passage), '《' + doc + '》')}</li>"
        for i, doc in enumerate(record.get("documents") or [])
    ]
    head = f'<h3>Meeting {number + 1}'
    if passage:
        head += f' <a class="passage" href="#{prefix}-p{passage[0]}" title="where the record was read">¶ passage</a>'
    head += "</h3>"
    slots = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in rows)
    people = (
        '<table class="people"><thead><tr><th>name</th><th>titles</th><th>roles</th></tr></thead><tbody>'
        + "".join(people_rows) + "</tbody></table>"
        if people_rows else '<p class="none">no people</p>'
    )
    docs = f'<ul class="docs">{"".join(documents)}</ul>' if documents else ""
    return f'<section class="card" id="{prefix}-r{number}">{head}<dl>{slots}</dl>{people}{docs}</section>'


def _legend(entities: Sequence[Entity]) -> str:
    counts = Counter(e.label for e in entities)
    labels = list(LABELS) + sorted(set(counts) - set(LABELS))
    items = "".join(
        f'<span class="key" data-label="{_esc(label)}" title="{_esc(MEANINGS.get(label, label))}">'
        f'{_esc(label)} <b>{counts.get(label, 0)}</b></span>'
        for label in labels
    )
    return f'<div class="legend">{items}</div>'


def _diff(model: Sequence[Entity], gold: Sequence[Entity]) -> tuple[dict[Span, str], dict[Span, str], Counter[str]]:
    """Per-span verdicts for the model layer and the gold layer, and their counts (label and span must match)."""
    gold_keys = {(e.start, e.end, e.label) for e in gold}
    model_keys = {(e.start, e.end, e.label) for e in model}
    model_marks = {(e.start, e.end): "right" if (e.start, e.end, e.label) in gold_keys else "spurious" for e in model}
    gold_marks = {(e.start, e.end): "right" if (e.start, e.end, e.label) in model_keys else "missed" for e in gold}
    counts = Counter(model_marks.values()) + Counter(v for v in gold_marks.values() if v == "missed")
    return model_marks, gold_marks, counts


def _article_html(article: PageArticle, number: int) -> str:
    prefix = f"a{number}"
    anchors = _Anchors(prefix, article.entities)
    cards = "".join(_card(record, i, anchors, prefix) for i, record in enumerate(article.records))
    points = {}
    for record in article.records:
        passage = (record.get("evidence") or {}).get("passage")
        if passage:
            points[int(passage[0])] = f"{prefix}-p{int(passage[0])}"
    diff_note, gold_block, model_marks = "", "", None
    if article.gold is not None:
        model_marks, gold_marks, counts = _diff(article.entities, article.gold)
        gold_anchors = _Anchors(f"{prefix}g", article.gold)
        diff_note = (
            f'<p class="diffsum"><span data-diff="right">right {counts["right"]}</span> '
            f'<span data-diff="spurious">spurious {counts["spurious"]}</span> '
            f'<span data-diff="missed">missed {counts["missed"]}</span></p>'
        )
        gold_block = (
            '<details class="gold" open><summary>gold annotation</summary>'
            f'<div class="text">{_text_html(article.text, gold_anchors, gold_marks)}</div></details>'
        )
    body = _text_html(article.text, anchors, model_marks, points)
    meta = f' · published {_esc(article.published)}' if article.published else ""
    records = cards or '<p class="none">no meeting record</p>'
    return (
        f'<article class="doc" id="{prefix}">'
        f'<header><h2>{_esc(article.id)}</h2><p class="meta">{len(article.text):,} characters · '
        f'{len(article.entities)} entities · {len(article.records)} records{meta}</p>'
        f'{_legend(article.entities)}{diff_note}</header>'
        f'<div class="columns"><div class="left"><div class="text">{body}</div>{gold_block}</div>'
        f'<aside class="records">{records}</aside></div></article>'
    )


STYLE = """
:root { --ink:#1f2328; --muted:#656d76; --line:#d0d7de; --bg:#f6f8fa; }
* { box-sizing: border-box; }
body { margin:0; color:var(--ink); background:#fff;
  font: 16px/1.5 "Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",
        "Hiragino Sans GB","WenQuanYi Micro Hei",system-ui,sans-serif; }
body > header { padding:14px 24px; border-bottom:1px solid var(--line); background:var(--bg); }
body > header h1 { margin:0; font-size:20px; }
body > header p { margin:2px 0 0; color:var(--muted); font-size:14px; }
nav.toc { padding:8px 24px; font-size:14px; border-bottom:1px solid var(--line); }
nav.toc a { margin-right:12px; }
article.doc { padding:16px 24px 32px; border-bottom:1px solid var(--line); }
article.doc > header h2 { margin:0 0 2px; font-size:18px; }
.meta { margin:0 0 8px; color:var(--muted); font-size:14px; }
.legend { display:flex; flex-wrap:wrap; gap:6px; margin:6px 0; }
.legend .key { padding:1px 8px; border-radius:10px; font-size:13px; border:1px solid; }
.legend .key b { font-weight:600; }
.columns { display:grid; grid-template-columns:minmax(0,3fr) minmax(320px,2fr); gap:24px; align-items:start; }
@media (max-width: 900px) { .columns { grid-template-columns:1fr; } }
.text { white-space:pre-wrap; line-height:2.1; font-size:17px; overflow-wrap:anywhere; }
mark.ent { color:inherit; padding:1px 2px; margin:0 1px; border-radius:3px; border-bottom:2px solid;
  box-decoration-break:clone; -webkit-box-decoration-break:clone; cursor:help; }
mark.ent::after { content:attr(data-label); font-size:10px; font-weight:600; letter-spacing:.02em;
  vertical-align:super; line-height:1; margin-left:2px; opacity:.75; font-family:system-ui,sans-serif; }
body.nolabels mark.ent::after { content:none; }
.ev { outline:1px dashed #8c959f; outline-offset:1px; border-radius:2px; }
:target { animation:flash 1.6s ease-out 1; outline:3px solid #fd7e14 !important; outline-offset:2px; }
@keyframes flash { from { background:#ffec99; } }
mark.ent[data-diff="spurious"] { background-image:repeating-linear-gradient(135deg,transparent 0 4px,rgba(207,34,46,.25) 4px 6px); }
mark.ent[data-diff="missed"] { background:#fff !important; border:2px dashed #cf222e; }
.diffsum span { margin-right:10px; padding:1px 8px; border-radius:10px; font-size:13px; }
.diffsum [data-diff="right"] { background:#dafbe1; } .diffsum [data-diff="spurious"] { background:#ffebe9; }
.diffsum [data-diff="missed"] { border:1px dashed #cf222e; }
details.gold { margin-top:16px; border-top:1px solid var(--line); padding-top:8px; }
details.gold summary { cursor:pointer; color:var(--muted); }
aside.records { position:sticky; top:8px; max-height:calc(100vh - 16px); overflow:auto; }
.card { border:1px solid var(--line); border-radius:8px; padding:10px 14px; margin-bottom:12px; background:#fff;
  box-shadow:0 1px 2px rgba(31,35,40,.06); }
.card h3 { margin:0 0 6px; font-size:15px; }
.card h3 .passage { font-weight:normal; font-size:13px; margin-left:6px; }
.card dl { display:grid; grid-template-columns:6em 1fr; gap:2px 8px; margin:0 0 8px; font-size:14px; }
.card dt { color:var(--muted); }
.card dd { margin:0; }
.card a { color:#0550ae; text-decoration:none; border-bottom:1px dotted #0550ae; }
.card a:hover { background:#ddf4ff; }
.aside { color:var(--muted); font-size:13px; }
.none { color:var(--muted); }
table.people { width:100%; border-collapse:collapse; font-size:14px; margin-bottom:6px; }
table.people th { text-align:left; color:var(--muted); font-weight:normal; border-bottom:1px solid var(--line); }
table.people td { border-bottom:1px solid #eaeef2; padding:3px 6px 3px 0; vertical-align:top; }
table.people td:first-child { white-space:nowrap; }
.role { display:inline-block; font-size:12px; padding:0 6px; margin:1px 2px 1px 0; border-radius:8px;
  background:#eaeef2; border:none !important; }
ul.docs { margin:4px 0 0; padding-left:18px; font-size:14px; }
label.toggle { font-size:13px; color:var(--muted); }
"""

LABELS_SCRIPT = """
document.getElementById('labels-toggle').addEventListener('change', function (e) {
  document.body.classList.toggle('nolabels', !e.target.checked);
});
"""


def label_css() -> str:
    """The colour rules of every label (marks and legend keys)."""
    rules = []
    for label in list(LABELS):
        background, border = colour(label)
        rules.append(f'[data-label="{label}"] {{ background:{background}; border-color:{border}; }}')
    background, border = colour("")
    rules.append(f'mark.ent:not({",".join(f"[data-label={chr(34)}{label}{chr(34)}]" for label in LABELS)}) '
                 f'{{ background:{background}; border-color:{border}; }}')
    return "\n".join(rules)


def render_fragment(articles: Sequence[PageArticle]) -> str:
    """The article sections alone (what the service's page inserts)."""
    return "".join(_article_html(article, number) for number, article in enumerate(articles))


def render_page(articles: Sequence[PageArticle], title: str = "policy-ie", subtitle: str = "") -> str:
    """A complete, self-contained HTML document for ``articles``."""
    toc = ""
    if len(articles) > 1:
        toc = '<nav class="toc">' + "".join(
            f'<a href="#a{i}">{_esc(a.id)}</a>' for i, a in enumerate(articles)) + "</nav>"
    return (
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>{_esc(title)}</title><style>{STYLE}{label_css()}</style></head><body>"
        f"<header><h1>{_esc(title)}</h1><p>{_esc(subtitle)} "
        '<label class="toggle"><input type="checkbox" id="labels-toggle" checked> label tags</label></p></header>'
        f"{toc}{render_fragment(articles)}<script>{LABELS_SCRIPT}</script></body></html>\n"
    )


INPUT_STYLE = """
form.paste { padding:16px 24px; border-bottom:1px solid var(--line); display:grid; gap:8px; }
form.paste textarea { width:100%; min-height:180px; font:inherit; padding:8px; border:1px solid var(--line);
  border-radius:6px; }
form.paste .row { display:flex; gap:12px; align-items:center; flex-wrap:wrap; font-size:14px; }
form.paste button { font:inherit; padding:4px 16px; border-radius:6px; border:1px solid #1f883d;
  background:#1f883d; color:#fff; cursor:pointer; }
form.paste button[disabled] { opacity:.6; cursor:wait; }
#status { color:var(--muted); }
#status.error { color:#cf222e; }
"""

INPUT_SCRIPT = """
const form = document.getElementById('paste');
form.addEventListener('submit', async function (event) {
  event.preventDefault();
  const status = document.getElementById('status');
  const button = form.querySelector('button');
  const body = {text: form.text.value, published: form.published.value || null};
  status.className = ''; status.textContent = 'working…'; button.disabled = true;
  try {
    const response = await fetch('view', {method: 'POST', headers: {'Content-Type': 'application/json'},
                                          body: JSON.stringify(body)});
    const answer = await response.text();
    if (!response.ok) {
      let message = answer;
      try { message = JSON.parse(answer).detail.map(d => d.loc.join('.') + ': ' + d.msg).join('; '); } catch (e) {}
      throw new Error(response.status + ' ' + message);
    }
    document.getElementById('result').innerHTML = answer;
    status.textContent = '';
  } catch (error) {
    status.className = 'error'; status.textContent = error.message;
  } finally {
    button.disabled = false;
  }
});
"""


def input_page(model_name: str, max_chars: int) -> str:
    """The service's front page: a box to paste an article, the result shown below it."""
    return (
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>policy-ie</title><style>{STYLE}{INPUT_STYLE}{label_css()}</style></head><body>"
        f"<header><h1>policy-ie</h1><p>model {_esc(model_name)} · up to {max_chars:,} characters · "
        '<a href="docs">API docs</a> · '
        '<label class="toggle"><input type="checkbox" id="labels-toggle" checked> label tags</label></p></header>'
        '<form class="paste" id="paste"><textarea name="text" required placeholder="粘贴一篇政策新闻……"></textarea>'
        '<div class="row"><label>published <input type="date" name="published"></label>'
        '<button type="submit">Extract</button><span id="status"></span></div></form>'
        f'<div id="result"></div><script>{LABELS_SCRIPT}{INPUT_SCRIPT}</script></body></html>\n'
    )

"""An anonymous summary of saved sessions (``kyodo report``). Pure Python, no Textual.

What it counts (from :class:`kyodo_tui.core.storage.Summary`, which carries no
label, notes, contact details or free text):

- sessions by kind (個人 / 団体) and by actor (the "who are you" answer);
- the A–E distribution (plus "not placed");
- the average 自助・共助・公助 shares (sessions whose answers placed the triad);
- the top fields and themes, and the top recommended example activities;
- the most requested kinds of support from the municipality.

**Suppression.** A cell counting 1 to ``min_count − 1`` sessions (default 5:
1–4) is suppressed: ``count`` is null and ``suppressed`` true (Markdown shows
``<5``). Zero is shown. In a breakdown whose cells add up to the total (kind,
actor, A–E), a single suppressed cell could be worked out from the others, so
the smallest other non-zero cell is suppressed too (``reason: "secondary"``).
An average over fewer than ``min_count`` sessions is suppressed the same way.
Ids are shown only if they look like catalog ids; anything else is counted as
"other", so no free text can reach a report.

**The support question** ("what would you want from the municipality") is found
in the catalog by a documented naming convention: the single/multi question
with id ``want`` or ``support``, or else one whose id ends in ``_want``,
``-want``, ``_support`` or ``-support`` (lowest ``order`` first). Callers can
pass ``support_question=ID`` instead. (Linking choices to forms is not used to
guess it: the officer's question ``officer_need`` links every choice to a form
too, and a wrong guess is worse than none.) Without such a question the
section says so.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import chain
from operator import attrgetter, itemgetter, methodcaller
from typing import Any

from kyodo_tui.core.model import REGIONS, Catalog, Lang, Text
from kyodo_tui.core.storage import Summary, gc_paused

__all__ = [
    "Cell",
    "Report",
    "build_report",
    "report_json",
    "report_markdown",
    "support_question_id",
]

DEFAULT_MIN_COUNT = 5
DEFAULT_TOP = 10
_ID_RE = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
OTHER = "other"
UNKNOWN_KEY = "unknown"
NOT_PLACED = "not-placed"

_T: dict[str, Text] = {
    "title": Text("協働のまちづくり 利用のまとめ", "協働のまちづくり: summary of saved sessions"),
    "generated": Text("作成", "Generated"),
    "since": Text("対象", "Sessions since"),
    "all": Text("すべての記録", "all records"),
    "total": Text("記録の数", "Sessions"),
    "min_count": Text("{n}件未満の集計は伏せています（「<{n}」）。自由記述・連絡先は含みません。",
                      "Counts under {n} are hidden (\"<{n}\"). No free text or contact data."),
    "kinds": Text("個人・団体", "Individuals and groups"),
    "actors": Text("立場（主体）", "Actors"),
    "regions": Text("協働の領域（A〜E）", "The A–E spectrum"),
    "triad": Text("自助・共助・公助（平均）", "Self-help, mutual aid, public help (average)"),
    "fields": Text("関心の多い分野", "Top fields"),
    "activities": Text("よく合った活動例", "Top matched activities"),
    "support": Text("市町村に求める応援", "Support wanted from the municipality"),
    "no_support": Text("（この質問はカタログにありません）",
                       "(the catalog has no such question)"),
    "answered": Text("回答した記録", "sessions answering"),
    "item": Text("項目", "Item"),
    "count": Text("件数", "Count"),
    "share": Text("割合", "Share"),
    "none": Text("（なし）", "(none)"),
    "sessions_n": Text("対象 {n}件", "over {n} sessions"),
    "suppressed_avg": Text("（対象が{n}件未満のため伏せています）",
                           "(hidden: fewer than {n} sessions)"),
    "secondary": Text("他の欄から割り出せないよう伏せています", "hidden so it cannot be worked out"),
    "self": Text("自助", "Self-help"),
    "mutual": Text("共助", "Mutual aid"),
    "public": Text("公助", "Public help"),
}
_KIND_LABELS = {"individual": Text("個人", "Individual"), "group": Text("団体", "Group")}
_UNKNOWN_LABEL = Text("不明・未回答", "Not given")
_OTHER_LABEL = Text("その他", "Other")
_NOT_PLACED_LABEL = Text("位置なし", "Not placed")
_REGION_LABELS = {
    "A": Text("A 市民が自ら", "A citizens alone"),
    "B": Text("B 市民主導・行政支援", "B citizen-led, supported"),
    "C": Text("C 対等に協力", "C together as equals"),
    "D": Text("D 行政主導・市民参加", "D municipality-led"),
    "E": Text("E 行政のみ", "E municipality alone"),
}


@dataclass(frozen=True, slots=True)
class Cell:
    """One count in the report; ``count`` is None when suppressed."""

    key: str
    label: Text
    count: int | None
    suppressed: bool
    #: "small" (under min_count) or "secondary" (hidden so a small one cannot be derived)
    reason: str = ""

    def to_json(self, lang: Lang) -> dict[str, Any]:
        out: dict[str, Any] = {"key": self.key, "label": self.label.get(lang),
                               "count": self.count, "suppressed": self.suppressed}
        if self.reason:
            out["reason"] = self.reason
        return out


@dataclass(frozen=True, slots=True)
class TriadAverage:
    n: int
    suppressed: bool
    #: mean shares (自助, 共助, 公助), None when suppressed or no data
    shares: tuple[float, float, float] | None


@dataclass(frozen=True, slots=True)
class Report:
    generated: str
    since: str | None
    min_count: int
    total: int
    kinds: tuple[Cell, ...]
    actors: tuple[Cell, ...]
    regions: tuple[Cell, ...]
    triad: TriadAverage
    fields: tuple[Cell, ...]
    activities: tuple[Cell, ...]
    support_question: str | None
    support_answered: Cell | None
    support: tuple[Cell, ...]


# ------------------------------------------------------------------ support question

_SUPPORT_ID_RE = re.compile(r".+[_-](?:want|support)")


def support_question_id(catalog: Catalog | None) -> str | None:
    """The "what would you want from the municipality" question (see the module doc)."""
    if catalog is None:
        return None
    questions = sorted((q for q in catalog.questions if q.kind in ("single", "multi")),
                       key=lambda q: q.order)
    for exact in (True, False):
        for q in questions:
            if (q.id in ("want", "support")) if exact else bool(_SUPPORT_ID_RE.fullmatch(q.id)):
                return q.id
    return None


# ------------------------------------------------------------------ cells


def _key(value: str | None) -> str:
    if value is None or value == "":
        return UNKNOWN_KEY
    return value if _ID_RE.fullmatch(value) else OTHER


def _cell(key: str, label: Text, count: int, min_count: int) -> Cell:
    if 0 < count < min_count:
        return Cell(key, label, None, True, "small")
    return Cell(key, label, count, False)


def _partition(items: Sequence[tuple[str, Text, int]], min_count: int) -> tuple[Cell, ...]:
    """Cells adding up to the total, with complementary suppression."""
    cells = [_cell(k, label, n, min_count) for k, label, n in items]
    counts = {k: n for k, _, n in items}
    hidden = [c for c in cells if c.suppressed]
    if len(hidden) == 1 and len(cells) > 1:
        shown = [c for c in cells if not c.suppressed]
        nonzero = [c for c in shown if counts[c.key] > 0]
        pick = min(nonzero or shown, key=lambda c: (counts[c.key], c.key))
        cells = [Cell(c.key, c.label, None, True, "secondary") if c is pick else c
                 for c in cells]
    return tuple(cells)


def _top(counter: Counter[str], labels: Mapping[str, Text], min_count: int,
         top: int) -> tuple[Cell, ...]:
    ordered = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return tuple(_cell(k, labels.get(k, _fallback(k)), n, min_count) for k, n in ordered)


def _fallback(key: str) -> Text:
    if key == UNKNOWN_KEY:
        return _UNKNOWN_LABEL
    if key == OTHER:
        return _OTHER_LABEL
    return Text(key, key)


# ------------------------------------------------------------------ build


def build_report(
    summaries: Iterable[Summary] | Mapping[str, Any],
    catalog: Catalog | None = None,
    *,
    min_count: int = DEFAULT_MIN_COUNT,
    since: datetime | str | None = None,
    support_question: str | None = None,
    top: int = DEFAULT_TOP,
    now: datetime | None = None,
) -> Report:
    """Count ``summaries`` (already filtered by date) into an anonymous report.

    ``summaries`` may also be the counts the database made
    (:meth:`kyodo_tui.core.storage.Store.report_counts`): the same report.
    """
    if min_count < 1:
        raise ValueError("min_count must be at least 1")
    qid = support_question or support_question_id(catalog)
    question = catalog.question(qid) if catalog is not None and qid else None
    valid_choices = ({c.id for c in question.choices} if question is not None
                     else None)
    memo: dict[str | None, str] = {}

    def key(value: str | None) -> str:
        found = memo.get(value)
        if found is None:
            found = memo[value] = _key(value)
        return found

    def keyed(counts: Counter[Any]) -> Counter[str]:
        out: Counter[str] = Counter()
        for k, n in counts.items():
            out[key(k)] += n
        return out

    if isinstance(summaries, Mapping):
        # counted by the database (Store.report_counts): the same keys, mapped the same way
        counts = summaries
        total = int(counts["total"])
        kinds = Counter()
        for k, n in counts["kinds"].items():
            kinds[k if k in _KIND_LABELS else OTHER] += n
        actors = keyed(Counter(counts["actors"]))
        regions = Counter()
        for k, n in counts["regions"].items():
            regions[k if k in REGIONS else NOT_PLACED] += n
        triad_n, triad_sum = counts["triad"][0], list(counts["triad"][1])
        fields = keyed(Counter(counts["fields"]))
        activities = keyed(Counter(counts["activities"]))
        # the database kept only valid choices, and who chose one (see report_counts)
        support = keyed(Counter(counts["support"]))
        support_answered = int(counts["support_answered"])
    else:
        (total, kinds, actors, regions, triad_n, triad_sum, fields, activities, support,
         support_answered) = _count_summaries(summaries, qid, valid_choices, keyed)
    return _build(catalog, question, qid, min_count, since, top, now, total, kinds, actors,
                  regions, triad_n, triad_sum, fields, activities, support, support_answered)


def _count_support(chosen_lists: Iterable[Any], valid_choices: set[str] | None,
                   keyed: Any) -> tuple[Counter[str], int]:
    """The support question's choices: sessions answering it, and each choice's sessions."""
    wanted: list[str] = []
    answered = 0
    for chosen in chosen_lists:
        if not chosen:
            continue
        picked = {chosen} if isinstance(chosen, str) else set(chosen)
        if valid_choices is not None:
            picked &= valid_choices
        picked.discard("unknown")
        if picked:
            answered += 1
            wanted.extend(picked)
    return keyed(Counter(wanted)), answered


def _count_summaries(summaries: Iterable[Summary], qid: str | None,
                     valid_choices: set[str] | None, keyed: Any) -> tuple[Any, ...]:
    # Count with C-level loops (map, chain, Counter) and map the few distinct
    # keys afterwards: this is what keeps a 100,000-session report quick.
    with gc_paused():
        rows = summaries if isinstance(summaries, list) else list(summaries)
        total = len(rows)
        kinds: Counter[str] = Counter()
        for k, n in Counter(map(attrgetter("kind"), rows)).items():
            kinds[k if k in _KIND_LABELS else OTHER] += n
        actors = keyed(Counter(map(attrgetter("actor"), rows)))
        regions: Counter[str] = Counter()
        for k, n in Counter(map(attrgetter("letter"), rows)).items():
            regions[k if k in REGIONS else NOT_PLACED] += n
        triads = [t for t in map(attrgetter("triad"), rows) if t is not None and len(t) == 3]
        triad_n = len(triads)
        triad_sum = [sum(map(itemgetter(i), triads)) for i in range(3)]
        # summaries hold each id once (storage.summary_of): no per-record set needed
        fields = keyed(Counter(chain.from_iterable(map(attrgetter("fields"), rows))))
        activities = keyed(Counter(chain.from_iterable(map(attrgetter("activities"), rows))))
        support: Counter[str] = Counter()
        support_answered = 0
        if qid:
            support, support_answered = _count_support(
                map(methodcaller("get", qid), map(attrgetter("choices"), rows)), valid_choices,
                keyed)
    return (total, kinds, actors, regions, triad_n, triad_sum, fields, activities, support,
            support_answered)


def _build(catalog: Catalog | None, question: Any, qid: str | None, min_count: int,
           since: datetime | str | None, top: int, now: datetime | None, total: int,
           kinds: Counter[str], actors: Counter[str], regions: Counter[str], triad_n: int,
           triad_sum: Sequence[float], fields: Counter[str], activities: Counter[str],
           support: Counter[str], support_answered: int) -> Report:
    """The counts as a report: labels, order and the suppression rules."""

    actor_labels: dict[str, Text] = {}
    field_labels: dict[str, Text] = {}
    activity_labels: dict[str, Text] = {}
    choice_labels: dict[str, Text] = {}
    if catalog is not None:
        actor_labels = {k: a.name for k, a in catalog.actors.items()}
        field_labels = {k: f.name for k, f in catalog.fields.items()}
        activity_labels = {k: a.title for k, a in catalog.activities.items()}
    if question is not None:
        choice_labels = {c.id: c.label for c in question.choices}

    kind_cells = _partition(
        [(k, _KIND_LABELS.get(k, _OTHER_LABEL), kinds.get(k, 0))
         for k in (*_KIND_LABELS, OTHER) if k in _KIND_LABELS or kinds.get(k)], min_count)
    actor_order = list(catalog.actors) if catalog is not None else []
    actor_keys = [k for k in actor_order if actors.get(k)] + sorted(
        k for k in actors if k not in actor_order and k not in (UNKNOWN_KEY, OTHER))
    actor_keys += [k for k in (OTHER, UNKNOWN_KEY) if actors.get(k)]
    actor_cells = _partition(
        [(k, actor_labels.get(k, _fallback(k)), actors[k]) for k in actor_keys], min_count)
    region_cells = _partition(
        [(r, _REGION_LABELS[r], regions.get(r, 0)) for r in REGIONS]
        + [(NOT_PLACED, _NOT_PLACED_LABEL, regions.get(NOT_PLACED, 0))], min_count)

    if triad_n >= min_count:
        triad = TriadAverage(triad_n, False, (round(triad_sum[0] / triad_n, 4),
                                              round(triad_sum[1] / triad_n, 4),
                                              round(triad_sum[2] / triad_n, 4)))
    else:
        triad = TriadAverage(triad_n, triad_n > 0, None)

    since_text = None
    if since is not None:
        from kyodo_tui.core.storage import parse_since

        moment = parse_since(since)
        since_text = None if moment is None else moment.isoformat()
    return Report(
        generated=(now or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        since=since_text,
        min_count=min_count,
        total=total,
        kinds=kind_cells,
        actors=actor_cells,
        regions=region_cells,
        triad=triad,
        fields=_top(fields, field_labels, min_count, top),
        activities=_top(activities, activity_labels, min_count, top),
        support_question=qid if (question is not None or catalog is None) and qid else None,
        support_answered=(None if not qid else _cell("answered", _T["answered"],
                                                       support_answered, min_count)),
        support=_top(support, choice_labels, min_count, top) if qid else (),
    )


# ------------------------------------------------------------------ output


def report_json(report: Report, lang: Lang = "ja") -> dict[str, Any]:
    """The report as JSON-friendly data (stable keys; labels in ``lang``)."""
    def cells(items: Sequence[Cell]) -> list[dict[str, Any]]:
        return [c.to_json(lang) for c in items]

    t = report.triad
    return {
        "generated": report.generated,
        "since": report.since,
        "min_count": report.min_count,
        "total": report.total,
        "kinds": cells(report.kinds),
        "actors": cells(report.actors),
        "regions": cells(report.regions),
        "triad": {
            "n": t.n if not t.suppressed else None,
            "suppressed": t.suppressed,
            "self": None if t.shares is None else t.shares[0],
            "mutual": None if t.shares is None else t.shares[1],
            "public": None if t.shares is None else t.shares[2],
        },
        "fields": cells(report.fields),
        "activities": cells(report.activities),
        "support": {
            "question": report.support_question,
            "answered": (None if report.support_answered is None
                         else report.support_answered.to_json(lang)),
            "choices": cells(report.support),
        },
    }


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _count_text(cell: Cell, min_count: int) -> str:
    return f"<{min_count}" if cell.suppressed else str(cell.count)


def _table(cells: Sequence[Cell], report: Report, lang: Lang, *, share: bool) -> list[str]:
    t = _T
    if not cells:
        return [t["none"].get(lang), ""]
    head = f"| {t['item'].get(lang)} | {t['count'].get(lang)} |"
    rule = "|---|---:|"
    if share:
        head += f" {t['share'].get(lang)} |"
        rule += "---:|"
    lines = [head, rule]
    for c in cells:
        row = f"| {_md(c.label.get(lang))} | {_count_text(c, report.min_count)} |"
        if share:
            pct = "" if c.count is None or not report.total else f"{c.count / report.total:.0%}"
            row += f" {pct} |"
        lines.append(row)
    lines.append("")
    return lines


def report_markdown(report: Report, lang: Lang = "ja") -> str:
    """The report as Markdown, headings in ``lang``."""
    t = _T
    out = [f"# {t['title'].get(lang)}", ""]
    out.append(f"- {t['generated'].get(lang)}: {report.generated}")
    out.append(f"- {t['since'].get(lang)}: {report.since or t['all'].get(lang)}")
    out.append(f"- {t['total'].get(lang)}: {report.total}")
    out.append("")
    out.append(t["min_count"].get(lang).format(n=report.min_count))
    out.append("")
    for key, cells, share in (("kinds", report.kinds, True), ("actors", report.actors, True),
                              ("regions", report.regions, True)):
        out += [f"## {t[key].get(lang)}", ""] + _table(cells, report, lang, share=share)
    out += [f"## {t['triad'].get(lang)}", ""]
    tri = report.triad
    if tri.shares is None:
        out.append(t["suppressed_avg"].get(lang).format(n=report.min_count) if tri.suppressed
                   else t["none"].get(lang))
    else:
        out.append(f"| {t['self'].get(lang)} | {t['mutual'].get(lang)} | "
                   f"{t['public'].get(lang)} |")
        out.append("|---:|---:|---:|")
        out.append(f"| {tri.shares[0]:.0%} | {tri.shares[1]:.0%} | {tri.shares[2]:.0%} |")
        out.append("")
        out.append(t["sessions_n"].get(lang).format(n=tri.n))
    out.append("")
    out += [f"## {t['fields'].get(lang)}", ""] + _table(report.fields, report, lang,
                                                        share=False)
    out += [f"## {t['activities'].get(lang)}", ""] + _table(report.activities, report, lang,
                                                            share=False)
    out += [f"## {t['support'].get(lang)}", ""]
    if report.support_question is None:
        out += [t["no_support"].get(lang), ""]
    else:
        answered = report.support_answered
        if answered is not None:
            out += [f"{t['answered'].get(lang)}: {_count_text(answered, report.min_count)}", ""]
        out += _table(report.support, report, lang, share=False)
    return "\n".join(out).rstrip("\n") + "\n"

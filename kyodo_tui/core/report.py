"""An anonymous summary of saved sessions (``kyodo report``). Pure Python, no Textual.

What it counts (from :class:`kyodo_tui.core.storage.Summary`, which carries no
label, notes, contact details or free text):

- sessions by kind (個人 / 団体) and by actor (the "who are you" answer);
- the A–E distribution (plus "not placed");
- the average 自助・共助・公助 shares (sessions whose answers placed the triad);
- the top fields and themes, and the top recommended example activities;
- the most requested kinds of support from the municipality.

**Disclosure control** (:mod:`kyodo_tui.core.disclosure`): every count is
randomly rounded to a multiple of 5 by a cell key (the same sessions always give
the same number); the 自助・共助・公助 average is published only over at least
``min_count`` sessions, in steps of 5 points; the CLI reports whole, complete
calendar months that each hold at least ``min_count`` sessions. A category is
listed only when its rounded count is above 0 or it is a fixed row (a catalog
actor, a region letter), so a row's presence does not reveal a person either.
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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from operator import attrgetter, itemgetter, methodcaller
from typing import Any

from kyodo_tui.core import disclosure
from kyodo_tui.core.disclosure import CellKeys, Period, average_share, round_count, share_units
from kyodo_tui.core.model import REGIONS, Catalog, Lang, Text
from kyodo_tui.core.storage import Summary, gc_paused

__all__ = [
    "Cell",
    "Report",
    "build_report",
    "build_report_from_cells",
    "report_json",
    "report_markdown",
    "support_question_id",
]

DEFAULT_MIN_COUNT = disclosure.MIN_COUNT
DEFAULT_TOP = 10
_ID_RE = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
OTHER = "other"
UNKNOWN_KEY = "unknown"
NOT_PLACED = "not-placed"

_T: dict[str, Text] = {
    "title": Text("協働のまちづくり 利用のまとめ", "協働のまちづくり: summary of saved sessions"),
    "generated": Text("作成", "Generated"),
    "since": Text("対象の期間", "Period"),
    "all": Text("渡されたすべての記録", "all sessions given"),
    "to": Text("〜", " to "),
    "total": Text("記録の数", "Sessions"),
    "min_count": Text(
        "件数はすべて{base}の倍数に丸めています（切り上げか切り捨てかは記録の組み合わせごとに"
        "決まり、同じ記録からはいつも同じ数になります）。0と表示された欄も0〜{top}件の"
        "ことがあります。平均は{n}件以上のときだけ、5%きざみで示します。月ごとに{n}件以上の、"
        "終わった月だけを集計します。自由記述・連絡先は含みません。",
        "Every count is rounded to a multiple of {base}, up or down as the set of sessions "
        "decides (the same sessions always give the same number); a 0 may stand for 0 to "
        "{top}. Averages are shown only over {n} or more sessions, in steps of 5%. Only "
        "complete months with at least {n} sessions each are counted. No free text or "
        "contact data."),
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
    "suppressed_avg": Text("（対象が{n}件未満のため示しません）",
                           "(not shown: fewer than {n} sessions)"),
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
    """One published count: already rounded (see :mod:`kyodo_tui.core.disclosure`)."""

    key: str
    label: Text
    count: int

    def to_json(self, lang: Lang) -> dict[str, Any]:
        return {"key": self.key, "label": self.label.get(lang), "count": self.count}


@dataclass(frozen=True, slots=True)
class TriadAverage:
    #: sessions behind the average, rounded like every count
    n: int
    #: mean shares (自助, 共助, 公助) in steps of 5 points; None when not published
    shares: tuple[float, float, float] | None
    #: True when there were sessions but too few to publish an average
    withheld: bool = False


@dataclass(frozen=True, slots=True)
class Report:
    generated: str
    #: the period's first and last month (YYYY-MM), None when the caller chose the sessions
    period_from: str | None
    period_to: str | None
    min_count: int
    base: int
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


def _cells(items: Sequence[tuple[str, Text]], counted: Mapping[str, tuple[int, int]],
           fixed: frozenset[str] = frozenset()) -> tuple[Cell, ...]:
    """Rounded cells in the given order; a key not in ``fixed`` only when its rounded
    count is above 0 (its presence alone would tell that someone is in it)."""
    out = []
    for key, label in items:
        n, ck = counted.get(key, (0, 0))
        shown = round_count(n, ck)
        if shown or key in fixed:
            out.append(Cell(key, label, shown))
    return tuple(out)


def _top(counted: Mapping[str, tuple[int, int]], labels: Mapping[str, Text],
         top: int) -> tuple[Cell, ...]:
    """The ``top`` biggest rounded cells above 0 (ties by key)."""
    rounded = [(round_count(n, ck), k) for k, (n, ck) in counted.items()]
    ordered = sorted((r for r in rounded if r[0] > 0), key=lambda rk: (-rk[0], rk[1]))[:top]
    return tuple(Cell(k, labels.get(k, _fallback(k)), n) for n, k in ordered)


def _fallback(key: str) -> Text:
    if key == UNKNOWN_KEY:
        return _UNKNOWN_LABEL
    if key == OTHER:
        return _OTHER_LABEL
    return Text(key, key)


# ------------------------------------------------------------------ build


def build_report(
    summaries: Iterable[Summary],
    catalog: Catalog | None = None,
    *,
    min_count: int = DEFAULT_MIN_COUNT,
    period: Period | None = None,
    secret: bytes = b"",
    support_question: str | None = None,
    top: int = DEFAULT_TOP,
    now: datetime | None = None,
) -> Report:
    """Count ``summaries`` (already limited to ``period``) into an anonymous report.

    Every count is rounded by :mod:`kyodo_tui.core.disclosure` (record keys from
    the session ids, keyed by ``secret``); choosing a safe period is the
    caller's part (:func:`kyodo_tui.core.disclosure.choose_period`).
    """
    if min_count < 1:
        raise ValueError("min_count must be at least 1")
    qid, question, valid_choices = _support(catalog, support_question)
    memo: dict[str | None, str] = {}

    def key(value: str | None) -> str:
        found = memo.get(value)
        if found is None:
            found = memo[value] = _key(value)
        return found

    def keys(values: Iterable[str]) -> list[str]:
        return list(dict.fromkeys(map(key, values)))  # each cell once per session

    with gc_paused():
        rows = summaries if isinstance(summaries, list) else list(summaries)
        total = len(rows)
        sdc = CellKeys(map(attrgetter("id"), rows), secret)
        kinds = sdc.of(k if k in _KIND_LABELS else OTHER for k in map(attrgetter("kind"), rows))
        actors = sdc.of(map(key, map(attrgetter("actor"), rows)))
        regions = sdc.of(r if r in REGIONS else NOT_PLACED
                         for r in map(attrgetter("letter"), rows))
        placed = [t is not None and len(t) == 3 for t in map(attrgetter("triad"), rows)]
        triads = [t for t, ok in zip(map(attrgetter("triad"), rows), placed, strict=True) if ok]
        triad_n = len(triads)
        triad_units = tuple(sum(map(share_units, map(itemgetter(i), triads))) for i in range(3))
        fields = sdc.of_many(map(keys, map(attrgetter("fields"), rows)))
        activities = sdc.of_many(map(keys, map(attrgetter("activities"), rows)))
        support: dict[str, tuple[int, int]] = {}
        answered_flags: list[bool] = []
        if qid:
            wanted: list[list[str]] = []
            for chosen in map(methodcaller("get", qid), map(attrgetter("choices"), rows)):
                picked = set(chosen or ())
                if valid_choices is not None:
                    picked &= valid_choices
                picked.discard("unknown")
                answered_flags.append(bool(picked))
                wanted.append(keys(sorted(picked)))
            support = sdc.of_many(wanted)

    answered = ((sum(answered_flags), sdc.key_where(answered_flags)) if qid else None)
    return _assemble(
        catalog, question, qid, min_count=min_count, period=period, top=top, now=now,
        total=(total, sdc.total_key), kinds=kinds, actors=actors, regions=regions,
        triad=(triad_n, sdc.key_where(placed), triad_units), fields=fields,
        activities=activities, support=support, answered=answered)


def _support(catalog: Catalog | None, support_question: str | None
             ) -> tuple[str | None, Any, set[str] | None]:
    """The support question's id, the question, and its choice ids (None: not in a catalog)."""
    qid = support_question or support_question_id(catalog)
    question = catalog.question(qid) if catalog is not None and qid else None
    valid_choices = {c.id for c in question.choices} if question is not None else None
    return qid, question, valid_choices


def support_choices(catalog: Catalog | None, support_question: str | None = None
                    ) -> tuple[str | None, set[str] | None]:
    """(question id, its choice ids) that :func:`build_report` counts as support asked for."""
    qid, _, valid = _support(catalog, support_question)
    return qid, valid


def build_report_from_cells(
    cells: Mapping[str, Sequence[int]],
    catalog: Catalog | None = None,
    *,
    min_count: int = DEFAULT_MIN_COUNT,
    period: Period | None = None,
    support_question: str | None = None,
    top: int = DEFAULT_TOP,
    now: datetime | None = None,
) -> Report:
    """The report :func:`build_report` makes, from the database's aggregates.

    ``cells`` is :meth:`kyodo_tui.core.storage.Store.report_cells` of the
    period (name -> sessions, sum of record keys, triad share sums): the same
    counts and cell keys the per-session path finds, so the same numbers.
    """
    if min_count < 1:
        raise ValueError("min_count must be at least 1")
    qid, question, valid_choices = _support(catalog, support_question)
    sep = "\x1f"

    def cell(name: str) -> tuple[int, int]:
        found = cells.get(name)
        return (0, 0) if not found else (int(found[0]), int(found[1]))

    def merge(table: dict[str, list[int]], key: str, n: int, k: int) -> None:
        slot = table.setdefault(key, [0, 0])
        slot[0] += n
        slot[1] += k

    kinds: dict[str, list[int]] = {}
    actors: dict[str, list[int]] = {}
    regions: dict[str, list[int]] = {}
    fields: dict[str, list[int]] = {}
    activities: dict[str, list[int]] = {}
    support: dict[str, list[int]] = {}
    for name, found in cells.items():
        n, k = int(found[0]), int(found[1])
        if n <= 0:
            continue
        group, _, value = name.partition(sep)
        if group == "kind":
            merge(kinds, value if value in _KIND_LABELS else OTHER, n, k)
        elif group == "actor":
            merge(actors, _key(value or None), n, k)
        elif group == "letter":
            merge(regions, value if value in REGIONS else NOT_PLACED, n, k)
        elif group == "field":
            merge(fields, _key(value), n, k)
        elif group == "activity":
            merge(activities, _key(value), n, k)
        elif group == "choice" and qid:
            question_id, _, choice = value.partition(sep)
            if question_id == qid and choice != "unknown" and (
                    valid_choices is None or choice in valid_choices):
                merge(support, _key(choice), n, k)

    def keyed(table: dict[str, list[int]]) -> dict[str, tuple[int, int]]:
        return {key: (n, k % 256) for key, (n, k) in table.items()}

    triad = cells.get("triad") or (0, 0, 0, 0, 0)
    total = cell("total")
    answered = cell(f"answered{sep}{qid}") if qid else None
    return _assemble(
        catalog, question, qid, min_count=min_count, period=period, top=top, now=now,
        total=(total[0], total[1] % 256), kinds=keyed(kinds), actors=keyed(actors),
        regions=keyed(regions),
        triad=(int(triad[0]), int(triad[1]) % 256, (int(triad[2]), int(triad[3]), int(triad[4]))),
        fields=keyed(fields), activities=keyed(activities), support=keyed(support),
        answered=None if answered is None else (answered[0], answered[1] % 256))


def _assemble(
    catalog: Catalog | None, question: Any, qid: str | None, *, min_count: int,
    period: Period | None, top: int, now: datetime | None, total: tuple[int, int],
    kinds: Mapping[str, tuple[int, int]], actors: Mapping[str, tuple[int, int]],
    regions: Mapping[str, tuple[int, int]], triad: tuple[int, int, Sequence[int]],
    fields: Mapping[str, tuple[int, int]], activities: Mapping[str, tuple[int, int]],
    support: Mapping[str, tuple[int, int]], answered: tuple[int, int] | None,
) -> Report:
    """The report of counted cells ((sessions, cell key) each): rounding and layout,
    shared by both ways of counting."""
    triad_n, triad_key, triad_units = triad
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

    kind_cells = _cells([(k, _KIND_LABELS[k]) for k in _KIND_LABELS] + [(OTHER, _OTHER_LABEL)],
                        kinds, frozenset(_KIND_LABELS))
    actor_order = list(catalog.actors) if catalog is not None else []
    extra = sorted(k for k in actors if k not in actor_order and k not in (UNKNOWN_KEY, OTHER))
    actor_keys = actor_order + extra + [OTHER, UNKNOWN_KEY]
    actor_cells = _cells([(k, actor_labels.get(k, _fallback(k))) for k in actor_keys], actors,
                         frozenset(actor_order))
    region_cells = _cells([(r, _REGION_LABELS[r]) for r in REGIONS]
                          + [(NOT_PLACED, _NOT_PLACED_LABEL)], regions,
                          frozenset((*REGIONS, NOT_PLACED)))

    triad_shown_n = round_count(triad_n, triad_key)
    average: TriadAverage
    if triad_n >= min_count:
        average = TriadAverage(triad_shown_n, tuple(  # type: ignore[arg-type]
            average_share(triad_units[i], triad_n) for i in range(3)))
    else:
        average = TriadAverage(triad_shown_n, None, withheld=triad_n > 0)

    answered_cell: Cell | None = None
    if qid and answered is not None:
        answered_cell = Cell("answered", _T["answered"], round_count(*answered))
    return Report(
        generated=(now or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        period_from=None if period is None else period.start,
        period_to=None if period is None else period.end,
        min_count=min_count,
        base=disclosure.ROUNDING_BASE,
        total=round_count(*total),
        kinds=kind_cells,
        actors=actor_cells,
        regions=region_cells,
        triad=average,
        fields=_top(fields, field_labels, top),
        activities=_top(activities, activity_labels, top),
        support_question=qid if (question is not None or catalog is None) and qid else None,
        support_answered=answered_cell,
        support=_top(support, choice_labels, top) if qid else (),
    )


# ------------------------------------------------------------------ output


def report_json(report: Report, lang: Lang = "ja") -> dict[str, Any]:
    """The report as JSON-friendly data (stable keys; labels in ``lang``)."""
    def cells(items: Sequence[Cell]) -> list[dict[str, Any]]:
        return [c.to_json(lang) for c in items]

    t = report.triad
    return {
        "generated": report.generated,
        "period": {"from": report.period_from, "to": report.period_to},
        "min_count": report.min_count,
        "rounding": {"method": "cell-key random rounding", "base": report.base},
        "total": report.total,
        "kinds": cells(report.kinds),
        "actors": cells(report.actors),
        "regions": cells(report.regions),
        "triad": {
            "n": t.n,
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
    from kyodo_tui.core.neutral import md_inline

    return md_inline(text)


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
        row = f"| {_md(c.label.get(lang))} | {c.count} |"
        if share:
            pct = "" if not report.total else f"{c.count / report.total:.0%}"
            row += f" {pct} |"
        lines.append(row)
    lines.append("")
    return lines


def report_markdown(report: Report, lang: Lang = "ja") -> str:
    """The report as Markdown, headings in ``lang``."""
    t = _T
    out = [f"# {t['title'].get(lang)}", ""]
    out.append(f"- {t['generated'].get(lang)}: {report.generated}")
    if report.period_from is None:
        period = t["all"].get(lang)
    else:
        period = f"{report.period_from}{t['to'].get(lang)}{report.period_to}"
    out.append(f"- {t['since'].get(lang)}: {period}")
    out.append(f"- {t['total'].get(lang)}: {report.total}")
    out.append("")
    out.append(t["min_count"].get(lang).format(n=report.min_count, base=report.base,
                                                top=report.base - 1))
    out.append("")
    for key, cells, share in (("kinds", report.kinds, True), ("actors", report.actors, True),
                              ("regions", report.regions, True)):
        out += [f"## {t[key].get(lang)}", ""] + _table(cells, report, lang, share=share)
    out += [f"## {t['triad'].get(lang)}", ""]
    tri = report.triad
    if tri.shares is None:
        out.append(t["suppressed_avg"].get(lang).format(n=report.min_count) if tri.withheld
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
            out += [f"{t['answered'].get(lang)}: {answered.count}", ""]
        out += _table(report.support, report, lang, share=False)
    return "\n".join(out).rstrip("\n") + "\n"

"""Tally arithmetic: hands and answer sets → the room picture, comparisons, prompts.

Pure and deterministic: no I/O, no Textual. Every number comes from the
placement engine (:func:`kyodo_tui.core.placement.place`); nothing here is a
second model of A–E or 自助・共助・公助. ``docs/workshop.md`` has the
definitions; in short:

*Dots.* Each participant who answered individually is a dot: ``place()`` of
their answers, unchanged.

*Hands.* A show-of-hands tally (plus the participants' answers counted as
hands, see :func:`~kyodo_tui.core.workshop.model.group_hands`) is **expanded
into weighted answers** and placed by ``place()`` as one composite respondent
(:func:`expand`). For a single question with ``n_c`` hands for choice ``c`` out
of ``H`` hands (「分からない」 included), choice ``c`` becomes an answer with
question weight ``weight × n_c / H``; the 「分からない」 share becomes a
「分からない」 answer with weight ``weight × n_unknown / H``. That is the
expected answer of someone picked at random from the hands, so **one participant
as a tally places exactly where ``place()`` puts their answers**. A multi
question is the count-weighted mean of its ticked choices (as ``place()`` takes
the mean of one person's ticks), times the share of people who did not answer
「分からない」; see :func:`question_people` for how many people a multi tally
stands for.

*The room.* With only dots, the centre is the mean of the dots' positions and
the spread their (population) standard deviation; the histogram counts dots per
letter. With hands, the centre is the composite's position, the spread is the
engine's ``conflict`` (the mass-weighted standard deviation of the answers'
pulls) and the histogram is the share of region weight per letter of its pull.
Both triad pictures work the same way per share.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from kyodo_tui.core.model import (
    REGIONS,
    UNKNOWN,
    Catalog,
    Choice,
    Principle,
    Question,
    Text,
)
from kyodo_tui.core.placement import (
    BASE_SPREAD,
    UNKNOWN_SPREAD,
    Answers,
    Contribution,
    Placement,
    Reason,
    letter_of,
    place,
)
from kyodo_tui.core.recommend import FormFit, recommend
from kyodo_tui.core.workshop.model import Group, group_hands

__all__ = [
    "Comparison",
    "Dot",
    "Expansion",
    "GroupPicture",
    "PlacementCache",
    "PrincipleWeight",
    "Prompts",
    "QuestionShift",
    "QuestionStats",
    "compare",
    "expand",
    "headcount",
    "picture",
    "prompts",
    "question_people",
    "room_placement",
]

#: separates the parts of an expanded (synthetic) question id; ids never contain it
SEP = "~"
#: the largest possible standard deviation on the 0..4 scale (half at A, half at E)
MAX_STD = 2.0
#: a centre shift smaller than this is "about the same place"
SAME_PLACE = 0.05

_EPS = 1e-12
Basis = Literal["dots", "tally", "empty"]


# ---------------------------------------------------------------- expansion


def _has_region(choice: Choice) -> bool:
    return sum(max(0.0, float(w)) for w in choice.regions.values()) > _EPS


def _has_triad(choice: Choice) -> bool:
    return sum(max(0.0, float(w)) for w in choice.triad.values()) > _EPS


def _has_links(choice: Choice) -> bool:
    return bool(choice.forms or choice.principles or choice.fields)


#: (choice, flags) → its bare copy; a catalog's choices live as long as the app, and
#: the picture is redrawn on every key press: made once, not on every draw
_BARE: dict[tuple[int, bool, bool, bool], tuple[Choice, Choice]] = {}


def _bare(choice: Choice, *, regions: bool, triad: bool, links: bool) -> Choice:
    """The choice keeping only some of its weights; never an actor or cycle step.

    A room is many actors at many steps: the composite must not borrow the
    first hand's actor (which would bar forms not meant for that actor).
    """
    key = (id(choice), regions, triad, links)
    found = _BARE.get(key)
    if found is not None and found[0] is choice:  # same object, not a reused id
        return found[1]
    bare = _make_bare(choice, regions=regions, triad=triad, links=links)
    if len(_BARE) > 4096:
        _BARE.clear()
    _BARE[key] = (choice, bare)
    return bare


def _make_bare(choice: Choice, *, regions: bool, triad: bool, links: bool) -> Choice:
    return replace(
        choice,
        regions=dict(choice.regions) if regions else {},
        triad=dict(choice.triad) if triad else {},
        forms=dict(choice.forms) if links else {},
        principles=choice.principles if links else (),
        fields=choice.fields if links else (),
        actor=None,
        cycle=None,
    )


def headcount(catalog: Catalog, hands: Mapping[str, Mapping[str, int]]) -> int:
    """How many people the hands stand for: the most hands on any single question.

    Everyone raises at most one hand on a single question, so this is a lower
    bound that is exact when everyone answered at least one single question
    (「分からない」 counts). 0 when no single question was counted.
    """
    best = 0
    for q in catalog.questions:
        if q.kind == "single":
            best = max(best, sum(hands.get(q.id, {}).values()))
    return best


def _reach(catalog: Catalog, hands: Mapping[str, Mapping[str, int]], question: Question,
           total: int, depth: int = 0) -> int:
    """People who were asked ``question``: the hands on its ``show_if`` choices."""
    cond = question.show_if
    if cond is None:
        return total
    parent = catalog.question(cond.question)
    if parent is None or depth > len(catalog.questions):
        return total
    seen = sum(hands.get(parent.id, {}).get(c, 0) for c in cond.any_of)
    return min(seen, _reach(catalog, hands, parent, total, depth + 1))


def question_people(catalog: Catalog, hands: Mapping[str, Mapping[str, int]],
                    question: Question) -> int:
    """How many people the hands on ``question`` stand for.

    Single: its hands (each person raises one). Multi: a person may raise several
    hands, so it is the larger of the people who were asked it (the
    :func:`headcount`, narrowed by ``show_if`` to the hands on the choices that
    show it) and the most hands on one choice plus the 「分からない」 hands.
    Exact for one participant and whenever everyone present answers.
    """
    counts = hands.get(question.id, {})
    if question.kind == "single":
        return sum(counts.values())
    unknown = counts.get(UNKNOWN, 0)
    top = max((n for cid, n in counts.items() if cid != UNKNOWN), default=0)
    return max(_reach(catalog, hands, question, headcount(catalog, hands)), top + unknown)


@dataclass(frozen=True, slots=True)
class Expansion:
    """A tally as weighted answers to a synthetic catalog, ready for ``place()``.

    The synthetic catalog is the real one (forms, principles, actors, cycle …)
    with its questions replaced by one single-choice question per counted
    choice (id ``question~choice``, or ``question~choice~r|t|l`` for the
    region, triad and link parts of a multi question) whose ``weight`` carries
    the share of hands, plus ``question~unknown`` answered 「分からない」.
    """

    catalog: Catalog
    answers: Answers
    #: synthetic question id → (real question id, choice id or "unknown")
    origin: Mapping[str, tuple[str, str]]
    #: real question id → the people its hands stand for (see question_people)
    people: Mapping[str, int]


def expand(catalog: Catalog, hands: Mapping[str, Mapping[str, int]]) -> Expansion:
    """Expand counts into weighted answers (see the module docstring)."""
    questions: list[Question] = []
    answers: Answers = {}
    origin: dict[str, tuple[str, str]] = {}
    people: dict[str, int] = {}

    def add(sid: str, q: Question, choices: tuple[Choice, ...], weight: float,
            answer: str, cid: str) -> None:
        if weight <= _EPS:
            return
        questions.append(Question(sid, len(questions) + 1, "single", q.prompt, q.help, choices,
                                  True, weight, None, False))
        answers[sid] = answer
        origin[sid] = (q.id, cid)

    for q in sorted(catalog.questions, key=lambda x: x.order):
        if q.kind == "text":
            continue
        counts = hands.get(q.id, {})
        n_people = question_people(catalog, hands, q)
        if n_people <= 0:
            continue
        people[q.id] = n_people
        weight = max(0.0, float(q.weight))
        unknown = counts.get(UNKNOWN, 0)
        real = [(c, counts[c.id]) for c in q.choices if counts.get(c.id, 0) > 0]
        if q.kind == "single":
            for c, n in real:
                add(f"{q.id}{SEP}{c.id}", q, (_bare(c, regions=True, triad=True, links=True),),
                    weight * n / n_people, c.id, c.id)
        else:
            answering = 1.0 - unknown / n_people
            region = [(c, n) for c, n in real if _has_region(c)]
            region_hands = sum(n for _, n in region)
            for c, n in region:
                add(f"{q.id}{SEP}{c.id}{SEP}r", q,
                    (_bare(c, regions=True, triad=False, links=False),),
                    weight * answering * n / region_hands, c.id, c.id)
            triad = [(c, n) for c, n in real if _has_triad(c)]
            triad_hands = sum(n for _, n in triad)
            for c, n in triad:
                add(f"{q.id}{SEP}{c.id}{SEP}t", q,
                    (_bare(c, regions=False, triad=True, links=False),),
                    weight * answering * n / triad_hands, c.id, c.id)
            for c, n in real:
                if _has_links(c):
                    # place() sums a person's ticked boosts: n/people ticks per person
                    add(f"{q.id}{SEP}{c.id}{SEP}l", q,
                        (_bare(c, regions=False, triad=False, links=True),),
                        weight * n / n_people, c.id, c.id)
        if unknown > 0 and q.choices:
            # 「分からない」 widens the spread exactly as in place(), by its share
            add(f"{q.id}{SEP}{UNKNOWN}", q,
                tuple(_bare(c, regions=True, triad=True, links=False) for c in q.choices),
                weight * unknown / n_people, UNKNOWN, UNKNOWN)
    return Expansion(replace(catalog, questions=tuple(questions)), answers, origin, people)


# ---------------------------------------------------------------- pictures


@dataclass(frozen=True, slots=True)
class Dot:
    """One anonymous participant: ``place()`` of their answers. ``number`` is 1-based."""

    number: int
    placement: Placement

    @property
    def position(self) -> float | None:
        return self.placement.position

    @property
    def letter(self) -> str | None:
        return self.placement.letter

    @property
    def triad(self) -> tuple[float, float, float] | None:
        return self.placement.triad if self.placement.triad_placed else None


@dataclass(frozen=True, slots=True)
class QuestionStats:
    """How the room answered one question."""

    question: Question
    #: choice id (and "unknown") → hands, catalog order, "unknown" last
    counts: Mapping[str, int]
    #: all hands on the question
    hands: int
    #: the people the hands stand for (single: = hands; multi: see question_people)
    people: int
    #: hands / people per choice (single: they sum to 1; multi: share who ticked it)
    shares: Mapping[str, float]
    unknown_share: float
    #: 0..1: how evenly the room split (single: normalised entropy over the
    #: choices and 「分からない」; multi: mean binary entropy of each tick); None: all unknown
    entropy: float | None
    #: the answers' mean pull on A–E (mass-weighted), None without region weight
    pull: float | None
    #: the answers' standard deviation of pull (0..2), None without region weight
    pull_spread: float | None
    #: (entropy + pull_spread / 2) / 2, 0..1; None for questions that do not move A–E
    #: and for the "who are you" question (choices naming actors)
    disagreement: float | None


@dataclass(frozen=True, slots=True)
class GroupPicture:
    """The live picture of one group (or the whole room)."""

    group_id: str
    label: str
    #: "dots": participants only; "tally": any show-of-hands count; "empty": nothing yet
    basis: Basis
    #: how many answered individually
    participants: int
    #: the people the picture stands for (dots: participants; tally: headcount)
    people: int
    dots: tuple[Dot, ...]
    #: the centre on 0..4 (None: nobody placed) and its nearest letter
    centre: float | None
    letter: str | None
    #: standard deviation on 0..4 (None: nobody placed)
    spread: float | None
    #: mean shares of 自助・共助・公助 and their standard deviations (None: no triad weight)
    triad: tuple[float, float, float] | None
    triad_spread: tuple[float, float, float] | None
    #: per letter A..E: dots → how many dots; tally → share of region weight
    histogram: tuple[float, ...]
    #: the histogram as shares (sum 1; all 0 when nobody is placed)
    shares: tuple[float, ...]
    #: the room as one respondent: place() of the expanded hands
    composite: Placement
    #: questions with hands, in question order
    questions: tuple[QuestionStats, ...]
    #: principle id → hands on choices naming it, most first (catalog order on ties)
    principles: tuple[tuple[str, int], ...]
    expansion: Expansion = field(repr=False, compare=False)
    #: the share of all hands (and answers) that were 「分からない」
    unknown_share: float = 0.0

    @property
    def placed(self) -> int:
        """Dots with a position."""
        return sum(1 for d in self.dots if d.position is not None)

    def disagreements(self, limit: int | None = None) -> tuple[QuestionStats, ...]:
        """Questions that move A–E and split the room, most disagreed first.

        Ties: question order. A question everyone answered alike (score 0) is left out.
        """
        ranked = [s for s in self.questions
                  if s.disagreement is not None and s.disagreement > 1e-9]
        ranked.sort(key=lambda s: (-round(s.disagreement or 0.0, 9), s.question.order))
        return tuple(ranked if limit is None else ranked[:limit])

    def stats(self, question_id: str) -> QuestionStats | None:
        for s in self.questions:
            if s.question.id == question_id:
                return s
        return None


def _mean_std(values: Sequence[float], weights: Sequence[float] | None = None
              ) -> tuple[float, float] | None:
    if weights is None:
        weights = [1.0] * len(values)
    total = sum(weights)
    if not values or total <= _EPS:
        return None
    mean = sum(w * v for v, w in zip(values, weights, strict=True)) / total
    var = sum(w * (v - mean) ** 2 for v, w in zip(values, weights, strict=True)) / total
    return mean, math.sqrt(max(0.0, var))


def _entropy(question: Question, counts: Mapping[str, int], people: int) -> float | None:
    unknown = counts.get(UNKNOWN, 0)
    if question.kind == "single":
        total = sum(counts.values())
        outcomes = len(question.choices) + (1 if question.allow_unknown or unknown else 0)
        if total <= 0:
            return None
        if outcomes < 2:
            return 0.0
        h = -sum((n / total) * math.log(n / total) for n in counts.values() if n > 0)
        return h / math.log(outcomes)
    answering = people - unknown
    if answering <= 0 or not question.choices:
        return None
    hs = []
    for c in question.choices:
        p = min(1.0, counts.get(c.id, 0) / answering)
        hs.append(0.0 if p <= 0 or p >= 1 else
                  -(p * math.log2(p) + (1 - p) * math.log2(1 - p)))
    return sum(hs) / len(hs)


def _question_stats(question: Question, counts: Mapping[str, int], people: int,
                    pulls: Sequence[tuple[float, float]]) -> QuestionStats:
    """``pulls``: (pull, mass) of the answers to this question."""
    hands = sum(counts.values())
    unknown = counts.get(UNKNOWN, 0)
    shares = {cid: (n / people if people else 0.0) for cid, n in counts.items()}
    entropy = _entropy(question, counts, people)
    moves = any(_has_region(c) for c in question.choices)
    ms = _mean_std([p for p, _ in pulls], [m for _, m in pulls]) if moves else None
    pull, pull_spread = (None, None) if ms is None else ms
    # a "who are you" question (its choices name actors) says who is in the room:
    # a mix of roles is not a disagreement
    roles = any(c.actor for c in question.choices)
    disagreement = None
    if pull_spread is not None and entropy is not None and not roles:
        disagreement = (entropy + pull_spread / MAX_STD) / 2
    return QuestionStats(question, dict(counts), hands, people, shares,
                         unknown / people if people else 0.0, entropy, pull, pull_spread,
                         disagreement)


def _letter_histogram(pairs: Sequence[tuple[float, float]]) -> list[float]:
    """(position, weight) pairs → weight per letter."""
    hist = [0.0] * len(REGIONS)
    for position, weight in pairs:
        hist[REGIONS.index(letter_of(position))] += weight
    return hist


class PlacementCache:
    """``place()`` of answer sets, remembered, for one catalog.

    A participant's answers never change once added, but the picture is redrawn
    on every key press; ``place()`` (with its what-if search) costs tens of
    milliseconds per answer set. The workshop screen keeps one cache per catalog
    and passes it to :func:`picture`. Results are ``place()``'s without the
    what-if search (a room picture never shows one per participant).
    """

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._memo: dict[tuple[tuple[str, str | tuple[str, ...]], ...], Placement] = {}

    def __len__(self) -> int:
        return len(self._memo)

    def place(self, answers: Mapping[str, str | list[str]]) -> Placement:
        key = tuple(sorted((k, tuple(v) if isinstance(v, list) else v)
                           for k, v in answers.items()))
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = place(self.catalog, answers, what_if=False)
        return found


def picture(catalog: Catalog, group: Group, *,  # noqa: C901 - the room picture in one pass over the groups
            cache: PlacementCache | None = None) -> GroupPicture:
    """The room picture of ``group`` (see the module docstring for the definitions).

    ``cache`` (for this same catalog) remembers the participants' placements.
    """
    if cache is None:
        cache = PlacementCache(catalog)
    elif cache.catalog is not catalog:
        raise ValueError("the placement cache belongs to another catalog")
    hands = group_hands(catalog, group)
    expansion = expand(catalog, hands)
    # no what-if: it would search every synthetic question for a change of letter,
    # most of a picture's cost, and a room picture never shows one
    composite = place(expansion.catalog, expansion.answers, what_if=False)
    dots = tuple(Dot(i, cache.place(answers))
                 for i, answers in enumerate(group.participants, start=1))
    basis: Basis = "tally" if group.hands > 0 else ("dots" if group.participants else "empty")

    # per question: the (pull, mass) of its answers, from the engine's contributions
    pulls: dict[str, list[tuple[float, float]]] = {}
    if basis == "dots":
        for dot in dots:
            for c in dot.placement.region_contributions:
                if c.pull is not None:
                    pulls.setdefault(c.question_id, []).append((c.pull, c.weight))
    else:
        for c in composite.region_contributions:
            if c.pull is not None:
                qid = expansion.origin[c.question_id][0]
                pulls.setdefault(qid, []).append((c.pull, c.weight))

    centre: float | None = None
    spread: float | None = None
    triad: tuple[float, float, float] | None = None
    triad_spread: tuple[float, float, float] | None = None
    if basis == "dots":
        positions = [d.position for d in dots if d.position is not None]
        ms = _mean_std(positions)
        if ms is not None:
            centre, spread = ms
        hist = _letter_histogram([(p, 1.0) for p in positions])
        triads = [d.triad for d in dots if d.triad is not None]
        if triads:
            parts = [_mean_std([t[k] for t in triads]) for k in range(3)]
            triad = (parts[0][0], parts[1][0], parts[2][0])  # type: ignore[index]
            triad_spread = (parts[0][1], parts[1][1], parts[2][1])  # type: ignore[index]
    else:
        if composite.position is not None:
            # the answers' disagreement, widened by the 「分からない」 hands exactly as
            # place() widens a person's spread by their unknown answers (its base
            # spread left out: a room where everyone agrees has no spread)
            unknown_weight = sum(q.weight for q in expansion.catalog.questions
                                 if expansion.answers.get(q.id) == UNKNOWN)
            centre = composite.position
            spread = math.hypot(composite.conflict, UNKNOWN_SPREAD * unknown_weight)
        region = [c for c in composite.region_contributions if c.pull is not None]
        hist = _letter_histogram([(c.pull or 0.0, c.weight) for c in region])
        total = sum(hist)
        hist = [h / total for h in hist] if total > _EPS else [0.0] * len(REGIONS)
        if composite.triad_placed:
            triad = composite.triad
            triad_spread = _triad_spread(composite.triad_contributions)
    total = sum(hist)
    shares = tuple(h / total for h in hist) if total > _EPS else (0.0,) * len(REGIONS)

    stats: list[QuestionStats] = []
    for q in sorted(catalog.questions, key=lambda x: x.order):
        counts = hands.get(q.id)
        if not counts or q.kind == "text":
            continue
        stats.append(_question_stats(q, counts, expansion.people.get(q.id, 0),
                                     pulls.get(q.id, [])))

    principle_hands: dict[str, int] = {}
    for q in catalog.questions:
        for cid, n in hands.get(q.id, {}).items():
            choice = q.choice(cid)
            if choice is None:
                continue
            for pid in choice.principles:
                if pid in catalog.principles:
                    principle_hands[pid] = principle_hands.get(pid, 0) + n
    rank = {pid: i for i, pid in enumerate(catalog.principles)}
    principles = tuple(sorted(principle_hands.items(), key=lambda kv: (-kv[1], rank[kv[0]])))

    all_hands = sum(n for qid, counts in hands.items() for n in counts.values()
                    if (q := catalog.question(qid)) is not None and q.kind != "text")
    unknown_hands = sum(counts.get(UNKNOWN, 0) for counts in hands.values())
    return GroupPicture(
        unknown_share=unknown_hands / all_hands if all_hands else 0.0,
        group_id=group.id,
        label=group.label,
        basis=basis,
        participants=len(group.participants),
        people=len(group.participants) if basis == "dots" else headcount(catalog, hands),
        dots=dots,
        centre=centre,
        letter=None if centre is None else letter_of(centre),
        spread=spread,
        triad=triad,
        triad_spread=triad_spread,
        histogram=tuple(hist),
        shares=shares,
        composite=composite,
        questions=tuple(stats),
        principles=principles,
        expansion=expansion,
    )


def _triad_spread(contributions: Sequence[Contribution]) -> tuple[float, float, float]:
    items = [(c.triad_pull, c.weight) for c in contributions if c.triad_pull is not None]
    out: list[float] = []
    for k in range(3):
        ms = _mean_std([t[k] for t, _ in items], [w for _, w in items])
        out.append(0.0 if ms is None else ms[1])
    return (out[0], out[1], out[2])


# ---------------------------------------------------------------- comparison


@dataclass(frozen=True, slots=True)
class QuestionShift:
    """How the answers to one question differ from group ``a`` to group ``b``."""

    question: Question
    #: choice id (and "unknown") → share in b − share in a
    share_shift: Mapping[str, float]
    #: the largest change of any one share (0..1)
    distance: float
    #: mean pull in b − in a (None unless both have one); + is toward E
    pull_shift: float | None


@dataclass(frozen=True, slots=True)
class Comparison:
    """``b`` against ``a`` (e.g. after against before): every difference is b − a."""

    a: GroupPicture
    b: GroupPicture
    #: + means b sits further toward E (the municipality); None unless both are placed
    centre_shift: float | None
    spread_shift: float | None
    #: per letter A..E: b.shares − a.shares
    letter_shift: tuple[float, ...]
    #: per 自助・共助・公助: b − a (None unless both have triad weight)
    triad_shift: tuple[float, float, float] | None
    #: questions both groups answered, biggest change first (ties: question order)
    questions: tuple[QuestionShift, ...]
    summary: Reason


def _keys(question: Question) -> list[str]:
    return [c.id for c in question.choices] + [UNKNOWN]


def compare(a: GroupPicture, b: GroupPicture) -> Comparison:
    """Compare two pictures (two tables, or before/after)."""
    centre_shift = None if a.centre is None or b.centre is None else b.centre - a.centre
    spread_shift = None if a.spread is None or b.spread is None else b.spread - a.spread
    letter_shift = tuple(y - x for x, y in zip(a.shares, b.shares, strict=True))
    triad_shift = None
    if a.triad is not None and b.triad is not None:
        triad_shift = (b.triad[0] - a.triad[0], b.triad[1] - a.triad[1],
                       b.triad[2] - a.triad[2])
    by_a = {s.question.id: s for s in a.questions}
    by_b = {s.question.id: s for s in b.questions}
    shifts: list[QuestionShift] = []
    for qid in (q for q in by_a if q in by_b):
        sa, sb = by_a[qid], by_b[qid]
        question = sa.question
        share_shift: dict[str, float] = {}
        for key in _keys(question):
            x, y = sa.shares.get(key, 0.0), sb.shares.get(key, 0.0)
            if x or y:
                share_shift[key] = y - x
        distance = max((abs(v) for v in share_shift.values()), default=0.0)
        pull_shift = None
        if sa.pull is not None and sb.pull is not None:
            pull_shift = sb.pull - sa.pull
        shifts.append(QuestionShift(question, share_shift, distance, pull_shift))
    shifts.sort(key=lambda s: (-round(s.distance, 9), s.question.order))
    return Comparison(a, b, centre_shift, spread_shift, letter_shift, triad_shift,
                      tuple(shifts), _comparison_summary(a, b, centre_shift))


def _comparison_summary(a: GroupPicture, b: GroupPicture, shift: float | None) -> Reason:
    params: dict[str, object] = {"a": a.label, "b": b.label}
    if shift is None:
        return Reason("compare.unplaced",
                      Text("「{a}」と「{b}」は、まだ位置を比べられません",
                           '"{a}" and "{b}" cannot be compared on A–E yet'), params)
    params["shift"] = abs(shift)
    params["letter_a"] = a.letter
    params["letter_b"] = b.letter
    if abs(shift) < SAME_PLACE:
        return Reason("compare.same",
                      Text("「{b}」は「{a}」とほぼ同じ位置です（{letter_a}から{letter_b}、差 {shift:.2f}）",
                           '"{b}" sits about where "{a}" does ({letter_a} -> {letter_b}, '
                           "{shift:.2f} apart)"), params)
    if shift > 0:
        return Reason("compare.toward_e",
                      Text("「{b}」は「{a}」より E 側（行政が中心）へ {shift:.2f} 寄っています"
                           "（{letter_a}から{letter_b}）",
                           '"{b}" sits {shift:.2f} further toward E (the municipality leads) '
                           'than "{a}" ({letter_a} -> {letter_b})'), params)
    return Reason("compare.toward_a",
                  Text("「{b}」は「{a}」より A 側（市民が中心）へ {shift:.2f} 寄っています"
                       "（{letter_a}から{letter_b}）",
                       '"{b}" sits {shift:.2f} further toward A (citizens lead) '
                       'than "{a}" ({letter_a} -> {letter_b})'), params)


# ---------------------------------------------------------------- prompts


@dataclass(frozen=True, slots=True)
class PrincipleWeight:
    principle: Principle
    #: hands on choices naming this principle
    hands: int
    #: hands / all principle hands
    share: float


@dataclass(frozen=True, slots=True)
class Prompts:
    """Discussion prompts beside a result."""

    #: principles at stake, weighted by hands, most first
    principles: tuple[PrincipleWeight, ...]
    #: forms that fit the room's centre (recommend.py on the room placement)
    forms: tuple[FormFit, ...]
    #: the questions the room disagreed on most
    disagreements: tuple[QuestionStats, ...]
    #: ready-to-read prompts, in the order above
    texts: tuple[Reason, ...]


def room_placement(pic: GroupPicture) -> Placement:
    """The composite placement moved to the room's centre, with the room's spread.

    (At least the engine's base spread, so the room's range is never a point.)
    """
    c = pic.composite
    if pic.centre is None:
        return c
    spread = max(BASE_SPREAD, pic.spread or 0.0)
    return replace(c, placed=True, position=pic.centre, letter=letter_of(pic.centre),
                   spread=spread)


def prompts(catalog: Catalog, pic: GroupPicture, *, limit: int = 3) -> Prompts:
    """Principles at stake, forms that fit the room's centre, and the top disagreements."""
    total = sum(n for _, n in pic.principles)
    principles = tuple(
        PrincipleWeight(catalog.principles[pid], n, n / total if total else 0.0)
        for pid, n in pic.principles[:limit] if pid in catalog.principles)
    recs = recommend(pic.expansion.catalog, pic.expansion.answers, room_placement(pic),
                     None, limit=limit)
    forms = recs.forms[:limit]
    disagreements = pic.disagreements(limit)
    texts: list[Reason] = []
    for p in principles:
        texts.append(Reason(
            "prompt.principle",
            Text("原則「{name}」（{hands}票）: {description} ― この場では、どう守れますか。",
                 'The principle "{name}" ({hands} hands): {description} How can this room '
                 "keep to it?"),
            {"name": p.principle.name, "description": p.principle.description,
             "hands": p.hands}))
    for f in forms:
        texts.append(Reason(
            "prompt.form",
            Text("協働の形「{name}」（領域 {regions}）: {description} 留意点: {cautions}",
                 'The form "{name}" (regions {regions}): {description} Watch out: {cautions}'),
            {"name": f.form.name, "regions": "・".join(f.form.regions),
             "description": f.form.description, "cautions": f.form.cautions}))
    for s in disagreements:
        texts.append(Reason(
            "prompt.disagreement",
            Text("「{prompt}」で意見が分かれました。なぜ答えが違ったのか、話し合ってみましょう。",
                 'The room split on "{prompt}". Talk about why the answers differ.'),
            {"prompt": s.question.prompt, "score": s.disagreement}))
    return Prompts(principles, forms, disagreements, tuple(texts))

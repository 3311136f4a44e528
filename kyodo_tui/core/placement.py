"""Answers → a placement on the A–E spectrum and on 自助・共助・公助.

Pure and deterministic: no I/O, no Textual. Everything is iterated in the
catalog's question order and choice order, so equal inputs give equal outputs.

The model (the UI, the CLI and the tests rely on these definitions)
--------------------------------------------------------------------

*Region pull of one answer.* A choice carries weights towards the letters
(``regions = { B = 1.0, C = 0.5 }``); letters sit at A=0, B=1, C=2, D=3, E=4.
The choice's *mass* is the sum of its (non-negative) weights and its *pull* is
the weighted mean of the letters' positions. A multi answer pulls towards the
mass-weighted mean of its chosen choices' pulls; its mass is the *mean* mass of
the chosen choices that carry any weight, so ticking many boxes does not make a
question count more than a single answer would. The question's ``weight``
multiplies the mass.

*Position* is the mass-weighted mean of the answers' pulls (0.0 = A … 4.0 = E);
the *letter* is the nearest letter. With no weighted answer at all the
placement is **not placed** (``placed`` is False, ``position``/``letter`` are
None): we never invent a position.

*Spread* = sqrt(conflict² + certainty²), capped at 2.0, where *conflict* is the
mass-weighted standard deviation of the answers' pulls around the position
(answers pulling apart widen it) and *certainty* = 0.25 + 0.25 × the weight of
the questions answered 「分からない」 that could have moved the position.
Skipping a question leaves the spread alone; 「分からない」 widens it: "I don't
know" is information, a skip is not.

*Triad* (自助, 共助, 公助): every answer with triad weights adds its vector
(multi: the mean of its chosen choices' vectors) times the question weight;
the shares are the normalised sum (they sum to 1). With no triad weight at all
the shares are an even third each and ``triad_placed`` is False.

*Contributions* are an **additive decomposition**, not leave-one-out:
``shift_i = mass_i × (pull_i − 2.0) / Σ mass``. The shifts sum exactly to
``position − 2.0``: how far each answer moved you from the neutral middle (C).
Each contribution also carries ``loo_shift`` (leave-one-out: the position
minus the position without that answer; None when it is the only weighted
answer) for readers who want the marginal view. For the triad,
``triad_shift_i[k] = (v_i[k] − |v_i|/3) / Σ|v|``; they sum exactly to
``triad[k] − 1/3`` (the move away from an even split). Both lists are sorted by
magnitude, biggest first (ties: question order).

*What-if* considers every single answer change to a visible single/multi
question: another choice of a single question (answering a skipped or
「分からない」 one counts too), or ticking/unticking one choice of a multi
question (unticking the last one skips it). Answers to questions the change
hides are pruned. Of the changes that move the letter, the one that moves the
position least wins (ties: question order, then choice order): the smallest
nudge that tips you over. ``margin`` is the distance from the position to the
nearest letter boundary (0.5, 1.5, 2.5, 3.5).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from kyodo_tui.core.records import dataclass, field  # @dataclass, cheaper at start-up
from typing import Literal

from kyodo_tui.core.model import (
    REGIONS,
    TRIAD,
    UNKNOWN,
    Catalog,
    Choice,
    Lang,
    Question,
    Text,
)

Answer = str | list[str]
#: question id → choice id (single), list of choice ids (multi), text, or "unknown".
Answers = dict[str, Answer]

#: the neutral middle of the spectrum (C); contributions are measured from here.
MIDDLE = 2.0
#: the spread every placement has, even with perfectly agreeing answers.
BASE_SPREAD = 0.25
#: how much each (unit-weight) 「分からない」 to a placing question widens the spread.
UNKNOWN_SPREAD = 0.25
#: the widest spread: "could be anywhere".
MAX_SPREAD = 2.0
#: letter boundaries on the 0..4 scale.
BOUNDARIES: tuple[float, ...] = (0.5, 1.5, 2.5, 3.5)

_EPS = 1e-12


# ---------------------------------------------------------------- reasons


def _localise(value: object, lang: Lang) -> object:
    if isinstance(value, Text):
        return value.get(lang)
    if isinstance(value, (tuple, list)):
        parts = [str(_localise(v, lang)) for v in value]
        return ("、" if lang == "ja" else ", ").join(parts)
    return value


@dataclass(frozen=True, slots=True)
class Reason:
    """An explanation as data: a stable ``code``, its ``params`` and a bilingual template.

    ``text(lang)`` fills the template with the params; params that are
    :class:`Text` (or sequences of them) are rendered in ``lang``.
    """

    code: str
    template: Text
    params: Mapping[str, object] = field(default_factory=dict)

    def text(self, lang: Lang) -> str:
        values = {k: _localise(v, lang) for k, v in self.params.items()}
        return self.template.get(lang).format(**values)

    def plain_params(self) -> dict[str, object]:
        """The params as JSON-friendly values (Text → {"ja", "en"})."""
        out: dict[str, object] = {}
        for key, value in self.params.items():
            out[key] = _plain(value)
        return out


def _plain(value: object) -> object:
    if isinstance(value, Text):
        return {"ja": value.ja, "en": value.en}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, float):
        return round(value, 4)
    return value


#: the letters' meanings (DOMAIN 1a), for explanations.
LETTER_NAMES: dict[str, Text] = {
    "A": Text("市民が自ら活動する領域", "citizens act on their own"),
    "B": Text("市民が主導し、行政が支援する領域", "citizen-led, the municipality supports"),
    "C": Text("市民と行政が対等に協力する領域", "both lead together as equals"),
    "D": Text("行政が主導し、市民が参加・協力する領域", "municipality-led, citizens take part"),
    "E": Text("行政が単独で責任を持つ領域", "the municipality alone, with full responsibility"),
}
TRIAD_NAMES: dict[str, Text] = {
    "self": Text("自助", "self-help"),
    "mutual": Text("共助", "mutual aid"),
    "public": Text("公助", "public help"),
}

_T_SKIP = Text("（無回答）", "(no answer)")


def answer_label(question: Question, value: Answer | None) -> Text:
    """The answer as a bilingual label (choices joined; 分からない; text as is)."""
    if value is None or value == [] or value == "":
        return _T_SKIP
    if value == UNKNOWN or value == [UNKNOWN]:
        return Text("分からない", "don't know")
    if question.kind == "text":
        text = value if isinstance(value, str) else " ".join(value)
        return Text(text, text)
    ids = [value] if isinstance(value, str) else list(value)
    labels = [c.label for c in question.choices if c.id in ids]
    if not labels:
        return Text("、".join(ids), ", ".join(ids))
    return Text("、".join(t.ja for t in labels), ", ".join(t.en for t in labels))


# ---------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class Contribution:
    """How one answer moved the position (``kind="region"``) or the triad (``"triad"``)."""

    kind: Literal["region", "triad"]
    question_id: str
    choice_ids: tuple[str, ...]
    prompt: Text
    answer: Text
    #: the answer's effective weight (question weight × choice weight)
    weight: float
    #: where this answer alone would place you (0..4); None if it has no region weight
    pull: float | None
    #: additive share of ``position − 2.0`` (region)
    shift: float
    #: position − position without this answer (None: it is the only one)
    loo_shift: float | None
    #: this answer's own triad (normalised), or None
    triad_pull: tuple[float, float, float] | None
    #: additive share of ``triad − 1/3`` for (self, mutual, public)
    triad_shift: tuple[float, float, float]
    reason: Reason

    @property
    def size(self) -> float:
        """The magnitude used for ordering."""
        if self.kind == "region":
            return abs(self.shift)
        return sum(abs(s) for s in self.triad_shift)


@dataclass(frozen=True, slots=True)
class WhatIf:
    """The smallest single answer change that moves the letter."""

    question_id: str
    #: "choose": another choice of a single question; "add"/"remove": toggle in a multi
    change: Literal["choose", "add", "remove"]
    choice_id: str
    #: the question's answer after the change (None: the question becomes skipped)
    new_answer: str | tuple[str, ...] | None
    letter: str
    position: float
    #: new position − old position
    shift: float
    reason: Reason

    def apply(self, answers: Mapping[str, Answer]) -> Answers:
        """The answers with this change made (not pruned)."""
        out: Answers = dict(answers)
        if self.new_answer is None:
            out.pop(self.question_id, None)
        elif isinstance(self.new_answer, tuple):
            out[self.question_id] = list(self.new_answer)
        else:
            out[self.question_id] = self.new_answer
        return out


@dataclass(frozen=True, slots=True)
class Placement:
    """Where the answers put someone. See the module docstring for the definitions."""

    #: False when no answer carried region weight: position and letter are then None
    placed: bool
    position: float | None
    letter: str | None
    spread: float
    #: the mass-weighted standard deviation of the answers' pulls (part of spread)
    conflict: float
    triad: tuple[float, float, float]
    triad_placed: bool
    region_contributions: tuple[Contribution, ...]
    triad_contributions: tuple[Contribution, ...]
    what_if: WhatIf | None
    #: distance from position to the nearest letter boundary (None: not placed)
    margin: float | None
    answered: int
    unknown: int
    skipped: int
    #: links gathered from the chosen choices (question order)
    actor: str | None
    fields: tuple[str, ...]
    cycle: str | None
    principles: tuple[str, ...]
    #: form id → summed boost (question weight × choice boost)
    form_boosts: Mapping[str, float]
    summary: Reason

    @property
    def low(self) -> float | None:
        """position − spread, clamped to the spectrum."""
        return None if self.position is None else max(0.0, self.position - self.spread)

    @property
    def high(self) -> float | None:
        """position + spread, clamped to the spectrum."""
        return None if self.position is None else min(4.0, self.position + self.spread)


# ---------------------------------------------------------------- visibility


def _is_unknown(value: object) -> bool:
    return value == UNKNOWN or value == [UNKNOWN]


def _chosen_ids(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return () if value == UNKNOWN or value == "" else (value,)
    if isinstance(value, (list, tuple)):
        return tuple(v for v in value if isinstance(v, str) and v != UNKNOWN)
    return ()


def visible_questions(catalog: Catalog, answers: Mapping[str, Answer]) -> list[Question]:
    """The questions to ask, in order: those whose ``show_if`` holds (transitively).

    A question whose condition refers to a hidden or unanswered question is hidden.
    """
    by_id = {q.id: q for q in catalog.questions}
    memo: dict[str, bool] = {}

    def visible(qid: str, depth: int = 0) -> bool:
        if qid in memo:
            return memo[qid]
        q = by_id.get(qid)
        if q is None or depth > len(by_id):  # unknown id, or a cycle in show_if
            memo[qid] = False
            return False
        cond = q.show_if
        if cond is None:
            result = True
        else:
            result = visible(cond.question, depth + 1) and any(
                c in cond.any_of for c in _chosen_ids(answers.get(cond.question))
            )
        memo[qid] = result
        return result

    return sorted((q for q in catalog.questions if visible(q.id)), key=lambda q: q.order)


def prune_hidden(catalog: Catalog, answers: Mapping[str, Answer]) -> Answers:
    """The answers without those to questions that are hidden (or not in the catalog).

    Transitive: clearing one answer may hide further questions, whose answers go too.
    """
    shown = {q.id for q in visible_questions(catalog, answers)}
    return {k: (list(v) if isinstance(v, list) else v) for k, v in answers.items() if k in shown}


def _is_skipped(value: object) -> bool:
    return value is None or value == "" or value == [] or (
        isinstance(value, str) and not value.strip()
    )


# ---------------------------------------------------------------- the engine


def _region_of(choice: Choice) -> tuple[float, float] | None:
    """(mass, pull) of one choice, or None without region weight."""
    mass = 0.0
    moment = 0.0
    for i, letter in enumerate(REGIONS):
        w = max(0.0, float(choice.regions.get(letter, 0.0)))
        mass += w
        moment += w * i
    if mass <= _EPS:
        return None
    return mass, moment / mass


def _triad_of(choice: Choice) -> tuple[float, float, float] | None:
    vec = tuple(max(0.0, float(choice.triad.get(k, 0.0))) for k in TRIAD)
    if sum(vec) <= _EPS:
        return None
    return (vec[0], vec[1], vec[2])


@dataclass(frozen=True, slots=True)
class _Item:
    question: Question
    choices: tuple[Choice, ...]
    mass: float  # region mass incl. question weight (0: none)
    pull: float | None
    triad: tuple[float, float, float] | None  # triad vector incl. question weight


def chosen_choices(question: Question, value: object) -> tuple[Choice, ...]:
    """The choices an answer picks, in catalog order (none for skipped/unknown/text)."""
    ids = _chosen_ids(value)
    if question.kind == "single":
        ids = ids[:1]
    return tuple(c for c in question.choices if c.id in ids)


def _item(question: Question, value: object) -> _Item | None:
    if question.kind == "text":
        return None
    chosen = chosen_choices(question, value)
    if not chosen:
        return None
    weight = max(0.0, float(question.weight))
    regions = [r for r in (_region_of(c) for c in chosen) if r is not None]
    mass = 0.0
    pull: float | None = None
    if regions and weight > 0:
        total = sum(m for m, _ in regions)
        mass = weight * total / len(regions)
        pull = sum(m * p for m, p in regions) / total
    triads = [t for t in (_triad_of(c) for c in chosen) if t is not None]
    triad: tuple[float, float, float] | None = None
    if triads and weight > 0:
        n = len(triads)
        triad = (
            weight * sum(t[0] for t in triads) / n,
            weight * sum(t[1] for t in triads) / n,
            weight * sum(t[2] for t in triads) / n,
        )
    return _Item(question, chosen, mass, pull, triad)


def _items(catalog: Catalog, answers: Mapping[str, Answer]) -> list[_Item]:
    out: list[_Item] = []
    for q in visible_questions(catalog, answers):
        item = _item(q, answers.get(q.id))
        if item is not None:
            out.append(item)
    return out


def _position(items: Sequence[_Item]) -> float | None:
    total = sum(i.mass for i in items)
    if total <= _EPS:
        return None
    return sum(i.mass * (i.pull or 0.0) for i in items) / total


def letter_of(position: float) -> str:
    """The nearest letter (ties at a boundary go to the later letter)."""
    index = math.floor(position + 0.5)
    return REGIONS[min(len(REGIONS) - 1, max(0, index))]


def margin_of(position: float) -> float:
    """Distance to the nearest letter boundary."""
    return min(abs(position - b) for b in BOUNDARIES)


def position_of(catalog: Catalog, answers: Mapping[str, Answer]) -> float | None:
    """Only the position (cheap): None when nothing places the answers."""
    return _position(_items(catalog, answers))


def _places_position(question: Question) -> bool:
    return any(_region_of(c) is not None for c in question.choices)


def _contribution_reason_region(
    prompt: Text, answer: Text, pull: float, shift: float
) -> Reason:
    """'"prompt": "answer" pulls toward B (0.29 from the middle C toward A)'."""
    pull_letter = letter_of(pull)
    if abs(shift) < 0.005:
        side = Text("中央のCのまま", "holds at the middle, C")
    elif shift < 0:
        side = Text(f"中央のCからA側へ{-shift:.2f}",
                    f"{-shift:.2f} from the middle C toward A")
    else:
        side = Text(f"中央のCからE側へ{shift:.2f}",
                    f"{shift:.2f} from the middle C toward E")
    return Reason(
        "contribution.region",
        Text("「{prompt}」に「{answer}」：{pull_letter}寄り（{side}）",
             '"{prompt}": "{answer}" pulls toward {pull_letter} ({side})'),
        {"prompt": prompt, "answer": answer, "pull_letter": pull_letter,
         "pull": pull, "side": side, "shift": shift},
    )


def _contribution_reason_triad(
    prompt: Text, answer: Text, shift: tuple[float, float, float]
) -> Reason:
    return Reason(
        "contribution.triad",
        Text("「{prompt}」に「{answer}」：自助{self:+.0%}・共助{mutual:+.0%}・公助{public:+.0%}",
             '"{prompt}": "{answer}" moves self-help {self:+.0%}, mutual aid {mutual:+.0%}, '
             "public help {public:+.0%}"),
        {"prompt": prompt, "answer": answer, "self": shift[0], "mutual": shift[1],
         "public": shift[2]},
    )


def toggle_choice(question: Question, chosen: Sequence[str], choice_id: str) -> list[str]:
    """Tick or untick ``choice_id`` of a multi question; the result is in catalog order.

    An ``exclusive`` choice (「まだ何もしていない」) stands alone: ticking it clears
    the others, and ticking another choice clears it.
    """
    ticked = [c for c in chosen if c != choice_id]
    if choice_id not in chosen:
        picked = question.choice(choice_id)
        if picked is not None and picked.exclusive:
            ticked = []
        else:
            ticked = [c for c in ticked
                      if (other := question.choice(c)) is None or not other.exclusive]
        ticked.append(choice_id)
    order = [c.id for c in question.choices]
    return sorted(ticked, key=lambda c: order.index(c) if c in order else len(order))


def iter_changes(
    catalog: Catalog, answers: Mapping[str, Answer]
) -> Iterator[tuple[Question, Literal["choose", "add", "remove"], str, Answers]]:
    """Every single answer change the what-if considers, with the changed (pruned) answers.

    Order: question order, then choice order. The "who are you" question (choices
    linked to an actor) is left out: being someone else is not a change a person can
    make, so it is never offered as a what-if.
    """
    for q in visible_questions(catalog, answers):
        if q.kind == "text" or any(c.actor for c in q.choices):
            continue
        current = answers.get(q.id)
        if q.kind == "single":
            chosen = _chosen_ids(current)[:1]
            for c in q.choices:
                if chosen and c.id == chosen[0]:
                    continue
                changed: Answers = dict(answers)
                changed[q.id] = c.id
                yield q, "choose", c.id, prune_hidden(catalog, changed)
        else:
            ticked = set(_chosen_ids(current))
            for c in q.choices:
                changed = dict(answers)
                if c.id in ticked:
                    rest = [x.id for x in q.choices if x.id in ticked and x.id != c.id]
                    if rest:
                        changed[q.id] = rest
                    else:
                        changed.pop(q.id, None)
                    kind: Literal["choose", "add", "remove"] = "remove"
                else:
                    changed[q.id] = [x.id for x in q.choices if x.id in ticked or x.id == c.id]
                    kind = "add"
                yield q, kind, c.id, prune_hidden(catalog, changed)


def _what_if(
    catalog: Catalog, answers: Mapping[str, Answer], position: float
) -> WhatIf | None:
    letter = letter_of(position)
    best: tuple[float, WhatIf] | None = None
    for q, kind, choice_id, changed in iter_changes(catalog, answers):
        new_pos = position_of(catalog, changed)
        if new_pos is None or letter_of(new_pos) == letter:
            continue
        shift = new_pos - position
        if best is not None and abs(shift) >= best[0] - _EPS:
            continue
        raw = changed.get(q.id)
        new_answer: str | tuple[str, ...] | None
        if raw is None:
            new_answer = None
        elif isinstance(raw, list):
            new_answer = tuple(raw)
        else:
            new_answer = raw
        choice = q.choice(choice_id)
        label = choice.label if choice is not None else Text(choice_id, choice_id)
        new_letter = letter_of(new_pos)
        templates = {
            "choose": Text("「{prompt}」を「{choice}」にすると{letter}（{position:.2f}）になります",
                           'Answering "{choice}" to "{prompt}" would make it {letter} '
                           "({position:.2f})"),
            "add": Text("「{prompt}」に「{choice}」を加えると{letter}（{position:.2f}）になります",
                        'Adding "{choice}" to "{prompt}" would make it {letter} ({position:.2f})'),
            "remove": Text("「{prompt}」から「{choice}」を外すと{letter}（{position:.2f}）になります",
                           'Removing "{choice}" from "{prompt}" would make it {letter} '
                           "({position:.2f})"),
        }
        reason = Reason(
            f"what_if.{kind}",
            templates[kind],
            {"prompt": q.prompt, "choice": label, "letter": new_letter, "position": new_pos,
             "letter_name": LETTER_NAMES[new_letter]},
        )
        best = (abs(shift), WhatIf(q.id, kind, choice_id, new_answer, new_letter, new_pos,
                                   shift, reason))
    return None if best is None else best[1]


def place(
    catalog: Catalog, answers: Mapping[str, Answer], *, what_if: bool = True
) -> Placement:
    """Place the answers. Answers to hidden questions, unknown ids and text are ignored.

    ``what_if=False`` skips the what-if search (most of the cost), for callers that
    place many answer sets and never show it (a workshop room); ``what_if`` is then None.
    """
    visible = visible_questions(catalog, answers)
    answered = unknown = skipped = 0
    unknown_weight = 0.0
    for q in visible:
        value = answers.get(q.id)
        if _is_skipped(value):
            skipped += 1
        elif q.kind != "text" and _is_unknown(value):
            unknown += 1
            if _places_position(q):
                unknown_weight += max(0.0, float(q.weight))
        elif q.kind == "text" or chosen_choices(q, value):
            answered += 1
        else:
            skipped += 1  # only ids the question does not have

    items = [i for i in (_item(q, answers.get(q.id)) for q in visible) if i is not None]
    region_items = [i for i in items if i.mass > _EPS]
    position = _position(region_items)
    total_mass = sum(i.mass for i in region_items)

    # spread
    conflict = 0.0
    if position is not None:
        conflict = math.sqrt(
            sum(i.mass * ((i.pull or 0.0) - position) ** 2 for i in region_items) / total_mass
        )
    certainty = BASE_SPREAD + UNKNOWN_SPREAD * unknown_weight
    spread = MAX_SPREAD if position is None else min(
        MAX_SPREAD, math.sqrt(conflict**2 + certainty**2)
    )

    # triad
    triad_items = [i for i in items if i.triad is not None]
    triad_total = sum(sum(i.triad) for i in triad_items if i.triad is not None)
    if triad_total > _EPS:
        sums = [sum(i.triad[k] for i in triad_items if i.triad is not None) for k in range(3)]
        triad = (sums[0] / triad_total, sums[1] / triad_total, sums[2] / triad_total)
    else:
        triad = (1 / 3, 1 / 3, 1 / 3)

    # contributions
    contributions: list[Contribution] = []
    triad_contributions: list[Contribution] = []
    for item in items:
        q = item.question
        prompt = q.prompt
        label = answer_label(q, answers.get(q.id))
        ids = tuple(c.id for c in item.choices)
        tpull: tuple[float, float, float] | None = None
        tshift = (0.0, 0.0, 0.0)
        if item.triad is not None and triad_total > _EPS:
            size = sum(item.triad)
            tpull = (item.triad[0] / size, item.triad[1] / size, item.triad[2] / size)
            tshift = (
                (item.triad[0] - size / 3) / triad_total,
                (item.triad[1] - size / 3) / triad_total,
                (item.triad[2] - size / 3) / triad_total,
            )
        shift = 0.0
        loo: float | None = None
        if item.mass > _EPS and position is not None:
            shift = item.mass * ((item.pull or 0.0) - MIDDLE) / total_mass
            rest = [i for i in region_items if i is not item]
            without = _position(rest)
            loo = None if without is None else position - without
        if item.mass > _EPS:
            contributions.append(Contribution(
                "region", q.id, ids, prompt, label, item.mass, item.pull, shift, loo, tpull,
                tshift, _contribution_reason_region(prompt, label, item.pull or 0.0, shift)))
        if item.triad is not None:
            triad_contributions.append(Contribution(
                "triad", q.id, ids, prompt, label, sum(item.triad), item.pull, shift, loo,
                tpull, tshift, _contribution_reason_triad(prompt, label, tshift)))
    order = {q.id: i for i, q in enumerate(visible)}
    contributions.sort(key=lambda c: (-round(c.size, 12), order[c.question_id]))
    triad_contributions.sort(key=lambda c: (-round(c.size, 12), order[c.question_id]))

    # links
    actor: str | None = None
    cycle: str | None = None
    fields: list[str] = []
    principles: list[str] = []
    boosts: dict[str, float] = {}
    for q in visible:
        if q.kind == "text":
            continue
        for c in chosen_choices(q, answers.get(q.id)):
            if c.actor and actor is None:
                actor = c.actor
            if c.cycle and cycle is None:
                cycle = c.cycle
            for f in c.fields:
                if f not in fields:
                    fields.append(f)
            for p in c.principles:
                if p not in principles:
                    principles.append(p)
            for form_id, w in c.forms.items():
                boosts[form_id] = boosts.get(form_id, 0.0) + float(q.weight) * float(w)

    best_change = (
        None if position is None or not what_if else _what_if(catalog, answers, position)
    )
    letter = None if position is None else letter_of(position)
    margin = None if position is None else margin_of(position)
    if position is None or letter is None:
        summary = Reason(
            "placement.unplaced",
            Text("まだ位置を決められる回答がありません（{answered}問回答・{unknown}問「分からない」）",
                 "No answer places you yet ({answered} answered, {unknown} don't know)"),
            {"answered": answered, "unknown": unknown},
        )
    else:
        summary = Reason(
            "placement.placed",
            Text("{letter}：{letter_name}（位置{position:.2f}、ぶれ幅{spread:.2f}）",
                 "{letter}: {letter_name} (position {position:.2f}, spread {spread:.2f})"),
            {"letter": letter, "letter_name": LETTER_NAMES[letter], "position": position,
             "spread": spread},
        )
    return Placement(
        placed=position is not None,
        position=position,
        letter=letter,
        spread=spread,
        conflict=conflict,
        triad=triad,
        triad_placed=triad_total > _EPS,
        region_contributions=tuple(contributions),
        triad_contributions=tuple(triad_contributions),
        what_if=best_change,
        margin=margin,
        answered=answered,
        unknown=unknown,
        skipped=skipped,
        actor=actor,
        fields=tuple(fields),
        cycle=cycle,
        principles=tuple(principles),
        form_boosts=dict(sorted(boosts.items())),
        summary=summary,
    )

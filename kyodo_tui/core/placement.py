"""Answers → a placement on the A–E spectrum and on 自助・共助・公助.

Pure and deterministic: no I/O, no Textual. Everything is iterated in the
catalog's question order and choice order, so equal inputs give equal outputs.
docs/placement.md explains the model in a page, with the seeds it follows.

The model (the UI, the CLI and the tests rely on these definitions)
--------------------------------------------------------------------

*A–E is evidence about the activity* (003 第3章第5節, 002): how far the
municipality is involved and who leads. Only choices with ``regions`` say
anything about it; in the built-in catalog those are the answers to ``lead``,
``now``, ``want`` and ``officer_need``. Who answers, group size, time, offers
and experience carry none, so they can never move the letter.

*Votes.* A choice's ``regions`` name the letters it fits; its one vote is shared
among them in proportion (``{ B = 1, C = 1, D = 1 }``: a third each). A multi
answer casts the mean of its ticked choices' votes, so ticking more boxes does
not count more. The question's ``weight`` multiplies the vote. ``score[L]`` is
the sum of all answers' votes for letter ``L``.

*Letter* = the letter with the highest score. Ties go to the letter the heaviest
question answered favours (the direct ``lead`` question), then to the letter
nearest the votes' mean, then to the A side. An answer that fits several
letters adds to each of them, so neutral answers never drag a case toward C.

*Position* (0.0 = A … 4.0 = E) = the letter's index plus a lean toward the
stronger neighbour: ``lean = (score[i+1] − score[i−1]) / (2 × score[i])``,
kept within ±0.49 so the marker stays inside its letter. With no answer that
carries region weight the placement is **not placed** (``placed`` False,
``position``/``letter`` None) and ``to_place`` lists the questions that would
place it, heaviest first: we never invent a position.

*Spread* = sqrt(conflict² + certainty²), capped at 2.0, where *conflict* is the
score-weighted standard deviation of the letters around the position (answers
pointing apart widen it) and *certainty* = 0.25 + 0.25 × the weight of the
questions answered 「分からない」 that could have placed it. Skipping a
question leaves the spread alone; 「分からない」 widens it.

*Triad* (自助, 共助, 公助): every answer with triad weights adds its vector
(multi: the mean of its chosen choices' vectors) times the question weight; the
shares are the normalised sum. In the built-in catalog only ``reach`` and
``carry`` carry triad weights (000 §3, 003 第4章). With none, the shares are an
even third each and ``triad_placed`` is False.

*Contributions* are measured from the result, leave-one-out: ``shift`` (and
``loo_shift``) = position − the position without that answer. When no other
answer places you, ``loo_shift`` is None and ``shift`` is 0: the reason then
says the answer alone placed you. For the triad, ``triad_shift`` = triad − the
triad without that answer (an even third each when no other answer sets it).
Both lists are sorted by size, biggest first (ties: question order).

*What-if* considers every single answer change to a visible question that can
place (an activity question): another choice of a single question (answering
a skipped or 「分からない」 one counts too), or ticking/unticking one choice of
a multi question. Answers to questions the change hides are pruned. Of the
changes that move the letter, the one that moves the position least wins
(ties: question order, then choice order). ``margin`` is the distance from the
position to the nearest letter boundary (0.5, 1.5, 2.5, 3.5).

*参加 and 協働* (003 第1章3): when an individual (a resident or a volunteer)
lands on D, ``participation`` says that joining the municipality's activity as a
person is 参加, and what 協働 would look like for them.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from kyodo_tui.core.records import dataclass, field  # @dataclass, cheaper at start-up
from typing import Literal

from kyodo_tui.core.langs import LANG_CODES, is_japanese
from kyodo_tui.core.model import (
    REGIONS,
    TRIAD,
    UNKNOWN,
    Catalog,
    Choice,
    Lang,
    Municipality,
    Question,
    Text,
)

Answer = str | list[str]
#: question id → choice id (single), list of choice ids (multi), text, or "unknown".
Answers = dict[str, Answer]

#: the middle of the spectrum (C); kept for callers that draw the scale.
MIDDLE = 2.0
#: the furthest the marker leans from its letter toward a neighbour.
MAX_LEAN = 0.49
#: actors who answer as individuals: joining the municipality's work is 参加 (003).
INDIVIDUAL_ACTORS = frozenset({"resident", "volunteer"})
#: what every mode shows before anything places someone.
UNPLACED = Text("まだ位置は決まっていません", "Not placed yet",
                (("ja-easy", "まだ 位置（いち）は 決まって いません"), ("pt", "Ainda sem posição")))
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


def _t(ja: str, en: str, easy: str, pt: str) -> Text:
    """An explanation in all four of the app's languages (やさしい日本語, Portuguese)."""
    return Text(ja, en, (("ja-easy", easy), ("pt", pt)))


def _in_all(reason: Reason) -> Text:
    """A reason rendered in every language it can be (for nesting in another reason)."""
    return Text.of({lang: reason.text(lang) for lang in LANG_CODES})


def _localise(value: object, lang: Lang) -> object:
    if isinstance(value, Text):
        return value.get(lang)
    if isinstance(value, (tuple, list)):
        parts = [str(_localise(v, lang)) for v in value]
        return ("、" if is_japanese(lang) else ", ").join(parts)
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


#: the letters' meanings (DOMAIN 1a), for explanations, in the town's own words: the
#: region names of the seeds (市民主導, 行政主導 ...) are kept where a region is named,
#: but an explanation to a resident says who: {office} (「役場」「市役所」, see
#: Municipality) rather than 行政 or 市町村.
LETTER_NAME_TEMPLATES: dict[str, Text] = {
    "A": _t("市民が自ら活動する領域", "citizens act on their own",
            "住民（じゅうみん）が 自分たちで 活動する", "os cidadãos agem por conta própria"),
    "B": _t("市民が主導し、{office}が支援する領域", "citizen-led, {office} supports",
            "住民が 中心。{office}が 手伝う", "os cidadãos lideram, {office} apoia"),
    "C": _t("市民と{office}が対等に協力する領域", "both lead together as equals",
            "住民と {office}が 同じ 立場で いっしょに", "os dois lideram juntos, como iguais"),
    "D": _t("{office}が主導し、市民が参加・協力する領域", "{office} leads, citizens take part",
            "{office}が 中心。住民が 参加・協力する", "{office} lidera, os cidadãos participam"),
    "E": _t("{office}が単独で責任を持つ領域", "{office} alone, with full responsibility",
            "{office}だけで 責任（せきにん）を 持つ", "só {office}, com toda a responsabilidade"),
}


def letter_names(municipality: Municipality | None = None) -> dict[str, Text]:
    """The letters' meanings with the town's words put in (plain 「役所」 by default)."""
    m = municipality if municipality is not None else Municipality()
    return {k: m.fill(v) for k, v in LETTER_NAME_TEMPLATES.items()}


#: the letters' meanings with the plain default words (see letter_names)
LETTER_NAMES: dict[str, Text] = letter_names()
TRIAD_NAMES: dict[str, Text] = {
    "self": _t("自助", "self-help", "自助（じじょ）", "autoajuda"),
    "mutual": _t("共助", "mutual aid", "共助（きょうじょ）", "ajuda mútua"),
    "public": _t("公助", "public help", "公助（こうじょ）", "ajuda pública"),
}

_T_SKIP = _t("（無回答）", "(no answer)", "（答えて いません）", "(sem resposta)")


def answer_label(question: Question, value: Answer | None) -> Text:
    """The answer as a bilingual label (choices joined; 分からない; text as is)."""
    if value is None or value == [] or value == "":
        return _T_SKIP
    if value == UNKNOWN or value == [UNKNOWN]:
        return _t("分からない", "don't know", "わからない", "não sei")
    if question.kind == "text":
        text = value if isinstance(value, str) else " ".join(value)
        return Text(text, text)
    ids = [value] if isinstance(value, str) else list(value)
    labels = [c.label for c in question.choices if c.id in ids]
    if not labels:
        return Text("、".join(ids), ", ".join(ids))
    langs = dict.fromkeys(("ja", "en", *(k for t in labels for k, _v in t.more)))
    return Text.of({lang: ("、" if is_japanese(lang) else ", ").join(t.get(lang) for t in labels)
                    for lang in langs})


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
    #: the letters this answer fits (those its choices vote for), A..E order
    letters: tuple[str, ...] = ()
    #: the plain-words effect alone, without the question and the answer
    effect: Reason | None = None

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
    #: visible questions that could place you but do not yet (heaviest first)
    to_place: tuple[str, ...] = ()
    #: the 参加 / 協働 note for an individual joining a municipal activity (003)
    participation: Reason | None = None

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


def _region_of(choice: Choice) -> tuple[float, ...] | None:
    """The choice's one vote shared among the letters it fits, or None without regions."""
    weights = [max(0.0, float(choice.regions.get(letter, 0.0))) for letter in REGIONS]
    total = sum(weights)
    if total <= _EPS:
        return None
    return tuple(w / total for w in weights)


def _triad_of(choice: Choice) -> tuple[float, float, float] | None:
    vec = tuple(max(0.0, float(choice.triad.get(k, 0.0))) for k in TRIAD)
    if sum(vec) <= _EPS:
        return None
    return (vec[0], vec[1], vec[2])


@dataclass(frozen=True, slots=True)
class _Item:
    question: Question
    choices: tuple[Choice, ...]
    mass: float  # the vote's size: the question weight (0: no region vote)
    votes: tuple[float, ...] | None  # per letter, incl. the question weight
    pull: float | None  # the vote's mean letter (0..4)
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
    shares = [r for r in (_region_of(c) for c in chosen) if r is not None]
    mass = 0.0
    votes: tuple[float, ...] | None = None
    pull: float | None = None
    if shares and weight > 0:
        n = len(shares)
        mean = [sum(s[i] for s in shares) / n for i in range(len(REGIONS))]
        mass = weight
        votes = tuple(weight * m for m in mean)
        pull = sum(i * m for i, m in enumerate(mean))
    triads = [t for t in (_triad_of(c) for c in chosen) if t is not None]
    triad: tuple[float, float, float] | None = None
    if triads and weight > 0:
        n = len(triads)
        triad = (
            weight * sum(t[0] for t in triads) / n,
            weight * sum(t[1] for t in triads) / n,
            weight * sum(t[2] for t in triads) / n,
        )
    return _Item(question, chosen, mass, votes, pull, triad)


def _items(catalog: Catalog, answers: Mapping[str, Answer]) -> list[_Item]:
    out: list[_Item] = []
    for q in visible_questions(catalog, answers):
        item = _item(q, answers.get(q.id))
        if item is not None:
            out.append(item)
    return out


def _scores(items: Sequence[_Item]) -> list[float]:
    scores = [0.0] * len(REGIONS)
    for item in items:
        if item.votes is not None and item.mass > _EPS:
            for i, v in enumerate(item.votes):
                scores[i] += v
    return scores


def _winner(items: Sequence[_Item], scores: Sequence[float]) -> int:
    """The letter with the most votes; ties: the heaviest question, the votes' mean, A side."""
    total = sum(scores)
    mean = sum(i * s for i, s in enumerate(scores)) / total
    placing = [i for i in items if i.votes is not None and i.mass > _EPS]
    heaviest = max(i.mass for i in placing)
    top = [0.0] * len(REGIONS)
    for item in placing:
        if item.mass >= heaviest - _EPS and item.votes is not None:
            for k, v in enumerate(item.votes):
                top[k] += v

    def key(k: int) -> tuple[float, float, float, int]:
        return (round(scores[k], 9), round(top[k], 9), -round(abs(k - mean), 9), -k)

    return max(range(len(REGIONS)), key=key)


def _position(items: Sequence[_Item]) -> float | None:
    scores = _scores(items)
    if sum(scores) <= _EPS:
        return None
    i = _winner(items, scores)
    below = scores[i - 1] if i > 0 else 0.0
    above = scores[i + 1] if i + 1 < len(REGIONS) else 0.0
    lean = (above - below) / (2.0 * scores[i])
    return i + max(-MAX_LEAN, min(MAX_LEAN, lean))


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


def places_position(question: Question) -> bool:
    """True when some choice of ``question`` carries region weight (an activity question)."""
    return question.kind != "text" and question.weight > 0 and any(
        _region_of(c) is not None for c in question.choices)


_places_position = places_position


def letters_of(votes: Sequence[float] | None) -> tuple[str, ...]:
    if votes is None:
        return ()
    return tuple(REGIONS[i] for i, v in enumerate(votes) if v > _EPS)


def _side(delta: float) -> Text:
    if delta < 0:
        return _t(f"A側（住民が中心の側）へ{-delta:.2f}",
                  f"{-delta:.2f} toward A (residents leading)",
                  f"A の 方（住民が 中心の 方）へ {-delta:.2f}",
                  f"{-delta:.2f} em direção a A (moradores liderando)")
    return _t(f"E側（行政が中心の側）へ{delta:.2f}",
              f"{delta:.2f} toward E (the municipality leading)",
              f"E の 方（役所が 中心の 方）へ {delta:.2f}",
              f"{delta:.2f} em direção a E (a prefeitura liderando)")


def _region_effect(letters: tuple[str, ...], position: float,
                   without: float | None) -> Reason:
    """How one answer moved the result compared with leaving it out, in plain words."""
    letter = letter_of(position)
    fits = Text("・".join(letters), ", ".join(letters))
    params: dict[str, object] = {"letter": letter, "fits": fits, "position": position}
    if without is None:
        return Reason("effect.alone",
                      _t("この答えだけで{letter}に決まりました（{fits}に合う答え）",
                         "this answer alone places you at {letter} (it fits {fits})",
                         "この 答えだけで {letter} に 決まりました（{fits} に 合う 答えです）",
                         "só esta resposta coloca você em {letter} (ela combina com {fits})"),
                      params)
    delta = position - without
    params.update(without=without, without_letter=letter_of(without), delta=delta,
                  side=_side(delta))
    if abs(delta) < 0.005:
        if letter in letters:
            return Reason("effect.none",
                          _t("この答えを外しても位置は変わりません（ほかの答えと同じく{letter}に合う答え）",
                             "leaving this answer out would not move you (like the others, "
                             "it fits {letter})",
                             "この 答えが なくても 位置（いち）は 変わりません。ほかの 答えと "
                             "同じく {letter} に 合う 答えです",
                             "sem esta resposta você não sairia do lugar (como as outras, "
                             "ela combina com {letter})"),
                          params)
        return Reason("effect.outweighed",
                      _t("この答えは{fits}に合いますが、ほかの答えのほうが重く、位置（{letter}）は"
                         "変わりません",
                         "this answer fits {fits}, but the other answers weigh more: you stay "
                         "at {letter}",
                         "この 答えは {fits} に 合います。でも ほかの 答えの ほうが 重いです。"
                         "位置（いち）は {letter} の ままです",
                         "esta resposta combina com {fits}, mas as outras pesam mais: você "
                         "continua em {letter}"),
                      params)
    if letter_of(without) != letter:
        return Reason("effect.letter",
                      _t("この答えがなければ{without_letter}（{without:.2f}）でした。"
                         "この答えで{side}動き、{letter}になりました",
                         "without it you would be at {without_letter} ({without:.2f}); "
                         "it moved you {side}, to {letter}",
                         "この 答えが なければ {without_letter}（{without:.2f}）でした。"
                         "この 答えで {side} 動きました。{letter} に なりました",
                         "sem ela você estaria em {without_letter} ({without:.2f}); "
                         "ela moveu você {side}, para {letter}"),
                      params)
    return Reason("effect.moved",
                  _t("この答えで{side}動きました（{letter}のまま）",
                     "it moved you {side} (still {letter})",
                     "この 答えで {side} 動きました（{letter} の ままです）",
                     "ela moveu você {side} (continua em {letter})"),
                  params)


def _contribution_reason_region(prompt: Text, answer: Text, effect: Reason) -> Reason:
    return Reason(
        "contribution.region",
        _t("「{prompt}」に「{answer}」：{effect}", '"{prompt}": "{answer}": {effect}',
           "「{prompt}」に 「{answer}」：{effect}", '"{prompt}": "{answer}": {effect}'),
        {"prompt": prompt, "answer": answer, "effect": _in_all(effect), **effect.params},
    )


def _triad_effect(shift: tuple[float, float, float], alone: bool,
                  triad: tuple[float, float, float],
                  own: tuple[float, float, float] | None = None) -> Reason:
    if alone:
        return Reason("effect.triad_alone",
                      _t("この答えだけで自助{a:.0%}・共助{b:.0%}・公助{c:.0%}になりました",
                         "this answer alone gives self-help {a:.0%}, mutual aid {b:.0%}, "
                         "public help {c:.0%}",
                         "この 答えだけで 自助（じじょ）{a:.0%}・共助（きょうじょ）{b:.0%}・"
                         "公助（こうじょ）{c:.0%} に なりました",
                         "só esta resposta dá autoajuda {a:.0%}, ajuda mútua {b:.0%}, "
                         "ajuda pública {c:.0%}"),
                      {"a": triad[0], "b": triad[1], "c": triad[2]})
    top = max(range(3), key=lambda k: shift[k])
    if shift[top] < 0.005:
        mine = max(range(3), key=lambda k: (own or triad)[k])
        return Reason("effect.triad_none",
                      _t("この答えを外しても割合は変わりません（ほかの答えと同じく{name}に合う答え）",
                         "leaving this answer out would not change the shares (like the "
                         "others, it fits {name})",
                         "この 答えが なくても 割合（わりあい）は 変わりません。ほかの 答えと "
                         "同じく {name} に 合う 答えです",
                         "sem esta resposta as proporções não mudariam (como as outras, "
                         "ela combina com {name})"),
                      {"name": TRIAD_NAMES[TRIAD[mine]]})
    return Reason("effect.triad",
                  _t("この答えで{name}が{points:.0f}ポイント増えました",
                     "this answer added {points:.0f} points to {name}",
                     "この 答えで {name} が {points:.0f} ポイント ふえました",
                     "esta resposta somou {points:.0f} pontos a {name}"),
                  {"name": TRIAD_NAMES[TRIAD[top]], "points": shift[top] * 100})


def _contribution_reason_triad(prompt: Text, answer: Text, effect: Reason,
                               shift: tuple[float, float, float]) -> Reason:
    return Reason(
        "contribution.triad",
        _t("「{prompt}」に「{answer}」：{effect}", '"{prompt}": "{answer}": {effect}',
           "「{prompt}」に 「{answer}」：{effect}", '"{prompt}": "{answer}": {effect}'),
        {"prompt": prompt, "answer": answer, "effect": _in_all(effect),
         "self": shift[0], "mutual": shift[1], "public": shift[2]},
    )


def _triad_sum(items: Sequence[_Item]) -> tuple[float, float, float] | None:
    vecs = [i.triad for i in items if i.triad is not None]
    total = sum(sum(v) for v in vecs)
    if total <= _EPS:
        return None
    return (sum(v[0] for v in vecs) / total, sum(v[1] for v in vecs) / total,
            sum(v[2] for v in vecs) / total)


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

    Order: question order, then choice order. Only questions about the activity
    (those that can place: :func:`places_position`) are changed; the "who are you"
    question (choices linked to an actor) is always left out: being someone else is
    not a change a person can make.
    """
    for q in visible_questions(catalog, answers):
        if not places_position(q) or any(c.actor for c in q.choices):
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
            "choose": _t("「{prompt}」を「{choice}」にすると{letter}（{position:.2f}）になります",
                         'Answering "{choice}" to "{prompt}" would make it {letter} '
                         "({position:.2f})",
                         "「{prompt}」の 答えを 「{choice}」に すると、{letter}（{position:.2f}）"
                         "に なります",
                         'Respondendo "{choice}" a "{prompt}", ficaria {letter} '
                         "({position:.2f})"),
            "add": _t("「{prompt}」に「{choice}」を加えると{letter}（{position:.2f}）になります",
                      'Adding "{choice}" to "{prompt}" would make it {letter} ({position:.2f})',
                      "「{prompt}」に 「{choice}」を 加えると、{letter}（{position:.2f}）に "
                      "なります",
                      'Acrescentando "{choice}" a "{prompt}", ficaria {letter} '
                      "({position:.2f})"),
            "remove": _t("「{prompt}」から「{choice}」を外すと{letter}（{position:.2f}）になります",
                         'Removing "{choice}" from "{prompt}" would make it {letter} '
                         "({position:.2f})",
                         "「{prompt}」から 「{choice}」を 外すと、{letter}（{position:.2f}）に "
                         "なります",
                         'Tirando "{choice}" de "{prompt}", ficaria {letter} '
                         "({position:.2f})"),
        }
        reason = Reason(
            f"what_if.{kind}",
            templates[kind],
            {"prompt": q.prompt, "choice": label, "letter": new_letter, "position": new_pos,
             "letter_name": letter_names(catalog.municipality)[new_letter]},
        )
        best = (abs(shift), WhatIf(q.id, kind, choice_id, new_answer, new_letter, new_pos,
                                   shift, reason))
    return None if best is None else best[1]


def _participation(actor: str | None, letter: str | None,
                   municipality: Municipality | None = None) -> Reason | None:
    if actor not in INDIVIDUAL_ACTORS or letter != "D":
        return None
    return Reason(
        "placement.participation",
        (municipality or Municipality()).fill(_t(
            "個人として、{office}が進める活動に加わるのは「参加」です。「協働」は、団体と行政が"
            "組織どうしで目的を共有し、役割と責任を分けて進めることです（大泉町の指針）。"
            "あなたにとっての協働は、同じ思いの人と団体をつくるか、自治会やNPOに加わり、"
            "その団体として{office}と企画の段階から話し合うこと（共催や実行委員会など）です。"
            "参加も、広い意味での協働に含まれます。",
            "Joining an activity {office} runs as an individual is participation (参加). "
            "Collaboration (協働) is organisations working together: a group and the "
            "municipality share an aim and split roles and responsibility (Oizumi's "
            "guideline). For you, 協働 would mean forming a group with people who share "
            "your concern, or joining an association or NPO, and planning with "
            "{office} as that group from the start (co-hosting, a joint committee). "
            "Participation also counts as collaboration in the broad sense.",
            "ひとりの 人として、{office}の 活動に 加わる ことは 「参加（さんか）」です。"
            "「協働（きょうどう）」は、団体（だんたい）と 役所が 組織どうしで 目的を "
            "いっしょに 持ち、役割（やくわり）と 責任（せきにん）を 分けて 進める ことです"
            "（大泉町（おおいずみまち）の 指針（ししん））。あなたの 協働は、同じ 思いの 人と "
            "団体を つくる ことです。または 自治会（じちかい）や NPOに 入る ことです。そして "
            "その 団体として、計画の ときから {office}と 話し合います（共催や 実行委員会など）。"
            "参加も、広い 意味で 協働に 入ります。",
            "Quando {office} conduz uma atividade e você entra nela como pessoa, isso é "
            "participação (sanka). "
            "Colaboração (kyōdō) é o trabalho entre organizações: um grupo e a prefeitura "
            "compartilham um objetivo e dividem papéis e responsabilidades (diretriz de "
            "Oizumi). Para você, colaborar seria formar um grupo com pessoas que têm a mesma "
            "preocupação, ou entrar numa associação de moradores ou ONG, e planejar junto com "
            "{office} como esse grupo desde o início (organização conjunta, comissão "
            "conjunta). A participação também conta como colaboração em sentido amplo.")),
        {"actor": actor or "", "letter": letter})


def placing_hint(catalog: Catalog, to_place: Sequence[str]) -> Reason | None:
    """「「…」に答えると、位置が決まります」 for the first question of ``to_place``."""
    by_id = {q.id: q for q in catalog.questions}
    first = next((by_id[q] for q in to_place if q in by_id), None)
    if first is None:
        return None
    return Reason("placement.to_place",
                  _t("「{prompt}」に答えると、位置が決まります。",
                     'Answer "{prompt}" to be placed.',
                     "「{prompt}」に 答えると、位置（いち）が 決まります。",
                     'Responda "{prompt}" para ter uma posição.'),
                  {"question": first.id, "prompt": first.prompt})


def unplaced_reason(catalog: Catalog, to_place: Sequence[str], *, answered: int = 0,
                    unknown: int = 0) -> Reason:
    """「まだ位置は決まっていません」 and the question that would place it."""
    params: dict[str, object] = {"unplaced": UNPLACED, "answered": answered,
                                 "unknown": unknown}
    hint = placing_hint(catalog, to_place)
    if hint is None:
        return Reason("placement.unplaced", _t("{unplaced}。", "{unplaced}.", "{unplaced}。",
                                               "{unplaced}."), params)
    params.update(hint.params)
    return Reason(
        "placement.unplaced",
        _t("{unplaced}。「{prompt}」に答えると、位置が決まります。",
           '{unplaced}. Answer "{prompt}" to be placed.',
           "{unplaced}。「{prompt}」に 答えると、位置（いち）が 決まります。",
           '{unplaced}. Responda "{prompt}" para ter uma posição.'),
        params)


def place(  # noqa: C901 - the placement algorithm in one piece, as docs/placement.md tells it
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
            if places_position(q):
                unknown_weight += max(0.0, float(q.weight))
        elif q.kind == "text" or chosen_choices(q, value):
            answered += 1
        else:
            skipped += 1  # only ids the question does not have

    items = [i for i in (_item(q, answers.get(q.id)) for q in visible) if i is not None]
    region_items = [i for i in items if i.mass > _EPS]
    position = _position(region_items)
    scores = _scores(region_items)
    total_votes = sum(scores)

    # spread
    conflict = 0.0
    if position is not None and total_votes > _EPS:
        conflict = math.sqrt(
            sum(v * (k - position) ** 2 for k, v in enumerate(scores)) / total_votes)
    certainty = BASE_SPREAD + UNKNOWN_SPREAD * unknown_weight
    spread = MAX_SPREAD if position is None else min(
        MAX_SPREAD, math.sqrt(conflict**2 + certainty**2)
    )

    # triad
    triad_items = [i for i in items if i.triad is not None]
    found = _triad_sum(triad_items)
    triad = found if found is not None else (1 / 3, 1 / 3, 1 / 3)
    even = (1 / 3, 1 / 3, 1 / 3)

    # contributions, measured from the result: leave one out
    contributions: list[Contribution] = []
    triad_contributions: list[Contribution] = []
    for item in items:
        q = item.question
        prompt = q.prompt
        label = answer_label(q, answers.get(q.id))
        ids = tuple(c.id for c in item.choices)
        tpull: tuple[float, float, float] | None = None
        tshift = (0.0, 0.0, 0.0)
        if item.triad is not None and found is not None:
            size = sum(item.triad)
            tpull = (item.triad[0] / size, item.triad[1] / size, item.triad[2] / size)
            rest_t = _triad_sum([i for i in triad_items if i is not item])
            base = even if rest_t is None else rest_t
            tshift = (triad[0] - base[0], triad[1] - base[1], triad[2] - base[2])
        shift = 0.0
        loo: float | None = None
        letters = letters_of(item.votes)
        if item.mass > _EPS and position is not None:
            without = _position([i for i in region_items if i is not item])
            loo = None if without is None else position - without
            shift = 0.0 if loo is None else loo
            effect = _region_effect(letters, position, without)
            contributions.append(Contribution(
                "region", q.id, ids, prompt, label, item.mass, item.pull, shift, loo, tpull,
                tshift, _contribution_reason_region(prompt, label, effect), letters, effect))
        if item.triad is not None and found is not None:
            alone = len(triad_items) == 1
            teffect = _triad_effect(tshift, alone, triad, tpull)
            triad_contributions.append(Contribution(
                "triad", q.id, ids, prompt, label, sum(item.triad), item.pull, shift, loo,
                tpull, tshift, _contribution_reason_triad(prompt, label, teffect, tshift),
                letters, teffect))
    order = {q.id: i for i, q in enumerate(visible)}

    def region_size(c: Contribution) -> float:
        # an answer that alone places you matters most
        return math.inf if c.loo_shift is None else abs(c.shift)

    contributions.sort(key=lambda c: (-region_size(c), order[c.question_id]))
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

    placed_ids = {i.question.id for i in region_items}
    waiting = [q for q in visible if places_position(q) and q.id not in placed_ids]
    waiting.sort(key=lambda q: (-float(q.weight), order[q.id]))
    to_place = tuple(q.id for q in waiting)

    best_change = (
        None if position is None or not what_if else _what_if(catalog, answers, position)
    )
    letter = None if position is None else letter_of(position)
    margin = None if position is None else margin_of(position)
    if position is None or letter is None:
        summary = unplaced_reason(catalog, to_place, answered=answered, unknown=unknown)
    else:
        summary = Reason(
            "placement.placed",
            _t("{letter}：{letter_name}（位置{position:.2f}、ぶれ幅{spread:.2f}）",
               "{letter}: {letter_name} (position {position:.2f}, spread {spread:.2f})",
               "{letter}：{letter_name}（位置（いち） {position:.2f}、ぶれ {spread:.2f}）",
               "{letter}: {letter_name} (posição {position:.2f}, variação {spread:.2f})"),
            {"letter": letter, "letter_name": letter_names(catalog.municipality)[letter],
             "position": position,
             "spread": spread},
        )
    return Placement(
        placed=position is not None,
        position=position,
        letter=letter,
        spread=spread,
        conflict=conflict,
        triad=triad,
        triad_placed=found is not None,
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
        to_place=to_place,
        participation=_participation(actor, letter, catalog.municipality),
    )

"""Placement → what fits: forms, roles, principles, the next step, example activities.

Pure and deterministic (no I/O, no Textual). The matcher is optional: without
one, ``activities`` is empty and everything else still works.

Form scores (0–100)
-------------------
``score = 100 × (0.6 × region_fit + 0.4 × asked) × actor_factor``

- *region_fit*: the share of your range (position ± spread, clamped to A–E)
  that falls in the form's letters (each letter is the cell ±0.5 around it).
  Not placed: 0.5 for every form ("we cannot tell").
- *asked*: ``b / (b + 1)`` where ``b`` is the sum of the answers' ``forms``
  boosts for this form (0 when no answer asked for it).
- *actor_factor*: 1.0 when the answered actor may use the form (or no actor is
  known), 0.25 when the form is not listed for that actor.

A form is **recommended** when its score is at least :data:`RECOMMEND_AT`,
it suits the actor, and your answers asked for it or (when placed) its region
overlaps your range. The others nearest to being recommended come back as *why not* with
their reasons (region too far, not for this actor, nothing asked for it).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from kyodo_tui.core.records import dataclass
from typing import Any, Protocol

from kyodo_tui.core.model import (
    REGIONS,
    Actor,
    Catalog,
    CycleStep,
    Form,
    Municipality,
    Principle,
    Text,
)
from kyodo_tui.core.placement import (
    Answer,
    Placement,
    Reason,
    chosen_choices,
    letter_names,
    letter_of,
    visible_questions,
)


class MatcherLike(Protocol):
    """What recommend needs of :class:`kyodo_tui.core.matching.Matcher`."""

    def search(self, query: str, *, limit: int = 10, fields: Collection[str] = (),
               position: float | None = None, actor: str | None = None) -> Sequence[Any]:
        ...

#: the minimum score of a recommended form
RECOMMEND_AT = 30.0
#: how many "why not" forms to explain
WHY_NOT_COUNT = 3
#: the factor for a form the answered actor cannot use
NOT_FOR_ACTOR = 0.25
#: weights of the two parts of a form's score
REGION_SHARE = 0.6
ASKED_SHARE = 0.4


@dataclass(frozen=True, slots=True)
class FormFit:
    """One form with its score and the reasons for (or against) it."""

    form: Form
    score: float
    recommended: bool
    region_fit: float
    #: distance from your range to the form's nearest letter (0: they touch)
    gap: float
    #: summed forms-boost from the answers
    asked: float
    actor_ok: bool
    #: the reasons it fits (recommended) or the reasons it does not (why not)
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class RoleSet:
    """What an actor can do in 協働 and what 協働 brings it."""

    actor: Actor
    roles: tuple[Text, ...]
    effects: tuple[Text, ...]
    #: True when this is the actor the answers named
    answered: bool


@dataclass(frozen=True, slots=True)
class PrincipleCheck:
    """One line of the principles checklist."""

    principle: Principle
    #: True when the answers put this principle at stake (these come first)
    at_stake: bool
    #: the answers that put it at stake
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class NextStep:
    """The next step in the collaboration cycle."""

    #: where the answers put the person (None: not answered)
    current: CycleStep | None
    step: CycleStep
    reason: Reason


@dataclass(frozen=True, slots=True)
class Recommendations:
    #: recommended forms, best first
    forms: tuple[FormFit, ...]
    #: the forms nearest to being recommended, with why not
    why_not: tuple[FormFit, ...]
    #: every form, scored, best first (forms + the rest)
    all_forms: tuple[FormFit, ...]
    roles: tuple[RoleSet, ...]
    principles: tuple[PrincipleCheck, ...]
    next_step: NextStep | None
    #: matched activities: the matcher's Match objects (empty without a matcher)
    activities: tuple[Any, ...]
    #: the query the matcher was given ("" when none)
    query: str
    #: notes for the whole result (e.g. A or E: forms are optional)
    notes: tuple[Reason, ...]


# ---------------------------------------------------------------- helpers


def _t(ja: str, en: str, easy: str, pt: str) -> Text:
    """An explanation in all four of the app's languages (やさしい日本語, Portuguese)."""
    return Text(ja, en, (("ja-easy", easy), ("pt", pt)))


def _letters(letters: Sequence[str]) -> str:
    return "・".join(letters)


def _range_letters(low: float, high: float) -> Text:
    a, b = letter_of(low), letter_of(high)
    return Text(a, a) if a == b else Text(f"{a}〜{b}", f"{a}-{b}")


def _overlap(low: float, high: float, form: Form) -> float:
    """Share of [low, high] inside the form's letter cells (a point: 1 or 0)."""
    cells = sorted(REGIONS.index(r) for r in form.regions if r in REGIONS)
    if not cells:
        return 0.0
    if high - low < 1e-9:
        return 1.0 if any(c - 0.5 <= low <= c + 0.5 for c in cells) else 0.0
    covered = 0.0
    for c in cells:
        a, b = max(low, c - 0.5), min(high, c + 0.5)
        if b > a:
            covered += b - a
    return min(1.0, covered / (high - low))


def _gap(low: float, high: float, form: Form) -> float:
    """Distance from [low, high] to the nearest of the form's cells (0: touching)."""
    gaps = []
    for r in form.regions:
        if r not in REGIONS:
            continue
        c = REGIONS.index(r)
        a, b = c - 0.5, c + 0.5
        gaps.append(max(0.0, a - high, low - b))
    return min(gaps) if gaps else 4.0


def _asked_sources(
    catalog: Catalog, answers: Mapping[str, Answer]
) -> dict[str, list[tuple[Text, Text, float]]]:
    """form id → [(question prompt, choice label, boost × weight)] in question order."""
    out: dict[str, list[tuple[Text, Text, float]]] = {}
    for q in visible_questions(catalog, answers):
        if q.kind == "text":
            continue
        for c in chosen_choices(q, answers.get(q.id)):
            for form_id, w in c.forms.items():
                if w > 0:
                    out.setdefault(form_id, []).append((q.prompt, c.label, float(q.weight) * w))
    return out


def _principle_sources(
    catalog: Catalog, answers: Mapping[str, Answer]
) -> dict[str, list[tuple[Text, Text]]]:
    out: dict[str, list[tuple[Text, Text]]] = {}
    for q in visible_questions(catalog, answers):
        if q.kind == "text":
            continue
        for c in chosen_choices(q, answers.get(q.id)):
            for pid in c.principles:
                out.setdefault(pid, []).append((q.prompt, c.label))
    return out


# ---------------------------------------------------------------- forms


def score_forms(
    catalog: Catalog, answers: Mapping[str, Answer], placement: Placement
) -> list[FormFit]:
    """Every form of the catalog, scored, best first (ties: catalog order)."""
    sources = _asked_sources(catalog, answers)
    actor = placement.actor
    actor_name = catalog.actors[actor].name if actor in catalog.actors else None
    low, high = placement.low, placement.high
    fits: list[tuple[float, int, FormFit]] = []
    for index, form in enumerate(catalog.forms.values()):
        if low is None or high is None or placement.position is None:
            region_fit = 0.5
            gap = 0.0
        else:
            region_fit = _overlap(low, high, form)
            gap = _gap(low, high, form)
        asked = sum(w for _, _, w in sources.get(form.id, []))
        asked_fit = asked / (asked + 1.0)
        actor_ok = actor is None or actor in form.actors
        score = 100.0 * (REGION_SHARE * region_fit + ASKED_SHARE * asked_fit)
        if not actor_ok:
            score *= NOT_FOR_ACTOR
        placed = placement.position is not None
        recommended = score >= RECOMMEND_AT and actor_ok and (
            asked > 0 or (placed and region_fit > 0))

        reasons: list[Reason] = []
        where = Text(_letters(form.regions), ", ".join(form.regions))
        if placement.position is None or low is None or high is None:
            reasons.append(Reason(
                "form.region_unknown",
                _t("位置がまだ分からないため、領域（{regions}）では判断していません",
                   "Your position is not known yet, so its region ({regions}) was not used",
                   "位置（いち）が まだ わかりません。だから 領域（{regions}）では 決めて いません",
                   "Sua posição ainda não é conhecida, então a região ({regions}) não foi usada"),
                {"regions": where}))
        else:
            yours = _range_letters(low, high)
            if region_fit > 0:
                reasons.append(Reason(
                    "form.region_fit",
                    _t("領域{regions}が、あなたの範囲（{yours}）に重なります（{share:.0%}）",
                       "Its region {regions} overlaps your range ({yours}) by {share:.0%}",
                       "領域（りょういき） {regions} が、あなたの 範囲（はんい）（{yours}）に "
                       "重なります（{share:.0%}）",
                       "A região {regions} coincide com a sua faixa ({yours}) em {share:.0%}"),
                    {"regions": where, "yours": yours, "share": region_fit}))
            else:
                reasons.append(Reason(
                    "form.region_far",
                    _t("領域{regions}は、あなたの範囲（{yours}）から{gap:.1f}離れています",
                       "Its region {regions} lies {gap:.1f} outside your range ({yours})",
                       "領域（りょういき） {regions} は、あなたの 範囲（はんい）（{yours}）から "
                       "{gap:.1f} はなれて います",
                       "A região {regions} fica {gap:.1f} fora da sua faixa ({yours})"),
                    {"regions": where, "yours": yours, "gap": gap}))
        for prompt, label, _w in sources.get(form.id, []):
            reasons.append(Reason(
                "form.asked",
                _t("「{prompt}」に「{answer}」と答えました",
                   'You answered "{answer}" to "{prompt}"',
                   "「{prompt}」に 「{answer}」と 答えました",
                   'Você respondeu "{answer}" a "{prompt}"'),
                {"prompt": prompt, "answer": label}))
        if not sources.get(form.id):
            reasons.append(Reason(
                "form.not_asked",
                _t("回答の中に、この形を求めるものはありません",
                   "None of your answers asked for this form",
                   "あなたの 答えの 中に、この 形を 求める ものは ありません",
                   "Nenhuma das suas respostas pediu esta forma")))
        if actor_name is not None:
            if actor_ok:
                reasons.append(Reason(
                    "form.actor_ok",
                    _t("{actor}が使える形です", "{actor} can use this form",
                       "{actor} が 使える 形です", "{actor} pode usar esta forma"),
                    {"actor": actor_name}))
            else:
                reasons.append(Reason(
                    "form.actor_no",
                    _t("{actor}向けの形ではありません", "This form is not for {actor}",
                       "{actor} の ための 形では ありません", "Esta forma não é para {actor}"),
                    {"actor": actor_name}))
        # for a recommended form, lead with what fits; for why-not, with what does not
        good = {"form.region_fit", "form.asked", "form.actor_ok"}
        reasons.sort(key=lambda r: (r.code in good) != recommended)
        fits.append((-score, index, FormFit(form, score, recommended, region_fit, gap, asked,
                                            actor_ok, tuple(reasons))))
    fits.sort(key=lambda t: (round(t[0], 9), t[1]))
    return [f for _, _, f in fits]


# ---------------------------------------------------------------- the rest


def _roles(catalog: Catalog, placement: Placement) -> tuple[RoleSet, ...]:
    actor = placement.actor
    if actor in catalog.actors:
        a = catalog.actors[actor]
        return (RoleSet(a, a.roles, a.effects, True),)
    return tuple(RoleSet(a, a.roles, a.effects, False) for a in catalog.actors.values())


def _principles(
    catalog: Catalog, answers: Mapping[str, Answer], placement: Placement
) -> tuple[PrincipleCheck, ...]:
    sources = _principle_sources(catalog, answers)
    rank = {pid: i for i, pid in enumerate(placement.principles)}
    checks: list[tuple[int, int, PrincipleCheck]] = []
    for index, principle in enumerate(catalog.principles.values()):
        at_stake = principle.id in sources
        reasons = tuple(
            Reason("principle.at_stake",
                   _t("「{prompt}」に「{answer}」", '"{prompt}": "{answer}"',
                      "「{prompt}」に 「{answer}」", '"{prompt}": "{answer}"'),
                   {"prompt": prompt, "answer": label})
            for prompt, label in sources.get(principle.id, [])
        )
        first = rank.get(principle.id, len(rank)) if at_stake else len(rank) + 1
        checks.append((first, index, PrincipleCheck(principle, at_stake, reasons)))
    checks.sort(key=lambda t: (t[0], t[1]))
    return tuple(c for _, _, c in checks)


def _next_step(catalog: Catalog, placement: Placement) -> NextStep | None:
    steps = sorted(catalog.cycle, key=lambda s: s.order)
    if not steps:
        return None
    by_id = {s.id: s for s in steps}
    current = by_id.get(placement.cycle) if placement.cycle else None
    if current is None:
        step = steps[0]
        reason = Reason(
            "next.start",
            _t("協働は「{step}」から始まります。まず、困りごとと目的を関係者で共有しましょう。",
               'Collaboration starts with "{step}": first share the problem and the aim '
               "with everyone involved.",
               "協働（きょうどう）は 「{step}」から 始まります。まず、困りごとと 目的を、"
               "関わる 人 みんなで 話し合いましょう。",
               'A colaboração começa com "{step}": primeiro compartilhe o problema e o '
               "objetivo com todos os envolvidos."),
            {"step": step.name, "description": step.description})
        return NextStep(None, step, reason)
    position = steps.index(current)
    if position + 1 < len(steps):
        step = steps[position + 1]
        reason = Reason(
            "next.after",
            _t("いまは「{current}」の段階です。次は「{step}」（{stage}）です。",
               'You are at "{current}". Next comes "{step}" ({stage}).',
               "今は 「{current}」の 段階（だんかい）です。次は 「{step}」（{stage}）です。",
               'Você está em "{current}". Depois vem "{step}" ({stage}).'),
            {"current": current.name, "step": step.name, "stage": step.stage,
             "description": step.description})
    else:
        # the cycle repeats: 評価結果の活用 feeds the next round's 課題の明確化 (003 第3章)
        step = steps[0]
        reason = Reason(
            "next.again",
            _t("「{current}」まで来ました。サイクルをもう一周し、「{step}」に戻ります。",
               'You have reached "{current}". The cycle starts again with "{step}".',
               "「{current}」まで 来ました。サイクルを もう 一回 回って、「{step}」に もどります。",
               'Você chegou a "{current}". O ciclo recomeça com "{step}".'),
            {"current": current.name, "step": step.name, "description": step.description})
    return NextStep(current, step, reason)


def matcher_queries(catalog: Catalog, answers: Mapping[str, Answer]) -> list[str]:
    """The text answers feeding matching (``match = true``), in question order, each once."""
    parts: list[str] = []
    for q in visible_questions(catalog, answers):
        if q.kind != "text" or not q.match:
            continue
        value = answers.get(q.id)
        text = value.strip() if isinstance(value, str) else ""
        if text and value != "unknown" and text not in parts:
            parts.append(text)
    return parts


def matcher_query(catalog: Catalog, answers: Mapping[str, Answer]) -> str:
    """The text answers feeding matching, joined (what the results say was searched)."""
    return " ".join(matcher_queries(catalog, answers))


def _notes(placement: Placement, municipality: Municipality | None = None) -> tuple[Reason, ...]:
    m = municipality or Municipality()
    names = letter_names(m)
    notes: list[Reason] = []
    if placement.letter == "A":
        notes.append(Reason(
            "note.region_a",
            m.fill(_t("A（{name}）は、市民が自ら進める領域です。協働の形は、{office}と組みたく"
                      "なったときの選択肢です。",
                      "A ({name}) is your own independent activity; the forms are options "
                      "for when you want to work with {office}.",
                      "A（{name}）は、住民（じゅうみん）が 自分たちで 進める 領域（りょういき）です。"
                      "協働（きょうどう）の 形は、{office}と いっしょに したく なった ときに "
                      "選べます。",
                      "A ({name}) é a sua atividade independente; as formas são opções para "
                      "quando você quiser trabalhar junto com {office}.")),
            {"name": names["A"]}))
    elif placement.letter == "E":
        notes.append(Reason(
            "note.region_e",
            m.fill(_t("E（{name}）は、{office}が責任を持つ領域です。意見を伝える・情報を交換する"
                      "形から関われます。",
                      "E ({name}) is {office}'s own responsibility; you can still take "
                      "part by giving your views and exchanging information.",
                      "E（{name}）は、{office}が 責任（せきにん）を 持つ 領域（りょういき）です。"
                      "意見を 伝えたり、情報を 交換（こうかん）したり して 関われます。",
                      "E ({name}): quem responde é {office}; você ainda pode participar "
                      "dando sua opinião e trocando informações.")),
            {"name": names["E"]}))
    if placement.participation is not None:
        notes.append(placement.participation)
    if not placement.placed:
        notes.append(Reason(
            "note.unplaced",
            _t("位置が決まっていないため、形は回答で求められたものだけを挙げています。",
               "You are not placed yet, so only forms your answers asked for are listed.",
               "位置（いち）が まだ 決まって いません。だから、あなたの 答えが 求めた 形だけを "
               "出して います。",
               "Você ainda não tem posição, então só aparecem as formas que suas respostas "
               "pediram.")))
    return tuple(notes)


#: the reasons that make a match strong enough for a public screen: the
#: resident's own words name the activity (its title or the title's reading)
STRONG_REASONS = frozenset({"title", "reading"})


def is_strong(match: Any) -> bool:
    """A match strong enough to show where others can see it (a kiosk screen, the
    takeaway QR): not weak, and the query names the activity itself. A keyword
    or similarity hit is left out there: typing 見守り must not put
    「子どもの虐待防止」 on a public screen."""
    return not match.weak and any(r.code in STRONG_REASONS for r in match.reasons)


def public_recommendations(recs: Recommendations) -> Recommendations:
    """``recs`` with only the strong activity matches (:func:`is_strong`)."""
    from dataclasses import replace

    return replace(recs, activities=tuple(m for m in recs.activities if is_strong(m)))


def recommend(
    catalog: Catalog,
    answers: Mapping[str, Answer],
    placement: Placement,
    matcher: MatcherLike | None = None,
    *,
    limit: int = 10,
) -> Recommendations:
    """Forms, roles, principles, the next step and (with a matcher) activities.

    ``matcher`` is anything with ``search(query, *, limit, fields, position, actor)``
    (normally :class:`kyodo_tui.core.matching.Matcher`). It is called only when
    there is a query: the text answers, or else the chosen fields' Japanese names.
    """
    scored = score_forms(catalog, answers, placement)
    recommended = [f for f in scored if f.recommended][:limit]
    # the nearest misses: highest score, then closest region, then catalog order
    rest = [f for f in scored if not f.recommended]
    others = sorted(rest, key=lambda f: (-round(f.score, 9), f.gap))[:WHY_NOT_COUNT]

    queries = matcher_queries(catalog, answers)
    if not queries and placement.fields:
        queries = [" ".join(catalog.fields[f].name.ja for f in placement.fields
                            if f in catalog.fields)]
    query = " ".join(queries)
    activities: tuple[Any, ...] = ()
    if matcher is not None and query:
        # each text answer is searched on its own (joined, a word repeated across two
        # answers dilutes the score); an activity keeps its best match
        best: dict[str, Any] = {}
        for q in queries:
            for m in matcher.search(q, limit=limit, fields=placement.fields,
                                    position=placement.position, actor=placement.actor):
                if m.activity.id not in best or m.score > best[m.activity.id].score:
                    best[m.activity.id] = m
        # stable: equal scores keep the matcher's own order
        activities = tuple(sorted(best.values(), key=lambda m: -m.score)[:limit])

    return Recommendations(
        forms=tuple(recommended),
        why_not=tuple(others),
        all_forms=tuple(scored),
        roles=_roles(catalog, placement),
        principles=_principles(catalog, answers, placement),
        next_step=_next_step(catalog, placement),
        activities=activities,
        query=query,
        notes=_notes(placement, catalog.municipality),
    )

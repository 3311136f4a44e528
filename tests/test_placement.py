"""The placement engine: position, spread, triad, contributions, what-if, visibility."""

from __future__ import annotations

import math
import subprocess
import sys

import pytest

from kyodo_tui.core.model import Catalog, Choice, Condition, Question, Text
from kyodo_tui.core.placement import (
    Answers,
    answer_label,
    iter_changes,
    letter_of,
    margin_of,
    place,
    position_of,
    prune_hidden,
    visible_questions,
)


def T(s: str) -> Text:
    return Text(s + "（日本語）", s)


def ch(cid: str, regions: dict[str, float] | None = None, triad: dict[str, float] | None = None,
       **kw: object) -> Choice:
    return Choice(cid, T(cid), regions=regions or {}, triad=triad or {}, **kw)  # type: ignore[arg-type]


def q(qid: str, order: int, kind: str, choices: tuple[Choice, ...] = (), *, weight: float = 1.0,
      show_if: Condition | None = None, allow_unknown: bool = True) -> Question:
    return Question(qid, order, kind, T(qid), T(""), choices, allow_unknown, weight,  # type: ignore[arg-type]
                    show_if, True)


def make_catalog(*questions: Question) -> Catalog:
    return Catalog({}, {}, {}, {}, (), {}, {}, {}, tuple(questions))


WHO = q("who", 1, "single", (
    ch("resident", {"A": 0.5, "B": 0.5}, actor="resident"),
    ch("association", {"B": 1.0}, {"mutual": 1.0}, actor="association"),
    ch("government", {"D": 0.5, "E": 0.5}, {"public": 1.0}, actor="government"),
))
LEAD = q("lead", 2, "single", (
    ch("we", {"A": 2.0}, {"self": 1.0}),
    ch("we-help", {"B": 2.0}, {"mutual": 1.0}),
    ch("equal", {"C": 2.0}, {"mutual": 0.5, "public": 0.5}),
    ch("they-help", {"D": 2.0}, {"public": 1.0}),
    ch("they", {"E": 2.0}, {"public": 1.0}),
), weight=1.5)
OFFER = q("offer", 3, "multi", (
    ch("time", {"A": 1.0}, {"self": 1.0}, forms={"kyoryoku": 0.5}),
    ch("money", {"A": 0.5, "B": 0.5}),
    ch("place", {"C": 1.0}),
    ch("nothing", {"E": 1.0}),
    ch("plain"),
))
FIELDS = q("fields", 4, "multi", (
    ch("environment", fields=("environment",)),
    ch("safety", fields=("safety", "disaster-prevention")),
))
NOW = q("now_text", 5, "text")
SIZE = q("size", 6, "single", (
    ch("small", {"B": 1.0}),
    ch("large", {"C": 1.0}),
), show_if=Condition("who", ("association",)))
SUB = q("sub", 7, "single", (
    ch("yes", {"C": 1.0}),
    ch("no", {"A": 1.0}),
), show_if=Condition("size", ("large",)))

CAT = make_catalog(WHO, LEAD, OFFER, FIELDS, NOW, SIZE, SUB)


# ------------------------------------------------------------ visibility


def test_visible_questions_follow_show_if_transitively() -> None:
    ids = [x.id for x in visible_questions(CAT, {})]
    assert ids == ["who", "lead", "offer", "fields", "now_text"]
    ids = [x.id for x in visible_questions(CAT, {"who": "association"})]
    assert ids[-1] == "size"
    ids = [x.id for x in visible_questions(CAT, {"who": "association", "size": "large"})]
    assert ids[-2:] == ["size", "sub"]
    # sub's condition holds, but size is hidden once who changes: sub is hidden too
    ids = [x.id for x in visible_questions(CAT, {"who": "resident", "size": "large"})]
    assert "size" not in ids and "sub" not in ids


def test_prune_hidden_is_transitive_and_keeps_the_rest() -> None:
    answers: Answers = {"who": "resident", "size": "large", "sub": "yes", "lead": "we",
                        "bogus": "x"}
    assert prune_hidden(CAT, answers) == {"who": "resident", "lead": "we"}
    kept: Answers = {"who": "association", "size": "large", "sub": "yes"}
    assert prune_hidden(CAT, kept) == kept


def test_hidden_answers_do_not_count() -> None:
    p1 = place(CAT, {"who": "resident", "lead": "we"})
    p2 = place(CAT, {"who": "resident", "lead": "we", "size": "large", "sub": "yes"})
    assert p1.position == p2.position and p1.spread == p2.spread
    assert (p1.answered, p1.skipped) == (p2.answered, p2.skipped)


# ------------------------------------------------------------ position and letter


def test_nothing_placed_is_flagged_not_invented() -> None:
    p = place(CAT, {})
    assert not p.placed and p.position is None and p.letter is None and p.margin is None
    assert p.what_if is None and p.region_contributions == ()
    assert p.skipped == 5 and p.answered == 0
    assert "Not placed yet" in p.summary.text("en")
    assert "まだ位置は決まっていません" in p.summary.text("ja")
    # it names the question that would place it: the heaviest first
    assert p.to_place == ("lead", "who", "offer")
    assert '"lead"' in p.summary.text("en") and "「lead（日本語）」" in p.summary.text("ja")
    # fields and text answers carry no region weight: still not placed
    p = place(CAT, {"fields": ["environment"], "now_text": "川の清掃"})
    assert not p.placed and p.answered == 2


def test_position_is_the_letter_with_most_votes_leaning_to_a_neighbour() -> None:
    # who=association votes B (weight 1); lead=equal votes C (weight 1.5): C wins and
    # leans toward B by (0 - 1) / (2 × 1.5)
    p = place(CAT, {"who": "association", "lead": "equal"})
    assert p.placed
    assert p.position == pytest.approx(2.0 - 1 / 3)
    assert p.letter == "C"
    # a choice's weights are relative: {A: 0.5, B: 0.5} is half a vote each
    p = place(CAT, {"offer": ["money"]})
    assert p.letter == "A" and p.position == pytest.approx(0.49)  # the lean is capped
    # far-away votes do not drag the marker; they widen the spread
    p = place(CAT, {"lead": "we", "offer": ["place"]})
    assert p.letter == "A" and p.position == pytest.approx(0.0)
    assert p.conflict > 1.0
    p = place(CAT, {"lead": "we"})
    assert p.position == pytest.approx(0.0) and p.letter == "A"
    p = place(CAT, {"lead": "they"})
    assert p.position == pytest.approx(4.0) and p.letter == "E"


def test_multi_answers_do_not_outweigh_by_ticking_more() -> None:
    one = place(CAT, {"lead": "equal", "offer": ["time"]})
    many = place(CAT, {"lead": "equal", "offer": ["time", "money"]})
    # mean mass: (1 + 1)/2 = 1, the same as a single tick
    w_one = next(c for c in one.region_contributions if c.question_id == "offer").weight
    w_many = next(c for c in many.region_contributions if c.question_id == "offer").weight
    assert w_one == pytest.approx(w_many) == pytest.approx(1.0)
    # an unweighted tick changes nothing
    plain = place(CAT, {"lead": "equal", "offer": ["time", "plain"]})
    assert plain.position == pytest.approx(one.position)


def test_letter_and_margin_helpers() -> None:
    assert [letter_of(x) for x in (0.0, 0.49, 0.5, 1.9, 2.5, 3.49, 4.0)] == \
        ["A", "A", "B", "C", "D", "D", "E"]
    assert margin_of(2.0) == pytest.approx(0.5)
    assert margin_of(1.4) == pytest.approx(0.1)
    assert margin_of(0.0) == pytest.approx(0.5)


# ------------------------------------------------------------ spread


def test_conflicting_answers_widen_the_spread() -> None:
    agree = place(CAT, {"who": "association", "lead": "we-help"})
    conflict = place(CAT, {"who": "association", "lead": "they"})
    assert agree.conflict == pytest.approx(0.0)
    assert conflict.conflict > 1.0
    assert conflict.spread > agree.spread


def test_unknown_widens_spread_but_skipping_does_not() -> None:
    base = place(CAT, {"lead": "equal"})
    skipped = place(CAT, {"lead": "equal"})  # who and offer left out
    unknown = place(CAT, {"lead": "equal", "who": "unknown"})
    assert skipped.spread == base.spread
    assert unknown.spread > skipped.spread
    assert unknown.position == skipped.position
    assert (unknown.unknown, unknown.skipped) == (1, skipped.skipped - 1)
    # 「分からない」 to a question that cannot move the position does not widen it
    fields_unknown = place(CAT, {"lead": "equal", "fields": "unknown"})
    assert fields_unknown.spread == base.spread and fields_unknown.unknown == 1
    # a multi 「分からない」 given as a list counts the same
    listed = place(CAT, {"lead": "equal", "offer": ["unknown"]})
    assert listed.unknown == 1 and listed.spread > base.spread


def test_spread_is_capped() -> None:
    p = place(CAT, {"lead": "we", "who": "government", "offer": "unknown"})
    assert p.spread <= 2.0
    assert p.low is not None and p.high is not None
    assert 0.0 <= p.low <= p.position <= p.high <= 4.0  # type: ignore[operator]


# ------------------------------------------------------------ triad


@pytest.mark.parametrize("answers", [
    {"lead": "we"},
    {"who": "association", "lead": "equal", "offer": ["time", "money"]},
    {"who": "government", "lead": "they-help"},
])
def test_triad_sums_to_one(answers: Answers) -> None:
    p = place(CAT, answers)
    assert p.triad_placed
    assert sum(p.triad) == pytest.approx(1.0)
    assert all(x >= 0 for x in p.triad)


def test_triad_without_weights_is_even_and_flagged() -> None:
    p = place(CAT, {"fields": ["safety"]})
    assert not p.triad_placed and p.triad == pytest.approx((1 / 3, 1 / 3, 1 / 3))


def test_triad_follows_answers() -> None:
    p = place(CAT, {"who": "association", "lead": "we"})
    # association: mutual 1; lead (×1.5): self 1 → self 0.6, mutual 0.4
    assert p.triad == pytest.approx((0.6, 0.4, 0.0))


# ------------------------------------------------------------ contributions


def test_region_contributions_are_leave_one_out() -> None:
    answers: Answers = {"who": "association", "lead": "they", "offer": ["time", "place"]}
    p = place(CAT, answers)
    assert p.position is not None and p.letter == "E"
    for c in p.region_contributions:
        rest = {k: v for k, v in answers.items() if k != c.question_id}
        without = position_of(CAT, rest)
        assert without is not None
        assert c.shift == pytest.approx(p.position - without) == pytest.approx(c.loo_shift)
    sizes = [abs(c.shift) for c in p.region_contributions]
    assert sizes == sorted(sizes, reverse=True)
    top = p.region_contributions[0]
    assert top.question_id == "lead" and top.shift > 0  # 'they' moved it furthest, toward E
    assert top.reason.text("en") == ('"lead": "they": without it you would be at B (1.00); '
                                     "it moved you 3.00 toward E (the municipality leading), "
                                     "to E")
    assert "この答えがなければB（1.00）でした" in top.reason.text("ja")


def test_leave_one_out_is_reported() -> None:
    p = place(CAT, {"who": "association", "lead": "they"})
    assert p.position is not None
    lead = next(c for c in p.region_contributions if c.question_id == "lead")
    without = position_of(CAT, {"who": "association"})
    assert without is not None
    assert lead.loo_shift == pytest.approx(p.position - without)
    only = place(CAT, {"lead": "they"})
    assert only.region_contributions[0].loo_shift is None


def test_triad_contributions_are_leave_one_out() -> None:
    answers: Answers = {"who": "association", "lead": "we", "offer": ["time"]}
    p = place(CAT, answers)
    for c in p.triad_contributions:
        rest = place(CAT, {k: v for k, v in answers.items() if k != c.question_id})
        for k in range(3):
            assert c.triad_shift[k] == pytest.approx(p.triad[k] - rest.triad[k])
    only = place(CAT, {"who": "association"})
    assert only.triad_contributions[0].triad_shift == pytest.approx((-1 / 3, 2 / 3, -1 / 3))
    assert "この答えだけで" in only.triad_contributions[0].reason.text("ja")
    sizes = [c.size for c in p.triad_contributions]
    assert sizes == sorted(sizes, reverse=True)


# ------------------------------------------------------------ what-if


def _letter(answers: Answers, catalog: Catalog = CAT) -> str | None:
    pos = position_of(catalog, answers)
    return None if pos is None else letter_of(pos)


def _all_single_changes(catalog: Catalog, answers: Answers) -> list[Answers]:
    """Every single answer change, enumerated independently of the engine's own
    (leaving out the "who are you" question: nobody can change who they are)."""
    out: list[Answers] = []
    for question in visible_questions(catalog, answers):
        if question.kind == "text" or any(c.actor for c in question.choices):
            continue
        for c in question.choices:
            alt = dict(answers)
            if question.kind == "single":
                if alt.get(question.id) == c.id:
                    continue
                alt[question.id] = c.id
            else:
                cur = alt.get(question.id)
                ticked = list(cur) if isinstance(cur, list) else []
                ticked = [x for x in ticked if x != c.id] if c.id in ticked else ticked + [c.id]
                if ticked:
                    alt[question.id] = ticked
                else:
                    alt.pop(question.id, None)
            out.append(prune_hidden(catalog, alt))
    return out


def check_what_if(catalog: Catalog, answers: Answers) -> None:
    """The what-if really moves the letter, and no smaller single change does."""
    p = place(catalog, answers)
    if p.position is None:
        assert p.what_if is None
        return
    w = p.what_if
    moves = []
    for alt in _all_single_changes(catalog, answers):
        pos = position_of(catalog, alt)
        if pos is not None and letter_of(pos) != p.letter:
            moves.append(abs(pos - p.position))
    if w is None:
        assert moves == []
        return
    changed = prune_hidden(catalog, w.apply(answers))
    assert _letter(changed, catalog) == w.letter != p.letter
    assert position_of(catalog, changed) == pytest.approx(w.position)
    assert w.shift == pytest.approx(w.position - p.position)
    assert abs(w.shift) == pytest.approx(min(moves))
    assert p.margin == pytest.approx(margin_of(p.position))
    assert w.reason.text("ja") and w.reason.text("en")


@pytest.mark.parametrize("answers", [
    {"who": "association", "lead": "equal"},
    {"who": "resident", "lead": "we-help", "offer": ["time", "money"]},
    {"who": "association", "lead": "they", "offer": ["place"], "size": "large", "sub": "no"},
    {"lead": "they"},
])
def test_what_if_changes_the_letter_and_is_the_smallest(answers: Answers) -> None:
    assert place(CAT, answers).what_if is not None
    check_what_if(CAT, answers)


def test_what_if_can_be_skipped_without_changing_the_rest() -> None:
    answers: Answers = {"who": "association", "lead": "equal"}
    full = place(CAT, answers)
    quick = place(CAT, answers, what_if=False)
    assert full.what_if is not None and quick.what_if is None
    assert quick.position == full.position and quick.triad == full.triad
    assert quick.spread == full.spread and quick.region_contributions == full.region_contributions


def test_what_if_is_none_when_no_change_moves_the_letter() -> None:
    single = make_catalog(q("only", 1, "single", (ch("x", {"C": 1.0}), ch("y", {"C": 2.0}))))
    p = place(single, {"only": "x"})
    assert p.letter == "C" and p.what_if is None and p.margin == pytest.approx(0.5)


def test_iter_changes_covers_toggles_and_choices() -> None:
    changes = list(iter_changes(CAT, {"who": "resident", "offer": ["time"]}))
    kinds = {(qq.id, kind, cid) for qq, kind, cid, _ in changes}
    assert not any(qid == "who" for qid, _, _ in kinds)  # who you are is not a what-if
    assert ("offer", "remove", "time") in kinds and ("offer", "add", "money") in kinds
    removed = next(a for qq, kind, cid, a in changes if (qq.id, cid) == ("offer", "time"))
    assert "offer" not in removed  # unticking the last choice skips the question


# ------------------------------------------------------------ links, labels, determinism


def test_links_are_collected() -> None:
    p = place(CAT, {"who": "association", "fields": ["safety", "environment"],
                    "offer": ["time"]})
    assert p.actor == "association"
    assert p.fields == ("environment", "safety", "disaster-prevention")
    assert p.form_boosts == {"kyoryoku": 0.5}


def test_answer_labels() -> None:
    assert answer_label(OFFER, ["money", "time"]).en == "time, money"
    assert answer_label(WHO, "unknown").ja == "分からない"
    assert answer_label(NOW, "川").ja == "川"
    assert answer_label(WHO, None).en == "(no answer)"


def test_deterministic() -> None:
    answers: Answers = {"who": "association", "lead": "they", "offer": ["place", "time"],
                        "size": "small"}
    a = place(CAT, answers)
    b = place(CAT, dict(reversed(list(answers.items()))))
    assert a == b
    assert a.summary.text("ja") == b.summary.text("ja")


def test_counts() -> None:
    p = place(CAT, {"who": "association", "lead": "unknown", "now_text": "清掃",
                    "fields": []})
    # visible: who lead offer fields now_text size
    assert (p.answered, p.unknown, p.skipped) == (2, 1, 3)


def test_core_does_not_import_textual() -> None:
    code = "import sys, kyodo_tui.core.placement; assert 'textual' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_no_nan() -> None:
    p = place(CAT, {"who": "association", "lead": "equal"})
    assert not math.isnan(p.spread) and p.position is not None


# ------------------------------------------------------------ the built-in questionnaire


@pytest.fixture(scope="module")
def real() -> Catalog:
    from kyodo_tui.core.catalog import load_catalog

    return load_catalog(include_user=False)


def test_real_questionnaire_keeps_the_documented_ids(real: Catalog) -> None:
    ids = {x.id for x in real.questions}
    assert {"who", "fields", "now_text", "lead"} <= ids
    assert 10 <= len(real.questions) <= 15
    who = real.question("who")
    assert who is not None
    assert {c.actor for c in who.choices} == {"resident", "volunteer", "association", "group",
                                              "business", "government"}


def test_real_weights_are_modest(real: Catalog) -> None:
    for question in real.questions:
        for c in question.choices:
            assert all(0 <= w <= 1.0 for w in c.regions.values()), (question.id, c.id)
            assert sum(c.triad.values()) <= 1.0 + 1e-9, (question.id, c.id)
        # the direct "who leads" question counts three times; every other one once
        assert question.weight == (3.0 if question.id == "lead" else 1.0), question.id


@pytest.mark.parametrize(("choice", "letter"), [
    ("we-alone", "A"), ("we-supported", "B"), ("together", "C"),
    ("municipality-with-us", "D"), ("municipality-alone", "E"),
])
def test_real_lead_alone_gives_its_letter(real: Catalog, choice: str, letter: str) -> None:
    assert place(real, {"lead": choice}).letter == letter


@pytest.mark.parametrize(("want", "letter", "form"), [
    ("money", "B", "hojo"),      # 補助・助成 is B (003 ②)
    ("name", "B", "koen"),       # 後援 is B (003 ①)
    ("people", "C", "kyosai"),   # 共催 / 事業協力 are C (003 ③⑥)
    ("contract", "D", "itaku"),  # 委託 is D (003 ⑦)
    ("voice", "D", "shingikai"),  # 審議会, 企画・計画立案への参画 (001 ④, 000)
    # wanting nothing fits A and E alike (003: both are 独自の活動): it does not place
    ("nothing", None, None),
])
def test_real_wants_are_grounded_in_the_seeds(real: Catalog, want: str, letter: str | None,
                                             form: str | None) -> None:
    p = place(real, {"want": [want]})
    assert p.letter == letter
    if form is not None:
        assert p.form_boosts[form] == max(p.form_boosts.values())


def test_real_triad_questions(real: Catalog) -> None:
    assert place(real, {"carry": "myself"}).triad == pytest.approx((1.0, 0.0, 0.0))
    assert place(real, {"carry": "each-other"}).triad == pytest.approx((0.0, 1.0, 0.0))
    assert place(real, {"reach": "too-big"}).triad == pytest.approx((0.0, 0.0, 1.0))
    # 003 第4章: the 新たな公共 counts as 公助
    assert place(real, {"carry": "new-public"}).triad == pytest.approx((0.0, 0.0, 1.0))


def test_real_conflict_widens_spread(real: Catalog) -> None:
    calm = place(real, {"lead": "we-supported", "want": ["money"], "reach": "neighbours"})
    torn = place(real, {"lead": "we-supported", "want": ["contract"], "reach": "too-big"})
    assert torn.spread > calm.spread


def test_real_group_questions_only_for_groups(real: Catalog) -> None:
    shown = {x.id for x in visible_questions(real, {"who": "resident"})}
    assert "group_size" not in shown and "group_experience" not in shown
    shown = {x.id for x in visible_questions(real, {"who": "business"})}
    assert {"group_size", "group_experience"} <= shown
    shown = {x.id for x in visible_questions(real, {"who": "government"})}
    assert "officer_need" in shown and "group_size" not in shown


def test_real_what_if_on_random_answers(real: Catalog) -> None:
    """Property: on many random answer sets, the what-if is right and smallest."""
    import random

    rng = random.Random(20260501)
    for _ in range(120):
        answers: Answers = {}
        for question in sorted(real.questions, key=lambda x: x.order):
            if question.id not in {x.id for x in visible_questions(real, answers)}:
                continue
            roll = rng.random()
            if question.kind == "text" or roll < 0.2:
                continue  # skipped
            if roll < 0.3 and question.allow_unknown:
                answers[question.id] = "unknown"
            elif question.kind == "single":
                answers[question.id] = rng.choice(question.choices).id
            else:
                k = rng.randint(1, min(3, len(question.choices)))
                picked = {c.id for c in rng.sample(question.choices, k)}
                answers[question.id] = [c.id for c in question.choices if c.id in picked]
        p = place(real, answers)
        if p.placed:
            assert sum(p.triad) == pytest.approx(1.0)
            assert all(c.loo_shift is None or c.shift == c.loo_shift
                       for c in p.region_contributions)
        check_what_if(real, answers)


def test_what_if_never_suggests_being_someone_else() -> None:
    from kyodo_tui.core.catalog import load_catalog

    real = load_catalog(include_user=False)
    actor_questions = {q.id for q in real.questions if any(c.actor for c in q.choices)}
    assert actor_questions
    for who in ("resident", "association", "group", "business", "government"):
        answers: Answers = {"who": who, "lead": "unknown"}
        changes = list(iter_changes(real, prune_hidden(real, answers)))
        assert changes and not any(q.id in actor_questions for q, *_ in changes)
        w = place(real, answers).what_if
        assert w is None or w.question_id not in actor_questions


def test_an_exclusive_choice_stands_alone() -> None:
    from kyodo_tui.core.catalog import load_catalog
    from kyodo_tui.core.placement import toggle_choice

    real = load_catalog(include_user=False)
    now = real.question("now")
    assert now is not None
    alone = next(c.id for c in now.choices if c.exclusive)
    others = [c.id for c in now.choices if not c.exclusive][:2]
    both = toggle_choice(now, toggle_choice(now, [], others[1]), others[0])
    assert both == others  # catalog order
    assert toggle_choice(now, both, alone) == [alone]  # 「まだ何もしていない」 clears the rest
    assert toggle_choice(now, [alone], others[0]) == [others[0]]  # and goes when another is ticked
    assert toggle_choice(now, both, others[0]) == [others[1]]  # untick

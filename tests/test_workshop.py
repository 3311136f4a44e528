"""Workshop arithmetic: tallies → placements, dots, the room's centre and spread,
histograms, disagreement, comparisons and prompts. Hand-computed small cases."""

from __future__ import annotations

import math
import statistics
from datetime import datetime, timedelta, timezone

import pytest

from kyodo_tui.core.catalog import load_catalog
from kyodo_tui.core.errors import KyodoInputError
from kyodo_tui.core.model import Catalog, Choice, Question, Text
from kyodo_tui.core.placement import Answers, place
from kyodo_tui.core.workshop import (
    Group,
    Workshop,
    WorkshopError,
    add_comparison,
    add_group,
    add_hands,
    add_note,
    add_participant,
    compare,
    expand,
    group_hands,
    headcount,
    merge_groups,
    new_workshop,
    next_group_id,
    picture,
    prompts,
    question_people,
    remove_group,
    remove_participant,
    room,
    set_count,
)

JST = timezone(timedelta(hours=9))
WHEN = datetime(2025, 5, 1, 14, 0, tzinfo=JST)


def T(s: str) -> Text:
    return Text(s + "（日本語）", s)


def ch(cid: str, regions: dict[str, float] | None = None,
       triad: dict[str, float] | None = None, **kw: object) -> Choice:
    return Choice(cid, T(cid), regions=regions or {}, triad=triad or {}, **kw)  # type: ignore[arg-type]


def q(qid: str, order: int, kind: str, choices: tuple[Choice, ...], *,
      weight: float = 1.0) -> Question:
    return Question(qid, order, kind, T(qid), T(""), choices, True, weight,  # type: ignore[arg-type]
                    None, True)


# lead: one letter per choice; near: two adjacent letters; same: everyone agrees
LEAD = q("lead", 1, "single", (
    ch("a", {"A": 1.0}, {"self": 1.0}),
    ch("c", {"C": 1.0}, {"mutual": 1.0}),
    ch("e", {"E": 1.0}, {"public": 1.0}),
    ch("heavy-a", {"A": 2.0}),
))
NEAR = q("near", 2, "single", (ch("b", {"B": 1.0}), ch("c", {"C": 1.0})))
SAME = q("same", 3, "single", (ch("c", {"C": 1.0}), ch("d", {"D": 1.0})))
MULTI = q("multi", 4, "multi", (
    ch("x", {"A": 1.0}, {"self": 1.0}),
    ch("y", {"E": 1.0}),
    ch("z", triad={"mutual": 1.0}),
))
WHO = q("who", 5, "single", (ch("resident", {"A": 1.0}, actor="resident"),
                             ch("officer", {"E": 1.0}, actor="government")))
CAT = Catalog({}, {}, {}, {}, (), {}, {}, {}, (LEAD, NEAR, SAME, MULTI, WHO))


def tally_group(tally: dict[str, dict[str, int]], gid: str = "t", label: str = "T") -> Group:
    return Group(gid, label, (), tally)


def dots_group(*answers: Answers) -> Group:
    return Group("d", "D", tuple(answers))


@pytest.fixture(scope="module")
def builtin() -> Catalog:
    return load_catalog(include_user=False)


# ------------------------------------------------------------ tally arithmetic


def test_three_hands_for_a_and_one_for_e() -> None:
    pic = picture(CAT, tally_group({"lead": {"a": 3, "e": 1}}))
    # votes: A 3/4, E 1/4 of one answer; the room is at A (nobody chose B), with E's
    # quarter widening the spread rather than dragging the centre
    assert pic.basis == "tally"
    assert pic.centre == pytest.approx(0.0) and pic.letter == "A"
    # spread: sqrt((0.75 × (0 − 0)² + 0.25 × (4 − 0)²) / 1) = 2
    assert pic.spread == pytest.approx(2.0)
    assert pic.shares == pytest.approx((0.75, 0.0, 0.0, 0.0, 0.25))
    # triad: 3 hands self, 1 hand public
    assert pic.triad == pytest.approx((0.75, 0.0, 0.25))
    # the expansion: one weighted answer per counted choice
    exp = pic.expansion
    weights = {x.id: x.weight for x in exp.catalog.questions}
    assert weights == pytest.approx({"lead~a": 0.75, "lead~e": 0.25})
    assert exp.answers == {"lead~a": "a", "lead~e": "e"}
    assert exp.origin["lead~a"] == ("lead", "a")


def test_choice_weights_and_question_weights_count_like_in_place() -> None:
    # a choice's region weights are relative: heavy-a ({A = 2}) is one vote at A, as in
    # place(); one hand each for A and E ties, and ties go to the A side
    pic = picture(CAT, tally_group({"lead": {"heavy-a": 1, "e": 1}}))
    assert pic.centre == pytest.approx(place(CAT, {"lead": "heavy-a"}).position)
    assert pic.centre == pytest.approx(0.0) and pic.spread == pytest.approx(math.sqrt(8))
    weighted = Catalog({}, {}, {}, {}, (), {}, {}, {}, (
        q("lead", 1, "single", LEAD.choices, weight=3.0), NEAR))
    # lead (weight 3) all at A, near (weight 1) all at C: A has 3 votes, C 1 → A
    pic = picture(weighted, tally_group({"lead": {"a": 5}, "near": {"c": 5}}))
    assert pic.centre == pytest.approx(0.0)
    # with near at B (the neighbour), the marker leans toward it: 0 + 1 / (2 × 3)
    pic = picture(weighted, tally_group({"lead": {"a": 5}, "near": {"b": 5}}))
    assert pic.centre == pytest.approx(1 / 6)


def test_unknown_hands_thin_a_question_and_widen_the_spread() -> None:
    base = picture(CAT, tally_group({"lead": {"a": 3, "e": 1}, "near": {"c": 2}}))
    # lead: A 3/4, E 1/4 of one vote; near: C, one vote → C wins
    assert base.centre == pytest.approx(2.0)
    thin = picture(CAT, tally_group({"lead": {"a": 3, "e": 1, "unknown": 4},
                                     "near": {"c": 2}}))
    # half of lead's hands don't know: its votes halve (A 0.375, E 0.125) → still C,
    # and lead's thinner votes pull the spread in
    assert thin.centre == pytest.approx(2.0)
    assert thin.composite.conflict < base.composite.conflict
    assert thin.stats("lead").unknown_share == pytest.approx(0.5)  # type: ignore[union-attr]
    # the composite's certainty widens as place() does for 「分からない」, by its share
    assert thin.composite.unknown == 1
    certainty = 0.25 + 0.25 * 0.5
    assert thin.composite.spread == pytest.approx(
        math.sqrt(thin.composite.conflict ** 2 + certainty ** 2))


def test_multi_tally_is_the_mean_of_ticks_times_the_answering_share() -> None:
    # the largest single question has 4 hands → 4 people
    hands = {"lead": {"c": 4}, "multi": {"x": 2, "y": 1, "unknown": 1}}
    assert headcount(CAT, hands) == 4
    assert question_people(CAT, hands, MULTI) == 4
    exp = expand(CAT, hands)
    weights = {x.id: x.weight for x in exp.catalog.questions}
    # 3 of 4 answered; region ticks x 2, y 1 → 0.75 × 2/3 and 0.75 × 1/3
    assert weights["multi~x~r"] == pytest.approx(0.5)
    assert weights["multi~y~r"] == pytest.approx(0.25)
    # triad: only x carries triad weight among the ticks
    assert weights["multi~x~t"] == pytest.approx(0.75)
    assert weights["multi~unknown"] == pytest.approx(0.25)
    # without a single question, the people are the top tick plus the unknowns
    assert question_people(CAT, {"multi": {"x": 2, "y": 1, "unknown": 1}}, MULTI) == 3


@pytest.mark.parametrize("answers", [
    {"lead": "a"},
    {"lead": "heavy-a", "near": "c"},
    {"lead": "c", "multi": ["x", "y"]},
    {"lead": "unknown", "multi": ["x", "z"], "same": "d"},
    {"multi": ["y", "z"]},
])
def test_one_participant_as_a_tally_places_like_place(answers: Answers) -> None:
    expected = place(CAT, answers, what_if=False)
    alone = picture(CAT, dots_group(answers))
    assert alone.dots[0].placement == expected
    hands = group_hands(CAT, dots_group(answers))
    counted = picture(CAT, tally_group(hands))
    assert counted.centre == pytest.approx(expected.position)
    if expected.triad_placed:
        assert counted.triad == pytest.approx(expected.triad)
    else:
        assert counted.triad is None and not counted.composite.triad_placed
    assert counted.composite.form_boosts == pytest.approx(dict(expected.form_boosts))


def test_one_participant_in_the_real_questionnaire(builtin: Catalog) -> None:
    answers: Answers = {
        "who": "association", "group_size": "some", "fields": ["environment"],
        "now": ["on-our-own", "subsidised"], "now_text": "川の清掃",
        "lead": "together", "reach": "unknown", "offer": ["time", "expertise", "money"],
        "want": ["name", "people"], "stage": "running", "carry": "each-other",
    }
    expected = place(builtin, answers, what_if=False)
    ws = add_group(new_workshop("t", created=WHEN), "t1", "テーブル1")
    ws = add_participant(builtin, ws, "t1", answers)
    group = ws.groups[0]
    pic = picture(builtin, group)
    assert pic.dots[0].placement == expected
    assert pic.centre == expected.position and pic.spread == 0.0
    # the same answers keyed in as hands
    tallied = Group("h", "H", (), group_hands(builtin, group))
    tp = picture(builtin, tallied)
    assert tp.centre == pytest.approx(expected.position)
    assert tp.triad == pytest.approx(expected.triad)
    assert tp.composite.form_boosts == pytest.approx(dict(expected.form_boosts))
    assert set(tp.composite.principles) == set(expected.principles)


def test_dots_centre_spread_and_histogram() -> None:
    people: list[Answers] = [{"lead": "a"}, {"lead": "a"}, {"lead": "c"}, {"lead": "e"},
                             {"near": "b"}, {"lead": "unknown"}]
    pic = picture(CAT, dots_group(*people))
    assert pic.basis == "dots" and pic.participants == 6 and pic.people == 6
    positions = [place(CAT, a).position for a in people]
    placed = [p for p in positions if p is not None]
    assert placed == [0.0, 0.0, 2.0, 4.0, 1.0]
    assert pic.placed == 5
    assert pic.centre == pytest.approx(statistics.fmean(placed))
    assert pic.spread == pytest.approx(statistics.pstdev(placed))
    assert pic.histogram == (2.0, 1.0, 1.0, 0.0, 1.0)
    assert pic.shares == pytest.approx((0.4, 0.2, 0.2, 0.0, 0.2))
    # triad: mean and spread of each share over the dots that have one
    triads = [place(CAT, a).triad for a in people[:4]]
    assert pic.triad == pytest.approx(tuple(statistics.fmean(t[k] for t in triads)
                                            for k in range(3)))
    assert pic.triad_spread == pytest.approx(tuple(statistics.pstdev(t[k] for t in triads)
                                                   for k in range(3)))
    # every dot is place() of its own answers, numbered from 1, no names
    assert [d.number for d in pic.dots] == [1, 2, 3, 4, 5, 6]
    assert pic.dots[5].position is None


def test_tally_histogram_is_the_share_of_answer_weight() -> None:
    pic = picture(CAT, tally_group({"lead": {"a": 1, "c": 1}, "near": {"b": 2}}))
    # lead: A 0.5, C 0.5 (mass 1); near: B 1 (mass 1) → A .25, B .5, C .25
    assert pic.shares == pytest.approx((0.25, 0.5, 0.25, 0.0, 0.0))
    assert sum(pic.histogram) == pytest.approx(1.0)


def test_empty_and_unplaced_groups() -> None:
    pic = picture(CAT, Group("e", "E"))
    assert pic.basis == "empty" and pic.centre is None and pic.spread is None
    assert pic.shares == (0.0,) * 5 and pic.questions == () and pic.dots == ()
    pic = picture(CAT, tally_group({"lead": {"unknown": 3}}))
    assert pic.basis == "tally" and pic.centre is None and pic.letter is None


def test_tallies_and_participants_together() -> None:
    group = Group("m", "M", ({"lead": "e"},), {"lead": {"a": 3}})
    pic = picture(CAT, group)
    # a participant counts as one more hand: A 3/4, E 1/4 → A
    assert pic.basis == "tally" and pic.centre == pytest.approx(0.0)
    assert pic.composite.conflict == pytest.approx(2.0)
    assert pic.people == 4 and pic.participants == 1 and len(pic.dots) == 1


# ------------------------------------------------------------ disagreement


def test_disagreement_ordering() -> None:
    pic = picture(CAT, tally_group({
        "lead": {"a": 5, "e": 5},      # split between the two ends
        "near": {"b": 5, "c": 5},      # split between neighbours
        "same": {"c": 10},             # everyone agrees
        "who": {"resident": 5, "officer": 5},  # who is in the room: not a disagreement
    }))
    ranked = [s.question.id for s in pic.disagreements()]
    assert ranked == ["lead", "near"]
    lead, near, same = pic.stats("lead"), pic.stats("near"), pic.stats("same")
    assert lead is not None and near is not None and same is not None
    # both an even two-way split (entropy normalised by the outcomes offered:
    # 4 choices + 「分からない」 for lead, 2 + 「分からない」 for near)…
    assert lead.entropy == pytest.approx(math.log(2) / math.log(5))
    assert near.entropy == pytest.approx(math.log(2) / math.log(3))
    assert lead.pull_spread == pytest.approx(2.0)       # …but A vs E is far apart
    assert near.pull_spread == pytest.approx(0.5)
    assert same.disagreement == 0.0 and same.entropy == 0.0
    assert pic.stats("who").disagreement is None  # type: ignore[union-attr]
    assert lead.disagreement == pytest.approx(((lead.entropy or 0.0) + 1.0) / 2)
    assert pic.disagreements(1) == (lead,)


def test_multi_disagreement_is_per_tick() -> None:
    # everyone ticks x: agreement; half tick x, half tick y: disagreement
    agree = picture(CAT, tally_group({"lead": {"c": 4}, "multi": {"x": 4}}))
    split = picture(CAT, tally_group({"lead": {"c": 4}, "multi": {"x": 2, "y": 2}}))
    assert agree.stats("multi").entropy == 0.0  # type: ignore[union-attr]
    s = split.stats("multi")
    assert s is not None and s.people == 4
    assert s.shares == {"x": 0.5, "y": 0.5}
    # two of three choices each ticked by half: mean binary entropy 2/3
    assert s.entropy == pytest.approx(2 / 3)


def test_dots_disagreement_uses_each_participants_pull() -> None:
    pic = picture(CAT, dots_group({"lead": "a"}, {"lead": "e"}, {"near": "b"}, {"near": "b"}))
    lead = pic.stats("lead")
    assert lead is not None and lead.pull == pytest.approx(2.0)
    assert lead.pull_spread == pytest.approx(2.0)
    assert [s.question.id for s in pic.disagreements()] == ["lead"]


# ------------------------------------------------------------ comparisons


def test_before_after_shift_sign_and_size() -> None:
    before = picture(CAT, tally_group({"lead": {"a": 3, "e": 1}}, "before", "前"))
    after = picture(CAT, tally_group({"lead": {"a": 1, "e": 3}}, "after", "後"))
    cmp = compare(before, after)
    assert cmp.centre_shift == pytest.approx(4.0)  # A (0.0) → E (4.0): the majority flipped
    assert cmp.summary.code == "compare.toward_e"
    assert "4.00" in cmp.summary.text("ja") and "toward E" in cmp.summary.text("en")
    assert cmp.letter_shift == pytest.approx((-0.5, 0.0, 0.0, 0.0, 0.5))
    assert cmp.triad_shift == pytest.approx((-0.5, 0.0, 0.5))
    (shift,) = cmp.questions
    assert shift.share_shift == pytest.approx({"a": -0.5, "e": 0.5})
    assert shift.distance == pytest.approx(0.5) and shift.pull_shift == pytest.approx(2.0)
    back = compare(after, before)
    assert back.centre_shift == pytest.approx(-4.0) and back.summary.code == "compare.toward_a"
    same = compare(before, before)
    assert same.centre_shift == 0.0 and same.summary.code == "compare.same"


def test_compare_two_tables_orders_questions_by_change() -> None:
    t1 = picture(CAT, dots_group({"lead": "a", "near": "b"}, {"lead": "a", "near": "b"}))
    t2 = picture(CAT, dots_group({"lead": "a", "near": "c", "same": "c"},
                                 {"lead": "c", "near": "c"}))
    cmp = compare(t1, t2)
    # only questions both answered; near changed completely, lead by half
    assert [s.question.id for s in cmp.questions] == ["near", "lead"]
    assert cmp.questions[0].distance == pytest.approx(1.0)
    assert cmp.centre_shift == pytest.approx(
        statistics.fmean([place(CAT, {"lead": "a", "near": "c", "same": "c"}).position or 0,
                          place(CAT, {"lead": "c", "near": "c"}).position or 0])
        - (place(CAT, {"lead": "a", "near": "b"}).position or 0))
    unplaced = compare(t1, picture(CAT, Group("e", "E")))
    assert unplaced.centre_shift is None and unplaced.summary.code == "compare.unplaced"


# ------------------------------------------------------------ prompts


def test_prompts_weight_principles_by_hands_and_reuse_recommend(builtin: Catalog) -> None:
    group = Group("t", "T", (), {
        "lead": {"we-alone": 6, "together": 2, "municipality-alone": 1},
        "want": {"money": 3},
        "who": {"resident": 9},
    })
    pic = picture(builtin, group)
    pr = prompts(builtin, pic)
    # we-alone names autonomy (6 hands); together names equality, roles, shared-purpose (2);
    # want=money names time-limit, evaluation, information (3)
    assert pr.principles[0].principle.id == "autonomy" and pr.principles[0].hands == 6
    assert [p.hands for p in pr.principles] == sorted((p.hands for p in pr.principles),
                                                      reverse=True)
    assert dict(pic.principles)["equality"] == 2
    # forms come from recommend(): recommended, and fitting the room's range or asked for
    assert pr.forms and all(f.recommended for f in pr.forms)
    assert all(f.region_fit > 0 or f.asked > 0 for f in pr.forms)
    assert pr.disagreements[0].question.id == "lead"
    codes = [t.code for t in pr.texts]
    assert codes.count("prompt.disagreement") == len(pr.disagreements)
    assert all(t.text("ja") and t.text("en") for t in pr.texts)


def test_the_room_is_not_one_actor(builtin: Catalog) -> None:
    # a room of officers and residents: no form is barred for "the" actor
    pic = picture(builtin, Group("t", "T", (), {"who": {"government": 3, "resident": 3}}))
    assert pic.composite.actor is None and pic.composite.cycle is None


# ------------------------------------------------------------ editing


def test_editing_returns_new_workshops(builtin: Catalog) -> None:
    ws = new_workshop("会議", created=WHEN)
    assert ws.id == "ws-20250501-140000" and ws.lang == "ja" and ws.groups == ()
    ws1 = add_group(ws, next_group_id(ws), "テーブル1")
    assert ws.groups == () and ws1.groups[0].id == "table-1"
    assert next_group_id(ws1) == "table-2"
    ws2 = set_count(builtin, ws1, "table-1", "lead", "together", 4)
    ws2 = add_hands(builtin, ws2, "table-1", "lead", "together")
    ws2 = add_hands(builtin, ws2, "table-1", "lead", "unknown", 2)
    assert ws2.groups[0].tally == {"lead": {"together": 5, "unknown": 2}}
    ws3 = add_hands(builtin, ws2, "table-1", "lead", "unknown", -5)
    assert ws3.groups[0].tally == {"lead": {"together": 5}}  # never below 0; zeros dropped
    assert ws1.groups[0].tally == {}


def test_participants_are_validated_and_pruned(builtin: Catalog) -> None:
    ws = add_group(new_workshop("w", created=WHEN), "t", "T")
    # group_size is hidden for a resident: dropped, not an error
    ws = add_participant(builtin, ws, "t", {"who": "resident", "group_size": "many",
                                            "lead": "together"})
    assert ws.groups[0].participants == ({"who": "resident", "lead": "together"},)
    with pytest.raises(WorkshopError) as info:
        add_participant(builtin, ws, "t", {"lead": "mayor"})
    assert "unknown choice 'mayor'" in str(info.value)
    with pytest.raises(KyodoInputError):
        add_participant(builtin, ws, "t", {"lead": 3})
    with pytest.raises(WorkshopError):
        add_participant(builtin, ws, "t", {})
    ws = add_participant(builtin, ws, "t", {"lead": "we-alone"})
    assert len(remove_participant(ws, "t").groups[0].participants) == 1
    assert remove_participant(ws, "t", 0).groups[0].participants == ({"lead": "we-alone"},)


@pytest.mark.parametrize(("args", "message"), [
    (("lead", "together", -1), "cannot be negative"),
    (("lead", "together", 2.5), "whole number"),
    (("lead", "together", True), "whole number"),
    (("lead", "mayor", 1), "unknown choice 'mayor'"),
    (("leed", "together", 1), "did you mean 'lead'"),
    (("now_text", "x", 1), "text question has no choices"),
    (("who", "unknown", 1), "'unknown' is not allowed"),
])
def test_bad_counts_are_refused(builtin: Catalog, args: tuple[str, str, object],
                                message: str) -> None:
    ws = add_group(new_workshop("w", created=WHEN), "t", "T")
    with pytest.raises(WorkshopError) as info:
        set_count(builtin, ws, "t", *args)  # type: ignore[arg-type]
    assert message in str(info.value)


def test_groups_notes_comparisons_and_the_room(builtin: Catalog) -> None:
    ws = new_workshop("w", created=WHEN, lang="en")
    ws = add_group(add_group(ws, "before", "Before"), "after", "After")
    with pytest.raises(WorkshopError):
        add_group(ws, "before", "again")
    with pytest.raises(WorkshopError):
        add_group(ws, "Table 1", "bad id")
    with pytest.raises(WorkshopError):
        add_group(ws, "t3", "  ")
    with pytest.raises(WorkshopError):
        set_count(builtin, ws, "nope", "lead", "together", 1)
    ws = set_count(builtin, ws, "before", "lead", "together", 2)
    ws = add_participant(builtin, ws, "after", {"lead": "we-alone"})
    ws = add_note(builtin, ws, "before", "lead", " 行政と一緒に ")
    assert ws.groups[0].notes == {"lead": ("行政と一緒に",)}
    with pytest.raises(WorkshopError):
        add_note(builtin, ws, "before", "nope", "x")
    ws = add_comparison(ws, "before", "after")
    assert add_comparison(ws, "before", "after").comparisons == (("before", "after"),)
    with pytest.raises(WorkshopError):
        add_comparison(ws, "before", "before")
    whole = room(ws)
    assert whole.label == "Whole room" and whole.participants == ({"lead": "we-alone"},)
    assert whole.tally == {"lead": {"together": 2}} and whole.notes == ws.groups[0].notes
    merged = merge_groups([ws.groups[0], ws.groups[0]])
    assert merged.tally == {"lead": {"together": 4}}
    dropped = remove_group(ws, "after")
    assert [g.id for g in dropped.groups] == ["before"] and dropped.comparisons == ()
    assert isinstance(dropped, Workshop)


def test_placement_cache_gives_place_results_once_per_answer_set() -> None:
    from kyodo_tui.core.workshop import PlacementCache

    people: list[Answers] = [{"lead": "a"}, {"lead": "a"}, {"near": "b", "lead": "c"},
                             {"lead": "c", "near": "b"}]
    cache = PlacementCache(CAT)
    first = picture(CAT, dots_group(*people), cache=cache)
    assert len(cache) == 2  # equal answer sets are placed once
    again = picture(CAT, dots_group(*people), cache=cache)
    assert again == first == picture(CAT, dots_group(*people))
    assert [d.placement for d in first.dots] == [place(CAT, a, what_if=False) for a in people]
    with pytest.raises(ValueError):
        picture(load_catalog(include_user=False), dots_group(*people), cache=cache)

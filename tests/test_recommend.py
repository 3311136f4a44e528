"""Recommendations: forms with reasons and why-not, roles, principles, next step, activities."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pytest

from kyodo_tui.core.model import (
    Actor,
    Catalog,
    Choice,
    CycleStep,
    Field,
    Form,
    Principle,
    Question,
    Text,
)
from kyodo_tui.core.placement import Answers, place
from kyodo_tui.core.recommend import RECOMMEND_AT, matcher_query, recommend, score_forms


def T(s: str) -> Text:
    return Text(s + "（日）", s)


def form(fid: str, regions: tuple[str, ...], actors: tuple[str, ...] = ("resident", "group")
         ) -> Form:
    return Form(fid, T(fid), "けいたい", regions, T("lead"), T("d"), T("c"), T("g"), T("e"),
                T("caution"), T("r"), actors, ("003_8ed48260a1390f10.txt",))


def actor(aid: str) -> Actor:
    return Actor(aid, T(aid), "individual", T("d"), (T(aid + " role"),), (T(aid + " effect"),),
                 ())


def principle(pid: str) -> Principle:
    return Principle(pid, T(pid), T("d"), ())


def step(sid: str, order: int) -> CycleStep:
    return CycleStep(sid, order, T("stage"), T(sid), T("d"), ())


def ch(cid: str, regions: dict[str, float] | None = None, **kw: Any) -> Choice:
    return Choice(cid, T(cid), regions=regions or {}, **kw)


def question(qid: str, order: int, kind: str, choices: tuple[Choice, ...] = ()) -> Question:
    return Question(qid, order, kind, T(qid), T(""), choices, True, 1.0, None,  # type: ignore[arg-type]
                    True)


QUESTIONS = (
    question("who", 1, "single", (ch("resident", actor="resident"), ch("group", actor="group"),
                                  ch("business", actor="business"))),
    question("lead", 2, "single", (
        ch("we", {"A": 1.0}, principles=("autonomy",)),
        ch("supported", {"B": 1.0}, forms={"hojo": 1.0}, principles=("time-limit",)),
        ch("together", {"C": 1.0}, forms={"kyosai": 1.0}, principles=("equality", "roles")),
        ch("they", {"D": 1.0}, forms={"itaku": 1.0}),
        ch("alone", {"E": 1.0}),
    )),
    question("want", 3, "multi", (
        ch("money", {"B": 1.0}, forms={"hojo": 1.5}, principles=("evaluation", "time-limit")),
        ch("contract", {"D": 1.0}, forms={"itaku": 1.5}),
        ch("info", forms={"joho": 1.0}),
    )),
    question("stage", 4, "single", (ch("issue", cycle="issue"), ch("run", cycle="run"),
                                    ch("feedback", cycle="feedback"))),
    question("fields", 5, "multi", (ch("env", fields=("environment",)),)),
    question("now_text", 6, "text"),
    question("goal_text", 7, "text"),
)

CAT = Catalog(
    fields={"environment": Field("environment", Text("自然・環境保全", "Environment"), "しぜん",
                                 "field", T("d"), ())},
    actors={a: actor(a) for a in ("resident", "group", "business")},
    forms={
        "kyosai": form("kyosai", ("C",), ("group",)),
        "hojo": form("hojo", ("B",), ("group",)),
        "itaku": form("itaku", ("D",), ("group", "business")),
        "joho": form("joho", ("B", "C", "D"), ("resident", "group", "business")),
    },
    principles={p: principle(p) for p in ("information", "autonomy", "equality", "roles",
                                           "time-limit", "evaluation")},
    cycle=(step("run", 2), step("issue", 1), step("feedback", 3)),
    viewpoints={}, contacts={}, activities={}, questions=QUESTIONS,
)


def rec(answers: Answers, **kw: Any) -> Any:
    return recommend(CAT, answers, place(CAT, answers), **kw)


def ids(fits: Any) -> list[str]:
    return [f.form.id for f in fits]


# ------------------------------------------------------------ forms


def test_b_group_wanting_money_gets_hojo_first() -> None:
    r = rec({"who": "group", "lead": "supported", "want": ["money"]})
    assert ids(r.forms)[0] == "hojo"
    top = r.forms[0]
    assert top.recommended and top.score >= RECOMMEND_AT and top.region_fit == 1.0
    codes = [x.code for x in top.reasons]
    assert codes[0] == "form.region_fit" and codes.count("form.asked") == 2
    assert "form.not_asked" not in codes
    assert any(x.text("en") == 'You answered "money" to "want"' for x in top.reasons)
    assert any(x.text("ja") == "「want（日）」に「money（日）」と答えました" for x in top.reasons)
    # D-only itaku is far from B: not recommended, explained
    assert "itaku" not in ids(r.forms)
    itaku = next(f for f in r.all_forms if f.form.id == "itaku")
    assert itaku.gap > 0 and itaku.reasons[0].code == "form.region_far"


def test_d_answers_recommend_itaku() -> None:
    r = rec({"who": "group", "lead": "they", "want": ["contract"]})
    assert ids(r.forms)[0] == "itaku"
    assert "hojo" not in ids(r.forms)


def test_actor_suitability() -> None:
    r = rec({"who": "resident", "lead": "supported", "want": ["money"]})
    assert "hojo" not in ids(r.forms)  # hojo is for groups here
    hojo = next(f for f in r.all_forms if f.form.id == "hojo")
    assert not hojo.actor_ok
    assert hojo.reasons[0].code == "form.actor_no" or "form.actor_no" in \
        [x.code for x in hojo.reasons]
    assert "not for resident" in " ".join(x.text("en") for x in hojo.reasons)
    assert "hojo" in ids(r.why_not)  # the nearest miss is explained
    group = next(f for f in rec({"who": "group", "lead": "supported", "want": ["money"]}).all_forms
                 if f.form.id == "hojo")
    assert group.score > hojo.score


def test_why_not_lists_nearest_misses_with_reasons() -> None:
    r = rec({"who": "group", "lead": "together"})
    assert r.why_not and all(not f.recommended for f in r.why_not)
    scores = [f.score for f in r.why_not]
    assert scores == sorted(scores, reverse=True)
    for f in r.why_not:
        assert f.reasons[0].code in {"form.region_far", "form.not_asked", "form.actor_no"}
        assert f.reasons[0].text("ja") and f.reasons[0].text("en")


def test_unplaced_recommends_only_what_was_asked() -> None:
    r = rec({"want": ["info"]})
    assert ids(r.forms) == ["joho"]
    assert r.forms[0].reasons[0].code in {"form.asked", "form.region_unknown"}
    assert any(n.code == "note.unplaced" for n in r.notes)
    assert rec({}).forms == ()


def test_limit_and_all_forms() -> None:
    r = rec({"who": "group", "lead": "together", "want": ["money", "contract", "info"]},
            limit=1)
    assert len(r.forms) == 1
    assert sorted(ids(r.all_forms)) == sorted(CAT.forms)
    assert [f.score for f in r.all_forms] == sorted((f.score for f in r.all_forms),
                                                    reverse=True)


def test_region_notes_for_a_and_e() -> None:
    assert [n.code for n in rec({"lead": "we"}).notes] == ["note.region_a"]
    assert [n.code for n in rec({"lead": "alone"}).notes] == ["note.region_e"]
    assert rec({"lead": "together"}).notes == ()


# ------------------------------------------------------------ roles, principles, cycle


def test_roles_for_the_answered_actor_or_all() -> None:
    r = rec({"who": "business"})
    assert [x.actor.id for x in r.roles] == ["business"] and r.roles[0].answered
    assert r.roles[0].roles[0].en == "business role"
    r = rec({})
    assert [x.actor.id for x in r.roles] == ["resident", "group", "business"]
    assert not any(x.answered for x in r.roles)


def test_principles_checklist_puts_stakes_first() -> None:
    r = rec({"lead": "together", "want": ["money"]})
    order = [(c.principle.id, c.at_stake) for c in r.principles]
    # at stake, in the order the answers raised them; then the rest in catalog order
    assert order == [("equality", True), ("roles", True), ("evaluation", True),
                     ("time-limit", True), ("information", False), ("autonomy", False)]
    roles = next(c for c in r.principles if c.principle.id == "roles")
    assert roles.reasons and "together" in roles.reasons[0].text("en")
    assert all(c.reasons == () for c in r.principles if not c.at_stake)


def test_next_step() -> None:
    unknown = rec({}).next_step
    assert unknown is not None and unknown.current is None and unknown.step.id == "issue"
    assert unknown.reason.code == "next.start"
    after = rec({"stage": "issue"}).next_step
    assert after is not None and (after.current.id, after.step.id) == ("issue", "run")  # type: ignore[union-attr]
    assert "issue" in after.reason.text("en") and "run" in after.reason.text("en")
    again = rec({"stage": "feedback"}).next_step
    assert again is not None and again.step.id == "issue" and again.reason.code == "next.again"
    no_cycle = recommend(Catalog({}, {}, {}, {}, (), {}, {}, {}, QUESTIONS), {},
                         place(CAT, {}))
    assert no_cycle.next_step is None


# ------------------------------------------------------------ activities


@dataclass
class FakeMatcher:
    calls: list[dict[str, Any]] = field(default_factory=list)
    #: query -> [(activity id, score)]
    results: dict[str, list[tuple[str, float]]] = field(default_factory=dict)

    def search(self, query: str, *, limit: int = 10, fields: Any = (),
               position: float | None = None, actor: str | None = None) -> list[Any]:
        self.calls.append({"query": query, "limit": limit, "fields": tuple(fields),
                           "position": position, "actor": actor})
        hits = self.results.get(query, [("m1", 50.0), ("m2", 40.0)])
        return [SimpleNamespace(activity=SimpleNamespace(id=i), score=sc) for i, sc in hits]


def test_matcher_gets_each_text_answer_with_fields_position_actor() -> None:
    m = FakeMatcher(results={"川の清掃": [("river", 90.0), ("both", 40.0)],
                             "子ども食堂": [("both", 70.0), ("kids", 60.0)]})
    answers: Answers = {"who": "group", "lead": "together", "fields": ["env"],
                        "now_text": "川の清掃", "goal_text": "子ども食堂"}
    r = rec(answers, matcher=m, limit=5)
    # each answer searched on its own; an activity found by both keeps its best score
    assert [(a.activity.id, a.score) for a in r.activities] == [
        ("river", 90.0), ("both", 70.0), ("kids", 60.0)]
    assert r.query == "川の清掃 子ども食堂"
    common = {"limit": 5, "fields": ("environment",), "position": pytest.approx(2.0),
              "actor": "group"}
    assert m.calls == [{"query": "川の清掃", **common}, {"query": "子ども食堂", **common}]


def test_the_same_text_twice_is_searched_once() -> None:
    m = FakeMatcher()
    rec({"now_text": "清掃", "goal_text": " 清掃 "}, matcher=m)
    assert [c["query"] for c in m.calls] == ["清掃"]


def test_matcher_falls_back_to_field_names_and_is_optional() -> None:
    m = FakeMatcher()
    r = rec({"fields": ["env"]}, matcher=m)
    assert r.query == "自然・環境保全" and m.calls[0]["position"] is None
    assert rec({"now_text": "清掃"}).activities == ()  # no matcher
    m2 = FakeMatcher()
    assert rec({}, matcher=m2).activities == () and m2.calls == []  # nothing to ask


def test_matcher_query_ignores_non_matching_text() -> None:
    assert matcher_query(CAT, {"now_text": "  a  ", "goal_text": ""}) == "a"


def test_deterministic() -> None:
    answers: Answers = {"who": "group", "lead": "together", "want": ["money", "contract"]}
    a = rec(answers)
    b = rec(dict(reversed(list(answers.items()))))
    assert ids(a.all_forms) == ids(b.all_forms)
    assert [f.score for f in a.all_forms] == [f.score for f in b.all_forms]
    assert score_forms(CAT, answers, place(CAT, answers))[0].form.id == a.all_forms[0].form.id


def test_with_the_real_matcher() -> None:
    matching = pytest.importorskip("kyodo_tui.core.matching")
    from kyodo_tui.core.catalog import load_catalog

    real = load_catalog(include_user=False)
    answers: Answers = {"who": "association", "fields": ["environment"],
                        "now_text": "川の清掃を毎年しています", "lead": "we-supported"}
    placement = place(real, answers)
    matcher = matching.Matcher(real.activities.values())
    r = recommend(real, answers, placement, matcher, limit=5)
    assert 0 < len(r.activities) <= 5
    assert all(m.activity.id in real.activities for m in r.activities)
    assert r.activities[0].reasons and r.activities[0].reasons[0].text("ja")

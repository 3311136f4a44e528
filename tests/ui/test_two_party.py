"""The two-party view: a group and a municipal officer answer separately; the app
shows both placements side by side and the questions where they differ. Pair two
saved records in the records screen, or run the second party right after the first."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static

from kyodo_tui.ui.modes.intake.question import IntakeQuestionScreen
from kyodo_tui.ui.modes.intake.records import RecordScreen, RecordsScreen
from kyodo_tui.ui.modes.intake.results import IntakeResultsScreen
from kyodo_tui.ui.modes.intake.two_party import TwoPartyScreen
from kyodo_tui.ui.widgets.spectrum import SpectrumWidget
from kyodo_tui.ui.widgets.triad_bar import TriadBar
from tests.ui.test_intake import (
    SIZE,
    agree_to_save,
    answer_to_review,
    intake_app,
    plain_texts,
    seed,
    settle,
    store_of,
)

GROUP = {"who": "association", "lead": "we-supported", "carry": "each-other",
         "fields": ["environment"]}
OFFICER = {"who": "government", "lead": "municipality-with-us", "carry": "municipality",
           "officer_need": ["hands"], "fields": ["environment"]}


def check_view(screen: TwoPartyScreen, citizen_pos: float, government_pos: float) -> None:
    assert screen.kind == "pair"
    assert screen.query_one("#spectrum-a", SpectrumWidget).position == citizen_pos
    assert screen.query_one("#spectrum-b", SpectrumWidget).position == government_pos
    assert screen.query_one("#triad-a", TriadBar).placed
    texts = plain_texts(screen.app)  # type: ignore[arg-type]
    assert "協働の合意の前に話し合いたいこと" in texts
    differ = [t for t in texts if t.startswith("答えが違う質問")]
    assert differ, texts
    # each differing question: its prompt, then both parties' answers
    i = texts.index("この取り組みは、だれが中心になって進めるのがよいと思いますか。")
    assert texts[i + 1] == "市民・団体側: 住民や団体が中心で、役所が支える"
    assert texts[i + 2] == "行政側: 役所が中心で、住民や団体が参加・協力する"
    assert "住民や団体に、何をお願いしたいですか。" in texts  # the officer-only question
    assert "関心のある分野はどれですか。" not in texts  # the same answer: not a difference
    assert any(t.startswith("同じ答えの質問: ") for t in texts)


async def test_pair_two_saved_records(tmp_path: Path) -> None:
    group = seed(tmp_path, GROUP, label="川沿い自治会", kind="group")
    officer = seed(tmp_path, OFFICER, label="まちづくり課", kind="group")
    app = intake_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3")
        await settle(pilot)
        records = app.screen
        assert isinstance(records, RecordsScreen)
        records.query_one("#records-search", Input).value = "まちづくり課"
        await settle(pilot)
        await pilot.press("down", "p")  # the first of the two (the officer's)
        await pilot.pause()
        assert records.pair_first is not None and records.pair_first.id == officer.id
        assert "まちづくり課" in str(records.query_one("#records-pair").content)  # type: ignore[attr-defined]
        records.query_one("#records-search", Input).value = "川沿い"
        await settle(pilot)
        await pilot.press("down")
        await pilot.click("#rec-pair")  # the second: the view opens
        await settle(pilot)
        view = app.screen
        assert isinstance(view, TwoPartyScreen)
        # the citizen side first, whichever was picked first
        assert view.a.id == group.id and view.b.id == officer.id
        assert group.placement is not None and officer.placement is not None
        check_view(view, group.placement.position or 0.0, officer.placement.position or 0.0)

    store = store_of(tmp_path)
    g, o = store.load(group.id), store.load(officer.id)
    assert (g.party, g.pair) == ("citizen", officer.id)
    assert (o.party, o.pair) == ("government", group.id)

    # a paired record opens the view again
    app2 = intake_app(tmp_path, lang="en")
    async with app2.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app2.show_record(o)
        await settle(pilot)
        assert isinstance(app2.screen, RecordScreen)
        await pilot.press("p")
        await settle(pilot)
        view = app2.screen
        assert isinstance(view, TwoPartyScreen)
        assert view.a.id == group.id
        texts = plain_texts(app2)
        assert "The conversation to have before a collaboration agreement" in texts
        assert str(view.query_one("#pair-gap", Static).content).startswith("B / D")


@pytest.mark.parametrize("lang", ["ja"])
async def test_second_party_right_after_the_first(tmp_path: Path, lang: str) -> None:
    app = intake_app(tmp_path, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("4")  # two parties: the group answers first
        assert isinstance(app.screen, IntakeQuestionScreen)
        for qid, value in GROUP.items():
            app.set_answer(qid, value)
        app.show_results()
        await settle(pilot)
        assert isinstance(app.screen, IntakeResultsScreen)
        assert not app.can_start_second_party()  # not before the first is saved
        await agree_to_save(pilot, app)
        first = app.session
        assert first is not None and first.revision == 1 and first.party == "citizen"
        assert app.can_start_second_party()

        await pilot.press("f8")  # the officer answers next
        await pilot.pause()
        assert isinstance(app.screen, IntakeQuestionScreen) and app.screen.qid == "who"
        assert app.answers == {}
        await pilot.press("4")  # 市町村の職員 (a group start offers organisations)
        assert app.answers["who"] == "government"
        for qid, value in OFFICER.items():
            if qid != "who":
                app.set_answer(qid, value)
        app.show_review()
        await pilot.pause()
        await answer_to_review(pilot, app)
        app.show_results()
        await settle(pilot)
        await agree_to_save(pilot, app)
        await settle(pilot)
        view = app.screen
        assert isinstance(view, TwoPartyScreen)
        assert view.a.id == first.id
        second = app.session
        assert second is not None and view.b.id == second.id
        pa, pb = view.a.placement, view.b.placement
        assert pa is not None and pb is not None
        check_view(view, pa.position or 0.0, pb.position or 0.0)

    store = store_of(tmp_path)
    records = {s.id: s for s in store.list()[0]}
    assert len(records) == 2
    assert records[first.id].pair == second.id and records[first.id].party == "citizen"
    assert records[second.id].pair == first.id and records[second.id].party == "government"

"""The records screen (intake mode): search, filters, unreadable records, open, edit,
delete with confirmation, re-assessment with movement. 80x24."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Input, Label, Select

from kyodo_tui.core.intake import snapshot
from kyodo_tui.core.storage import SessionNotFound, Store
from kyodo_tui.ui.modes.intake import IntakeApp
from kyodo_tui.ui.modes.intake.modals import ConfirmModal, ProblemsModal
from kyodo_tui.ui.modes.intake.question import IntakeQuestionScreen
from kyodo_tui.ui.modes.intake.records import RecordScreen, RecordsScreen
from kyodo_tui.ui.modes.intake.results import IntakeResultsScreen
from kyodo_tui.ui.modes.intake.review import IntakeReviewScreen
from kyodo_tui.ui.modes.intake.two_party import TwoPartyScreen
from kyodo_tui.ui.screens.save_consent import SaveConsentScreen
from tests.ui.conftest import builtin_catalog
from tests.ui.test_intake import SIZE, intake_app, plain_texts, seed, settle, store_of

RIVER = {"who": "association", "lead": "we-supported", "fields": ["environment"],
         "now_text": "kawa no souji"}
WATCH = {"who": "volunteer", "lead": "together", "fields": ["crime-prevention"]}
OFFICE = {"who": "government", "lead": "municipality-alone", "officer_need": ["hands"]}


NEWER = ("20250101-000000-deadbeef", "20250101-000000-0000beef")


def seed_three(data_dir: Path) -> dict[str, Any]:
    """Three records: one made 40 days ago; and two a newer kyodo_tui wrote (unreadable)."""
    river = seed(data_dir, RIVER, label="川沿い自治会", kind="group",
                 notes="毎月の清掃。草刈りも相談したい")
    watch = seed(data_dir, WATCH, label="Tanaka", notes="mimamori patrol")
    old_store = Store(data_dir, now=lambda: datetime.now(UTC) - timedelta(days=40))
    office = old_store.save(snapshot(old_store.new_session(
        mode="intake", kind="group", label="まちづくり課", answers=OFFICE), builtin_catalog()))
    for sid in NEWER:
        row = list(old_store._row(old_store.new_session().evolve(id=sid, revision=1)))
        row[2] = 99  # schema_version
        with old_store.db.transaction():
            old_store._write(tuple(row), new=True)
    old_store.close()
    return {"river": river, "watch": watch, "office": office}


async def open_records(pilot: Pilot[Any], app: IntakeApp) -> RecordsScreen:
    await pilot.pause()
    await pilot.press("3")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, RecordsScreen)
    return screen


def labels(screen: RecordsScreen) -> list[str]:
    return [h.session.label for h in screen.hits]


async def set_filter(pilot: Pilot[Any], screen: RecordsScreen, name: str, value: Any) -> None:
    screen.query_one(f"#filter-{name}", Select).value = value
    await settle(pilot)


async def test_search_filters_and_corrupt_files(tmp_path: Path) -> None:
    seed_three(tmp_path)
    app = intake_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_records(pilot, app)
        assert sorted(labels(screen)) == ["Tanaka", "まちづくり課", "川沿い自治会"]
        assert str(screen.query_one("#records-count", Label).content) == "3件"
        notice = screen.query_one("#records-problems", Label)
        assert notice.display and "2件" in str(notice.content)  # reported, not a crash
        await pilot.click("#records-problems-show")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsModal)
        assert any(NEWER[0] in t and "newer kyodo_tui" in t for t in plain_texts(app))
        await pilot.press("escape")
        await pilot.pause()

        # fuzzy search over names, notes and the matched activities' titles
        await pilot.press("slash", *"草刈り")
        await settle(pilot)
        assert labels(screen) == ["川沿い自治会"]
        assert screen.hits[0].matched == "notes"
        screen.query_one("#records-search", Input).value = "河川の清掃"
        await settle(pilot)
        assert labels(screen)[0] == "川沿い自治会"
        assert screen.hits[0].matched == "activity"
        screen.query_one("#records-search", Input).value = "mimamori"
        await settle(pilot)
        assert labels(screen)[0] == "Tanaka"
        assert screen.hits[0].matched == "notes"
        screen.query_one("#records-search", Input).value = "tanaka"
        await settle(pilot)
        assert labels(screen) == ["Tanaka"]
        screen.query_one("#records-search", Input).value = ""
        await settle(pilot)

        # filters: region, field, actor, date
        await set_filter(pilot, screen, "region", "B")
        assert labels(screen) == ["川沿い自治会"]
        await set_filter(pilot, screen, "region", Select.NULL)
        await set_filter(pilot, screen, "field", "crime-prevention")
        assert labels(screen) == ["Tanaka"]
        await set_filter(pilot, screen, "field", Select.NULL)
        await set_filter(pilot, screen, "actor", "government")
        assert labels(screen) == ["まちづくり課"]
        await set_filter(pilot, screen, "actor", Select.NULL)
        await set_filter(pilot, screen, "date", "week")
        assert sorted(labels(screen)) == ["Tanaka", "川沿い自治会"]
        assert "2件（全3件）" in str(screen.query_one("#records-count", Label).content)
        await set_filter(pilot, screen, "date", "year")
        assert len(screen.hits) == 3

        # the filters follow the language, and keep their values
        await pilot.press("f2")
        await settle(pilot)
        assert str(screen.query_one("#records-count", Label).content) == "3 records"
        assert screen.query_one("#filter-date", Select).value == "year"


async def test_delete_asks_first(tmp_path: Path) -> None:
    records = seed_three(tmp_path)
    app = intake_app(tmp_path, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_records(pilot, app)
        screen.query_one("#records-search", Input).value = "Tanaka"
        await settle(pilot)
        await pilot.press("down")  # into the list
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("enter")  # the focus is on "Cancel"
        await pilot.pause()
        assert store_of(tmp_path).load(records["watch"].id).label == "Tanaka"

        await pilot.click("#rec-delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.click("#yes")
        await settle(pilot)
        with pytest.raises(SessionNotFound):
            store_of(tmp_path).load(records["watch"].id)
        assert screen.hits == []
        screen.query_one("#records-search", Input).value = ""
        await settle(pilot)
        assert len(screen.hits) == 2
        assert len(store_of(tmp_path).problems()) == 2  # the newer records are never touched


async def test_open_and_edit_updates_the_record(tmp_path: Path) -> None:
    records = seed_three(tmp_path)
    river = records["river"]
    app = intake_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_records(pilot, app)
        screen.query_one("#records-search", Input).value = "川沿い"
        await settle(pilot)
        await pilot.press("enter", "enter")  # to the list, then open
        await settle(pilot)
        view = app.screen
        assert isinstance(view, RecordScreen) and view.session.id == river.id
        texts = plain_texts(app)
        assert any(t.startswith("B：") for t in texts)  # the placement
        assert "kawa no souji" in " ".join(texts)  # the answers
        assert "毎月の清掃。草刈りも相談したい" in texts

        await pilot.press("e")  # edit: the answers go into the flow
        await pilot.pause()
        assert isinstance(app.screen, IntakeReviewScreen)
        assert app.answers["lead"] == "we-supported"
        app.edit_question("lead", return_to="review")
        await pilot.pause()
        await pilot.press("3", "right")  # together
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, SaveConsentScreen)  # an update of the record
    saved = store_of(tmp_path).load(river.id)
    assert saved.revision == river.revision + 1
    assert saved.answers["lead"] == "together"
    assert saved.notes == river.notes and saved.label == river.label
    assert saved.placement is not None and saved.placement.letter == "C"
    assert len(store_of(tmp_path).list()[0]) == 3


async def test_reassessment_links_previous_and_shows_movement(tmp_path: Path) -> None:
    old = seed(tmp_path, {"who": "resident", "lead": "we-alone", "carry": "myself",
                          "reach": "me-family"}, label="山田")
    app = intake_app(tmp_path, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_records(pilot, app)
        await pilot.press("down", "r")  # re-assess the highlighted record
        await pilot.pause()
        assert isinstance(app.screen, IntakeQuestionScreen) and app.screen.qid == "who"
        assert app.answers["lead"] == "we-alone"  # pre-filled
        assert app.session is not None and app.session.previous == old.id
        app.set_answer("lead", "together")
        app.set_answer("carry", "new-public")
        app.show_results()
        await settle(pilot)
        results = app.screen
        assert isinstance(results, IntakeResultsScreen)
        movement = results.query_one("#bar-movement", Button)
        assert movement.display and "from A to" in str(movement.label)
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, TwoPartyScreen) and app.screen.kind == "movement"
        gap = str(app.screen.query_one("#pair-gap").content)  # type: ignore[attr-defined]
        assert gap.startswith("from A to")
        texts = plain_texts(app)
        assert any(t.startswith("Self, mutual, public help: self-help -") for t in texts)
        assert "Answers that changed (2)" in texts
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.click("#agree")
        await pilot.pause()
        del screen
    store = store_of(tmp_path)
    sessions = store.list()[0]
    assert len(sessions) == 2
    new = next(s for s in sessions if s.id != old.id)
    assert new.previous == old.id and new.label == "山田"
    assert store.load(old.id).answers["lead"] == "we-alone"  # the old record is kept as it was

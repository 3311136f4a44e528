"""Issue 10, intake: the contact form fills in where the cursor is, one letter on
the hand-off page, re-assessment keeps notes and marks, Esc back through a saved
record leaves no draft, withdrawal is on disk at once, romaji finds kanji names
(by their reading), Ctrl+C speaks the app's language, Ctrl+Q asks. 80x24."""

from __future__ import annotations

import contextlib
from pathlib import Path

from textual.widgets import Checkbox, Input

from kyodo_tui.core.storage import ContactInfo, PlacementSnapshot, Store
from kyodo_tui.ui.modes.intake.details import CONTACT_FIELDS, IntakeDetailsScreen
from kyodo_tui.ui.modes.intake.handoff import HandoffScreen
from kyodo_tui.ui.modes.intake.home import IntakeHomeScreen
from kyodo_tui.ui.modes.intake.modals import ConfirmModal, ResumeDraftModal
from kyodo_tui.ui.modes.intake.question import IntakeQuestionScreen
from kyodo_tui.ui.modes.intake.records import RecordsScreen
from kyodo_tui.ui.widgets.spectrum import SpectrumWidget
from tests.ui.test_intake import (
    SIZE,
    agree_to_save,
    answer_to_review,
    intake_app,
    seed,
    settle,
    store_of,
)

ANSWERS = {"who": "resident", "lead": "we-alone", "carry": "myself", "reach": "me-family"}


async def open_details(pilot, app) -> IntakeDetailsScreen:  # type: ignore[no-untyped-def]
    await pilot.press("f6")
    await pilot.pause()
    assert isinstance(app.screen, IntakeDetailsScreen)
    return app.screen


async def test_contact_fields_fill_in_tab_order_and_on_disk(tmp_path: Path) -> None:
    app = intake_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "1")  # a resident
        details = await open_details(pilot, app)
        details.query_one("#consent", Checkbox).focus()
        await pilot.press("space")  # tick consent with the keyboard
        await pilot.pause()
        assert details.query_one("#consent", Checkbox).value
        assert details.focused is details.query_one("#consent", Checkbox)
        await pilot.press("tab", *"Yamada", "tab", *"0120", "tab", *"a@b.jp",
                          "tab", *"Kita 1")
        await pilot.pause()
        assert app.session is not None and app.session.contact == ContactInfo(
            "Yamada", "0120", "a@b.jp", "Kita 1")
        # every input shows where it is: a visible border
        for key in ("label", "coordinator", *CONTACT_FIELDS):
            top = details.query_one(f"#{key}", Input).styles.border_top
            assert top[0] not in ("", "none", "hidden"), key
        await pilot.press("escape")
        await pilot.pause()
        drafts = store_of(tmp_path).drafts()[0]
        assert len(drafts) == 1 and drafts[0].contact == ContactInfo(
            "Yamada", "0120", "a@b.jp", "Kita 1")


async def test_handoff_says_one_letter(tmp_path: Path) -> None:
    record = seed(tmp_path, ANSWERS, label="山田")
    # a placement exactly on the B/C boundary, as the core decided it: B
    placement = PlacementSnapshot(placed=True, letter="B", position=1.5, spread=0.4,
                                  triad=(0.5, 0.3, 0.2))
    record = Store(tmp_path).save(record.evolve(placement=placement))
    app = intake_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        app.show_handoff(record)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HandoffScreen)
        spectrum = screen.query_one("#view-spectrum", SpectrumWidget)
        caption = spectrum.caption_candidates()[0]
        assert "B" in caption and "C" not in caption.split("：")[-1][:1]
        assert caption.split("：")[1].startswith("B")


async def test_reassessment_keeps_notes_and_marks_and_asks_consent_again(
        tmp_path: Path) -> None:
    store = store_of(tmp_path)
    old = seed(tmp_path, ANSWERS, label="山田", notes="毎週火曜に電話", confirm_later=("lead",))
    old = store.save(old.with_consent("Sato").evolve(
        contact=ContactInfo("山田花子", "0120-000", "", "")))
    app = intake_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.reassess(store.load(old.id))
        await settle(pilot)
        assert isinstance(app.screen, IntakeQuestionScreen)
        assert app.session is not None
        assert app.session.notes == "毎週火曜に電話"
        assert app.is_marked("lead")
        # contact details only after the person agrees again
        assert app.session.contact is None and not app.session.consented
        details = await open_details(pilot, app)
        assert details.query_one("#name", Input).value == ""
        details.query_one("#consent", Checkbox).focus()
        await pilot.press("space")
        await pilot.pause()
        assert app.session.consented
        assert details.query_one("#name", Input).value == "山田花子"
        assert app.session.contact is not None and app.session.contact.phone == "0120-000"


async def test_esc_back_through_a_saved_intake_leaves_no_draft(tmp_path: Path) -> None:
    app = intake_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        await answer_to_review(pilot, app)
        await agree_to_save(pilot, app)
        assert app.save_state == "saved"
        assert store_of(tmp_path).drafts()[0] == []
        # walk back through every question to home
        for _ in range(40):
            if isinstance(app.screen, IntakeHomeScreen):
                break
            await pilot.press("escape")
            await pilot.pause()
        assert isinstance(app.screen, IntakeHomeScreen)
        assert store_of(tmp_path).drafts()[0] == []
    app2 = intake_app(tmp_path)
    async with app2.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert not isinstance(app2.screen, ResumeDraftModal)


async def test_withdrawal_is_on_disk_at_once(tmp_path: Path) -> None:
    app = intake_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "1")
        details = await open_details(pilot, app)
        details.query_one("#consent", Checkbox).focus()
        await pilot.press("space")
        await pilot.pause()
        await pilot.press("tab", *"Yamada", "tab", *"0120")
        await pilot.pause(0.8)  # the typing pause: the draft holds the contact
        draft = store_of(tmp_path).drafts()[0][0]
        assert draft.contact is not None and draft.contact.phone == "0120"
        details.query_one("#consent", Checkbox).focus()
        await pilot.press("space")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.click("#yes")
        await pilot.pause()
        # no waiting for a timer or a clean quit: the disk has it now
        draft = store_of(tmp_path).drafts()[0][0]
        assert draft.contact is None
        assert draft.consent is not None and not draft.consent.given
        text = _database_text(tmp_path)
        assert "Yamada" not in text and "0120" not in text
        del details


async def test_records_search_folds_romaji_to_the_reading(tmp_path: Path) -> None:
    store = store_of(tmp_path)
    yamada = seed(tmp_path, ANSWERS, label="山田さん")
    store.save(yamada.evolve(extra={**yamada.extra, "reading": "やまだ"}))
    seed(tmp_path, ANSWERS, label="田中さん")
    app = intake_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RecordsScreen)
        await pilot.press(*"yamada")
        await settle(pilot)
        await pilot.pause(0.4)
        await settle(pilot)
        assert [h.session.label for h in screen.hits] == ["山田さん"]


async def test_details_has_a_reading_field_kept_in_the_record(tmp_path: Path) -> None:
    app = intake_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "1")
        details = await open_details(pilot, app)
        details.query_one("#label", Input).value = "山田さん"
        details.query_one("#reading", Input).value = "ヤマダ"
        await pilot.pause()
        assert app.session is not None and app.session.extra.get("reading") == "ヤマダ"


async def test_ctrl_c_notice_in_japanese(tmp_path: Path) -> None:
    for lang, words in (("ja", "終了"), ("en", "quit")):
        app = intake_app(tmp_path, lang=lang)
        said: list[str] = []
        app.notify = lambda message, said=said, **kw: said.append(  # type: ignore[method-assign]
            f"{kw.get('title', '')} {message}")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("ctrl+c")
            await pilot.pause()
            assert said, "no notice"
            assert any("Ctrl+Q" in t and words in t for t in said), said
            if lang == "ja":
                assert not any("Press" in t for t in said), said


async def test_ctrl_q_in_an_intake_asks_and_keeps_the_draft(tmp_path: Path) -> None:
    app = intake_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "1")  # an answer: an intake in progress
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("escape")  # stay
        await pilot.pause()
        assert isinstance(app.screen, IntakeQuestionScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("ctrl+q")  # Ctrl+Q again: quit
        await pilot.pause()
    assert app.return_code == 0
    drafts = store_of(tmp_path).drafts()[0]
    assert len(drafts) == 1 and drafts[0].answers.get("who") == "resident"


async def test_ctrl_q_with_nothing_in_progress_quits_at_once(tmp_path: Path) -> None:
    app = intake_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmModal)


async def test_withdrawal_on_a_saved_record_removes_the_details_from_it_at_once(
        tmp_path: Path) -> None:
    store = store_of(tmp_path)
    old = seed(tmp_path, ANSWERS, label="山田")
    old = store.save(old.with_consent("Sato").evolve(
        contact=ContactInfo("山田花子", "0120-000", "", "")))
    app = intake_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.edit_record(store.load(old.id))
        await settle(pilot)
        details = await open_details(pilot, app)
        assert details.query_one("#name", Input).value == "山田花子"
        details.query_one("#consent", Checkbox).focus()
        await pilot.press("space")
        await pilot.pause()
        await pilot.click("#yes")
        await pilot.pause()
        record = store.load(old.id)
        assert record.contact is None and not record.consented
        assert "山田花子" not in _database_text(tmp_path)
        # and a later save of the same intake still works (no revision conflict)
        app.set_answer("lead", "together")
        await pilot.pause()
        app.request_save()
        await pilot.pause()
    record = store.load(old.id)
    assert record.answers["lead"] == "together" and record.contact is None


async def test_fast_typing_with_tab_lands_in_the_right_fields(tmp_path: Path) -> None:
    """Keys typed faster than the screen draws (a burst from the terminal): each Tab
    moves on before the next letters arrive, as a touch typist expects."""
    from textual import events

    app = intake_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "1")
        details = await open_details(pilot, app)
        details.query_one("#label", Input).focus()
        await pilot.pause()
        burst = [*"Ab", "tab", *"cd", "tab", *"Sato"]
        for key in burst:
            char = key if len(key) == 1 else ("\t" if key == "tab" else None)
            app.post_message(events.Key(key, char))
        await pilot.pause(0.3)
        assert details.query_one("#label", Input).value == "Ab"
        assert details.query_one("#reading", Input).value == "cd"
        assert details.query_one("#coordinator", Input).value == "Sato"


def _database_text(data_dir: Path) -> str:
    """Every row of every table in the sessions database, as text (what is on disk)."""
    import json
    import sqlite3

    rows: list[object] = []
    for db in data_dir.rglob("sessions.sqlite3"):
        with sqlite3.connect(db) as conn:
            tables = [t for (t,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")]
            for table in tables:
                rows.extend(conn.execute(f'SELECT * FROM "{table}"').fetchall())
    text = repr(rows)
    # JSON columns may escape non-ASCII: decode them too
    for row in rows:
        for cell in row:  # type: ignore[union-attr]
            if isinstance(cell, str) and cell.startswith("{"):
                with contextlib.suppress(ValueError):
                    text += json.dumps(json.loads(cell), ensure_ascii=False)
    return text

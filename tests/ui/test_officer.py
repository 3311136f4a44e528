"""Issue 16 in the TUI: an officer takes a planned project from 協働すべきか to
partner choice, agreement outline and evaluation, driven by keys as a person would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Input, TabbedContent

from kyodo_tui.core.officer import record as rec
from kyodo_tui.core.storage import Session
from kyodo_tui.ui.modes.intake.records import RecordScreen
from kyodo_tui.ui.modes.intake.two_party import TwoPartyScreen
from kyodo_tui.ui.screens.learn import LearnScreen
from kyodo_tui.ui.screens.officer.screen import OfficerScreen
from kyodo_tui.ui.widgets.checklist import Checklist
from tests.ui.test_intake import CLICK, SIZE, intake_app, plain_texts, seed, settle, store_of
from tests.ui.test_records import OFFICE, RIVER, open_records


def paired(data_dir: Path) -> tuple[Session, Session]:
    citizen = seed(data_dir, RIVER, label="川沿い自治会", kind="group")
    government = seed(data_dir, OFFICE, label="まちづくり課", kind="group")
    return store_of(data_dir).link_pair(citizen, government)


async def open_officer(pilot: Any, app: Any, label: str) -> OfficerScreen:
    screen = await open_records(pilot, app)
    screen.query_one("#records-search", Input).value = label
    await settle(pilot)
    await pilot.press("enter", "enter")
    await settle(pilot)
    assert isinstance(app.screen, RecordScreen)
    await pilot.press("o")
    await settle(pilot)
    assert isinstance(app.screen, OfficerScreen)
    return app.screen


async def test_viewpoints_by_keys_then_saved_on_the_record(tmp_path: Path) -> None:
    _citizen, government = paired(tmp_path)
    app = intake_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_officer(pilot, app, "まちづくり課")
        assert isinstance(app.focused, Checklist) and app.focused.id == "vp-list"
        # needs: yes; traits: yes; efficiency: no; form: yes; partner: yes; lead: both
        await pilot.press("1", "down", "1", "down", "3", "down", "1", "down", "1",
                          "down", "right", "right")
        await settle(pilot)
        texts = " ".join(plain_texts(app))
        assert "結果: 協働で進めるのがふさわしい" in texts
        assert "主導するのが双方が対等に（協力）なので領域Cです。" in texts
        assert "004_1ae8934df4fb64d0.txt:385-410" in texts
        # the project's name, typed; a name with markup is shown literally
        screen.query_one("#vp-project", Input).value = f"川辺の清掃 {CLICK}"
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = store_of(tmp_path).load(government.id)
        data = rec.officer_data(saved).viewpoints
        assert data is not None and data.lead == "both" and data.project.endswith(CLICK)
        assert data.answers == {"needs": "yes", "traits": "yes", "efficiency": "no",
                                "form": "yes", "partner": "yes"}
        assert saved.extra["officer"]["viewpoints"]["verdict"] == "fits"
        assert "保存しました" in str(screen.query_one("#officer-status").render())


async def test_english_and_no_when_needs_are_not_met(tmp_path: Path) -> None:
    paired(tmp_path)
    app = intake_app(tmp_path, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await open_officer(pilot, app, "まちづくり課")
        await pilot.press("3")
        await settle(pilot)
        texts = " ".join(plain_texts(app))
        assert "Result: There is no reason here to collaborate" in texts
        assert "003_8ed48260a1390f10.txt:285-289" in texts


async def test_partner_checklist_side_by_side_with_the_partners_own_view(
        tmp_path: Path) -> None:
    citizen, government = paired(tmp_path)
    store = store_of(tmp_path)
    from kyodo_tui.core.officer import partner as pt

    store.save(rec.with_partner(store.load(citizen.id),
                                pt.PartnerCheck("", "citizen", {"finance": "yes"})))
    app = intake_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_officer(pilot, app, "まちづくり課")
        screen.query_one(TabbedContent).active = "of-partner"
        await settle(pilot)
        screen.query_one("#pt-list", Checklist).focus()
        await pilot.press("down", "2")  # finance: partly
        await settle(pilot)
        texts = plain_texts(app)
        assert "財務状況: 一部 / はい  *" in texts
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = rec.officer_data(store.load(government.id)).partner
        assert saved is not None and saved.answers == {"finance": "partly"}
        await pilot.press("escape")  # back to the record
        await settle(pilot)
        # the two-party view now shows both checklists side by side
        app.show_pair(store.load(citizen.id), store.load(government.id))
        await settle(pilot)
        assert isinstance(app.screen, TwoPartyScreen)
        assert "財務状況: 一部 / はい  *" in plain_texts(app)


async def test_agreement_exported_once_never_overwritten(tmp_path: Path) -> None:
    paired(tmp_path)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    app = intake_app(tmp_path)
    app.export_dir = out_dir
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_officer(pilot, app, "まちづくり課")
        target = out_dir / "kyotei.md"
        # the default file goes to the export folder, named after the record
        assert screen.query_one("#ag-path", Input).value.startswith(str(out_dir))
        screen.query_one("#ag-path", Input).value = str(target)
        screen.query_one(TabbedContent).active = "of-agreement"
        await settle(pilot)
        preview = str(screen.query_one("#ag-preview").render())
        assert "## 3. 費用の負担" in preview and "川沿い自治会" in preview
        screen.query_one("#ag-export").focus()
        await pilot.press("enter")
        text = target.read_text("utf-8")
        assert text.startswith("# 協定書の骨子（案）")
        target.write_text("edited by hand", "utf-8")
        # a second Enter at once on the still-focused button exports again (Textual's
        # Button drops a press for 0.2 s after one): never over the file
        assert app.focused is screen.query_one("#ag-export")
        await pilot.press("enter")
        await settle(pilot)
        assert target.read_text("utf-8") == "edited by hand"
        status = str(screen.query_one("#officer-status").render())
        assert "not overwritten" in status


async def test_evaluation_recorded_twice_shows_the_movement(tmp_path: Path) -> None:
    _citizen, government = paired(tmp_path)
    app = intake_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_officer(pilot, app, "まちづくり課")
        screen.query_one(TabbedContent).active = "of-evaluation"
        await settle(pilot)
        screen.query_one("#ev-list", Checklist).focus()
        await pilot.press("2", "down", "3")  # goal partly, synergy no
        screen.action_record_evaluation()
        await settle(pilot)
        screen.query_one("#ev-list", Checklist).focus()
        await pilot.press("1", "down", "2")  # goal yes, synergy partly
        screen.action_record_evaluation()
        await settle(pilot)
        history = rec.officer_data(store_of(tmp_path).load(government.id)).evaluations
        assert [e.answers for e in history] == [{"goal": "partly", "synergy": "no"},
                                                {"goal": "yes", "synergy": "partly"}]
        texts = plain_texts(app)
        assert "目的の達成: 一部 > はい +" in texts
        assert "相乗効果: いいえ > 一部 +" in texts


async def test_nothing_answered_is_not_recorded(tmp_path: Path) -> None:
    _citizen, government = paired(tmp_path)
    app = intake_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_officer(pilot, app, "まちづくり課")
        screen.action_record_evaluation()
        await settle(pilot)
        assert rec.officer_data(store_of(tmp_path).load(government.id)).evaluations == []
        assert "まだ何も答えていません" in str(screen.query_one("#officer-status").render())


async def test_learn_words_tab(tmp_path: Path) -> None:
    app = intake_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(LearnScreen())
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        texts = " ".join(plain_texts(app))
        assert "参加と協働" in texts and "共同・協同・協働" in texts
        assert "協働に聖域はない" in texts and "行政の意思決定そのものは除きます" in texts
        assert "B 町民主導" in texts and "C 協力" in texts and "D 行政主導" in texts
        assert "002_a1cd37cd4cb5aac4.txt:255-269" in texts


async def test_editing_the_record_after_the_officer_saved_keeps_both(tmp_path: Path) -> None:
    """The record screen reloads the record the officer screen saved: editing it then
    is not refused as "changed by someone else", and the officer data stays."""
    from kyodo_tui.ui.modes.intake.review import IntakeReviewScreen
    from kyodo_tui.ui.screens.save_consent import SaveConsentScreen

    _citizen, government = paired(tmp_path)
    app = intake_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_officer(pilot, app, "まちづくり課")
        await pilot.press("1")  # needs: yes
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, RecordScreen)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, IntakeReviewScreen)
        app.edit_question("lead", return_to="review")
        await pilot.pause()
        await pilot.press("3", "right")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, SaveConsentScreen)
    saved = store_of(tmp_path).load(government.id)
    assert saved.answers["lead"] == "together"
    assert rec.officer_data(saved).viewpoints.answers["needs"] == "yes"


async def test_a_form_being_considered_is_picked_shown_and_saved(tmp_path: Path) -> None:
    _citizen, government = paired(tmp_path)
    app = intake_app(tmp_path, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_officer(pilot, app, "まちづくり課")
        forms = screen.query_one("#vp-forms", Checklist)
        forms.focus()
        ids = [row.id for row in forms.rows]
        for _ in range(ids.index("itaku")):
            await pilot.press("down")
        await pilot.press("space")
        await settle(pilot)
        texts = plain_texts(app)
        assert any(t.startswith("Commissioning (contracting out) (considered)") for t in texts)
        await pilot.press("ctrl+s")
        await settle(pilot)
    saved = rec.officer_data(store_of(tmp_path).load(government.id)).viewpoints
    assert saved is not None and saved.forms == ("itaku",)

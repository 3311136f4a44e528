"""Issue 14, kiosk: what a resident leaves with and what the public screen shows.

The takeaway QR at the recommended 80x40 keeps the desk first; the public
screen and the QR show only strong activity matches; staff recover from a
lockout a resident caused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kyodo_tui.core.catalog import load_catalog
from kyodo_tui.ui.modes.kiosk import KioskApp
from kyodo_tui.ui.modes.kiosk.takeaway import QrView, TakeawayScreen
from tests.test_qr import DESK
from tests.ui.test_kiosk import ANSWERS, config


def _kiosk_with_desk(tmp_path: Path, **changes: Any) -> KioskApp:
    layer = tmp_path / "layer"
    layer.mkdir()
    (layer / "desk.toml").write_text(DESK, encoding="utf-8")
    catalog = load_catalog([layer], include_user=False)
    return KioskApp(catalog, kiosk_config=config(idle_seconds=600, **changes),
                    data_dir=tmp_path / "data")


@pytest.mark.parametrize("lang", ["ja", "en"])
async def test_takeaway_at_80x40_keeps_the_desk_first(tmp_path: Path, lang: str) -> None:
    app = _kiosk_with_desk(tmp_path, lang=lang)
    async with app.run_test(size=(80, 40)) as pilot:
        for qid, value in {**ANSWERS, "now_text": "公園の清掃"}.items():
            app.set_answer(qid, value)
        app.show_results()
        await pilot.pause()
        await pilot.click("#act-save")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TakeawayScreen)
        assert screen.fitted is not None and screen.query_one(QrView).lines
        lines = screen.summary.splitlines()
        assert "TEL 0123-45-6789" in lines or "Tel 0123-45-6789" in lines
        assert "https://www.city.example.jp/kyodo/" in lines
        place = next(i for i, line in enumerate(lines) if line.startswith(("位置", "Place")))
        assert lines.index("https://www.city.example.jp/kyodo/") < place
        assert "…" not in screen.summary  # nothing cut mid-word


async def test_public_screen_and_qr_show_only_strong_matches(tmp_path: Path) -> None:
    from kyodo_tui.ui.widgets.activity_card import ActivityCard

    app = _kiosk_with_desk(tmp_path, lang="ja")
    async with app.run_test(size=(120, 40)) as pilot:
        for qid, value in {**ANSWERS, "now_text": "見守り", "goal_text": "見守り"}.items():
            app.set_answer(qid, value)
        app.show_results()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("4")  # the activities tab (its cards are built when it is shown)
        await pilot.pause()
        titles = [c.activity.title.ja for c in app.screen.query(ActivityCard)]
        assert "子どもの虐待防止" not in titles
        assert "子ども見守り隊活動" in titles  # the resident's word names it
        await pilot.click("#act-save")
        await pilot.pause()
        assert isinstance(app.screen, TakeawayScreen)
        assert "虐待" not in app.screen.summary


async def test_staff_clear_a_lockout_a_resident_caused(tmp_path: Path) -> None:
    """A resident locks the PIN prompt (exit key and wrong PINs, up to the longest
    lockout) and the lock outlives the idle wipe; staff run ``kyodo kiosk unlock``
    on the machine and get in at once with the right PIN."""
    from textual.widgets import Input, Static

    from kyodo_tui.cli import main
    from kyodo_tui.ui.modes.kiosk.pin import PinScreen
    from tests.ui.test_kiosk import PIN, FakeClock, kiosk

    clock = FakeClock()
    app = kiosk(tmp_path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:

        async def enter(pin: str) -> None:
            await pilot.press(*pin, "enter")
            await app.workers.wait_for_complete()
            await pilot.pause()

        await pilot.press("ctrl+g")
        for wrong in ("1111", "2222", "3333"):
            await enter(wrong)
        assert app.pin_guard is not None and app.pin_guard.locked()
        field = app.screen.query_one("#pin-input", Input)
        assert field.disabled
        help_text = str(app.screen.query_one("#pin-help", Static).content)
        assert "kyodo kiosk unlock" in help_text
        # the resident walks away: the idle wipe does not clear the lock
        await pilot.press("escape")
        await app.wipe()
        await pilot.pause()
        assert app.pin_guard.locked()
        # staff, from another console
        assert main(["kiosk", "unlock", "--data-dir", str(tmp_path / "data")]) == 0
        assert (tmp_path / "data").stat().st_mode & 0o777 == 0o700
        await pilot.press("ctrl+g")
        assert isinstance(app.screen, PinScreen)
        app._tick()  # the kiosk looks for the request on every tick
        await pilot.pause()
        assert not app.pin_guard.locked()
        assert not app.screen.query_one("#pin-input", Input).disabled
        app.screen.query_one("#pin-input", Input).focus()
        await enter(PIN)
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0
    assert not (tmp_path / "data" / "kiosk-unlock").exists()  # taken once


async def test_live_matches_under_a_kiosk_text_answer_are_strong_only(tmp_path: Path) -> None:
    from kyodo_tui.ui.screens.question import QuestionScreen

    app = _kiosk_with_desk(tmp_path, lang="ja")
    async with app.run_test(size=(100, 40)) as pilot:
        for qid, value in ANSWERS.items():
            app.set_answer(qid, value)
        app.show_question("now_text")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        await pilot.press(*"見守り")
        for _ in range(20):
            await pilot.pause(0.1)
            await app.workers.wait_for_complete()
            if app.screen._matches:  # type: ignore[attr-defined]
                break
        titles = [m.activity.title.ja for m in app.screen._matches]  # type: ignore[attr-defined]
        assert "子ども見守り隊活動" in titles
        assert "子どもの虐待防止" not in titles

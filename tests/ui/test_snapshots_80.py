"""Issue 10: every screen at 80x24 in both languages, the ones no other snapshot file
shows at that size in ja and en: the results tabs 3-6, the learn screen, the intake
home, review and record screens, the officer's agreement tab, the kiosk's PIN lock and
closed notice, the workshop start, room, table and hand count. Each picture is read as
text for cut words (test_snapshot_text_has_whole_words in this file).

Review new snapshots by eye before accepting them (``--snapshot-update``).
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from textual.pilot import Pilot
from textual.widgets import TabbedContent

from kyodo_tui.core.kiosk import KioskConfig, parse_kiosk_config
from kyodo_tui.core.workshop import ROOM_ID
from kyodo_tui.ui.modes.kiosk import KioskApp
from tests.ui.conftest import build_app, builtin_catalog
from tests.ui.test_intake import answer_to_review, intake_app
from tests.ui.test_intake_snapshots import _no_blink, seed_fixed
from tests.ui.test_kiosk_snapshots import PIN_HASH
from tests.ui.test_kiosk_snapshots import _settle as kiosk_settle
from tests.ui.test_kiosk_snapshots import make as kiosk_app
from tests.ui.test_officer_snapshots import _officer_app
from tests.ui.test_snapshots_results import ANSWERS
from tests.ui.test_workshop import ws_app
from tests.ui.test_workshop_snapshots import _opened

SIZE = (80, 24)
LANGS = ["ja", "en"]


@pytest.mark.parametrize("tab", ["3", "4", "5", "6"])
@pytest.mark.parametrize("lang", LANGS)
def test_results_tab(snap_compare: Any, lang: str, tab: str) -> None:
    app = build_app(lang=lang, start="results", answers=ANSWERS)
    assert snap_compare(app, press=[tab], terminal_size=SIZE, run_before=_no_blink)


@pytest.mark.parametrize("lang", LANGS)
def test_learn(snap_compare: Any, lang: str) -> None:
    app = build_app(lang=lang, start="learn")
    assert snap_compare(app, terminal_size=SIZE, run_before=_no_blink)


@pytest.mark.parametrize("lang", LANGS)
def test_intake_home(snap_compare: Any, tmp_path: Path, lang: str) -> None:
    app = intake_app(tmp_path, lang=lang)
    assert snap_compare(app, terminal_size=SIZE, run_before=_no_blink)


@pytest.mark.parametrize("lang", LANGS)
def test_intake_review(snap_compare: Any, tmp_path: Path, lang: str) -> None:
    app = intake_app(tmp_path, lang=lang)

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.press("1", "1", "enter")
        await answer_to_review(pilot, app, text="kawa")
        await _no_blink(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_intake_record(snap_compare: Any, tmp_path: Path, lang: str) -> None:
    records = seed_fixed(tmp_path)
    app = intake_app(tmp_path, lang=lang)

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        app.show_record(records[0])
        await _no_blink(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_officer_agreement_tab(snap_compare: Any, tmp_path: Path, lang: str) -> None:
    app, citizen, government = _officer_app(tmp_path, lang)

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        app.show_officer(government, citizen)
        await pilot.pause()
        app.screen.query_one("#ag-export").focus()  # shows its tab
        await pilot.pause()
        assert app.screen.query_one(TabbedContent).active == "of-agreement"
        await _no_blink(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_kiosk_pin_locked(snap_compare: Any, lang: str) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.press("ctrl+g")
        for pin in ("1111", "2222", "3333"):
            await pilot.press(*pin, "enter")
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
        await kiosk_settle(pilot)

    assert snap_compare(kiosk_app(lang), terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_kiosk_closed(snap_compare: Any, lang: str) -> None:
    hours, problems = parse_kiosk_config(
        '[hours]\nmon = ["09:00-17:00"]\ntue = ["09:00-12:00", "13:00-17:00"]\n',
        "kiosk.toml", None)
    assert hours is not None and not problems
    saturday = datetime(2026, 11, 21, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
    config = dataclasses.replace(KioskConfig(pin_hash=PIN_HASH), hours=hours.hours, lang=lang)
    app = KioskApp(builtin_catalog(), kiosk_config=config, now=lambda: saturday)
    assert snap_compare(app, terminal_size=SIZE, run_before=kiosk_settle)


@pytest.mark.parametrize("lang", LANGS)
def test_workshop_start(snap_compare: Any, tmp_path: Path, lang: str) -> None:
    app = ws_app(tmp_path, lang=lang)
    assert snap_compare(app, terminal_size=SIZE, run_before=_no_blink)


@pytest.mark.parametrize("view", [ROOM_ID, "table-2"])
@pytest.mark.parametrize("lang", LANGS)
def test_workshop_picture(snap_compare: Any, tmp_path: Path, lang: str, view: str) -> None:
    app, run_before = _opened(tmp_path, lang, view)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_workshop_counting_hands(snap_compare: Any, tmp_path: Path, lang: str) -> None:
    app, run_before = _opened(tmp_path, lang, "table-1",
                              ("h", "n", "n", "n", "n", "n", "down", "+"))
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


SNAPSHOTS = Path(__file__).parent / "__snapshots__"


def _pictures_80x24() -> list[Path]:
    from tests.ui.svg_text import size_of

    return sorted(p for p in SNAPSHOTS.rglob("*.svg")
                  if size_of(p.read_text("utf-8")) == SIZE)


def test_there_are_80x24_pictures_in_both_languages() -> None:
    names = {p.name for p in _pictures_80x24()}
    for screen in ("test_welcome", "test_question", "test_review", "test_results",
                   "test_browse", "test_handoff", "test_intake_details", "test_records_80",
                   "test_intake_home", "test_intake_record", "test_viewpoints_tab",
                   "test_kiosk_welcome", "test_kiosk_takeaway", "test_workshop_start",
                   "test_workshop_picture"):
        for lang in LANGS:
            assert any(n.startswith(f"{screen}[") and lang in n for n in names), (screen, lang)


@pytest.mark.parametrize("path", _pictures_80x24(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_80x24_pictures_show_whole_words(path: Path) -> None:
    """No word runs into the right edge of an 80x24 terminal or into a panel's border
    (as 'Ways to / Acti', 'Regi' and 'F3 見' did)."""
    from tests.ui.svg_text import cut_words

    assert cut_words(path) == []

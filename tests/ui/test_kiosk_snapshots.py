"""SVG snapshots of kiosk mode: the welcome screen, the idle countdown, the takeaway QR
screen, the PIN prompt and the closed notice, 80×24, Japanese and English.

Review new snapshots by eye before accepting them (``--snapshot-update``): SVG output
can overlap wide (CJK) letters. The clock is fake, so the countdown's seconds are fixed.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from kyodo_tui.core.kiosk import KioskConfig, hash_pin, parse_kiosk_config
from kyodo_tui.ui.modes.kiosk import KioskApp
from tests.ui.conftest import builtin_catalog

SIZE = (80, 24)
LANGS = ["ja", "en"]
PIN_HASH = hash_pin("482913")
ANSWERS: dict[str, Any] = {
    "who": "resident", "fields": ["environment", "safety"], "now": ["local-events"],
    "lead": "we-supported", "reach": "neighbours", "carry": "each-other",
}


class FakeClock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def make(lang: str, clock: FakeClock | None = None, **changes: Any) -> KioskApp:
    config = dataclasses.replace(KioskConfig(pin_hash=PIN_HASH), lang=lang, idle_seconds=60,
                                 countdown_seconds=20, **changes)
    return KioskApp(builtin_catalog(), kiosk_config=config, clock=clock or FakeClock())


async def _settle(pilot: Pilot[Any]) -> None:
    for text_input in pilot.app.screen.query(Input):
        text_input.cursor_blink = False
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _results(pilot: Pilot[Any]) -> None:
    app = pilot.app
    assert isinstance(app, KioskApp)
    for qid, value in ANSWERS.items():
        app.set_answer(qid, value)
    app.show_results()
    await pilot.pause()


@pytest.mark.parametrize("lang", LANGS)
def test_kiosk_welcome(snap_compare: Any, lang: str) -> None:
    assert snap_compare(make(lang), terminal_size=SIZE, run_before=_settle)


@pytest.mark.parametrize("lang", LANGS)
def test_kiosk_countdown(snap_compare: Any, lang: str) -> None:
    clock = FakeClock()
    app = make(lang, clock)

    async def run_before(pilot: Pilot[Any]) -> None:
        await _results(pilot)
        clock.t += 67  # 60 s idle, then 7 s into the 20 s countdown
        app._tick()
        await pilot.pause()
        await _settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_kiosk_takeaway(snap_compare: Any, lang: str) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _results(pilot)
        await pilot.press("s")
        await _settle(pilot)

    assert snap_compare(make(lang), terminal_size=SIZE, run_before=run_before)


def test_kiosk_pin_locked(snap_compare: Any) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.press("ctrl+g")
        for pin in ("1111", "2222", "3333"):
            await pilot.press(*pin, "enter")
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
        await _settle(pilot)

    assert snap_compare(make("ja"), terminal_size=SIZE, run_before=run_before)


def test_kiosk_closed(snap_compare: Any) -> None:
    hours, problems = parse_kiosk_config(
        '[hours]\nmon = ["09:00-17:00"]\ntue = ["09:00-12:00", "13:00-17:00"]\n',
        "kiosk.toml", None)
    assert hours is not None and not problems
    saturday = datetime(2026, 11, 21, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
    config = dataclasses.replace(KioskConfig(pin_hash=PIN_HASH), hours=hours.hours)
    app = KioskApp(builtin_catalog(), kiosk_config=config, now=lambda: saturday)
    assert snap_compare(app, terminal_size=SIZE, run_before=_settle)

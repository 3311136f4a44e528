"""Pilot tests of kiosk mode: locked keys, idle countdown and wipe, staff PIN exit,
fault recovery, the takeaway QR, opening hours, a terminal too small, statistics.

Idle times here are far below what the config allows (15 s): tests build a
``KioskConfig`` directly. Most tests drive a fake clock (``clock.t``) so nothing
sleeps; one runs the whole countdown on the real clock with 1 s + 1 s.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from kyodo_tui.core.langs import LANG_CODES, is_japanese
from textual import events
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Button, Input, Static

from kyodo_tui.core.kiosk import (
    IdleWatch,
    KioskConfig,
    PrinterConfig,
    hash_pin,
    parse_kiosk_config,
)
from kyodo_tui.core.kiosk.records import ERROR_LOG
from kyodo_tui.ui.modes.kiosk import MIN_SIZE, KioskApp
from kyodo_tui.ui.modes.kiosk.countdown import CountdownScreen
from kyodo_tui.ui.modes.kiosk.notices import ApologyScreen, ClosedScreen, EnlargeScreen
from kyodo_tui.ui.modes.kiosk.pin import PinScreen
from kyodo_tui.ui.modes.kiosk.results import KioskResultsScreen
from kyodo_tui.ui.modes.kiosk.takeaway import QrView, TakeawayScreen
from kyodo_tui.ui.modes.kiosk.welcome import KioskWelcomeScreen
from kyodo_tui.ui.screens.question import QuestionScreen
from kyodo_tui.ui.screens.review import ReviewScreen
from tests.ui.conftest import build_app, builtin_catalog

SIZE = (80, 24)
PIN = "482913"
PIN_HASH = hash_pin(PIN)
MARKER = "SECRETMARKER42"
ANSWERS: dict[str, Any] = {
    "who": "resident", "fields": ["environment", "safety"], "now": ["local-events"],
    "lead": "we-supported", "reach": "neighbours", "carry": "each-other",
}


class FakeClock:
    """Monotonic seconds that only move when a test says so."""

    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def config(**changes: Any) -> KioskConfig:
    return dataclasses.replace(KioskConfig(pin_hash=PIN_HASH), **changes)


def kiosk(tmp_path: Path, *, clock: Callable[[], float] | None = None,
          now: Callable[[], datetime] | None = None, **changes: Any) -> KioskApp:
    changes.setdefault("idle_seconds", 5)
    changes.setdefault("countdown_seconds", 5)
    return KioskApp(builtin_catalog(), kiosk_config=config(**changes), clock=clock, now=now,
                    data_dir=tmp_path / "data")


def stack(app: KioskApp) -> list[str]:
    return [type(s).__name__ for s in app.screen_stack]


async def tick(pilot: Pilot[Any], app: KioskApp) -> None:
    """Let the idle timer look (it runs every idle/4 s at most)."""
    app._tick()
    await pilot.pause()
    await pilot.pause()


async def answer_all(pilot: Pilot[Any], app: KioskApp, text: str = MARKER) -> None:
    """From the welcome screen: start as an individual and answer until the review."""
    await pilot.press("1")
    for _ in range(40):
        if isinstance(app.screen, ReviewScreen):
            return
        screen = app.screen
        assert isinstance(screen, QuestionScreen), stack(app)
        if screen.question.kind == "text":
            await pilot.press(*text, "enter")
        else:
            if not screen._chosen():
                await pilot.press("1")
            await pilot.press("right")
        await pilot.pause()
    raise AssertionError("the flow never reached the review screen")


def every_text(app: KioskApp) -> str:
    """What every widget of every screen in every stack shows (or holds in an Input)."""
    out: list[str] = []
    for screens in app._screen_stacks.values():
        for screen in screens:
            for widget in screen.walk_children(with_self=True):
                if isinstance(widget, Input):
                    out.append(widget.value)
                if isinstance(widget, Static):
                    out.append(str(widget.content))
    return "\n".join(out)


# ---------------------------------------------------------------- start and lock


async def test_starts_on_a_fresh_welcome_with_big_language_buttons(tmp_path: Path) -> None:
    app = kiosk(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert stack(app) == ["Screen", "KioskWelcomeScreen"]
        assert app.current_mode.startswith("kiosk-session-")
        ja = app.screen.query_one("#kiosk-lang-ja", Button)
        en = app.screen.query_one("#kiosk-lang-en", Button)
        assert ja.outer_size.height == 3 and en.outer_size.height == 3  # touch-sized
        await pilot.click("#kiosk-lang-en")
        assert app.lang == "en"
        await pilot.click("#kiosk-lang-ja")
        assert app.lang == "ja"


def test_make_app_builds_the_kiosk_from_the_config_file(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(f'pin_hash = "{PIN_HASH}"\nlang = "en"\nexit_chord = "f12"\n'
                    'theme = "kyodo-high-contrast"\n', encoding="utf-8")
    app = build_app(mode="kiosk", config=path, lang="ja")
    assert isinstance(app, KioskApp)
    assert app.kiosk_config.path == path and app.kiosk_config.exit_chord == "f12"
    assert app.lang == "en"  # every session starts in the config's language
    assert app.pin_guard is not None
    assert app.theme == app.home_theme == "kyodo-high-contrast"


def test_run_refuses_without_a_pin_and_turns_signals_into_keys(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from textual.app import App

    from kyodo_tui.core.kiosk import KioskConfigError

    ran: list[bool] = []
    monkeypatch.setattr(App, "run", lambda self, *a, **k: ran.append(True))
    monkeypatch.setenv("TEXTUAL_ALLOW_SIGNALS", "1")
    no_pin = KioskApp(builtin_catalog(), kiosk_config=KioskConfig())
    with pytest.raises(KioskConfigError, match="set-pin"):
        no_pin.run()
    assert not ran
    kiosk(tmp_path).run()
    assert ran == [True]
    import os

    assert "TEXTUAL_ALLOW_SIGNALS" not in os.environ


def test_cli_refuses_kiosk_mode_without_a_pin(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    from kyodo_tui.cli import main

    path = tmp_path / "kiosk.toml"
    path.write_text("idle_seconds = 60\n", encoding="utf-8")
    assert main(["--mode", "kiosk", "--config", str(path)]) == 2
    assert "kyodo kiosk set-pin" in capsys.readouterr().err


@pytest.mark.parametrize("where", ["welcome", "question-text"])
async def test_quit_suspend_palette_keys_do_nothing(tmp_path: Path, where: str) -> None:
    app = kiosk(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        if where == "question-text":
            app.start_flow("individual")
            app.show_question("now_text")
            await pilot.pause()
            await pilot.press(*"abc")
            assert isinstance(app.focused, Input)
        before = app.screen
        for key in ("ctrl+q", "ctrl+c", "ctrl+z", "ctrl+p", "ctrl+backslash", "ctrl+d"):
            await pilot.press(key)
            await pilot.pause()
            assert app.is_running and app.return_code is None, key
            assert app.screen is before, key
        assert not any("CommandPalette" in name for name in stack(app))
        written: list[str] = []
        assert app._driver is not None
        app._driver.write = written.append  # type: ignore[method-assign]
        app.copy_to_clipboard(MARKER)
        app.open_url("https://example.org/")
        assert app.clipboard == MARKER and not written  # no OSC 52, no browser
        del app._driver.write
        for action in ("quit", "help_quit", "suspend_process", "command_palette"):
            assert app.check_action(action, ()) is False
            assert await app.run_action(action) is False
            assert await app.run_action(f"app.{action}") is False
        assert app.is_running


# ---------------------------------------------------------------- idle


async def test_countdown_appears_after_idle_and_keeps_answers_on_continue(
        tmp_path: Path) -> None:
    clock = FakeClock()
    app = kiosk(tmp_path, clock=clock, idle_seconds=60, countdown_seconds=20)
    async with app.run_test(size=SIZE) as pilot:
        await answer_all(pilot, app)
        answers, screen = dict(app.answers), app.screen
        clock.t += 59
        await tick(pilot, app)
        assert not app.countdown_shown
        clock.t += 2
        await tick(pilot, app)
        assert isinstance(app.screen, CountdownScreen)
        left = app.screen.query_one("#countdown-left", Static)
        assert "あと19秒" in str(left.content)
        assert "まだ使っていますか" in str(app.screen.query_one("#still-there", Static).content)
        clock.t += 5
        await tick(pilot, app)
        assert "あと14秒" in str(left.content)
        await pilot.click("#keep-going")  # 「つづける」
        await pilot.pause()
        assert app.screen is screen and app.answers == answers
        assert app.idle.phase() == "active"
        # any key on the countdown continues too, and does not reach the screen below
        clock.t += 65
        await tick(pilot, app)
        assert isinstance(app.screen, CountdownScreen)
        await pilot.press("x")
        await pilot.pause()
        assert app.screen is screen and app.answers == answers


async def test_finish_on_the_countdown_and_an_abandoned_pin_prompt_are_wiped(
        tmp_path: Path) -> None:
    clock = FakeClock()
    app = kiosk(tmp_path, clock=clock, idle_seconds=60, countdown_seconds=20)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "1")
        assert app.answers
        clock.t += 61
        await tick(pilot, app)
        await pilot.click("#finish-now")  # 「終わる」 on the countdown
        await pilot.pause()
        await pilot.pause()
        assert stack(app) == ["Screen", "KioskWelcomeScreen"] and app.answers == {}
        # a passer-by opens the staff prompt and walks away
        await pilot.press("ctrl+g")
        assert isinstance(app.screen, PinScreen)
        clock.t += 61
        await tick(pilot, app)
        assert isinstance(app.screen, CountdownScreen)
        clock.t += 21
        await tick(pilot, app)
        await pilot.pause()
        assert stack(app) == ["Screen", "KioskWelcomeScreen"] and app.sessions_ended == 2


async def test_key_and_mouse_events_reset_the_idle_timer(tmp_path: Path) -> None:
    clock = FakeClock()
    app = kiosk(tmp_path, clock=clock, idle_seconds=60, countdown_seconds=20)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")  # a session: not pristine any more
        clock.t += 50
        await pilot.press("down")
        assert app.idle.idle_for() == 0
        clock.t += 50
        # a touch reaches the app as mouse events from the driver
        app.post_message(events.MouseMove(None, 3, 3, 0, 0, 0, False, False, False))
        await pilot.pause()
        assert app.idle.idle_for() == 0
        clock.t += 50
        app.post_message(events.MouseDown(None, 3, 3, 0, 0, 1, False, False, False))
        await pilot.pause()
        assert app.idle.idle_for() == 0
        await tick(pilot, app)
        assert not app.countdown_shown


async def test_a_pristine_welcome_is_never_counted_down(tmp_path: Path) -> None:
    clock = FakeClock()
    app = kiosk(tmp_path, clock=clock, idle_seconds=60, countdown_seconds=20)
    async with app.run_test(size=SIZE) as pilot:
        clock.t += 500
        await tick(pilot, app)
        assert stack(app) == ["Screen", "KioskWelcomeScreen"]
        assert app.sessions_ended == 0
        # but a language left switched is wiped back
        await pilot.press("f2")
        assert app.lang == "en"
        clock.t += 61
        await tick(pilot, app)
        assert app.countdown_shown
        clock.t += 21
        await tick(pilot, app)
        await pilot.pause()
        assert app.lang == "ja" and app.sessions_ended == 1


async def test_no_answer_wipes_everything_and_returns_to_welcome(tmp_path: Path) -> None:
    """The real clock: 1 s idle, 1 s countdown (once the answers are in)."""
    app = kiosk(tmp_path, idle_seconds=600, countdown_seconds=600)
    async with app.run_test(size=SIZE) as pilot:
        await answer_all(pilot, app)
        app.pick_activity("now_text", next(iter(app.catalog.activities)))
        app.copy_to_clipboard(MARKER)
        await pilot.press("r")  # review: see the results
        await pilot.pause()
        results = app.screen
        assert isinstance(results, KioskResultsScreen)
        await pilot.press("f3")  # another theme
        app.idle = IdleWatch(1, 1)  # a machine under load answers slowly: short from here on
        old_mode, version = app.current_mode, app.answers_version
        assert MARKER in every_text(app) and MARKER in str(app.answers)
        seen_countdown = False
        for _ in range(60):
            await pilot.pause(0.1)
            seen_countdown = seen_countdown or app.countdown_shown
            if app.sessions_ended:
                break
        await pilot.pause()
        assert seen_countdown and app.sessions_ended == 1
        # nothing of the last session is left in the app's state
        assert app.answers == {} and app.picked == {} and app.kind == "individual"
        assert app.answers_version > version
        assert app.lang == "ja" and app.theme == app.home_theme
        assert app.clipboard == ""
        assert stack(app) == ["Screen", "KioskWelcomeScreen"]
        assert set(app._screen_stacks) == {"_default", app.current_mode}
        assert app.current_mode != old_mode
        assert [type(s) for s in app._screen_stacks["_default"]] == [Screen]
        assert not results.is_attached
        assert MARKER not in every_text(app)
        assert MARKER not in app.export_screenshot()
        from kyodo_tui.core.kiosk import read_stats

        assert read_stats(tmp_path / "data") == []  # statistics are off


async def test_finish_button_wipes_now_and_counts_anonymously(tmp_path: Path) -> None:
    from kyodo_tui.core.kiosk import read_stats

    app = kiosk(tmp_path, stats=dataclasses.replace(KioskConfig().stats, enabled=True))
    async with app.run_test(size=SIZE) as pilot:
        await answer_all(pilot, app)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, KioskResultsScreen)
        finish = app.screen.query_one("#act-home", Button)
        assert str(finish.label) == "終わる" and finish.outer_size.height == 3
        await pilot.click("#act-home")
        await pilot.pause()
        await pilot.pause()
        assert stack(app) == ["Screen", "KioskWelcomeScreen"] and app.answers == {}
        records = read_stats(tmp_path / "data")
        assert len(records) == 1
        assert records[0]["choices"]["who"] == "resident"
        assert MARKER not in json.dumps(records[0], ensure_ascii=False)


async def test_results_screen_saves_nothing(tmp_path: Path) -> None:
    app = kiosk(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        for qid, value in ANSWERS.items():
            app.set_answer(qid, value)
        app.show_results()
        await pilot.pause()
        assert isinstance(app.screen, KioskResultsScreen)
        await pilot.press("s")  # the standard app's "save image": here, the takeaway
        await pilot.pause()
        assert isinstance(app.screen, TakeawayScreen)
        assert not (tmp_path / "data").exists() or not any((tmp_path / "data").rglob("*.svg"))


# ---------------------------------------------------------------- staff exit


async def test_pin_exit_is_rate_limited_and_the_right_pin_exits(tmp_path: Path) -> None:
    clock = FakeClock()
    app = kiosk(tmp_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:

        async def enter(pin: str) -> str:
            await pilot.press(*pin, "enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            return str(app.screen.query_one("#pin-message", Static).content)

        await pilot.press("ctrl+g")
        assert isinstance(app.screen, PinScreen)
        assert app.screen.query_one("#pin-input", Input).password
        assert "あと2回" in await enter("1111")
        assert "あと1回" in await enter("2222")
        assert "30秒後" in await enter("3333")
        field = app.screen.query_one("#pin-input", Input)
        assert field.disabled and app.screen.query_one("#pin-ok", Button).disabled
        # while locked, not even the right PIN is checked
        assert app.pin_guard is not None
        assert app.pin_guard.attempt(PIN).result == "locked"
        clock.t += 10
        app.screen._sync_lock()  # type: ignore[attr-defined]
        assert "あと20秒" in str(app.screen.query_one("#pin-message", Static).content)
        # leaving and coming back does not reset the lock
        await pilot.press("escape")
        assert not isinstance(app.screen, PinScreen)
        await pilot.press("ctrl+g")
        assert app.screen.query_one("#pin-input", Input).disabled
        clock.t += 21
        app.screen._sync_lock()  # type: ignore[attr-defined]
        assert not app.screen.query_one("#pin-input", Input).disabled
        app.screen.query_one("#pin-input", Input).focus()
        # the next wrong PIN locks for twice as long
        assert "60秒後" in await enter("9999")
        clock.t += 61
        app.screen._sync_lock()  # type: ignore[attr-defined]
        app.screen.query_one("#pin-input", Input).focus()
        await enter(PIN)
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


async def test_pin_prompt_in_english_and_the_exit_key_from_the_config(tmp_path: Path) -> None:
    app = kiosk(tmp_path, exit_chord="f12", lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+g")
        assert not isinstance(app.screen, PinScreen)
        await pilot.press("f12")
        assert isinstance(app.screen, PinScreen)
        assert "Staff only" in str(app.screen.query_one("#pin-title", Static).content)
        await pilot.press(*"12ab", "enter")  # letters are refused by the field
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Wrong PIN (2 more tries)" in str(
            app.screen.query_one("#pin-message", Static).content)
        assert app.is_running


# ---------------------------------------------------------------- faults


class Boom(Screen[None]):
    def on_mount(self) -> None:
        raise RuntimeError(f"boom {MARKER}")


async def recovered(pilot: Pilot[Any], app: KioskApp, faults: int) -> None:
    """Wait (without Pilot's pause, which waits on the broken screen) for a recovery."""
    import asyncio

    for _ in range(100):
        if app.faults_recovered >= faults and not (app._wiping or app._wipe_pending):
            break
        await asyncio.sleep(0.05)
    await pilot.pause()


async def test_a_screen_raising_returns_to_welcome_with_an_apology_and_a_log(
        tmp_path: Path) -> None:
    app = kiosk(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        app.set_answer("who", "resident")
        app.push_screen(Boom())
        await recovered(pilot, app, 1)
        assert app.is_running and app.return_code is None
        assert app.faults_recovered == 1
        assert stack(app) == ["Screen", "KioskWelcomeScreen", "ApologyScreen"]
        assert app.answers == {}
        assert "申し訳ありません" in str(app.screen.query_one("#apology-text", Static).content)
        log = (tmp_path / "data" / ERROR_LOG).read_text(encoding="utf-8")
        assert "RuntimeError" in log and "boom" in log
        await pilot.click("#apology-ok")
        assert stack(app) == ["Screen", "KioskWelcomeScreen"]
        # and the kiosk still works
        await pilot.press("1")
        assert isinstance(app.screen, QuestionScreen)


async def test_errors_in_app_actions_and_timers_are_recovered(tmp_path: Path) -> None:
    app = kiosk(tmp_path)
    async with app.run_test(size=SIZE) as pilot:

        def broken() -> None:
            raise ValueError("broken action")

        app.action_cycle_theme = broken  # type: ignore[method-assign]
        await pilot.press("f3")  # runs in the app's own message loop
        await recovered(pilot, app, 1)
        assert app.is_running and app.faults_recovered == 1
        app.set_timer(0.01, broken)
        await recovered(pilot, app, 2)
        assert app.is_running and app.faults_recovered == 2
        assert "broken action" in (tmp_path / "data" / ERROR_LOG).read_text(encoding="utf-8")


async def test_repeated_faults_leave_a_persistent_apology(tmp_path: Path) -> None:
    app = kiosk(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        for n in range(1, 6):
            app.push_screen(Boom())
            await recovered(pilot, app, n)
        assert app.is_running and app.persistent_fault
        assert stack(app) == ["Screen", "ApologyScreen"]
        assert isinstance(app.screen, ApologyScreen) and app.screen.persistent
        assert "職員" in str(app.screen.query_one("#apology-text", Static).content)
        await pilot.press("1")  # nothing to start from
        assert stack(app) == ["Screen", "ApologyScreen"]
        await app._retry_after_faults()
        await pilot.pause()
        assert stack(app) == ["Screen", "KioskWelcomeScreen"]


# ---------------------------------------------------------------- takeaway


def _qr_decode(lines: list[str], style: str = "half") -> list[str]:
    from tests.test_qr import decode, parse_lines

    return decode(parse_lines(lines, style))  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", ["ja", "en", "ja-easy", "pt"])
@pytest.mark.parametrize("size", [SIZE, (120, 45)], ids=["80x24", "120x45"])
async def test_takeaway_qr_decodes_to_the_summary_beside_it(
        tmp_path: Path, lang: str, size: tuple[int, int]) -> None:
    app = kiosk(tmp_path, lang=lang)
    async with app.run_test(size=size) as pilot:
        for qid, value in {**ANSWERS, "now_text": MARKER, "goal_text": MARKER}.items():
            app.set_answer(qid, value)
        app.show_results()
        await pilot.pause()
        await pilot.click("#act-save")  # 「結果を持ち帰る」
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TakeawayScreen)
        qr = screen.query_one(QrView)
        assert screen.fitted is not None and qr.lines == screen.fitted.lines
        assert _qr_decode(qr.lines) == [screen.summary]
        assert str(screen.query_one("#takeaway-summary", Static).content) == screen.summary
        assert MARKER not in screen.summary  # no free text
        assert qr.region.right <= size[0] and qr.region.bottom <= size[1]
        assert qr.region.height == len(qr.lines)
        # the summary's own words (core texts: Portuguese falls back to English)
        def place_line(code: str) -> str:
            return "位置: " if is_japanese(code) else "Place: "

        assert place_line(lang) in screen.summary
        # the language switch redraws it in the next language, and it still fits
        await pilot.press("f2")
        await pilot.pause()
        assert _qr_decode(qr.lines) == [screen.summary]
        following = LANG_CODES[(LANG_CODES.index(lang) + 1) % len(LANG_CODES)]
        assert place_line(following) in screen.summary


async def test_takeaway_full_style_for_terminals_that_need_it(tmp_path: Path) -> None:
    from kyodo_tui.core.kiosk import TakeawayConfig

    app = kiosk(tmp_path, takeaway=TakeawayConfig(style="full"))
    # full blocks take two cells a module: the summary (desk first since issue 14) needs
    # a large terminal
    async with app.run_test(size=(160, 64)) as pilot:
        for qid, value in ANSWERS.items():
            app.set_answer(qid, value)
        app.show_results()
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TakeawayScreen) and screen.fitted is not None
        qr = screen.query_one(QrView)
        assert qr.region.width == 2 * screen.fitted.modules
        assert qr.region.height == screen.fitted.modules <= 63
        assert _qr_decode(qr.lines, "full") == [screen.summary]


async def test_takeaway_without_qr_shows_the_summary(tmp_path: Path) -> None:
    from kyodo_tui.core.kiosk import TakeawayConfig

    app = kiosk(tmp_path, takeaway=TakeawayConfig(qr=False))
    async with app.run_test(size=SIZE) as pilot:
        for qid, value in ANSWERS.items():
            app.set_answer(qid, value)
        app.show_results()
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TakeawayScreen) and screen.fitted is None
        assert not screen.query_one(QrView).display
        assert "位置: " in str(screen.query_one("#takeaway-summary", Static).content)
        assert "QRコードは表示しません" in str(screen.query_one("#takeaway-scan", Static).content)


async def test_takeaway_refits_when_the_terminal_is_resized(tmp_path: Path) -> None:
    app = kiosk(tmp_path)
    async with app.run_test(size=(120, 45)) as pilot:
        for qid, value in ANSWERS.items():
            app.set_answer(qid, value)
        app.show_results()
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TakeawayScreen) and screen.fitted is not None
        big = screen.fitted.modules
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert screen.fitted is not None and screen.fitted.modules <= big
        assert _qr_decode(screen.query_one(QrView).lines) == [screen.summary]
        await pilot.resize_terminal(62, 20)  # no room for a code: the summary and a note
        await pilot.pause()
        await pilot.pause()
        assert screen.fitted is None and not screen.query_one(QrView).display
        assert "大きく" in str(screen.query_one("#takeaway-scan", Static).content)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert screen.fitted is not None and app.is_running


async def test_printing_runs_the_command_and_failure_is_polite(tmp_path: Path) -> None:
    out = tmp_path / "printed.txt"
    writer = (sys.executable, "-c",
              f"import sys, pathlib; pathlib.Path({str(out)!r}).write_bytes(sys.stdin.buffer.read())")
    app = kiosk(tmp_path, printer=PrinterConfig(command=writer, timeout=20))
    async with app.run_test(size=SIZE) as pilot:
        for qid, value in ANSWERS.items():
            app.set_answer(qid, value)
        app.show_results()
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TakeawayScreen)
        await pilot.click("#takeaway-print")
        await app.workers.wait_for_complete()
        await pilot.pause()
        printed = out.read_text(encoding="utf-8")
        assert printed.startswith(("位置: ", "協働のまちづくり"))
        assert "印刷しました" in str(screen.query_one("#takeaway-status", Static).content)
        # a printer that fails: a polite notice, a line in the error log, no crash
        app.kiosk_config = dataclasses.replace(
            app.kiosk_config, printer=PrinterConfig(command=(sys.executable, "-c", "exit(3)")))
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "印刷できませんでした" in str(screen.query_one("#takeaway-status", Static).content)
        assert "exited 3" in (tmp_path / "data" / ERROR_LOG).read_text(encoding="utf-8")
        assert app.is_running and app.faults_recovered == 0
        await pilot.click("#takeaway-finish")
        await pilot.pause()
        await pilot.pause()
        assert stack(app) == ["Screen", "KioskWelcomeScreen"] and app.answers == {}


# ---------------------------------------------------------------- hours and size

HOURS_TOML = """
[hours]
timezone = "Asia/Tokyo"
mon = ["09:00-17:00"]
tue = ["09:00-17:00"]
"""


def hours_config() -> Any:
    parsed, problems = parse_kiosk_config(HOURS_TOML, "kiosk.toml", None)
    assert parsed is not None and not problems
    return parsed.hours


async def test_closed_outside_opening_hours(tmp_path: Path) -> None:
    tokyo = ZoneInfo("Asia/Tokyo")
    when = [datetime(2026, 11, 21, 10, 0, tzinfo=tokyo)]  # a Saturday
    app = kiosk(tmp_path, hours=hours_config(), now=lambda: when[0])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ClosedScreen)
        notice = str(app.screen.query_one("#closed-notice", Static).content)
        assert "ただいま利用時間外です" in notice and "11月23日" in notice
        assert "月 09:00-17:00" in str(app.screen.query_one("#closed-hours", Static).content)
        await pilot.press("1")  # nothing starts
        assert isinstance(app.screen, ClosedScreen) and app.answers == {}
        await pilot.press("f2")
        assert "closed" in str(app.screen.query_one("#closed-notice", Static).content)
        await pilot.press("f2")
        when[0] = datetime(2026, 11, 23, 9, 0, tzinfo=tokyo)  # Monday opening
        app.check_hours()
        await pilot.pause()
        assert isinstance(app.screen, KioskWelcomeScreen)
        # closing time during a session: the resident is not thrown out
        await pilot.press("1")
        when[0] = datetime(2026, 11, 23, 17, 0, tzinfo=tokyo)
        app.check_hours()
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        # ...but the next session does not start
        app.finish_session()
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ClosedScreen)
        assert "明日09:00" in str(app.screen.query_one("#closed-notice", Static).content)


async def test_too_small_asks_to_enlarge_and_resizing_keeps_working(tmp_path: Path) -> None:
    app = kiosk(tmp_path)
    async with app.run_test(size=(50, 15)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, EnlargeScreen)
        text = str(app.screen.query_one("#enlarge-title", Static).content)
        assert "画面を大きくしてください" in text and "Please enlarge" in text
        await pilot.press("1")
        assert isinstance(app.screen, EnlargeScreen)
        await pilot.resize_terminal(*SIZE)
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, KioskWelcomeScreen)
        await pilot.press("1")
        for size in ((59, 24), (120, 40), (80, 19), SIZE):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.pause()
            small = size[0] < MIN_SIZE[0] or size[1] < MIN_SIZE[1]
            assert isinstance(app.screen, EnlargeScreen) == small, size
        assert isinstance(app.screen, QuestionScreen) and app.is_running


# ---------------------------------------------------------------- strings


def test_kiosk_strings_are_bilingual_and_avoid_ambiguous_glyphs() -> None:
    import unicodedata

    from kyodo_tui.ui.modes.kiosk.strings import S

    for key, text in S.items():
        assert text.ja and text.en, key
        for ch in text.ja + text.en + text.get("ja-easy"):
            assert unicodedata.east_asian_width(ch) != "A", (key, ch)
        assert text.get("pt") and text.get("ja-easy"), key

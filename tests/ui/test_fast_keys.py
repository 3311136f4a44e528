"""Issue 10: keys typed faster than a screen comes up (a burst from the terminal,
no pause between keys) each land on the question they were meant for: on choice
and text questions, with Esc back, and with a dialog opening while keys arrive."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from textual import events

from kyodo_tui.core.model import UNKNOWN
from kyodo_tui.ui.app import KyodoApp
from kyodo_tui.ui.modes.intake.modals import ConfirmModal
from kyodo_tui.ui.screens.question import QuestionScreen
from tests.ui.conftest import build_app
from tests.ui.test_intake import intake_app

SIZE = (80, 24)
CHARS = {"enter": "\r", "escape": "\x1b", "space": " "}


def burst(app: KyodoApp, keys: Sequence[str]) -> None:
    """Every key at once, the way a terminal hands over keys typed fast."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else CHARS.get(key)))


async def until_quiet(pilot: Any, app: KyodoApp, seconds: float = 3.0) -> None:
    """Wait until the keys are handled (the screen stops changing)."""
    for _ in range(int(seconds / 0.1)):
        await pilot.pause(0.1)
    await app.workers.wait_for_complete()
    await pilot.pause()


def choice(app: KyodoApp, qid: str, n: int) -> str:
    q = app.catalog.question(qid)
    assert q is not None
    return q.choices[n - 1].id


def qid(app: KyodoApp) -> str | None:
    return app.screen.qid if isinstance(app.screen, QuestionScreen) else None


async def test_a_burst_through_choice_and_text_questions() -> None:
    app = build_app(lang="ja", start="question:fields")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        burst(app, ["2", "enter",            # fields: the second field
                    "1", "enter",            # now: the first
                    "a", "b", "enter",       # now_text: "ab"
                    "enter",                 # goal_text: left empty
                    "0", "enter",            # lead: 分からない
                    "2", "enter",            # reach: the second
                    "1", "enter"])           # carry: the first
        await until_quiet(pilot, app)
        assert app.answers == {
            "fields": [choice(app, "fields", 2)], "now": [choice(app, "now", 1)],
            "now_text": "ab", "lead": UNKNOWN, "reach": choice(app, "reach", 2),
            "carry": choice(app, "carry", 1)}
        assert qid(app) == "offer"


async def test_a_burst_with_esc_back_lands_on_the_question_returned_to() -> None:
    app = build_app(lang="en", start="question:fields")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        burst(app, ["2", "enter", "escape", "3", "enter", "4", "enter"])
        await until_quiet(pilot, app)
        assert app.answers == {"fields": [choice(app, "fields", 2), choice(app, "fields", 3)],
                               "now": [choice(app, "now", 4)]}
        assert qid(app) == "now_text"


async def test_a_burst_while_a_dialog_opens(tmp_path: Path) -> None:
    """Ctrl+Q opens 「終了しますか」 in an intake; Esc closes it; the keys after it
    answer the question behind it, not the dialog, not the next question."""
    app = intake_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "1", "enter")  # an individual intake; who: a resident
        await pilot.pause()
        assert qid(app) == "fields"
        seen: list[type] = []
        app.screen_change_signal.subscribe(app, lambda s: seen.append(type(s)))
        burst(app, ["ctrl+q", "escape", "2", "enter", "1", "enter"])
        await until_quiet(pilot, app)
        assert app.is_running and ConfirmModal in seen
        assert app.answers["fields"] == [choice(app, "fields", 2)]
        assert app.answers["now"] == [choice(app, "now", 1)]
        assert qid(app) == "now_text"


async def test_a_burst_from_the_kiosk_welcome(tmp_path: Path) -> None:
    """At a kiosk, 1 (start) and the answers typed in one go: the start key opens the
    first question and the keys after it answer it (kiosk mode mounts on its own)."""
    from tests.ui.test_kiosk import kiosk

    app = kiosk(tmp_path, idle_seconds=300, countdown_seconds=60)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        burst(app, ["1", "1", "enter", "2", "enter", "3", "enter"])
        await until_quiet(pilot, app)
        assert app.answers == {"who": choice(app, "who", 1),
                               "fields": [choice(app, "fields", 2)],
                               "now": [choice(app, "now", 3)]}
        assert qid(app) == "now_text"

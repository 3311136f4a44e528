"""80x24 snapshots, Japanese and English, of the screens issue 10 changed: a long
multi-choice question (keys past 9 as letters), a text answer with its counter,
the intake details form (bordered fields), the hand-off page and the records list.

Review new snapshots by eye before accepting them (``--snapshot-update``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input

from tests.ui.conftest import build_app
from tests.ui.test_intake import intake_app
from tests.ui.test_intake_snapshots import _no_blink, seed_fixed

SIZE = (80, 24)
LANGS = ["ja", "en"]


@pytest.mark.parametrize("lang", LANGS)
def test_long_multi_question(snap_compare: Any, lang: str) -> None:
    app = build_app(lang=lang, start="question:fields")

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.press("2", "d", "end")  # tick 2 and d (the 13th), show the end
        await _no_blink(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_text_answer_with_counter(snap_compare: Any, lang: str) -> None:
    app = build_app(lang=lang, start="question:goal_text")

    async def run_before(pilot: Pilot[Any]) -> None:
        await _no_blink(pilot)
        pilot.app.screen.query_one("#text-answer", Input).insert_text_at_cursor("x" * 1000)
        await _no_blink(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_intake_details(snap_compare: Any, tmp_path: Path, lang: str,
                        monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import UTC, datetime

    from kyodo_tui.core import storage

    # the consent line shows when consent was given: a fixed clock keeps the picture
    monkeypatch.setattr(storage, "_utc_now", lambda: datetime(2026, 12, 3, 9, 30, tzinfo=UTC))
    app = intake_app(tmp_path, lang=lang)

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.press("1", "1", "f6")
        await pilot.pause()
        screen = pilot.app.screen
        screen.query_one("#label", Input).value = "山田さん"
        screen.query_one("#reading", Input).value = "やまだ"
        screen.query_one("#consent", Checkbox).focus()
        # the layout is what this snapshot checks (key order under load is
        # test_intake_keys.py's): let each step settle
        await pilot.press("space")
        await pilot.pause()
        await pilot.press("tab")
        await pilot.pause()
        await pilot.press(*"Yamada Hanako")
        await _no_blink(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_handoff(snap_compare: Any, tmp_path: Path, lang: str) -> None:
    records = seed_fixed(tmp_path)
    app = intake_app(tmp_path, lang=lang)
    app.export_dir = Path("/data/kyodo/exports")  # a fixed path in the picture

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        pilot.app.show_handoff(records[0])  # type: ignore[attr-defined]
        await _no_blink(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_records_80(snap_compare: Any, tmp_path: Path, lang: str) -> None:
    seed_fixed(tmp_path)
    app = intake_app(tmp_path, lang=lang)

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("3")
        await _no_blink(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)

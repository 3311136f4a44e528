"""SVG snapshots of the results and browse screens, 80×24 and 120×40, ja and en.

Review new snapshots by eye before accepting them (``--snapshot-update``): SVG
output can overlap wide (CJK) letters.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.ui.conftest import build_app

SIZES = [(80, 24), (120, 40)]
LANGS = ["ja", "en"]
ANSWERS: dict[str, Any] = {
    "who": "association",
    "group_size": "some",
    "fields": ["environment", "safety"],
    "now": ["local-events"],
    "now_text": "josetsu",
    "lead": "unknown",
    "reach": "neighbours",
    "carry": "each-other",
    "stage": "issue",
}


async def _settle(pilot: Pilot[Any]) -> None:
    """Deterministic frames: no blinking cursor, workers done."""
    for text_input in pilot.app.screen.query(Input):
        text_input.cursor_blink = False
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _searched(pilot: Pilot[Any], query: str) -> None:
    """Wait until the browse screen shows the results for ``query`` (the search runs in
    a debounced thread worker, started by a message after the last key)."""
    screen: Any = pilot.app.screen
    for _ in range(100):
        await pilot.pause(0.02)
        await _settle(pilot)
        if screen._query == query and not screen._searching:
            break
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", LANGS)
def test_results(snap_compare: Any, lang: str, size: tuple[int, int]) -> None:
    app = build_app(lang=lang, start="results", answers=ANSWERS)
    assert snap_compare(app, terminal_size=size, run_before=_settle)


@pytest.mark.parametrize("lang", LANGS)
def test_results_forms_tab(snap_compare: Any, lang: str) -> None:
    app = build_app(lang=lang, start="results", answers=ANSWERS)
    assert snap_compare(app, press=["2"], terminal_size=(80, 24), run_before=_settle)


def test_results_empty(snap_compare: Any) -> None:
    app = build_app(lang="ja", start="results", answers={})
    assert snap_compare(app, terminal_size=(80, 24), run_before=_settle)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", LANGS)
def test_browse(snap_compare: Any, lang: str, size: tuple[int, int]) -> None:
    app = build_app(lang=lang, start="browse")

    async def run_before(pilot: Pilot[Any]) -> None:
        await _settle(pilot)
        await pilot.press(*"josetsu")
        await _searched(pilot, "josetsu")

    assert snap_compare(app, terminal_size=size, run_before=run_before)

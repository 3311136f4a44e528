"""The results screen before anything places you, and 参加 for an individual (issue 9)."""

from __future__ import annotations

from typing import Any

from textual.widgets import Static

from kyodo_tui.ui.screens.results import ResultsScreen
from kyodo_tui.ui.widgets.spectrum import SpectrumWidget
from tests.ui.conftest import build_app

SIZE = (80, 24)


async def _settle(pilot: Any) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_identity_only_says_not_placed_and_which_question() -> None:
    app = build_app(answers={"who": "group"}, start="results")
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        screen = app.screen
        assert isinstance(screen, ResultsScreen)
        assert screen.placement is not None and not screen.placement.placed
        summary = str(screen.query_one("#results-summary", Static).content)
        assert summary.startswith("まだ位置は決まっていません。")
        assert "「この取り組みは、だれが中心になって進めるのがよいと思いますか。」に答えると" in summary
        assert screen.query_one("#results-spectrum", SpectrumWidget).position is None
        await pilot.press("f2")
        await _settle(pilot)
        summary = str(screen.query_one("#results-summary", Static).content)
        assert summary == 'Not placed yet. Answer "Who should lead this work?" to be placed.'


async def test_a_volunteer_at_a_town_event_is_told_it_is_participation() -> None:
    answers = {"who": "volunteer", "now": ["municipal-volunteer"],
               "lead": "municipality-with-us"}
    app = build_app(answers=answers, start="results")
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        screen = app.screen
        assert isinstance(screen, ResultsScreen)
        assert screen.placement is not None and screen.placement.letter == "D"
        await pilot.press("2")  # the forms tab (its page is built when first shown)
        await _settle(pilot)
        shown = "\n".join(str(w.content) for w in screen.query(Static).results(Static))
        assert "「参加」です" in shown and "協働" in shown

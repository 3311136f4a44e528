"""80x24 snapshots, Japanese and English, of issue 16's screens: the officer's
viewpoints, partner and evaluation tabs, the two-party view with both checklists,
and the learn screen's words tab. Fixed ids and times (seed_fixed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TabbedContent, Tabs

from kyodo_tui.core.officer import evaluation as ev
from kyodo_tui.core.officer import partner as pt
from kyodo_tui.core.officer import record as rec
from kyodo_tui.core.storage import Store
from kyodo_tui.ui.screens.learn import LearnScreen
from kyodo_tui.ui.widgets.checklist import Checklist
from tests.ui.test_intake import intake_app
from tests.ui.test_intake_snapshots import NOW, _no_blink, _utc, seed_fixed  # noqa: F401

SIZE = (80, 24)
LANGS = ["ja", "en"]


def _pair(data_dir: Path, *, checks: bool = False, evaluations: bool = False) -> tuple:
    group, officer, _ = seed_fixed(data_dir)
    store = Store(data_dir, now=lambda: NOW)
    citizen, government = store.link_pair(group, officer)
    if checks:
        citizen = store.save(rec.with_partner(citizen, pt.PartnerCheck(
            "", "citizen", {"structure": "yes", "finance": "yes", "admin": "partly",
                            "expertise": "yes", "record": "yes", "transparency": "partly"}),
            at="2025-03-14T09:30:00Z"))
        government = store.save(rec.with_partner(government, pt.PartnerCheck(
            "川沿い自治会", "government", {"structure": "yes", "finance": "partly",
                                          "expertise": "yes", "record": "yes",
                                          "transparency": "no", "open": "yes"}),
            at="2025-03-14T09:30:00Z"))
    if evaluations:
        for at, goal, synergy in (("2025-03-01T00:00:00Z", "partly", "no"),
                                  ("2025-09-01T00:00:00Z", "yes", "partly")):
            government = store.save(rec.with_evaluation(government, ev.Evaluation(
                at, "government", {"goal": goal, "synergy": synergy, "voice": "partly"},
                {"equality": "yes"})))
        citizen = store.save(rec.with_evaluation(citizen, ev.Evaluation(
            "2025-09-02T00:00:00Z", "citizen", {"goal": "yes", "synergy": "yes",
                                                "voice": "no"}, {"equality": "partly"})))
    return citizen, government


def _officer_app(tmp_path: Path, lang: str, **kw: bool) -> tuple[Any, Any, Any]:
    citizen, government = _pair(tmp_path, **kw)
    app = intake_app(tmp_path, lang=lang)
    app.export_dir = Path("/nonexistent-export")
    return app, citizen, government


@pytest.mark.parametrize("lang", LANGS)
def test_viewpoints_tab(snap_compare: Any, tmp_path: Path, lang: str) -> None:
    app, citizen, government = _officer_app(tmp_path, lang)

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        app.show_officer(government, citizen)
        await pilot.pause()
        app.screen.query_one("#vp-project", Input).value = "川辺の遊び場づくり"
        await pilot.press("1", "down", "1", "down", "2", "down", "1", "down", "2")
        await _no_blink(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_partner_tab(snap_compare: Any, tmp_path: Path, lang: str) -> None:
    app, citizen, government = _officer_app(tmp_path, lang, checks=True)

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        app.show_officer(government, citizen)
        await pilot.pause()
        for _ in range(6):  # back to the tab bar, as a keyboard user would
            if isinstance(app.focused, Tabs):
                break
            await pilot.press("shift+tab")
        await pilot.press("right")  # the partner tab
        await pilot.pause()
        assert app.screen.query_one(TabbedContent).active == "of-partner"
        app.screen.query_one("#pt-list", Checklist).focus()
        await pilot.press("down", "down")
        await _no_blink(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_evaluation_tab(snap_compare: Any, tmp_path: Path, lang: str) -> None:
    app, citizen, government = _officer_app(tmp_path, lang, evaluations=True)

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        app.show_officer(government, citizen)
        await pilot.pause()
        app.screen.query_one("#ev-list", Checklist).focus()  # shows its tab
        await pilot.pause()
        assert app.screen.query_one(TabbedContent).active == "of-evaluation"
        app.screen.query_one("#ev-side").scroll_visible(animate=False)
        await _no_blink(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_two_party_with_checklists(snap_compare: Any, tmp_path: Path, lang: str) -> None:
    app, citizen, government = _officer_app(tmp_path, lang, checks=True)

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        app.show_pair(citizen, government)
        await pilot.pause()
        await pilot.press("end")
        await _no_blink(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_learn_words_tab(snap_compare: Any, tmp_path: Path, lang: str) -> None:
    app = intake_app(tmp_path, lang=lang)

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        app.push_screen(LearnScreen())
        await pilot.pause()
        await pilot.press("6")
        await _no_blink(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)

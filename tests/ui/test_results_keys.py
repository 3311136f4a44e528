"""Issue 10, results and browse: visible focus, the tab bar one Tab away, every key
shown where it works, files written under the data dir (0600 in 0700) with the
place said, and browse's / focusing the search without typing a slash. 80x24."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Button, Input, TabbedContent, Tabs

from kyodo_tui.core.storage import Store
from kyodo_tui.ui.screens.results import TABS, ResultsScreen, WhyList
from tests.ui.conftest import build_app
from tests.ui.test_intake import intake_app, seed, settle

SIZE = (80, 24)
ANSWERS: dict[str, Any] = {"who": "resident", "fields": ["elderly"], "lead": "we-alone",
                           "reach": "neighbours", "carry": "each-other"}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_tab_bar_is_one_tab_from_the_list_and_focus_shows(tmp_path: Path) -> None:
    app = build_app(answers=ANSWERS, start="results", data_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ResultsScreen)
        why = screen.query_one("#why-list", WhyList)
        assert screen.focused is why
        assert why.highlighted is not None  # the focused row shows
        await pilot.press("tab")
        assert isinstance(screen.focused, Tabs)
        await pilot.press("right")
        assert screen.query_one("#results-tabs", TabbedContent).active == "forms"
        await pilot.press("shift+tab")
        assert not isinstance(screen.focused, Tabs)
        # focus is drawn: the focused list differs from the unfocused one
        unfocused = why.styles.background
        why.focus()
        await pilot.pause()
        assert why.styles.border_left != screen.query_one(
            "#why-list", WhyList).styles.border_right or why.styles.background != unfocused


@pytest.mark.parametrize("lang", ["ja", "en"])
async def test_keys_are_shown_on_tabs_and_buttons(tmp_path: Path, lang: str) -> None:
    app = build_app(answers=ANSWERS, start="results", lang=lang, data_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        tabs = screen.query_one("#results-tabs", TabbedContent)
        for n, pane in enumerate(TABS, start=1):
            label = str(tabs.get_tab(pane).label)
            assert label.startswith(f"{n} "), label
            tab = tabs.get_tab(pane)
            assert tab.region.right <= SIZE[0], (pane, tab.region)  # whole, on screen
        for button_id, key in (("act-review", "e"), ("act-browse", "b"), ("act-save", "s"),
                               ("act-keep", "^S"), ("act-home", "h")):
            button = screen.query_one(f"#{button_id}", Button)
            assert str(button.label).startswith(f"{key} "), str(button.label)
            if button.display:
                assert button.region.right <= SIZE[0], button_id
        await pilot.press("4")
        assert tabs.active == "activities"


async def test_screenshot_under_the_data_dir_private_and_said(tmp_path: Path) -> None:
    said: list[str] = []
    app = build_app(answers=ANSWERS, start="results", data_dir=tmp_path)
    app.notify = lambda message, **kw: said.append(str(message))  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
    files = list(tmp_path.rglob("*.svg"))
    assert len(files) == 1
    svg = files[0]
    assert mode(svg) == 0o600 and mode(svg.parent) == 0o700
    assert any(str(svg) in s for s in said), said  # the app says where
    # the records folder still reads clean
    _, problems = Store(tmp_path).list()
    assert problems == []


async def test_handoff_markdown_defaults_under_the_data_dir(tmp_path: Path,
                                                         monkeypatch: Any) -> None:
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    data = tmp_path / "data"
    record = seed(data, {"who": "resident", "lead": "we-supported"}, label="山田")
    app = intake_app(data)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.show_handoff(record)
        await settle(pilot)
        folder = app.screen.query_one("#handoff-folder", Input)
        assert Path(folder.value).is_relative_to(data)
        await pilot.press("x")
        await pilot.pause()
    assert list(work.iterdir()) == []  # nothing in the working directory
    files = [p for p in data.rglob("kyodo-handoff-*.md")]
    assert len(files) == 1
    assert mode(files[0]) == 0o600 and mode(files[0].parent) == 0o700
    assert Store(data).list()[1] == []


async def test_browse_slash_focuses_search_without_typing_it() -> None:
    app = build_app(lang="en", start="browse")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        search = app.screen.query_one("#browse-search", Input)
        assert app.screen.focused is search
        await pilot.press("slash")  # the footer's "/ search" while already there
        assert search.value == ""
        await pilot.press(*"kawa", "slash")
        assert search.value == "kawa"
        search.value = ""
        # move the focus away first, as a person would after looking at a card
        app.screen.set_focus(None)
        await pilot.press("slash")
        await pilot.pause()
        assert app.screen.focused is search
        assert search.value == ""
        await pilot.press("tab")  # off the search, then / again
        await pilot.press("slash")
        await pilot.pause()
        assert app.screen.focused is search and search.value == ""

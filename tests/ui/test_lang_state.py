"""Issue 11: the language is state the screens follow, tab pages are built when shown,
one widget draws a page of text, and the footer is rebuilt only when its keys change."""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.widgets import Static, TabbedContent
from textual.widgets._footer import FooterKey

from kyodo_tui.ui.screens.results import ResultsScreen
from kyodo_tui.ui.screens.review import ReviewScreen
from kyodo_tui.ui.widgets.blocks import Block, BlocksContent, BlocksView
from tests.ui.conftest import build_app
from tests.ui.test_results import ANSWERS, SIZE, settle


def test_a_bullet_wraps_after_its_marker_and_japanese_breaks_by_character() -> None:
    page = BlocksContent([
        Block(Content("見出し")),
        Block(Content("あいうえおかきくけこさしすせそ"), indent=2, marker="-",
              marker_width=2, gap=1),
        Block(Content("one two three four five"), indent=4),
    ])
    lines = page.laid_out(14).plain.split("\n")
    assert lines == [
        "見出し",
        "",
        "  - あいうえお",  # 2 + 2 + 10 cells
        "    かきくけこ",
        "    さしすせそ",
        "    one two",
        "    three four",
        "    five",
    ]
    # the text without the layout, for reading it back
    assert str(BlocksView(page._blocks).content).startswith("見出し\nあいうえお")


async def test_results_pages_are_built_when_their_tab_is_shown() -> None:
    app = build_app(answers=ANSWERS, start="results")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ResultsScreen)
        roles = screen.query_one("#roles-page", BlocksView)
        assert str(roles.content) == ""  # not shown yet: not built
        actor = app.catalog.actors["association"].name
        await pilot.press("3")
        await settle(pilot)
        assert actor.ja in str(roles.content)
        await pilot.press("f2")
        await settle(pilot)
        assert actor.en in str(roles.content)  # the shown page follows at once
        forms = screen.query_one("#forms-page", BlocksView)
        assert "Forms of collaboration" not in str(forms.content)  # stale until shown
        await pilot.press("2")
        await settle(pilot)
        assert "Forms of collaboration that fit you" in str(forms.content)
        # a tab page is one widget, not a widget per line
        assert len(screen.query("#forms-pane Static")) == 1


async def test_a_screen_under_another_catches_up_with_the_language_when_shown() -> None:
    app = build_app(answers=ANSWERS, start="results")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        results = app.screen
        assert isinstance(results, ResultsScreen)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("f2")
        await settle(pilot)
        assert app.screen.lang == "en"
        assert results.lang == "ja"  # not on the terminal: not re-rendered yet
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is results and results.lang == "en"
        summary = str(results.query_one("#results-summary", Static).content)
        assert summary.startswith("You are around")
        tabs = results.query_one("#results-tabs", TabbedContent)
        assert "Why" in str(tabs.get_tab("why").label)


async def test_the_footer_is_rebuilt_only_when_its_keys_change() -> None:
    app = build_app(answers=ANSWERS, start="results")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)

        def keys() -> list[Any]:
            return list(app.screen.query(FooterKey))

        before = keys()
        assert [k.description for k in before][:2] == ["戻る", "見直す"]
        await pilot.press("2")  # the focus moves into the forms tab: same keys
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        assert keys() == before  # the same widgets: not rebuilt
        await pilot.press("f2")
        await settle(pilot)
        after = keys()
        assert [k.description for k in after][:2] == ["Back", "Review"]

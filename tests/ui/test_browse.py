"""Pilot tests of the browse screen: romaji search, filters, detail, markup literal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Input, Select, Static

from kyodo_tui.ui.app import KyodoApp
from kyodo_tui.ui.screens.browse import (
    ActivityDetail,
    ActivityDetailScreen,
    BrowseList,
    BrowseScreen,
    RegionToggle,
)
from tests.ui.conftest import build_app

SIZE = (80, 24)
WIDE = (120, 40)


async def settle(pilot: Any) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def browse(app: KyodoApp) -> BrowseScreen:
    assert isinstance(app.screen, BrowseScreen), type(app.screen)
    return app.screen


def listed_ids(app: KyodoApp) -> list[str]:
    browse_list = browse(app).query_one("#browse-list", BrowseList)
    ids = [browse_list.get_option_at_index(i).id for i in range(browse_list.option_count)]
    return [i for i in ids if i]  # the "nothing found" line has no id


def listed_texts(app: KyodoApp) -> list[str]:
    browse_list = browse(app).query_one("#browse-list", BrowseList)
    return [str(browse_list.get_option_at_index(i).prompt)
            for i in range(browse_list.option_count)]


async def test_lists_every_activity_without_a_query() -> None:
    app = build_app(start="browse")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(listed_ids(app)) == len(app.catalog.activities)
        count = str(browse(app).query_one("#browse-count", Static).content)
        assert str(len(app.catalog.activities)) in count
        assert isinstance(browse(app).focused, Input)


async def test_romaji_search_finds_josetsu_first() -> None:
    app = build_app(start="browse")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"josetsu")
        await settle(pilot)
        ids = listed_ids(app)
        titles = [app.catalog.activities[i].title.ja for i in ids[:3]]
        assert any("除雪" in t for t in titles), titles
        assert "除雪" in app.catalog.activities[ids[0]].title.ja
        # the reading is shown with the matched part highlighted
        browse_list = browse(app).query_one("#browse-list", BrowseList)
        prompt = browse_list.get_option_at_index(0).prompt
        assert "じょせつ" in str(prompt)
        assert any("underline" in str(span.style) for span in prompt.spans)  # type: ignore[union-attr]


async def test_typing_is_never_blocked_by_matching() -> None:
    """Each keystroke starts (and cancels) a thread worker; the input keeps every key."""
    app = build_app(start="browse")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"seisou")
        assert browse(app).query_one("#browse-search", Input).value == "seisou"
        await settle(pilot)
        first = app.catalog.activities[listed_ids(app)[0]]
        assert "清掃" in first.title.ja


async def test_field_filter_narrows() -> None:
    app = build_app(start="browse")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        total = len(listed_ids(app))
        browse(app).query_one("#browse-field", Select).value = "environment"
        await settle(pilot)
        ids = listed_ids(app)
        assert 0 < len(ids) < total
        assert all("environment" in app.catalog.activities[i].fields for i in ids)
        # and together with a query
        await pilot.press(*"seisou")
        await settle(pilot)
        ids = listed_ids(app)
        assert ids and all("environment" in app.catalog.activities[i].fields for i in ids)


async def test_region_and_actor_filters() -> None:
    app = build_app(start="browse")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        total = len(listed_ids(app))
        await pilot.click("#region-D")
        await settle(pilot)
        assert browse(app).query_one("#region-D", RegionToggle).has_class("-on")
        ids = listed_ids(app)
        assert 0 < len(ids) < total
        assert all("D" in app.catalog.activities[i].regions for i in ids)
        await pilot.click("#region-D")
        await settle(pilot)
        browse(app).query_one("#browse-actor", Select).value = "business"
        await settle(pilot)
        ids = listed_ids(app)
        assert ids and all("business" in app.catalog.activities[i].actors for i in ids)
        await pilot.click("#browse-clear")
        await settle(pilot)
        assert len(listed_ids(app)) == total


async def test_detail_modal_at_80_columns() -> None:
    app = build_app(start="browse")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"josetsu")
        await settle(pilot)
        await pilot.press("enter")  # to the list
        await pilot.press("enter")  # open
        await settle(pilot)
        assert isinstance(app.screen, ActivityDetailScreen)
        detail = app.screen.query_one(ActivityDetail)
        assert detail.activity is not None and "除雪" in detail.activity.title.ja
        text = "\n".join(str(s.content) for s in detail.query(Static).results(Static))
        assert "協働の形" in text and "分野" in text and "出典" in text
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)


async def test_detail_modal_follows_f2_and_joins_names_clearly() -> None:
    """F2 / F3 work on the modal (it shuts out the app's keys), the bar follows the
    language, and names that hold 「・」 are joined with 「、」."""
    app = build_app(start="browse")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        activity = next(a for a in app.catalog.activities.values()
                        if "association" in a.actors and len(a.actors) > 1)
        app.push_screen(ActivityDetailScreen(activity))
        await settle(pilot)
        modal = app.screen
        detail = modal.query_one(ActivityDetail)

        def texts() -> str:
            return "\n".join(str(s.content) for s in detail.query(Static).results(Static))

        assert "自治会・町内会・PTA、" in texts() or "、自治会・町内会・PTA" in texts()
        await pilot.press("f2")
        await settle(pilot)
        assert app.lang == "en" and app.screen is modal
        assert "Who can do it" in texts()
        assert "Close" in str(modal.query_one("#detail-close").label)  # type: ignore[attr-defined]
        theme = app.theme
        await pilot.press("f3")
        assert app.theme != theme


async def test_detail_beside_the_list_when_wide() -> None:
    app = build_app(start="browse", lang="en")
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = browse(app)
        assert screen.has_class("-two-col")
        detail = screen.query_one("#browse-detail", ActivityDetail)
        first = app.catalog.activities[listed_ids(app)[0]]
        assert detail.activity is first
        await pilot.press("down")  # to the list
        await pilot.press("down")
        await settle(pilot)
        assert detail.activity is app.catalog.activities[listed_ids(app)[1]]
        text = "\n".join(str(s.content) for s in detail.query(Static).results(Static))
        assert "Forms of collaboration" in text


async def test_catalog_markup_is_shown_literally(tmp_path: Path) -> None:
    layer = tmp_path / "layer"
    layer.mkdir()
    (layer / "markup.toml").write_text(
        """
[[activity]]
id = "markup-test"
title = { ja = "[b]x[/b]", en = "[@click=app.quit]y[/]" }
reading = "まーくあっぷ"
keywords = { ja = ["まーく"], en = ["markup"] }
description = { ja = "[i]説明[/i]", en = "[i]text[/i]" }
fields = ["welfare"]
regions = ["A"]
triad = { self = 1.0, mutual = 0.0, public = 0.0 }
actors = ["resident"]
forms = []
source = "[b]src[/b]"
""",
        encoding="utf-8",
    )
    for lang, title in (("ja", "[b]x[/b]"), ("en", "[@click=app.quit]y[/]")):
        app = build_app(start="browse", lang=lang, catalog=None, catalog_dirs=[layer],
                        include_user=False)
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            texts = listed_texts(app)
            assert any(t.startswith(title) for t in texts), texts[:3]
            index = listed_ids(app).index("markup-test")
            screen = browse(app)
            browse_list = screen.query_one("#browse-list", BrowseList)
            browse_list.focus()
            browse_list.highlighted = index
            await settle(pilot)
            detail = screen.query_one("#browse-detail", ActivityDetail)
            shown = [str(s.content) for s in detail.query(Static).results(Static)]
            assert title in shown and "[b]src[/b]" in shown
            assert any("[i]" in s for s in shown)
            await pilot.click("#browse-list")
            await settle(pilot)
            assert app.is_running

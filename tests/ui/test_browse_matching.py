"""Browse, typed as a user would (issue 10): romaji finds what kanji finds,
josetsu is snow clearing (not 助成, 女性), nonsense says there is no match."""

from __future__ import annotations

from typing import Any

from textual.widgets import Static

from tests.ui.conftest import build_app
from tests.ui.test_browse import SIZE, browse, listed_ids, listed_texts, settle


async def _search(pilot: Any, text: str) -> None:
    await pilot.press(*text)
    await settle(pilot)


async def test_seisou_lists_what_kanji_lists() -> None:
    app = build_app(start="browse")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _search(pilot, "清掃")
        kanji = set(listed_ids(app))
        assert len(kanji) >= 9
        for _ in "清掃":
            await pilot.press("backspace")
        await _search(pilot, "seisou")
        assert set(listed_ids(app)) >= kanji


async def test_josetsu_puts_grants_and_women_below_the_weak_line() -> None:
    app = build_app(start="browse")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _search(pilot, "josetsu")
        texts = listed_texts(app)
        ids = listed_ids(app)
        assert "除雪" in app.catalog.activities[ids[0]].title.ja
        weak_line = next(i for i, t in enumerate(texts) if "弱い一致" in t)
        for i, t in enumerate(texts):
            if "助成" in t or "女性" in t:
                assert i > weak_line, texts


async def test_nonsense_says_nothing_was_found() -> None:
    app = build_app(start="browse")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _search(pilot, "xyzzy")
        assert listed_ids(app) == []
        assert any("見つかりませんでした" in t for t in listed_texts(app))
        count = str(browse(app).query_one("#browse-count", Static).content)
        assert "弱い" not in count

"""Issue 10, content: everyday local activities a resident would name are in the
catalog, seed-backed ones cited, the others marked as local examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from kyodo_tui.core.catalog import load_catalog
from kyodo_tui.core.matching import Matcher
from kyodo_tui.core.model import Catalog

SEEDS = {p.name for p in (Path("/work/shared/seeds")).glob("*.txt")} or {
    "000_57015c5ace657278.txt", "001_e4791ceb8fe1bce1.txt", "002_a1cd37cd4cb5aac4.txt",
    "003_8ed48260a1390f10.txt", "004_1ae8934df4fb64d0.txt"}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(include_user=False)


def top(catalog: Catalog, query: str, n: int = 1) -> list[str]:
    return [m.activity.id for m in Matcher.from_catalog(catalog).search(query, limit=n)]


def test_the_apps_own_example_finds_an_elderly_watch_first(catalog: Catalog) -> None:
    first = catalog.activities[top(catalog, "近所のお年寄りの見守りをしたい")[0]]
    assert "elderly" in first.fields
    assert "見守り" in first.title.ja


@pytest.mark.parametrize("query", ["見守り・安否確認", "ごみ出し支援", "サロン・通いの場",
                                   "子ども食堂", "フードバンク", "防災マップづくり",
                                   "安否確認", "ごみ出し", "通いの場"])
def test_everyday_activities_are_found_by_their_names(catalog: Catalog, query: str) -> None:
    first = catalog.activities[top(catalog, query)[0]]
    words = [w for w in query.replace("・", " ").replace("づくり", "").split() if w]
    assert any(w in first.title.ja for w in words), (query, first.title.ja)


def test_every_activity_cites_a_seed_or_says_it_is_a_local_example(catalog: Catalog) -> None:
    everyday = [a for a in catalog.activities.values() if a.id.startswith("ev-")]
    assert len(everyday) >= 6
    for activity in everyday:
        assert activity.source, activity.id
        for source in activity.source:
            assert source in SEEDS or source == "local-example", (activity.id, source)
        if activity.source == ("local-example",):
            assert "出典資料にはない" in activity.description.ja
            assert "not named in the source documents" in activity.description.en


def test_local_example_is_named_plainly_in_the_browser() -> None:
    from kyodo_tui.ui.screens.browse import source_name

    assert "出典資料" in source_name("local-example", "ja")
    assert "not in the source documents" in source_name("local-example", "en")

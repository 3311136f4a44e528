"""Issue 14: before/after rounds are the same people; 「全体」 never adds them up."""

from __future__ import annotations

from datetime import datetime, UTC

from kyodo_tui.core.catalog import load_catalog
from kyodo_tui.core.workshop import (
    add_comparison,
    add_group,
    export_markdown,
    has_whole_room,
    new_workshop,
    set_count,
    show_text,
)

WHEN = datetime(2025, 5, 1, 14, 0, tzinfo=UTC)


def _rounds():
    catalog = load_catalog()
    ws = new_workshop("rounds", created=WHEN, workshop_id="ws-r")
    ws = add_group(ws, "before", "話し合いの前")
    ws = add_group(ws, "after", "話し合いの後")
    ws = add_comparison(ws, "before", "after")
    for gid, (a, b) in (("before", (20, 10)), ("after", (10, 20))):
        ws = set_count(catalog, ws, gid, "who", "resident", 30)
        ws = set_count(catalog, ws, gid, "lead", "we-alone", a)
        ws = set_count(catalog, ws, gid, "lead", "together", b)
    return catalog, ws


def test_rounds_have_no_whole_room_and_tables_do() -> None:
    catalog, ws = _rounds()
    assert not has_whole_room(ws)
    tables = add_group(add_group(new_workshop("t", created=WHEN, workshop_id="ws-t"),
                                 "table-1", "T1"), "table-2", "T2")
    assert has_whole_room(tables)
    assert not has_whole_room(add_group(new_workshop("t", created=WHEN, workshop_id="w"),
                                        "table-1", "T1"))


def test_exports_never_count_the_same_people_twice() -> None:
    catalog, ws = _rounds()
    for lang in ("ja", "en"):
        md = export_markdown(ws, catalog, lang)
        shown = show_text(ws, catalog, lang)
        for text in (md, shown):
            assert "約60人" not in text and "60 people" not in text
            assert "全体" not in text and "Whole room" not in text
        assert ("前と後は同じ人たち" if lang == "ja" else "same people") in md


def test_tables_still_have_the_whole_room() -> None:
    catalog = load_catalog()
    ws = new_workshop("tables", created=WHEN, workshop_id="ws-t")
    for gid in ("table-1", "table-2"):
        ws = add_group(ws, gid, gid)
        ws = set_count(catalog, ws, gid, "who", "resident", 15)
    md = export_markdown(ws, catalog, "en")
    assert "## Whole room" in md and "same people" not in md
    assert "Whole room:" in show_text(ws, catalog, "en")

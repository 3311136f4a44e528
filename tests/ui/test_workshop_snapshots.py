"""SVG snapshots of workshop mode: the room picture at 120×40 and 200×50, one table's
dots, counting hands, and two tables compared.

Review new snapshots by eye before accepting them (``--snapshot-update``): SVG
output can overlap wide (CJK) letters.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from kyodo_tui.core.workshop import ROOM_ID
from tests.ui.conftest import builtin_catalog
from tests.ui.test_workshop import saved, two_tables, ws_app


def _opened(tmp_path: Path, lang: str, view: str, then: tuple[str, ...] = ()) -> Any:
    """An app that opens the two-table workshop on ``view``, then presses ``then``."""
    path = saved(tmp_path, two_tables(builtin_catalog()))
    app = ws_app(tmp_path, lang=lang)

    async def run_before(pilot: Pilot[Any]) -> None:
        app.open_workshop(path)
        app.view_group = view
        app.show_room()
        for key in then:
            await pilot.press(key)
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        for text_input in app.screen.query(Input):
            text_input.cursor_blink = False

    return app, run_before


@pytest.mark.parametrize("size", [(120, 40), (200, 50)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_room_picture(snap_compare: Any, tmp_path: Path, lang: str,
                      size: tuple[int, int]) -> None:
    app, run_before = _opened(tmp_path, lang, ROOM_ID)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_one_table_of_dots(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    app, run_before = _opened(tmp_path, "ja", "table-2")
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_counting_hands(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    app, run_before = _opened(tmp_path, "ja", "table-1",
                              ("h", "n", "n", "n", "n", "n", "down", "+"))
    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_compare_two_tables(snap_compare: Any, tmp_path: Path) -> None:
    app, run_before = _opened(tmp_path, "ja", "table-1", ("c",))
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)

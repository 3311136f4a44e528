"""「まだ位置は決まっていません」 and the question that would place it, in every headless mode:
the hand-off page, the kiosk QR summary (tests/test_qr.py), the CLI (test_cli_assess.py)
and the workshop report. The results screen has its own Pilot test (tests/ui)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from kyodo_tui.core import intake
from kyodo_tui.core.catalog import load_catalog
from kyodo_tui.core.model import Catalog
from kyodo_tui.core.placement import UNPLACED, place
from kyodo_tui.core.storage import Store
from kyodo_tui.core.workshop import (
    add_group,
    add_participant,
    export_markdown,
    new_workshop,
    picture,
    show_text,
)

LEAD_JA = "この取り組みは、だれが中心になって進めるのがよいと思いますか。"
LEAD_EN = "Who should lead this work?"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(include_user=False)


def test_handoff_page_says_not_placed_and_which_question(catalog: Catalog,
                                                         tmp_path: Path) -> None:
    store = Store(tmp_path / "data")
    session = intake.snapshot(store.new_session(mode="intake", answers={"who": "group"}),
                              catalog)
    h = intake.build_handoff(session, catalog)
    assert h.placement.ja == f"{UNPLACED.ja}。「{LEAD_JA}」に答えると、位置が決まります。"
    assert h.placement.en == f'{UNPLACED.en}. Answer "{LEAD_EN}" to be placed.'
    md = intake.handoff_markdown(h, "ja")
    assert "まだ位置は決まっていません" in md and LEAD_JA in md
    # a placed session still shows its letter
    placed = intake.snapshot(store.new_session(mode="intake", answers={
        "who": "group", "lead": "municipality-with-us"}), catalog)
    assert intake.build_handoff(placed, catalog).placement.ja.startswith("D：")


def test_workshop_unplaced_participant_is_no_dot_and_is_counted(catalog: Catalog) -> None:
    ws = add_group(new_workshop("w", created=datetime(2025, 5, 1)), "t", "テーブル")
    ws = add_participant(catalog, ws, "t", {"who": "resident", "lead": "together"})
    ws = add_participant(catalog, ws, "t", {"who": "group"})  # identity only: not placed
    pic = picture(catalog, ws.groups[0])
    assert pic.participants == 2 and pic.placed == 1
    assert [d.position for d in pic.dots] == [place(catalog, {"lead": "together"}).position,
                                              None]
    md = export_markdown(ws, catalog)
    assert "位置が決まった人 1／2人、まだ位置は決まっていない人 1人" in md


def test_workshop_nobody_placed_says_which_question(catalog: Catalog) -> None:
    ws = add_group(new_workshop("w", created=datetime(2025, 5, 1)), "t", "テーブル")
    ws = add_participant(catalog, ws, "t", {"who": "group"})
    text = show_text(ws, catalog, "ja")
    assert f"まだ位置は決まっていません。「{LEAD_JA}」への回答があると" in text
    md = export_markdown(ws, catalog, "en")
    assert f'Not placed yet. Answers to "{LEAD_EN}" would place the room.' in md
    assert "0 of 1 placed, 1 not placed yet" in md

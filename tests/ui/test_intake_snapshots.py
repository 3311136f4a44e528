"""SVG snapshots of the intake mode: the records screen and the two-party view.

Fixed ids, times and time zone, so the pictures do not change from run to run.
Review new snapshots by eye before accepting them (``--snapshot-update``): SVG
output can overlap wide (CJK) letters.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from kyodo_tui.core.intake import snapshot
from kyodo_tui.core.storage import Session, Store
from tests.ui.conftest import builtin_catalog
from tests.ui.test_intake import CLICK, intake_app, matcher

NOW = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
NOW_STAMP = "2025-03-14T09:30:00Z"
RECORDS: tuple[tuple[str, str, str, dict[str, Any], str, tuple[str, ...]], ...] = (
    ("20250310-010000-0000000a", "川沿い自治会", "group",
     {"who": "association", "lead": "we-supported", "carry": "each-other",
      "fields": ["environment"], "now_text": "川の清掃"}, "毎月の清掃。草刈りも相談したい",
     ("carry",)),
    ("20250311-020000-0000000b", "まちづくり課", "group",
     {"who": "government", "lead": "municipality-with-us", "carry": "municipality",
      "officer_need": ["hands"], "fields": ["environment"]}, "", ()),
    ("20250312-030000-0000000c", f"Tanaka {CLICK}", "individual",
     {"who": "volunteer", "lead": "together", "fields": ["crime-prevention"]},
     "mimamori patrol [b]not bold[/b]", ()),
)


@pytest.fixture(autouse=True)
def _utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def seed_fixed(data_dir: Path) -> list[Session]:
    store = Store(data_dir, now=lambda: NOW)
    out = []
    for sid, label, kind, answers, notes, marks in RECORDS:
        stamp = f"{sid[:4]}-{sid[4:6]}-{sid[6:8]}T{sid[9:11]}:{sid[11:13]}:{sid[13:15]}Z"
        session = Session(id=sid, created=stamp, updated=stamp, mode="intake", kind=kind,
                          label=label, answers=answers, notes=notes, confirm_later=marks)
        out.append(store.save(snapshot(session, builtin_catalog(), matcher())))
    # a record a newer kyodo_tui saved in the shared database: listed as unreadable
    newer = list(store._row(Session(id="20250101-000000-0000beef", created=NOW_STAMP,
                                    updated=NOW_STAMP, revision=1)))
    newer[2] = 99  # schema_version
    with store.db.transaction():
        store._write(tuple(newer), new=True)
    store.close()
    return out


async def _no_blink(pilot: Pilot[Any]) -> None:
    for text_input in pilot.app.screen.query(Input):
        text_input.cursor_blink = False
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize(("lang", "size"), [("ja", (120, 40)), ("en", (80, 24))],
                         ids=["ja-120x40", "en-80x24"])
def test_records(snap_compare: Any, tmp_path: Path, lang: str, size: tuple[int, int]) -> None:
    seed_fixed(tmp_path)
    app = intake_app(tmp_path, lang=lang)

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        await _no_blink(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_two_party(snap_compare: Any, tmp_path: Path) -> None:
    group, officer, _ = seed_fixed(tmp_path)
    app = intake_app(tmp_path, lang="ja")

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        app.show_pair(officer, group)
        await pilot.pause()
        await _no_blink(pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)

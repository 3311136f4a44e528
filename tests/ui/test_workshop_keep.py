"""Issue 14, workshop: nothing the facilitator does is lost or mixed up.

Keys typed while a dialog opens belong to the dialog; autosave never waits more
than a couple of seconds after the first unsaved change, however many follow.
(Signals: tests/test_signals.py.)"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from textual import events

from kyodo_tui.core.workshop import load_workshop
from kyodo_tui.ui.modes.workshop.dialogs import TextDialog
from kyodo_tui.ui.modes.workshop.tally import WorkshopTallyScreen
from tests.ui.conftest import builtin_catalog
from tests.ui.test_workshop import SIZE, open_first, saved, settle, two_tables, ws_app


def _burst(app: object, keys: str) -> None:
    """Keys as a terminal delivers them: queued at once, nobody waiting between."""
    for ch in keys:
        key = "space" if ch == " " else ch
        app.post_message(events.Key(key, ch))  # type: ignore[attr-defined]


async def test_note_typed_at_once_after_m_goes_to_the_note(tmp_path: Path) -> None:
    catalog = builtin_catalog()
    path = saved(tmp_path, two_tables(catalog))
    app = ws_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        await pilot.press("1", "h")
        await settle(pilot)
        assert isinstance(app.screen, WorkshopTallyScreen)
        qid = app.screen.question.id
        before = app.workshop.group("table-1").tally.get(qid, {})
        _burst(app, "mtel 4444")
        await settle(pilot)
        assert isinstance(app.screen, TextDialog)
        await pilot.press("enter")
        await settle(pilot)
        group = app.workshop.group("table-1")
        assert group.tally.get(qid, {}) == before  # no count took the digits
        assert list(group.notes.get(qid, ())) == ["tel 4444"]
    assert load_workshop(path, catalog).group("table-1").tally.get(qid, {}) == before


async def test_autosave_waits_at_most_two_seconds_while_counting_goes_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Changes keep coming faster than the quiet time: the record is still saved
    once the oldest unsaved change is AUTOSAVE_MAX_WAIT old (here scaled down:
    0.3 s quiet, 0.8 s at most; the defaults are 0.5 s and 2 s, checked with a
    real SIGKILL in tests/test_signals.py)."""
    import asyncio

    import kyodo_tui.ui.modes.workshop.app as workshop_mode

    monkeypatch.setattr(workshop_mode, "AUTOSAVE_QUIET", 0.3)
    monkeypatch.setattr(workshop_mode, "AUTOSAVE_MAX_WAIT", 0.8)
    catalog = builtin_catalog()
    path = saved(tmp_path, two_tables(catalog))
    app = ws_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        await pilot.pause()
        start = time.monotonic()
        n = 0
        saved_at = None
        while time.monotonic() - start < 2.5:
            n += 1
            app.set_count("table-1", "who", "resident", n)  # a change every 0.1 s
            await asyncio.sleep(0.1)
            group = load_workshop(path, catalog).group("table-1")
            if group is not None and group.tally.get("who", {}).get("resident"):
                saved_at = time.monotonic() - start
                break
        assert saved_at is not None, "never saved while the changes kept coming"
        assert saved_at < 2.0


async def test_toml_export_leaves_out_free_text_unless_ticked(tmp_path: Path) -> None:
    from kyodo_tui.core.workshop import add_note, add_participant
    from kyodo_tui.ui.modes.workshop.dialogs import ExportDialog

    catalog = builtin_catalog()
    ws = two_tables(catalog)
    ws = add_note(catalog, ws, "table-1", "lead", "Suzuki-san 090-1234-5678")
    ws = add_participant(catalog, ws, "table-2", {"who": "resident", "lead": "together",
                                                  "goal_text": "my private goal"})
    saved(tmp_path, ws)
    app = ws_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        await pilot.press("x")
        assert isinstance(app.screen, ExportDialog)
        await pilot.click("#write")  # 「自由記述を含める」 unticked (the default)
        await settle(pilot)
        md = (tmp_path / "exports" / "ws-test.md").read_text(encoding="utf-8")
        record = (tmp_path / "exports" / "ws-test.toml").read_text(encoding="utf-8")
        for text in ("090-1234-5678", "my private goal"):
            assert text not in md and text not in record
        exported = load_workshop(tmp_path / "exports" / "ws-test.toml", catalog)
        assert exported.group("table-1").tally == app.workshop.group("table-1").tally
        assert len(exported.group("table-2").participants) == 4

        # ticked: both have it
        for name in ("ws-test.md", "ws-test.toml"):
            (tmp_path / "exports" / name).unlink()
        await pilot.press("x")
        await pilot.click("#notes")
        await pilot.click("#write")
        await settle(pilot)
        md = (tmp_path / "exports" / "ws-test.md").read_text(encoding="utf-8")
        record = (tmp_path / "exports" / "ws-test.toml").read_text(encoding="utf-8")
        assert "090-1234-5678" in md and "090-1234-5678" in record
        assert "my private goal" in record


async def test_rounds_never_show_a_whole_room_adding_them_up(tmp_path: Path) -> None:
    from textual.widgets import Button

    from kyodo_tui.core.workshop import ROOM_ID, add_comparison, add_group, new_workshop, set_count
    from tests.ui.test_workshop import WHEN

    catalog = builtin_catalog()
    ws = new_workshop("rounds", created=WHEN, workshop_id="ws-r")
    ws = add_group(add_group(ws, "before", "話し合いの前"), "after", "話し合いの後")
    ws = add_comparison(ws, "before", "after")
    for gid in ("before", "after"):
        ws = set_count(catalog, ws, gid, "who", "resident", 30)
    saved(tmp_path, ws)
    app = ws_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        names = [b.name for b in app.screen.query(".group-button").results(Button)]
        assert names == ["before", "after"]
        await pilot.press("0")
        await settle(pilot)
        assert app.screen._current() != ROOM_ID  # type: ignore[attr-defined]
        text = "\n".join(str(w.content) for w in app.screen.query("Static"))
        assert "約60人" not in text and "約30人" in text


def test_unknown_hands_show_as_a_share_and_widen_the_spread() -> None:
    """Issue 14: 26 of 30 hands 「分からない」 change what the room sees."""
    from kyodo_tui.core.workshop import add_group, new_workshop, picture, set_count
    from kyodo_tui.ui.widgets.room_picture import stats_text
    from tests.ui.test_workshop import WHEN

    catalog = builtin_catalog()

    def pic(unknown: int):  # type: ignore[no-untyped-def]
        ws = add_group(new_workshop("u", created=WHEN, workshop_id="ws-u"), "t1", "T1")
        ws = set_count(catalog, ws, "t1", "lead", "we-alone", 2)
        ws = set_count(catalog, ws, "t1", "lead", "together", 2)
        if unknown:
            ws = set_count(catalog, ws, "t1", "lead", "unknown", unknown)
        return picture(catalog, ws.group("t1"))

    sure, unsure = pic(0), pic(26)
    assert unsure.unknown_share == 26 / 30
    assert unsure.spread > sure.spread  # same answers, more 「分からない」: wider
    assert "87%" in stats_text(unsure, "ja") and "分からない" in stats_text(unsure, "ja")
    assert "Don't know 87%" in stats_text(unsure, "en")
    assert "分からない" not in stats_text(sure, "ja")


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 50)])
async def test_start_screen_help_never_touches_a_button_border(
        tmp_path: Path, size: tuple[int, int]) -> None:
    from textual.widgets import Button, Label

    from kyodo_tui.ui.modes.workshop.start import ENTRIES

    app = ws_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for button_id, _key in ENTRIES:
            button = app.screen.query_one(f"#{button_id}", Button)
            help_label = app.screen.query_one(f"#{button_id}-help", Label)
            b, h = button.region, help_label.content_region
            # the help's text is on the button's label row (not its border rows) …
            assert b.y < h.y < b.bottom - 1, (b, h)
            # … with a gap after the button's right edge
            assert h.x >= b.right + 1, (b, h)

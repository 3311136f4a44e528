"""Pilot tests of workshop mode: start, hand counts, one by one, compare, save and
reopen, export. The numbers on screen are checked against the workshop core's."""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Input, OptionList, Static

from kyodo_tui.core.model import Catalog
from kyodo_tui.core.text import whole_percentages
from kyodo_tui.core.workshop import (
    ROOM_ID,
    Workshop,
    add_group,
    add_participant,
    compare,
    dumps_workshop,
    export_markdown,
    load_workshop,
    new_workshop,
    picture,
    save_workshop,
    set_count,
)
from kyodo_tui.ui.modes.workshop import PROJECTOR_THEME, WorkshopApp
from kyodo_tui.ui.modes.workshop.compare import WorkshopCompareScreen
from kyodo_tui.ui.modes.workshop.dialogs import ConfirmDialog, ExportDialog, TextDialog
from kyodo_tui.ui.modes.workshop.people import ParticipantDoneScreen, ParticipantHubScreen
from kyodo_tui.ui.modes.workshop.room import PromptsPanel, WorkshopRoomScreen
from kyodo_tui.ui.modes.workshop.start import (
    WorkshopNewScreen,
    WorkshopOpenScreen,
    WorkshopStartScreen,
)
from kyodo_tui.ui.modes.workshop.tally import HandCounter, WorkshopTallyScreen
from kyodo_tui.ui.screens.question import ChoiceList, QuestionScreen
from kyodo_tui.ui.widgets.room_picture import LetterHistogram, RoomPicture
from kyodo_tui.ui.widgets.spectrum import SpectrumWidget
from kyodo_tui.ui.widgets.triad_bar import TriadBar
from tests.ui.conftest import build_app, builtin_catalog

SIZE = (120, 40)
JST = timezone(timedelta(hours=9))
WHEN = datetime(2025, 5, 1, 14, 0, tzinfo=JST)


def ws_app(data_dir: Path, **kwargs: Any) -> WorkshopApp:
    app = build_app(mode="workshop", data_dir=data_dir, **kwargs)
    assert isinstance(app, WorkshopApp)
    return app


async def settle(pilot: Pilot[Any]) -> None:
    """Let workers (pictures, rows) finish and the screen redraw."""
    from textual.worker import WorkerCancelled

    for _ in range(3):
        # a cancelled worker was superseded by a newer picture (exclusive workers): wait for that
        with contextlib.suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def plain(widget: Static) -> str:
    return str(widget.content)


def screen_text(app: WorkshopApp) -> str:
    """Every Static/Label/Button text on the current screen, joined."""
    parts = []
    for widget in app.screen.query(Static):
        parts.append(str(widget.content))
    for button in app.screen.query(Button):
        parts.append(str(button.label))
    return "\n".join(parts)


def two_tables(catalog: Catalog, title: str = "みらいまちづくり会議") -> Workshop:
    """Table 1 by show of hands, table 2 by three people one by one."""
    ws = new_workshop(title, created=WHEN, workshop_id="ws-test")
    ws = add_group(ws, "table-1", "テーブル1")
    ws = add_group(ws, "table-2", "テーブル2")
    for cid, n in (("we-alone", 4), ("together", 2), ("municipality-alone", 1)):
        ws = set_count(catalog, ws, "table-1", "lead", cid, n)
    for cid, n in (("myself", 3), ("each-other", 2), ("municipality", 2)):
        ws = set_count(catalog, ws, "table-1", "carry", cid, n)
    for lead, carry in (("together", "each-other"), ("municipality-with-us", "new-public"),
                        ("municipality-alone", "municipality")):
        ws = add_participant(catalog, ws, "table-2",
                             {"who": "resident", "lead": lead, "carry": carry})
    return ws


def saved(data_dir: Path, workshop: Workshop) -> Path:
    folder = data_dir / "workshops"
    folder.mkdir(parents=True, exist_ok=True)
    return save_workshop(workshop, folder / f"{workshop.id}.toml")


async def open_first(pilot: Pilot[Any]) -> None:
    """From the start screen: open the first saved workshop."""
    await pilot.press("2")
    await settle(pilot)
    assert isinstance(pilot.app.screen, WorkshopOpenScreen)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, WorkshopRoomScreen)


def assert_picture_matches(rp: RoomPicture, catalog: Catalog, group: Any, lang: str) -> None:
    """What the room picture shows is the core's picture of ``group``."""
    pic = picture(catalog, group)
    stats = plain(rp.query_one("#rp-stats", Static))
    assert pic.centre is not None and pic.letter is not None
    assert f"{pic.centre:.2f}" in stats
    assert f"{pic.spread or 0.0:.2f}" in stats
    assert f" {pic.letter} " in stats
    spectrum = rp.query_one("#rp-spectrum", SpectrumWidget)
    assert spectrum.position == pytest.approx(pic.centre)
    assert spectrum.spread == pytest.approx(pic.spread)
    hist = rp.query_one("#rp-hist", LetterHistogram)
    assert [numbers.split()[0] for _, numbers in hist.row_texts(lang)] == \
        [f"{p}%" for p in whole_percentages(pic.shares)]
    bar = rp.query_one("#rp-triad", TriadBar)
    if pic.triad is None:  # the triad comes from reach/carry; lead hands do not set it
        assert not bar.placed
    else:
        assert bar.shares == pytest.approx(pic.triad)


# ---------------------------------------------------------------- start


async def test_make_app_builds_the_workshop_app(tmp_path: Path) -> None:
    app = ws_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, WorkshopStartScreen)
        assert app.theme == PROJECTOR_THEME
        assert app.title == "協働ワークショップ"
        await pilot.press("f2")
        assert app.title == "Kyodo workshop"
        assert "New workshop" in str(app.screen.query_one("#ws-new", Button).label)


async def test_new_workshop_with_before_and_after(tmp_path: Path) -> None:
    app = ws_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        assert isinstance(app.screen, WorkshopNewScreen)
        await pilot.click("#split-rounds")
        await pilot.click("#new-create")
        await settle(pilot)
        assert isinstance(app.screen, WorkshopRoomScreen)
        assert app.workshop is not None
        assert [g.id for g in app.workshop.groups] == ["before", "after"]
        assert [g.label for g in app.workshop.groups] == ["話し合いの前", "話し合いの後"]
        assert app.workshop.comparisons == (("before", "after"),)
        assert app.workshop.title.startswith("ワークショップ ")
        # the new record is saved at once, in the data dir's workshops folder
        assert app.workshop_path == tmp_path / "workshops" / f"{app.workshop.id}.toml"
        assert app.workshop_path.exists()


async def test_bad_table_count_is_explained(tmp_path: Path) -> None:
    app = ws_app(tmp_path, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        app.screen.query_one("#new-count", Input).value = "0"
        await pilot.click("#new-create")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopNewScreen)
        assert "1 to 20" in str(app.screen.query_one("#new-problem").render())


# ---------------------------------------------------------------- hands


async def test_hand_counts_update_the_room_picture(tmp_path: Path) -> None:
    catalog = builtin_catalog()
    app = ws_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        await pilot.press(*"town")
        await pilot.press("enter")  # two tables
        await settle(pilot)
        assert isinstance(app.screen, WorkshopRoomScreen)
        assert [g.label for g in app.workshop.groups] == ["テーブル1", "テーブル2"]
        await pilot.press("h")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WorkshopTallyScreen)
        # go to the "lead" question
        while screen.question is not None and screen.question.id != "lead":
            await pilot.press("n")
            await settle(pilot)
        assert isinstance(app.focused, HandCounter)
        assert app.focused.choice_id == "we-alone"
        await pilot.press("1", "2")            # typed: 12
        await pilot.press("down", "+", "+", "+")  # we-supported: 3
        await pilot.press("down", "down", "4", "-")  # municipality-with-us: 3
        await settle(pilot)
        group = app.workshop.group("table-1")
        assert group is not None
        assert dict(group.tally["lead"]) == {"we-alone": 12, "we-supported": 3,
                                             "municipality-with-us": 3}
        counters = {c.choice_id: c for c in screen.counters()}
        assert counters["we-alone"].value == 12
        assert "合計 18票" in plain(screen.query_one("#tally-total", Static))
        rp = screen.query_one("#tally-picture", RoomPicture)
        assert_picture_matches(rp, catalog, group, "ja")
        # the buttons count too
        plus = counters["together"].query_one(".hc-plus", Button)
        await pilot.click(plus)
        await settle(pilot)
        group = app.workshop.group("table-1")
        assert group is not None and group.tally["lead"]["together"] == 1
        assert_picture_matches(rp, catalog, group, "ja")
        # undo takes the click back
        await pilot.press("u")
        await settle(pilot)
        group = app.workshop.group("table-1")
        assert group is not None and "together" not in group.tally["lead"]
        # back in the room, the same numbers
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, WorkshopRoomScreen)
        rp = app.screen.query_one("#room-picture", RoomPicture)
        assert_picture_matches(rp, catalog, group, "ja")


async def test_keys_typed_in_a_burst_land_on_the_right_row(tmp_path: Path) -> None:
    """A fast typist (or a paste): every key queued before any is handled."""
    from textual import events

    saved(tmp_path, two_tables(builtin_catalog()))
    app = ws_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        await pilot.press("1", "h")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WorkshopTallyScreen)
        burst = [("n", "n"), ("5", "5"), ("down", None), ("3", "3"), ("down", None),
                 ("down", None), ("plus", "+"), ("p", "p"), ("down", None), ("2", "2")]
        for key, char in burst:
            app.post_message(events.Key(key, char))
        await settle(pilot)
        group = app.workshop.group("table-1")
        assert group is not None
        # question 2 (group_size): few 5, some 3, and one more on the fourth row (分からない);
        # then back to "who": volunteer 2
        questions = screen.questions
        assert questions[1].id == "group_size"
        assert dict(group.tally["group_size"]) == {"few": 5, "some": 3, "unknown": 1}
        assert dict(group.tally["who"]) == {"volunteer": 2}
        assert screen.question is not None and screen.question.id == "who"


async def test_whole_room_shows_each_table_and_english(tmp_path: Path) -> None:
    catalog = builtin_catalog()
    saved(tmp_path, two_tables(catalog))
    app = ws_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        await pilot.press("0")
        await settle(pilot)
        rp = app.screen.query_one("#room-picture", RoomPicture)
        from kyodo_tui.core.workshop import room

        workshop = app.workshop
        assert workshop is not None
        assert_picture_matches(rp, catalog, room(workshop, "ja"), "ja")
        strip = rp.query_one("#rp-groups")
        assert strip.display
        assert [row[0] for row in strip.rows] == ["テーブル1", "テーブル2"]  # type: ignore[attr-defined]
        assert rp.query_one("#rp-dots").display  # the three people are dots
        # on the triad, each table is a dot
        from kyodo_tui.ui.widgets.room_picture import TriadDots

        triad_dots = rp.query_one("#rp-triad-dots", TriadDots)
        assert triad_dots.display
        assert list(triad_dots.points) == [picture(catalog, g).triad for g in workshop.groups]
        # counting needs a table
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, WorkshopRoomScreen)
        await pilot.press("f2")
        await settle(pilot)
        assert "Centre" in plain(rp.query_one("#rp-stats", Static))
        assert_picture_matches(rp, catalog, room(workshop, "en"), "en")
        prompts = app.screen.query_one("#room-prompts", PromptsPanel)
        assert "Principles at stake" in plain(prompts.query_one("#pp-principles-heading",
                                                                Static))


# ---------------------------------------------------------------- one by one


async def answer_all(pilot: Pilot[Any], text: str) -> None:
    """Answer every question: the first choice, ``text`` in text questions."""
    app = pilot.app
    for _ in range(40):
        if isinstance(app.screen, ParticipantDoneScreen):
            return
        screen = app.screen
        assert isinstance(screen, QuestionScreen), type(screen)
        if screen.question.kind == "text":
            await pilot.press(*text)
            await pilot.press("enter")
        else:
            if not screen._chosen():
                await pilot.press("1")
            await pilot.press("right")
        await pilot.pause()
    raise AssertionError("never reached the end of the questions")


async def test_people_answer_one_after_another_anonymously(tmp_path: Path) -> None:
    catalog = builtin_catalog()
    saved(tmp_path, two_tables(catalog))
    app = ws_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        await pilot.press("2", "a")  # table 2, one by one
        await settle(pilot)
        assert isinstance(app.screen, ParticipantHubScreen)
        assert "3人" in plain(app.screen.query_one("#people-count", Static))

        # the first person
        await pilot.press("enter")
        assert isinstance(app.screen, QuestionScreen)
        choices = app.screen.query_one("#choices", ChoiceList)
        assert choices.option_count == 6  # everyone in a room: residents to staff
        await answer_all(pilot, "kawa")
        assert "kawa" not in screen_text(app)  # the done screen shows no answer
        first = dict(app.answers)
        assert first["who"] == "resident"
        await pilot.press("enter")  # record
        await settle(pilot)
        assert isinstance(app.screen, ParticipantHubScreen)
        assert not app.answers and not app.picked
        assert not any(isinstance(s, (QuestionScreen, ParticipantDoneScreen))
                       for s in app.screen_stack)
        group = app.workshop.group("table-2")
        assert group is not None and len(group.participants) == 4
        assert group.participants[-1]["who"] == "resident"
        assert group.participants[-1]["now_text"] == "kawa"
        assert "4人" in plain(app.screen.query_one("#people-count", Static))

        # the next person sees nothing of the first
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        assert screen._chosen() == []
        choices = screen.query_one("#choices", ChoiceList)
        prompts = [str(choices.get_option_at_index(i).prompt)
                   for i in range(choices.option_count)]
        assert not any("(*)" in p for p in prompts)
        await pilot.press("3", "right")  # an association member
        while isinstance(app.screen, QuestionScreen) and app.screen.question.kind != "text":
            if not app.screen._chosen():
                await pilot.press("1")
            await pilot.press("right")
            await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert app.screen.query_one("#text-answer", Input).value == ""
        # they change their mind: discard at the end
        await answer_all(pilot, "")
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ParticipantHubScreen)
        assert not app.answers
        group = app.workshop.group("table-2")
        assert group is not None and len(group.participants) == 4

        # and one person's mistaken answers can be taken back
        await pilot.press("u")
        await settle(pilot)
        group = app.workshop.group("table-2")
        assert group is not None and len(group.participants) == 3
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, WorkshopRoomScreen)
        assert app.participant_group is None


async def test_leaving_mid_way_clears_the_answers(tmp_path: Path) -> None:
    saved(tmp_path, two_tables(builtin_catalog()))
    app = ws_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        await pilot.press("1", "a")
        await settle(pilot)
        await pilot.press("enter", "2", "right")
        assert app.answers.get("who") == "volunteer"
        for _ in range(2):
            await pilot.press("escape")
            await pilot.pause()
        assert isinstance(app.screen, ParticipantHubScreen)
        assert app.answers == {}
        group = app.workshop.group("table-1")
        assert group is not None and group.participants == ()


# ---------------------------------------------------------------- compare


async def test_compare_two_tables(tmp_path: Path) -> None:
    catalog = builtin_catalog()
    workshop = two_tables(catalog)
    workshop = add_group(workshop, "table-3", "テーブル3")
    saved(tmp_path, workshop)
    app = ws_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        await pilot.press("c")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WorkshopCompareScreen)
        assert screen.pair == ["table-1", "table-2"]
        expected = compare(picture(catalog, workshop.groups[0]),
                           picture(catalog, workshop.groups[1]))
        assert plain(screen.query_one("#compare-summary", Static)) == \
            expected.summary.text("ja")
        left = screen.query_one("#compare-a", RoomPicture)
        right = screen.query_one("#compare-b", RoomPicture)
        assert_picture_matches(left, catalog, workshop.groups[0], "ja")
        assert_picture_matches(right, catalog, workshop.groups[1], "ja")
        letters = plain(screen.query_one("#compare-letters", Static))
        for pct in whole_percentages(expected.b.shares):
            assert f"{pct}%" in letters
        # no names: only the tables' labels and numbers
        assert "resident" not in screen_text(app)
        # b cycles the right side (never onto the left one)
        await pilot.press("b")
        await settle(pilot)
        assert screen.pair == ["table-1", "table-3"]
        await pilot.press("b")
        await settle(pilot)
        assert screen.pair == ["table-1", "table-2"]
        await pilot.press("k")
        await settle(pilot)
        assert app.workshop.comparisons == (("table-1", "table-2"),)


# ---------------------------------------------------------------- files


async def test_save_and_reopen_round_trip(tmp_path: Path) -> None:
    catalog = builtin_catalog()
    app = ws_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        await pilot.press(*"[b]kai[/b]")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        await pilot.press("3", "down", "2")  # who: resident 3, volunteer 2
        await settle(pilot)
        await pilot.press("m")  # a note on the question
        assert isinstance(app.screen, TextDialog)
        await pilot.press(*"hello")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("r", "g")  # add a table
        assert isinstance(app.screen, TextDialog)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        before = app.workshop
        path = app.workshop_path
        assert before is not None and path is not None and not app.dirty
        assert [g.label for g in before.groups] == ["テーブル1", "テーブル2", "テーブル3"]
        assert before.title == "[b]kai[/b]"
        # the title is shown literally
        assert str(app.screen.query_one("#header-bar #title").render()) == "[b]kai[/b]"
    assert dumps_workshop(load_workshop(path, catalog)) == dumps_workshop(before)

    app = ws_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settle(pilot)
        options = app.screen.query_one("#open-list", OptionList)
        assert options.option_count == 1
        assert "[b]kai[/b]" in str(options.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WorkshopRoomScreen)
        assert app.workshop is not None
        assert dumps_workshop(app.workshop) == dumps_workshop(before)
        group = app.workshop.group("table-1")
        assert group is not None
        assert dict(group.tally["who"]) == {"resident": 3, "volunteer": 2}
        assert group.notes == {"who": ("hello",)}
        # saving the reopened record goes back to its own file
        await pilot.press("1", "h")
        await settle(pilot)
        await pilot.press("+")
        await settle(pilot)
        await pilot.press("r", "s")
        await settle(pilot)
        assert app.workshop_path == path
        assert load_workshop(path, catalog).group("table-1").tally["who"]["resident"] == 4  # type: ignore[union-attr]


async def test_a_broken_record_is_listed_with_its_line(tmp_path: Path) -> None:
    folder = tmp_path / "workshops"
    folder.mkdir()
    (folder / "bad.toml").write_text('schema_version = 1\nid = "x"\ntitle = 3\n',
                                     encoding="utf-8")
    app = ws_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settle(pilot)
        options = app.screen.query_one("#open-list", OptionList)
        text = str(options.get_option_at_index(0).prompt)
        assert "bad.toml" in text and "読めません" in text
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WorkshopOpenScreen)


async def test_export_writes_the_markdown_and_never_overwrites_unasked(
        tmp_path: Path) -> None:
    catalog = builtin_catalog()
    saved(tmp_path, two_tables(catalog))
    app = ws_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        await pilot.press("x")
        assert isinstance(app.screen, ExportDialog)
        await pilot.click("#write")
        await settle(pilot)
        md = tmp_path / "exports" / "ws-test.md"
        record = tmp_path / "exports" / "ws-test.toml"
        workshop = app.workshop
        assert workshop is not None
        assert md.read_text(encoding="utf-8") == export_markdown(workshop, catalog, "ja")
        assert "```text" in md.read_text(encoding="utf-8")  # the pictures as text
        assert dumps_workshop(load_workshop(record, catalog)) == dumps_workshop(workshop)

        # again: both exist, so it asks; keeping them writes nothing
        md.write_text("mine", encoding="utf-8")
        await pilot.press("x")
        await pilot.click("#write")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert md.read_text(encoding="utf-8") == "mine"

        # agreeing replaces them, in English this time
        await pilot.press("f2")
        await pilot.press("x")
        await pilot.click("#write")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.click("#yes")
        await settle(pilot)
        assert md.read_text(encoding="utf-8") == export_markdown(workshop, catalog, "en")


async def test_quit_saves_the_record(tmp_path: Path) -> None:
    catalog = builtin_catalog()
    path = saved(tmp_path, two_tables(catalog))
    app = ws_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        await pilot.press("1", "h")
        await settle(pilot)
        await pilot.press("+")
        await pilot.press("ctrl+q")
        await pilot.pause()
    group = load_workshop(path, catalog).group("table-1")
    assert group is not None and group.tally["who"]["resident"] == 1


async def test_changes_are_saved_on_their_own_a_moment_later(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kyodo_tui.ui.modes.workshop.app as workshop_mode

    monkeypatch.setattr(workshop_mode, "AUTOSAVE_QUIET", 0.05)
    catalog = builtin_catalog()
    path = saved(tmp_path, two_tables(catalog))
    app = ws_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        await pilot.press("1", "h")
        await settle(pilot)
        await pilot.press("7")
        await pilot.pause(0.3)
        assert not app.dirty
        group = load_workshop(path, catalog).group("table-1")
        assert group is not None and group.tally["who"]["resident"] == 7


async def test_user_text_is_shown_literally(tmp_path: Path) -> None:
    catalog = builtin_catalog()
    workshop = new_workshop("[red]title[/red]", created=WHEN, workshop_id="ws-markup")
    workshop = add_group(workshop, "t1", "[b]table[/b]")
    workshop = add_group(workshop, "t2", "[i]two[/i]")
    workshop = add_participant(catalog, workshop, "t1", {"who": "resident", "lead": "together"})
    saved(tmp_path, workshop)
    app = ws_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        labels = [str(b.label) for b in app.screen.query(".group-button").results(Button)]
        assert "1 [b]table[/b]" in labels and "2 [i]two[/i]" in labels
        rp = app.screen.query_one("#room-picture", RoomPicture)
        assert "[b]table[/b]" in plain(rp.query_one("#rp-caption", Static))
        await pilot.press("0")
        await settle(pilot)
        assert [row[0] for row in rp.query_one("#rp-groups").rows] == [  # type: ignore[attr-defined]
            "[b]table[/b]", "[i]two[/i]"]
        await pilot.press("c")
        await settle(pilot)
        assert "[b]table[/b]" in plain(app.screen.query_one("#compare-summary", Static))


def test_room_view_is_the_core_picture(tmp_path: Path) -> None:
    from kyodo_tui.core.workshop import prompts, room

    catalog = builtin_catalog()
    app = ws_app(tmp_path)
    workshop = two_tables(catalog)
    app._set_workshop(workshop, path=None, owns=False)
    view = app.room_view(ROOM_ID)
    whole = picture(catalog, room(workshop, "ja"))
    assert [g.label for g in view.groups] == ["テーブル1", "テーブル2"]
    assert view.picture.centre == whole.centre
    assert view.picture.shares == whole.shares
    assert view.prompts.texts == prompts(catalog, whole).texts
    assert app.room_view(ROOM_ID) is view  # cached until the workshop changes
    app.set_count("table-1", "lead", "together", 9)
    assert app.room_view(ROOM_ID) is not view

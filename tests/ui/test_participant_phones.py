"""Workshop answers from phones, in the Pilot: the participant app at phone width
(40 columns) sends an anonymous answer set to the inbox; the facilitator's app
takes it from the inbox into the room picture. The inbox itself is tested in
tests/test_workshop_inbox.py; the same flow in a real browser in
tests/browser/test_workshop_phones.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Button

from kyodo_tui.core.workshop import ROOM_ID
from kyodo_tui.core.workshop.inbox import INBOX_ENV, URL_ENV, open_inbox
from kyodo_tui.ui.modes.participant.app import (
    ParticipantApp,
    ParticipantReviewScreen,
    ParticipantSentScreen,
    ParticipantStartScreen,
)
from kyodo_tui.ui.modes.workshop.app import WorkshopApp
from kyodo_tui.ui.modes.workshop.phones import PHONES_GROUP, PhoneJoinPanel
from kyodo_tui.ui.modes.workshop.room import WorkshopRoomScreen
from kyodo_tui.ui.screens.question import QuestionScreen
from tests.ui.conftest import build_app

PHONE = (40, 30)
CODE = "test-inbox-1"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv(INBOX_ENV, CODE)
    monkeypatch.setenv(URL_ENV, "http://192.0.2.10:8001/")
    return folder


async def answer_everything(pilot: Pilot[Any], app: ParticipantApp) -> int:
    """First choice everywhere (a short text in text questions); the screens seen."""
    for seen in range(40):
        await pilot.pause()
        screen = app.screen
        if isinstance(screen, ParticipantReviewScreen):
            return seen
        assert isinstance(screen, QuestionScreen)
        # the whole bottom row fits a phone: "next" can be tapped
        for button in screen.query("#nav Button").results(Button):
            if button.display:
                assert button.region.right <= PHONE[0], (screen.qid, button.id, button.region)
        if screen.question.kind == "text":
            await pilot.press(*"seisou", "enter")
        else:
            await pilot.click("#choices", offset=(6, 1))  # tap the first choice
            await pilot.click("#nav-next")
    raise AssertionError("never reached the review")


async def test_phone_sends_anonymous_answers_and_forgets_them(data_dir: Path) -> None:
    app = build_app(mode="participant", data_dir=data_dir)
    assert isinstance(app, ParticipantApp)
    async with app.run_test(size=PHONE) as pilot:
        assert isinstance(app.screen, ParticipantStartScreen)
        await pilot.click("#participant-go")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        # everybody in a room answers: association and municipal choices too
        assert app.allowed_choice_ids(app.screen.question) is None
        seen = await answer_everything(pilot, app)
        assert seen >= 10
        await pilot.click("#nav-results")  # 送る
        await pilot.pause()
        assert isinstance(app.screen, ParticipantSentScreen)
        assert app.screen.letter in tuple("ABCDE")
        assert app.answers == {}  # nothing of this person stays in the process
        await pilot.click("#participant-again")
        await pilot.pause()
        assert isinstance(app.screen, ParticipantStartScreen)
    arrivals = open_inbox(CODE, data_dir).since(0)
    assert len(arrivals) == 1
    answers = arrivals[0].answers
    assert answers["who"] == "resident" and answers["now_text"] == "seisou"
    assert not {"name", "contact", "email", "phone"} & set(answers)


async def test_facilitator_room_takes_phone_answers(data_dir: Path) -> None:
    inbox = open_inbox(CODE, data_dir)
    early = inbox.post({"who": "resident", "lead": "we-alone", "carry": "myself"})
    app = build_app(mode="workshop", data_dir=data_dir)
    assert isinstance(app, WorkshopApp) and app.phone_link is not None
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("1")
        await pilot.pause()
        await pilot.press(*"town", "enter")
        await pilot.pause()
        assert isinstance(app.screen, WorkshopRoomScreen)
        panel = app.screen.query_one(PhoneJoinPanel)
        assert "http://192.0.2.10:8001/" in str(panel.render())
        # the answer that waited, then one that arrives now: both within seconds
        inbox.post({"who": "government", "lead": "municipality-alone",
                    "carry": "municipality"})
        for _ in range(60):
            await pilot.pause(0.1)
            if app.phone_link.count == 2:
                break
        assert app.phone_link.count == 2
        assert app.phone_link.last > early
        group = app.workshop.group(app.view_group)  # the group on screen
        assert group is not None and len(group.participants) == 2
        assert "2 人が答えました" in str(panel.render())

        # the whole room on screen: phones get a group of their own
        app.view_group = ROOM_ID
        inbox.post({"who": "resident", "lead": "together", "carry": "each-other"})
        for _ in range(60):
            await pilot.pause(0.1)
            if app.phone_link.count == 3:
                break
        phones = app.workshop.group(PHONES_GROUP)
        assert phones is not None and len(phones.participants) == 1
        # a bad answer set (another catalog's ids) is left out, not a crash
        inbox.post({"who": "no-such-choice"})
        await pilot.pause(2.5)
        assert app.phone_link.count == 3


async def test_without_the_environment_nothing_changes(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(INBOX_ENV, raising=False)
    monkeypatch.delenv(URL_ENV, raising=False)
    app = build_app(mode="workshop", data_dir=tmp_path)
    assert isinstance(app, WorkshopApp) and app.phone_link is None

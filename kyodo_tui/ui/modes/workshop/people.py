"""People answering one after another, anonymously, at one keyboard.

The hub says how many have answered for the group and starts the next person on
the standard question flow (:class:`~kyodo_tui.ui.screens.question.QuestionScreen`).
At the end of the questions the app shows :class:`ParticipantDoneScreen`: record
the answers (appended to the group by the core, without a name) or discard them.
Either way the answers are cleared and the question screens closed before the
hub comes back, so nothing of one person is on screen for the next.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup, Vertical, VerticalGroup, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Label, Static

from kyodo_tui.core.langs import is_japanese
from kyodo_tui.ui.modes.workshop.base import WorkshopScreen


class ParticipantHubScreen(WorkshopScreen):
    """"Next person, please": the count so far and a big start button."""

    TITLE_KEY = "people.title"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "start", "people.next", show=False),
        Binding("u", "remove_last", "people.undo_last"),
        Binding("r", "room", "people.room"),
    ]

    def __init__(self, group_id: str) -> None:
        super().__init__()
        self.group_id = group_id

    def title_text(self) -> str:
        sep = "：" if is_japanese(self.lang) else ": "
        return self.t("people.title") + sep + self.wapp.group_label(self.group_id)

    def compose_body(self) -> ComposeResult:
        with Vertical(id="people-body"):
            with VerticalScroll(classes="page ws-page"), VerticalGroup(classes="column"):
                yield Static("", id="people-heading", classes="ws-big-heading")
                yield Static("", id="people-count", classes="ws-count")
                yield Button("", id="people-start", variant="primary",
                             classes="ws-big-button")
                yield Static("", id="people-privacy", classes="hint")
            with HorizontalGroup(id="nav"):
                yield Button("", id="people-room")
                yield Label("", classes="spacer")
                yield Button("", id="people-undo")

    def on_mount(self) -> None:
        self.query_one("#people-start", Button).focus()

    def on_screen_resume(self) -> None:
        # whoever was answering is gone: nothing of theirs stays in the app
        self.wapp.participant_group = self.group_id
        self.wapp.clear_participant()
        self.query_one("#people-start", Button).focus()

    def watch_lang(self, lang: str) -> None:
        self.query_one("#people-start", Button).label = Content(
            "Enter  " + self.t("people.next") + " >")
        self.label_button("people-room", "r", "people.room")
        self.query_one("#people-room", Button).label = Content(
            "r < " + self.t("people.room"))
        self.label_button("people-undo", "u", "people.undo_last")
        self.query_one("#people-privacy", Static).update(Content(self.t("people.privacy")))
        self.on_workshop_change()

    def on_workshop_change(self) -> None:
        group = self.workshop.group(self.group_id)
        n = len(group.participants) if group else 0
        self.query_one("#people-heading", Static).update(
            Content(self.t("people.heading", group=self.wapp.group_label(self.group_id))))
        self.query_one("#people-count", Static).update(Content(self.t("people.count", n=n)))
        self.query_one("#people-undo", Button).disabled = n == 0

    def action_start(self) -> None:
        self.wapp.participant_group = self.group_id
        self.wapp.begin_participant()

    def action_remove_last(self) -> None:
        removed = self.wapp.remove_last_participant(self.group_id)
        self.notify(self.t("people.removed" if removed else "people.none_to_remove"),
                    markup=False)

    def action_room(self) -> None:
        self.wapp.participant_group = None
        self.wapp.clear_participant()
        self.wapp.show_room()

    def action_back(self) -> None:
        self.action_room()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {"people-start": self.action_start, "people-room": self.action_room,
                   "people-undo": self.action_remove_last}
        if event.button.id in actions:
            event.stop()
            actions[event.button.id]()


class ParticipantDoneScreen(WorkshopScreen):
    """The end of one person's questions: record anonymously, change, or discard.

    Shows how many questions were answered, never the answers or a placement:
    the screen faces the room.
    """

    TITLE_KEY = "done.title"
    HEADER_BACK = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "record", "done.record", show=False),
        Binding("x", "discard", "done.discard"),
    ]

    def __init__(self, group_id: str) -> None:
        super().__init__()
        self.group_id = group_id

    def compose_body(self) -> ComposeResult:
        with Vertical(id="done-body"):
            with VerticalScroll(classes="page ws-page"), VerticalGroup(classes="column"):
                yield Static("", id="done-heading", classes="ws-big-heading")
                yield Static("", id="done-answered", classes="ws-count")
                yield Button("", id="done-record", variant="primary", classes="ws-big-button")
            with HorizontalGroup(id="nav"):
                yield Button("", id="done-fix")
                yield Label("", classes="spacer")
                yield Button("", id="done-discard", variant="warning")

    def on_mount(self) -> None:
        self.query_one("#done-record", Button).focus()

    def _answered(self) -> int:
        return len(self.wapp.answers)

    def watch_lang(self, lang: str) -> None:
        self.query_one("#done-heading", Static).update(Content(self.t("done.heading")))
        self.query_one("#done-answered", Static).update(
            Content(self.t("done.answered", n=self._answered())))
        self.query_one("#done-record", Button).label = Content(
            "Enter  " + self.t("done.record") + " >")
        self.query_one("#done-fix", Button).label = Content("Esc < " + self.t("done.fix"))
        self.label_button("done-discard", "x", "done.discard")

    def _back_to_hub(self) -> None:
        for screen in self.app.screen_stack:
            if isinstance(screen, ParticipantHubScreen) and screen.group_id == self.group_id:
                self.wapp._pop_to(screen)
                return
        self.wapp.show_room()

    def action_record(self) -> None:
        from kyodo_tui.core.errors import KyodoInputError
        from kyodo_tui.ui.modes.workshop.common import problem_text

        if not self.wapp.answers:
            self.notify(self.t("done.empty"), markup=False)
            return
        try:
            n = self.wapp.record_participant()
        except KyodoInputError as exc:
            self.notify(problem_text(exc), severity="error", markup=False)
            return
        self.wapp.autosave()
        self._back_to_hub()
        self.notify(self.t("done.recorded", n=n), markup=False)

    def action_discard(self) -> None:
        self.wapp.clear_participant()
        self._back_to_hub()
        self.notify(self.t("done.discarded"), markup=False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {"done-record": self.action_record, "done-fix": self.action_back,
                   "done-discard": self.action_discard}
        if event.button.id in actions:
            event.stop()
            actions[event.button.id]()

"""A question in intake mode: the standard question screen plus an intake bar.

F4 (or the 「後で確認」 button) marks the question to confirm later: apart from
skipping it, and whether or not it is answered. F6 opens notes and contact.
Typed text is committed (and so kept in the draft) a moment after typing stops.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.timer import Timer
from textual.widgets import Button, Input

from kyodo_tui.ui.modes.intake.common import IntakeBar, IntakeScreenMixin
from kyodo_tui.ui.screens.question import QuestionScreen

#: seconds after the last keystroke before a typed answer is committed to the draft
TEXT_COMMIT_DELAY = 0.8


class IntakeQuestionScreen(IntakeScreenMixin, QuestionScreen):
    """One question, answered by a coordinator on someone's behalf."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f4", "toggle_later", "bar.later", key_display="F4"),
        Binding("f6", "details", "bar.details", key_display="F6"),
        Binding("ctrl+s", "save", "bar.save", key_display="^S", show=False),
    ]

    def __init__(self, qid: str, return_to: str | None = None) -> None:
        super().__init__(qid, return_to=return_to)
        self._commit_timer: Timer | None = None
        self._shown_title = ""

    def compose_body(self) -> ComposeResult:
        yield from super().compose_body()
        yield IntakeBar([("bar-later", "F4"), ("bar-details", "F6")])

    def on_mount(self) -> None:
        self.watch(self.app, "session_version", self._session_changed, init=False)
        self.intake.note_position(self.qid)

    def on_screen_resume(self) -> None:
        self.intake.note_position(self.qid)
        self._render_bar()
        self.refresh_title()

    def _session_changed(self, _version: int) -> None:
        # screens further down the stack catch up when they are resumed: re-rendering
        # every stacked question (and its footer) on each keystroke is slow
        if self.is_current:
            self._render_bar()
            if self.title_text() != self._shown_title:
                self.refresh_title()

    def refresh_title(self) -> None:
        self._shown_title = self.title_text()
        super().refresh_title()

    def title_text(self) -> str:
        return self.intake.intake_title()

    def watch_lang(self, lang: str) -> None:
        super().watch_lang(lang)
        self._render_bar()

    def _render_bar(self) -> None:
        if not self.is_mounted:
            return
        bar = self.query_one(IntakeBar)
        marked = self.intake.is_marked(self.qid)
        bar.set_label("bar-later", self.it("bar.later.on" if marked else "bar.later.off"))
        bar.query_one("#bar-later", Button).set_class(marked, "-on")
        bar.set_label("bar-details", self.it("bar.details"))
        bar.set_status(self.intake.status_text())

    # ------------------------------------------------------------ actions
    def action_toggle_later(self) -> None:
        self._commit_text()
        self.intake.toggle_confirm_later(self.qid)

    def action_details(self) -> None:
        self._commit_text()
        self.intake.show_details()

    def action_save(self) -> None:
        self._commit_text()
        self.intake.request_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "bar-later":
            event.stop()
            self.action_toggle_later()
        elif event.button.id == "bar-details":
            event.stop()
            self.action_details()

    # ------------------------------------------------------------ drafts of typed text
    @on(Input.Changed, "#text-answer")
    def _typed(self, event: Input.Changed) -> None:
        if self._commit_timer is not None:
            self._commit_timer.stop()
        self._commit_timer = self.set_timer(TEXT_COMMIT_DELAY, self._commit_text)

    def on_unmount(self) -> None:
        if self._commit_timer is not None:
            self._commit_timer.stop()

"""Results in intake mode: the standard results plus the intake bar.

^S 「保存する」 asks for the person's agreement (a dialog in plain words) and then
saves through core storage; F6 notes and contact; F7 the hand-off summary; F8
lets the other party answer next (two-party view); F9 compares with the previous
record after a re-assessment (how the placement moved).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Button

from kyodo_tui.ui.modes.intake.common import IntakeBar, IntakeScreenMixin
from kyodo_tui.ui.screens.results import ResultsScreen


class IntakeResultsScreen(IntakeScreenMixin, ResultsScreen):
    """The results with save / notes / hand-off / other party / movement."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "bar.save", key_display="^S"),
        Binding("f6", "details", "bar.details", key_display="F6", show=False),
        Binding("f7", "handoff", "bar.handoff", key_display="F7"),
        Binding("f8", "second", "bar.second", key_display="F8", show=False),
        Binding("f9", "movement", "bar.movement", key_display="F9", show=False),
    ]

    def compose_body(self) -> ComposeResult:
        yield from super().compose_body()
        yield IntakeBar([("bar-save", "^S"), ("bar-details", "F6"), ("bar-handoff", "F7"),
                         ("bar-second", "F8"), ("bar-movement", "F9")])

    def on_mount(self) -> None:
        self.watch(self.app, "session_version", self._session_changed, init=False)

    def _session_changed(self, _version: int) -> None:
        if self.is_current:  # otherwise on resume
            self._render_bar()

    def on_screen_resume(self) -> None:
        self._render_bar()

    def watch_lang(self, lang: str) -> None:
        super().watch_lang(lang)
        self._render_bar()

    def _render_bar(self) -> None:
        if not self.is_mounted:
            return
        app = self.intake
        bar = self.query_one(IntakeBar)
        for button_id, key in (("bar-save", "bar.save"), ("bar-details", "bar.details"),
                               ("bar-handoff", "bar.handoff"), ("bar-second", "bar.second")):
            bar.set_label(button_id, self.it(key))
        move = app.movement_now()
        movement = bar.query_one("#bar-movement", Button)
        movement.display = move is not None
        if move is not None:
            bar.set_label("bar-movement", self.it("movement.line", move=move.get(self.lang)))
        bar.query_one("#bar-second", Button).display = app.can_start_second_party()
        bar.set_status(app.status_text(marks=False))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "second":
            return self.intake.can_start_second_party()
        if action == "movement":
            return self.intake.movement_now() is not None
        return super().check_action(action, parameters)

    # ------------------------------------------------------------ actions
    def action_save(self) -> None:
        self.intake.request_save()

    def action_details(self) -> None:
        self.intake.show_details()

    def action_handoff(self) -> None:
        self.intake.show_handoff()

    def action_second(self) -> None:
        if self.intake.can_start_second_party():
            self.intake.start_second_party()

    def action_movement(self) -> None:
        self.intake.show_movement()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {"bar-save": self.action_save, "bar-details": self.action_details,
                   "bar-handoff": self.action_handoff, "bar-second": self.action_second,
                   "bar-movement": self.action_movement}
        action = actions.get(event.button.id or "")
        if action is not None:
            event.stop()
            action()

"""Review in intake mode: answers with their 「後で確認」 marks (apart from skipped),
and the intake bar (notes and contact, save, hand-off)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Button, Static

from kyodo_tui.ui.modes.intake.common import IntakeBar, IntakeScreenMixin
from kyodo_tui.ui.screens.review import ReviewScreen

if TYPE_CHECKING:
    from kyodo_tui.core.model import Question


class IntakeReviewScreen(IntakeScreenMixin, ReviewScreen):
    """Every answer; marked ones say 「後で確認」."""

    # F6 and ^S are shown with their keys in the intake bar: in the footer too, the
    # footer ran past 80 columns and cut its last word (「F3 見」)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f6", "details", "bar.details", key_display="F6", show=False),
        Binding("ctrl+s", "save", "bar.save", key_display="^S", show=False),
    ]

    def compose_body(self) -> ComposeResult:
        yield from super().compose_body()
        yield IntakeBar([("bar-details", "F6"), ("bar-save", "^S")])

    def on_mount(self) -> None:
        self.watch(self.app, "session_version", self._session_changed, init=False)

    def _session_changed(self, _version: int) -> None:
        if self.is_current:  # otherwise on resume
            self._render_bar()
            self._render_list()
            self.refresh_title()

    def title_text(self) -> str:
        return f"{self.t('review.title')} - {self.intake.intake_title()}"

    def on_screen_resume(self) -> None:
        self._render_bar()
        self.refresh_title()

    def watch_lang(self, lang: str) -> None:
        super().watch_lang(lang)
        self._render_bar()

    def _render_bar(self) -> None:
        if not self.is_mounted:
            return
        bar = self.query_one(IntakeBar)
        bar.set_label("bar-details", self.it("bar.details"))
        bar.set_label("bar-save", self.it("bar.save"))
        bar.set_status(self.intake.status_text())
        n = len(self.intake.marked())
        intro = self.t("review.intro")
        if n:
            intro = f"{intro}  {self.it('review.later_count', n=n)}"
        self.query_one("#review-intro", Static).update(Content(intro))

    def _answer_text(self, question: Question) -> Content:
        base = super()._answer_text(question)
        if not self.intake.is_marked(question.id):
            return base
        value = self.kyodo.answers.get(question.id)
        if value is None or value == [] or value == "":
            return Content("! " + self.it("review.later_skipped")).stylize("bold $warning")
        mark = Content(" [" + self.it("review.later") + "]").stylize("bold $warning")
        return Content.assemble(base, mark)

    def action_details(self) -> None:
        self.intake.show_details()

    def action_save(self) -> None:
        self.intake.request_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "bar-details":
            event.stop()
            self.action_details()
        elif event.button.id == "bar-save":
            event.stop()
            self.action_save()

"""The review screen: every visible question with its answer; choose one to change it.

Skipped questions and 「分からない」 answers are shown distinctly. Answers are
shown literally (a typed ``[b]`` stays ``[b]``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup, Vertical, VerticalGroup
from textual.content import Content
from textual.widgets import Button, Label, OptionList, Static
from textual.widgets.option_list import Option

from kyodo_tui.core.langs import is_japanese
from kyodo_tui.core.model import UNKNOWN
from kyodo_tui.ui.screens.base import KyodoScreen

if TYPE_CHECKING:
    from kyodo_tui.core.model import Question


class ReviewList(OptionList):
    """One two-line row per question: the prompt, then the answer."""

    DEFAULT_CSS = """
    ReviewList {
        height: 1fr;
        border: round $panel-lighten-2;
        padding: 0 1;
        background: $surface;
    }
    ReviewList:focus {
        border: round $primary;
    }
    """


class ReviewScreen(KyodoScreen):
    """Lists every answer; Enter / tap on one edits it."""

    TITLE_KEY = "review.title"
    HEADER_BACK = False  # the nav row has its own Back button

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "review.edit"),
        Binding("r", "results", "review.results"),
    ]

    def compose_body(self) -> ComposeResult:
        with Vertical(id="review-body"):
            with VerticalGroup(classes="page-head", id="review"):
                yield Static("", id="review-intro", classes="intro")
            yield ReviewList(id="review-list", markup=False)
            with HorizontalGroup(id="nav"):
                yield Button("", id="nav-back")
                yield Label("", classes="spacer")
                yield Button("", id="nav-edit")
                yield Button("", id="nav-results", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#review-list", ReviewList).focus()

    def on_screen_resume(self) -> None:
        self._render_list()

    def watch_lang(self, lang: str) -> None:
        self.query_one("#review-intro", Static).update(Content(self.t("review.intro")))
        self.query_one("#nav-back", Button).label = Content("< " + self.t("back"))
        self.query_one("#nav-edit", Button).label = Content("e " + self.t("review.edit"))
        self.query_one("#nav-results", Button).label = Content(self.t("review.results") + " >")
        self._render_list()

    def _answer_text(self, question: Question) -> Content:
        lang = self.lang
        value = self.kyodo.answers.get(question.id)
        if value is None or value == [] or value == "":
            return Content(self.t("review.skipped")).stylize("$text-muted")
        if value == UNKNOWN or value == [UNKNOWN]:
            return Content("? " + self.t("review.unknown")).stylize("bold $secondary")
        if question.kind == "text":
            return Content(value if isinstance(value, str) else " ".join(value)).stylize(
                "$accent")
        ids = [value] if isinstance(value, str) else list(value)
        sep = "、" if is_japanese(lang) else ", "
        labels = [c.label.get(lang) for c in question.choices if c.id in ids]
        return Content(sep.join(labels) if labels else sep.join(ids)).stylize("$accent")

    def _render_list(self) -> None:
        review = self.query_one("#review-list", ReviewList)
        highlighted = review.highlighted
        options: list[Option | None] = []
        for n, question in enumerate(self.kyodo.visible_questions(), start=1):
            prompt = Content.assemble(
                (f"{n:>2}. ", "$text-muted"),
                Content(question.prompt.get(self.lang)).stylize("bold"),
                "\n    ",
                self._answer_text(question),
            )
            options.append(Option(prompt, id=question.id))
        review.set_options([o for o in options if o is not None])
        if review.option_count:
            review.highlighted = min(highlighted or 0, review.option_count - 1)

    @on(OptionList.OptionSelected, "#review-list")
    def _row_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.kyodo.edit_question(event.option.id, return_to="review")

    def action_edit(self) -> None:
        review = self.query_one("#review-list", ReviewList)
        option = review.highlighted_option
        if option is not None and option.id is not None:
            self.kyodo.edit_question(option.id, return_to="review")

    def action_results(self) -> None:
        self.kyodo.show_results()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "nav-back":
            event.stop()
            self.action_back()
        elif event.button.id == "nav-edit":
            event.stop()
            self.action_edit()
        elif event.button.id == "nav-results":
            event.stop()
            self.action_results()

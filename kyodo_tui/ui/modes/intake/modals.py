"""Small dialogs of the intake mode: a yes/no confirmation, resume-a-draft, and the
list of files that could not be read.

Every dialog is keyboard first (Tab or left/right between buttons, Enter presses,
Esc cancels) and every choice is a visible button. Texts a person typed are
passed in as ``Content`` or shown with ``Content(...)``: never as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from kyodo_tui.ui.modes.intake.common import it

DIALOG_CSS = """
{name} {{
    align: center middle;
    background: $background 60%;
}}
{name} > #dialog {{
    width: 72;
    max-width: 100%;
    height: auto;
    max-height: 100%;
    border: thick $primary;
    background: $surface;
    padding: 0 1;
}}
{name} #dialog-title {{
    text-style: bold;
    color: $primary;
    margin: 0 0 1 0;
}}
{name} #dialog-body {{
    height: auto;
    max-height: 14;
}}
{name} #dialog-buttons {{
    height: auto;
    margin: 1 0 0 0;
}}
{name} #dialog-buttons Button {{
    margin: 0 1 0 0;
}}
"""


class Dialog(ModalScreen[object]):
    """Title, body, a row of buttons; Esc gives ``ESCAPE_RESULT``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "cancel"),
        Binding("left", "app.focus_previous", show=False),
        Binding("right", "app.focus_next", show=False),
    ]
    ESCAPE_RESULT: ClassVar[object] = False

    def __init__(self, title: str, body: Content, buttons: Sequence[tuple[str, str, str]],
                 *, focus: str | None = None) -> None:
        """``buttons``: (id, label, variant); the dialog returns the pressed id."""
        super().__init__()
        self._title = title
        self._body = body
        self._buttons = list(buttons)
        self._focus = focus

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content(self._title), id="dialog-title")
            with VerticalScroll(id="dialog-body"):
                yield Static(self._body, id="dialog-text")
            with HorizontalGroup(id="dialog-buttons"):
                for button_id, label, variant in self._buttons:
                    yield Button(Content(label), id=button_id, variant=variant)  # type: ignore[arg-type]

    def on_mount(self) -> None:
        target = self._focus or (self._buttons[0][0] if self._buttons else None)
        if target:
            self.query_one(f"#{target}", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(self._result_for(event.button.id or ""))

    def _result_for(self, button_id: str) -> object:
        return button_id

    def action_cancel(self) -> None:
        self.dismiss(self.ESCAPE_RESULT)


class ConfirmModal(Dialog):
    """A yes/no question; returns True for yes. The safe answer (no) has the focus."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ConfirmModal")

    def __init__(self, title: str, body: str | Content, yes: str, no: str, *,
                 danger: bool = True) -> None:
        content = body if isinstance(body, Content) else Content(body)
        super().__init__(title, content, [("yes", yes, "error" if danger else "primary"),
                                          ("no", no, "default")],
                         focus="no" if danger else "yes")

    def _result_for(self, button_id: str) -> object:
        return button_id == "yes"


class ResumeDraftModal(Dialog):
    """On start: a draft is waiting. Returns "resume", "discard" or "later"."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ResumeDraftModal")
    ESCAPE_RESULT = "later"

    def __init__(self, lang: str, label: str, when: str, answered: int) -> None:
        body = Content(it(lang, "resume.body", label=label, when=when, n=answered))
        super().__init__(it(lang, "resume.title"), body, [
            ("resume", it(lang, "resume.resume"), "primary"),
            ("discard", it(lang, "resume.discard"), "error"),
            ("later", it(lang, "resume.later"), "default"),
        ], focus="resume")


class ProblemsModal(Dialog):
    """The files in the data folder that could not be read (path:line: message)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ProblemsModal")

    def __init__(self, lang: str, problems: Sequence[object]) -> None:
        body = Content("\n").join(Content(str(p)) for p in problems)
        super().__init__(it(lang, "records.problems.title"), body,
                         [("close", it(lang, "details.done"), "primary")])

"""Small modal dialogs of workshop mode: confirm, one line of text, export.

Each is a ``ModalScreen`` that dismisses with its result (``None``: cancelled);
Esc cancels, every choice is a button. Texts a user or the catalog supplied are
shown literally (``Content``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup, VerticalGroup
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, RadioButton, Static

from kyodo_tui.core.langs import normalize
from kyodo_tui.ui.modes.workshop import strings as ws


def _ascii_mark(widget: Checkbox | RadioButton, on: str, off: str) -> Content:
    """``[x]`` / ``(*)``: ASCII marks, bold when on (Textual's ▐●▌ are ambiguous width)."""
    if widget.value:
        return Content(on).stylize("bold $primary")
    return Content(off).stylize("$foreground-muted")


class AsciiCheckbox(Checkbox):
    """A checkbox drawn ``[x]`` / ``[ ]``."""

    @property
    def _button(self) -> Content:
        return _ascii_mark(self, "[x]", "[ ]")


class AsciiRadio(RadioButton):
    """A radio button drawn ``(*)`` / ``( )``."""

    @property
    def _button(self) -> Content:
        return _ascii_mark(self, "(*)", "( )")

DIALOG_CSS = """
{name} {{
    align: center middle;
    background: $background 60%;
}}
{name} > .dialog {{
    width: 72;
    max-width: 95%;
    height: auto;
    border: thick $primary;
    background: $surface;
    padding: 1 2;
}}
{name} .dialog-title {{
    text-style: bold;
    color: $primary;
    margin: 0 0 1 0;
}}
{name} .dialog-body {{
    margin: 0 0 1 0;
}}
{name} .dialog-buttons {{
    height: auto;
    margin: 1 0 0 0;
}}
{name} .dialog-buttons Button {{
    margin: 0 2 0 0;
}}
{name} .field-label {{
    margin: 1 0 0 0;
    text-style: bold;
}}
"""


class _Dialog(ModalScreen[Any]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "cancel", show=False),
    ]

    def t(self, key: str, **params: object) -> str:
        lang = normalize(getattr(self.app, "lang", "ja"))
        text = ws.t(key, lang)
        return text.format(**params) if params else text

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(_Dialog):
    """Yes or no. Dismisses with True (yes) or False."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ConfirmDialog")

    def __init__(self, title: str, body: str, yes: str, no: str) -> None:
        super().__init__()
        self._title, self._body, self._yes, self._no = title, body, yes, no

    def compose(self) -> ComposeResult:
        with VerticalGroup(classes="dialog"):
            yield Static(Content(self._title), classes="dialog-title")
            yield Static(Content(self._body), classes="dialog-body")
            with HorizontalGroup(classes="dialog-buttons"):
                yield Button(Content(self._yes), id="yes", variant="warning")
                yield Button(Content(self._no), id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_cancel(self) -> None:
        self.dismiss(False)


class TextDialog(_Dialog):
    """One line of text (a group label, a note). Dismisses with the text or None."""

    DEFAULT_CSS = DIALOG_CSS.format(name="TextDialog")

    def __init__(self, title: str, intro: str, ok: str, *, value: str = "",
                 placeholder: str = "") -> None:
        super().__init__()
        self._title, self._intro, self._ok = title, intro, ok
        self._value, self._placeholder = value, placeholder

    def compose(self) -> ComposeResult:
        with VerticalGroup(classes="dialog"):
            yield Static(Content(self._title), classes="dialog-title")
            yield Static(Content(self._intro), classes="dialog-body")
            yield Input(self._value, placeholder=self._placeholder, id="text")
            with HorizontalGroup(classes="dialog-buttons"):
                yield Button(Content(self._ok), id="ok", variant="primary")
                yield Button(Content(self.t("cancel")), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#text", Input).focus()

    def _submit(self) -> None:
        text = self.query_one("#text", Input).value.strip()
        if text:
            self.dismiss(text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "ok":
            self._submit()
        else:
            self.dismiss(None)


@dataclass(frozen=True, slots=True)
class ExportChoice:
    """What to export: either path may be None (not wanted)."""

    markdown: Path | None
    record: Path | None
    include_notes: bool


class ExportDialog(_Dialog):
    """Where to write the Markdown summary and the TOML record."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ExportDialog") + """
    ExportDialog Checkbox { margin: 1 0 0 0; }
    ExportDialog Input { margin: 0 0 0 4; background: $panel; }
    ExportDialog Input:focus { background: $accent 20%; }
    ExportDialog #export-problem { color: $error; }
    """

    def __init__(self, markdown: Path, record: Path) -> None:
        super().__init__()
        self._markdown, self._record = markdown, record

    def compose(self) -> ComposeResult:
        with VerticalGroup(classes="dialog"):
            yield Static(Content(self.t("export.title")), classes="dialog-title")
            # compact: the dialog fits 80x24
            yield AsciiCheckbox(Content(self.t("export.md")), True, id="want-md", compact=True)
            yield Input(str(self._markdown), id="md-path", compact=True)
            yield AsciiCheckbox(Content(self.t("export.toml")), True, id="want-toml",
                                compact=True)
            yield Input(str(self._record), id="toml-path", compact=True)
            yield AsciiCheckbox(Content(self.t("export.notes")), False, id="notes",
                                compact=True)
            yield Label("", id="export-problem", markup=False)
            with HorizontalGroup(classes="dialog-buttons"):
                yield Button(Content(self.t("export.write")), id="write", variant="primary")
                yield Button(Content(self.t("cancel")), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#write", Button).focus()

    def _choice(self) -> ExportChoice | None:
        md = self.query_one("#md-path", Input).value.strip()
        toml = self.query_one("#toml-path", Input).value.strip()
        want_md = self.query_one("#want-md", Checkbox).value and bool(md)
        want_toml = self.query_one("#want-toml", Checkbox).value and bool(toml)
        if not want_md and not want_toml:
            self.query_one("#export-problem", Label).update(Content(self.t("export.nothing")))
            return None
        return ExportChoice(Path(md).expanduser() if want_md else None,
                            Path(toml).expanduser() if want_toml else None,
                            self.query_one("#notes", Checkbox).value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        choice = self._choice()
        if choice is not None:
            self.dismiss(choice)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "write":
            choice = self._choice()
            if choice is not None:
                self.dismiss(choice)
        else:
            self.dismiss(None)

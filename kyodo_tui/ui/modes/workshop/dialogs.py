"""Small modal dialogs of workshop mode: confirm, one line of text, export.

Each is a :class:`kyodo_tui.ui.screens.dialog.Dialog` (the one dialog base of every
mode) that dismisses with its result (``None``: cancelled);
Esc cancels, every choice is a button. Texts a user or the catalog supplied are
shown literally (``Content``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Checkbox, Input, Label

from kyodo_tui.core.langs import normalize
from kyodo_tui.ui.modes.workshop import strings as ws
from kyodo_tui.ui.screens.dialog import DIALOG_TCSS, ButtonSpec, Dialog
from kyodo_tui.ui.widgets.ascii_toggle import AsciiCheckbox


class WorkshopCheckbox(AsciiCheckbox):
    """``[x]`` / ``[ ]`` in the workshop's primary colour."""

    MARKS = (("[x]",), ("[ ]",))
    ON_STYLE = "bold $primary"


class WorkshopDialog(Dialog):
    """A workshop dialog: its strings in the app's language; Esc gives None; a
    roomier look for a projector (``dialogs.tcss``)."""

    CSS_PATH: ClassVar[Any] = [DIALOG_TCSS, Path(__file__).with_name("dialogs.tcss")]
    ESCAPE_RESULT: ClassVar[object] = None

    def __init__(self, title: str, body: str | None = None,
                 buttons: Sequence[ButtonSpec] = (), *, focus: str | None = None) -> None:
        super().__init__(title, body, buttons, focus=focus)

    def t(self, key: str, **params: object) -> str:
        lang = normalize(getattr(self.app, "lang", "ja"))
        text = ws.t(key, lang)
        return text.format(**params) if params else text


class ConfirmDialog(WorkshopDialog):
    """Yes or no. Dismisses with True (yes) or False (no, Esc); "no" has the focus."""

    ESCAPE_RESULT = False

    def __init__(self, title: str, body: str, yes: str, no: str) -> None:
        super().__init__(title, body, [("yes", yes, "warning"), ("no", no, "primary")],
                         focus="no")

    def result_for(self, button_id: str) -> object:
        return button_id == "yes"


class TextDialog(WorkshopDialog):
    """One line of text (a group label, a note). Dismisses with the text or None."""

    def __init__(self, title: str, intro: str, ok: str, *, value: str = "",
                 placeholder: str = "") -> None:
        super().__init__(title, intro, [("ok", ok, "primary")], focus="text")
        self._value, self._placeholder = value, placeholder

    def compose_fields(self) -> ComposeResult:
        yield Input(self._value, placeholder=self._placeholder, id="text")

    def buttons(self) -> Sequence[ButtonSpec]:
        return [*self._buttons, ("cancel", self.t("cancel"), "default")]

    def _submit(self) -> None:
        text = self.query_one("#text", Input).value.strip()
        if text:
            self.dismiss(text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit()

    def pressed(self, button_id: str) -> None:
        if button_id == "ok":
            self._submit()
        else:
            self.dismiss(None)


@dataclass(frozen=True, slots=True)
class ExportChoice:
    """What to export: either path may be None (not wanted)."""

    markdown: Path | None
    record: Path | None
    include_notes: bool


class ExportDialog(WorkshopDialog):
    """Where to write the Markdown summary and the TOML record."""

    def __init__(self, markdown: Path, record: Path) -> None:
        super().__init__("", focus="write")
        self._markdown, self._record = markdown, record

    def compose(self) -> ComposeResult:
        self._title = self.t("export.title")
        yield from super().compose()

    def buttons(self) -> Sequence[ButtonSpec]:
        return [("write", self.t("export.write"), "primary"),
                ("cancel", self.t("cancel"), "default")]

    def compose_fields(self) -> ComposeResult:
        # compact: the dialog fits 80x24
        yield WorkshopCheckbox(Content(self.t("export.md")), True, id="want-md", compact=True)
        yield Input(str(self._markdown), id="md-path", compact=True)
        yield WorkshopCheckbox(Content(self.t("export.toml")), True, id="want-toml", compact=True)
        yield Input(str(self._record), id="toml-path", compact=True)
        yield WorkshopCheckbox(Content(self.t("export.notes")), False, id="notes", compact=True)
        yield Label("", id="export-problem", markup=False)
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

    def pressed(self, button_id: str) -> None:
        if button_id == "write":
            choice = self._choice()
            if choice is not None:
                self.dismiss(choice)
        else:
            self.dismiss(None)

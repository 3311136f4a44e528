"""The one dialog base of every mode: a title, a body, fields, a row of buttons.

Keyboard first: Tab or left/right move between the buttons, Enter presses, Esc
cancels (the dialog returns ``ESCAPE_RESULT``); every choice is a visible
button. Titles and bodies are shown literally (``Content``), never as markup.

The look is in ``dialog.tcss`` beside this module; a mode may adjust it in its
own stylesheet (the projected workshop gives its dialogs more room).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

#: absolute: a relative CSS_PATH would resolve beside the subclass's own module
DIALOG_TCSS = Path(__file__).with_name("dialog.tcss")

#: (id, label, variant) of one button
ButtonSpec = tuple[str, str, str]


class Dialog(ModalScreen[Any]):
    """Title, body, optional fields, a row of buttons; dismisses with a result.

    ``buttons``: (id, label, variant); pressing one dismisses with
    :meth:`result_for` of its id (the id itself unless a subclass says otherwise).
    ``focus``: the id of the widget focused first (default: the first button).
    """

    CSS_PATH = DIALOG_TCSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "cancel"),
        Binding("left", "app.focus_previous", show=False),
        Binding("right", "app.focus_next", show=False),
    ]
    #: what Esc returns
    ESCAPE_RESULT: ClassVar[object] = False

    def __init__(self, title: str, body: Content | str | None = None,
                 buttons: Sequence[ButtonSpec] = (), *, focus: str | None = None) -> None:
        super().__init__()
        self._title = title
        self._body = Content(body) if isinstance(body, str) else body
        self._buttons = list(buttons)
        self._focus = focus

    def compose(self) -> ComposeResult:
        buttons = self.buttons()
        target = self._focus or (buttons[0][0] if buttons else None)
        if target:
            # focused as the screen opens (Textual's AUTO_FOCUS), so that keys typed
            # while the dialog is still opening reach it, not the body's scroll
            self.AUTO_FOCUS = f"#{target}"  # type: ignore[misc]
        with Vertical(id="dialog"):
            yield Static(Content(self._title), id="dialog-title")
            if self._body is not None:
                with VerticalScroll(id="dialog-body"):
                    yield Static(self._body, id="dialog-text")
            yield from self.compose_fields()
            with HorizontalGroup(id="dialog-buttons"):
                for button_id, label, variant in buttons:
                    yield Button(Content(label), id=button_id, variant=variant)  # type: ignore[arg-type]

    def buttons(self) -> Sequence[ButtonSpec]:
        """The row of buttons (those given to ``__init__`` unless a subclass says)."""
        return self._buttons

    def compose_fields(self) -> ComposeResult:
        """Inputs and check boxes between the body and the buttons (none by default)."""
        yield from ()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        # a subclass overrides pressed(), not this: Textual calls the handler of
        # every class in the MRO, so two handlers would dismiss twice
        event.stop()
        self.pressed(event.button.id or "")

    def pressed(self, button_id: str) -> None:
        """The button ``button_id`` was pressed: dismiss with its result."""
        self.dismiss(self.result_for(button_id))

    def result_for(self, button_id: str) -> object:
        """The result of pressing the button ``button_id``."""
        return button_id

    def action_cancel(self) -> None:
        self.dismiss(self.ESCAPE_RESULT)

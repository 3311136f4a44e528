"""The idle countdown: 「まだ使っていますか？」 with a big 「つづける」 button.

The app pushes it when nobody has touched the kiosk for ``idle_seconds`` and
updates the seconds left; 「つづける」 (or any key, any touch) keeps the session,
「終わる」 or the end of the countdown wipes it (the app does both).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from kyodo_tui.core.kiosk import STILL_THERE, countdown_text
from kyodo_tui.ui.modes.kiosk.notices import KioskNotice
from kyodo_tui.ui.modes.kiosk.strings import bi, t

#: this module's stylesheet (absolute: a relative CSS_PATH resolves beside a subclass)
TCSS = Path(__file__).with_name("countdown.tcss")


#: keys left to the focused button (press it, or move between the two)
_BUTTON_KEYS = frozenset({"enter", "space", "tab", "shift+tab", "left", "right", "up", "down"})


class CountdownScreen(KioskNotice, ModalScreen[None]):
    """「まだ使っていますか？」 — つづける / 終わる, and the seconds left."""

    CSS_PATH: ClassVar[Any] = [TCSS]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,up", "app.focus_previous", show=False),
        Binding("right,down", "app.focus_next", show=False),
    ]

    def __init__(self, seconds_left: int) -> None:
        super().__init__(id="kiosk-countdown")
        self.seconds_left = seconds_left

    def compose(self) -> ComposeResult:
        with Vertical(id="countdown-box"):
            yield Static("", id="still-there")
            yield Static("", id="countdown-left")
            yield Static("", id="countdown-touch")
            with HorizontalGroup(id="countdown-buttons"):
                yield Button("", id="keep-going", variant="primary")
                yield Button("", id="finish-now", variant="default")

    def on_mount(self) -> None:
        self.watch_app_lang()
        self.query_one("#keep-going", Button).focus()

    def set_left(self, seconds: int) -> None:
        """Show ``seconds`` left."""
        if seconds != self.seconds_left:
            self.seconds_left = seconds
            self._render_left()

    def _render_left(self) -> None:
        self.query_one("#countdown-left", Static).update(
            Content(bi(countdown_text(self.seconds_left), self.lang)))

    def render_texts(self) -> None:
        lang = self.lang
        self.query_one("#still-there", Static).update(Content(bi(STILL_THERE, lang)))
        self.query_one("#countdown-touch", Static).update(Content(t("countdown.touch", lang)))
        self.query_one("#keep-going", Button).label = Content(t("countdown.keep", lang))
        self.query_one("#finish-now", Button).label = Content(t("countdown.finish", lang))
        self._render_left()

    def on_key(self, event: events.Key) -> None:
        # any key means "still here"; keys that work the buttons (Enter, Space, Tab,
        # arrows) are left to them, so that Enter on 「終わる」 really finishes
        if event.key in _BUTTON_KEYS:
            return
        event.stop()
        event.prevent_default()
        self.kiosk.keep_going()

    def on_click(self, event: events.Click) -> None:
        # a touch anywhere but on a button: still here
        if isinstance(event.widget, Button):
            return
        event.stop()
        self.kiosk.keep_going()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "keep-going":
            self.kiosk.keep_going()
        elif event.button.id == "finish-now":
            self.kiosk.finish_session()

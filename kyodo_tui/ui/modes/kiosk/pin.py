"""The staff PIN prompt, opened by the exit key: the right PIN ends kiosk mode.

The check is the core's (:class:`~kyodo_tui.core.kiosk.PinGuard`, held by the
app so that closing and reopening the prompt does not reset the rate limit).
scrypt takes a few tens of milliseconds, so it runs in a thread worker. While
the guard is locked the prompt says how long to wait and takes no PIN.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Button, Input, Static

from kyodo_tui.core.kiosk import PinAttempt
from kyodo_tui.core.kiosk.pin import MAX_PIN_LENGTH
from kyodo_tui.core.model import Text
from kyodo_tui.ui.modes.kiosk.notices import KioskNotice
from kyodo_tui.ui.modes.kiosk.strings import S, bi, t

#: this module's stylesheet (absolute: a relative CSS_PATH resolves beside a subclass)
TCSS = Path(__file__).with_name("pin.tcss")


#: while locked: how staff get in again (a resident cannot run it)
_UNLOCK_HELP = S["pin.unlock_help"]
_NO_PIN = S["pin.no_pin"]


class PinScreen(KioskNotice, ModalScreen[None]):
    """職員用: 暗証番号 — digits only, masked; wrong PINs are rate-limited."""

    CSS_PATH: ClassVar[Any] = [TCSS]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(id="kiosk-pin")
        self._message: Text | None = None
        self._lock_timer: Timer | None = None
        self.checking = False

    def compose(self) -> ComposeResult:
        with Vertical(id="pin-box"):
            yield Static("", id="pin-title")
            yield Static("", id="pin-help")
            yield Input(id="pin-input", password=True, restrict=r"[0-9]*",
                        max_length=MAX_PIN_LENGTH)
            yield Static("", id="pin-message")
            with HorizontalGroup(id="pin-buttons"):
                yield Button("", id="pin-ok", variant="error")
                yield Button("", id="pin-cancel", variant="primary")

    def on_mount(self) -> None:
        self.watch_app_lang()
        self.query_one("#pin-input", Input).focus()
        if self.kiosk.pin_guard is None:
            self._show(_NO_PIN)
        self._sync_lock()

    def render_texts(self) -> None:
        lang = self.lang
        self.query_one("#pin-title", Static).update(Content(t("pin.title", lang)))
        self._render_help()
        self.query_one("#pin-input", Input).placeholder = t("pin.placeholder", lang)
        self.query_one("#pin-ok", Button).label = Content(t("pin.ok", lang))
        self.query_one("#pin-cancel", Button).label = Content(t("pin.cancel", lang))
        self._render_message()

    def _show(self, message: Text | None) -> None:
        self._message = message
        self._render_message()

    def _render_message(self) -> None:
        text = bi(self._message, self.lang) if self._message is not None else ""
        self.query_one("#pin-message", Static).update(Content(text))

    def _render_help(self) -> None:
        guard = self.kiosk.pin_guard
        locked = guard is not None and guard.locked()
        help_text = bi(_UNLOCK_HELP, self.lang) if locked else t("pin.help", self.lang)
        self.query_one("#pin-help", Static).update(Content(help_text))

    # ------------------------------------------------------------ rate limit
    def refresh_lock(self) -> None:
        """Look at the guard again now (staff cleared the lockout)."""
        self._sync_lock()

    def _sync_lock(self) -> None:
        """While the guard is locked: say how long, take no PIN; re-check every second."""
        guard = self.kiosk.pin_guard
        locked = guard is not None and guard.locked()
        self._render_help()
        self.query_one("#pin-input", Input).disabled = locked or self.checking
        self.query_one("#pin-ok", Button).disabled = locked or self.checking
        if locked and guard is not None:
            self._show(PinAttempt("locked", guard.remaining(), 0).message())
            if self._lock_timer is None:
                self._lock_timer = self.set_interval(1.0, self._sync_lock)
        elif self._lock_timer is not None:
            self._lock_timer.stop()
            self._lock_timer = None
            self._show(None)
            self.query_one("#pin-input", Input).focus()

    # ------------------------------------------------------------ events
    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "pin-ok":
            self._submit()
        elif event.button.id == "pin-cancel":
            self.action_cancel()

    def action_cancel(self) -> None:
        if self.is_current:
            self.dismiss()

    def _submit(self) -> None:
        guard = self.kiosk.pin_guard
        if self.checking:
            return
        if guard is None:
            self._show(_NO_PIN)
            return
        field = self.query_one("#pin-input", Input)
        pin = field.value
        field.value = ""
        if guard.locked():
            self._sync_lock()
            return
        if not pin:
            self._show(S["pin.empty"])
            return
        self.checking = True
        self._show(S["pin.checking"])
        self._sync_lock()
        self._check(pin)

    @work(thread=True, exclusive=True, group="kiosk-pin", exit_on_error=False)
    def _check(self, pin: str) -> None:
        guard = self.kiosk.pin_guard
        assert guard is not None
        attempt = guard.attempt(pin)
        self.app.call_from_thread(self._checked, attempt)

    def _checked(self, attempt: PinAttempt) -> None:
        self.checking = False
        if attempt.ok:
            self.kiosk.staff_exit()
            return
        self._show(attempt.message())
        self._sync_lock()
        if attempt.wait > 0:
            # locked now: keep the wrong-PIN message a moment, then count down
            self._show(attempt.message())
        self.query_one("#pin-input", Input).focus()

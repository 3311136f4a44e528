"""Kiosk notices: closed (outside opening hours), please enlarge, apology after a fault.

Each shows only its own bilingual text, never anything from a session. They
re-render when the app's language changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widgets import Button, Static

from kyodo_tui.core.langs import base_lang, is_japanese, normalize
from kyodo_tui.core.model import Lang, Text
from kyodo_tui.ui.modes.kiosk.strings import bi, t

#: this module's stylesheet (absolute: a relative CSS_PATH resolves beside a subclass)
TCSS = Path(__file__).with_name("notices.tcss")


if TYPE_CHECKING:
    from kyodo_tui.ui.modes.kiosk.app import KioskApp


class KioskNotice:
    """Mixin: the typed app, the language, and re-rendering on a language change."""

    app: Any

    @property
    def kiosk(self) -> KioskApp:
        return self.app  # type: ignore[no-any-return]

    @property
    def lang(self) -> Lang:
        return normalize(getattr(self.app, "lang", "ja"))  # type: ignore[return-value]

    def watch_app_lang(self) -> None:
        self.watch(self.app, "lang", lambda _lang: self.render_texts(), init=True)  # type: ignore[attr-defined]

    def render_texts(self) -> None:
        """Fill in the texts in the current language (override)."""


class ClosedScreen(KioskNotice, Screen[None]):
    """Outside opening hours: 「ただいま利用時間外です。」 with the next opening and the week."""

    CSS_PATH: ClassVar[Any] = [TCSS]

    def __init__(self, notice: Text, hours_lines: dict[str, list[str]]) -> None:
        super().__init__(id="kiosk-closed")
        self._notice = notice
        self._hours = hours_lines

    def compose(self) -> ComposeResult:
        with Vertical(id="closed-box"):
            yield Static("", id="closed-title")
            yield Static("", id="closed-notice")
            yield Static("", id="closed-hours")

    def on_mount(self) -> None:
        self.watch_app_lang()

    def set_notice(self, notice: Text) -> None:
        self._notice = notice
        self.render_texts()

    def render_texts(self) -> None:
        lang = self.lang
        self.query_one("#closed-title", Static).update(Content(t("closed.title", lang)))
        self.query_one("#closed-notice", Static).update(Content(bi(self._notice, lang)))
        lines = self._hours.get(base_lang(lang), [])  # the core writes ja and en
        body = (t("closed.hours", lang) + "\n" + "\n".join(lines)) if lines else ""
        self.query_one("#closed-hours", Static).update(Content(body))


class EnlargeScreen(KioskNotice, ModalScreen[None]):
    """The terminal is too small to use: a plain 「画面を大きくしてください」."""

    CSS_PATH: ClassVar[Any] = [TCSS]

    def __init__(self, min_size: tuple[int, int]) -> None:
        super().__init__(id="kiosk-enlarge")
        self._min = min_size

    def compose(self) -> ComposeResult:
        yield Static("", id="enlarge-title")
        yield Static("", id="enlarge-body")

    def on_mount(self) -> None:
        self.watch_app_lang()

    def render_texts(self) -> None:
        lang = self.lang
        w, h = self._min
        # both languages at once: the person in front may read either
        other: Lang = "en" if is_japanese(lang) else "ja"
        self.query_one("#enlarge-title", Static).update(
            Content(t("enlarge.title", lang) + " / " + t("enlarge.title", other)))
        self.query_one("#enlarge-body", Static).update(
            Content(t("enlarge.body", lang, w=w, h=h) + "\n" + t("enlarge.body", other, w=w, h=h)))


class ApologyScreen(KioskNotice, ModalScreen[None]):
    """After an unexpected error: a short apology over the fresh welcome screen.

    It closes itself after ``seconds`` (or at a touch of 「はい」). ``persistent``:
    it stays (repeated faults: the kiosk is out of order until staff come).
    """

    CSS_PATH: ClassVar[Any] = [TCSS]

    BINDINGS: ClassVar = []

    def __init__(self, apology: Text, *, seconds: float = 10.0, persistent: bool = False) -> None:
        super().__init__(id="kiosk-apology")
        self._apology = apology
        self._seconds = seconds
        self.persistent = persistent
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="apology-box"):
            yield Static("", id="apology-text")
            if not self.persistent:
                with Center():
                    yield Button("", id="apology-ok", variant="primary")

    def on_mount(self) -> None:
        self.watch_app_lang()
        if not self.persistent:
            self._timer = self.set_timer(self._seconds, self._close)
            self.query_one("#apology-ok", Button).focus()

    def render_texts(self) -> None:
        lang = self.lang
        self.query_one("#apology-text", Static).update(Content(bi(self._apology, lang)))
        for button in self.query("#apology-ok").results(Button):
            button.label = Content(t("apology.ok", lang))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self._close()

    def _close(self) -> None:
        if self.is_current:
            self.dismiss()

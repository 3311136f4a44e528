"""Choosing the display language (issue 17): every language of core.langs, each named in
its own language (日本語, English, やさしい にほんご, Português).

- :class:`LangSwitch`: the header's one compact button, showing the current language;
  it opens :class:`LangChooser`, a dialog of large buttons (number keys 1-4, Esc).
- :class:`LangButtons`: a row of large buttons for the welcome and kiosk screens.

All of them set ``app.lang`` (``app.set_lang``); F2 (``app.toggle_lang``) steps to
the next language. Button ids are ``<prefix>-<code>`` (``lang-pt``, ``kiosk-lang-ja``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup, VerticalGroup
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from kyodo_tui.core.langs import LANG_CODES, NATIVE_NAMES
from kyodo_tui.ui import strings


def _lang_of(widget: object) -> str:
    app = getattr(widget, "app", None)
    lang = getattr(app, "lang", "ja")
    return lang if lang in LANG_CODES else "ja"


def _mark(button: Button, code: str, current: bool) -> None:
    """The current language lit, and with a ``> `` in front (seen without colour)."""
    button.set_class(current, "-current")
    button.label = Content(("> " if current else "") + NATIVE_NAMES[code])


class LangButtons(HorizontalGroup):
    """One large button per language, named in itself; the current one lit."""

    DEFAULT_CSS = """
    LangButtons {
        height: auto;
        width: 100%;
        padding: 0 1;
    }
    LangButtons > Button {
        width: auto;
        min-width: 12;
        height: 3;
        margin: 0 1 0 0;
    }
    LangButtons > Button.-current {
        text-style: bold;
    }
    """

    def __init__(self, prefix: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.prefix = prefix

    def compose(self) -> ComposeResult:
        for code in LANG_CODES:
            yield Button(NATIVE_NAMES[code], id=f"{self.prefix}-{code}",
                         action=f"app.set_lang('{code}')")

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._show, init=True)

    def _show(self, lang: str) -> None:
        for code in LANG_CODES:
            button = self.query_one(f"#{self.prefix}-{code}", Button)
            _mark(button, code, lang == code)
            button.variant = "primary" if lang == code else "default"
            button.tooltip = strings.t("lang.tooltip", lang)


#: the chooser's stylesheet (absolute: a relative CSS_PATH resolves beside a subclass)
#: kept with the screens' files, which the app reads at start-up
TCSS = Path(__file__).parent.parent / "screens" / "lang_chooser.tcss"


class LangChooser(ModalScreen[None]):
    """A dialog with one large button per language; 1-4 choose, Esc closes."""

    CSS_PATH: ClassVar[Any] = [TCSS]


    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", show=False),
        *(Binding(str(i), f"choose('{code}')", show=False)
          for i, code in enumerate(LANG_CODES, 1)),
    ]

    def compose(self) -> ComposeResult:
        lang = _lang_of(self)
        with VerticalGroup():
            yield Static(Content(strings.t("lang.switch", lang)), id="lang-chooser-title")
            for i, code in enumerate(LANG_CODES, 1):
                button = Button(NATIVE_NAMES[code], id=f"lang-{code}")
                button.variant = "primary" if code == lang else "default"
                _mark(button, code, code == lang)
                button.label = Content(f"{i}  ") + button.label
                yield button

    def on_mount(self) -> None:
        lang = _lang_of(self)
        self.query_one(f"#lang-{lang}", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        code = (event.button.id or "").removeprefix("lang-")
        self.action_choose(code)

    def action_choose(self, code: str) -> None:
        if code in LANG_CODES:
            self.app.lang = code  # type: ignore[attr-defined]
        self.dismiss(None)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)


class LangSwitch(HorizontalGroup):
    """The header's language button: the current language's name; it opens the chooser."""

    DEFAULT_CSS = """
    LangSwitch {
        width: auto;
        height: 1;
    }
    LangSwitch > Button {
        width: auto;
        min-width: 0;
        height: 1;
        border: none;
        padding: 0 1;
        margin: 0 0 0 1;
        background: $primary;
        color: $text;
        text-style: bold;
    }
    LangSwitch > Button:hover {
        background: $panel-lighten-2;
    }
    LangSwitch > Button:focus {
        text-style: bold reverse;
    }
    """

    def compose(self) -> ComposeResult:
        yield Button(NATIVE_NAMES["ja"], id="lang-switch", compact=True)

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._show, init=True)

    def _show(self, lang: str) -> None:
        button = self.query_one("#lang-switch", Button)
        code = lang if lang in LANG_CODES else "ja"
        button.label = Content(NATIVE_NAMES[code])
        button.tooltip = strings.t("lang.tooltip", code)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.app.push_screen(LangChooser())

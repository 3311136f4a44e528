"""The language switch: two touchable buttons, 日本語 and English, the current one lit."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.widgets import Button


class LangSwitch(HorizontalGroup):
    """A visible, clickable 日本語 / English switch. It sets ``app.lang``."""

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
        background: $panel;
        color: $text-muted;
        text-style: none;
    }
    LangSwitch > Button:hover {
        background: $panel-lighten-2;
        color: $text;
    }
    LangSwitch > Button.-current {
        background: $primary;
        color: $text;
        text-style: bold;
    }
    LangSwitch > Button:focus {
        text-style: bold reverse;
    }
    """

    def compose(self) -> ComposeResult:
        yield Button("日本語", id="lang-ja", compact=True, action="app.set_lang('ja')")
        yield Button("English", id="lang-en", compact=True, action="app.set_lang('en')")

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._show, init=True)

    def _show(self, lang: str) -> None:
        self.query_one("#lang-ja", Button).set_class(lang == "ja", "-current")
        self.query_one("#lang-en", Button).set_class(lang == "en", "-current")
        tip = "表示言語を切り替えます" if lang == "ja" else "Switch the display language"
        for button in self.query(Button):
            button.tooltip = tip

"""The kiosk's welcome screen: the standard one with two large language buttons on top."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.content import Content
from textual.widgets import Button

from kyodo_tui.ui.modes.kiosk.strings import t
from kyodo_tui.ui.screens.welcome import WelcomeScreen


class KioskWelcomeScreen(WelcomeScreen):
    """Welcome, with 日本語 / English as big touch buttons."""

    DEFAULT_CSS = """
    KioskWelcomeScreen #kiosk-lang {
        height: 3;
        width: 100%;
        padding: 0 1;
    }
    KioskWelcomeScreen #kiosk-lang Button {
        width: 1fr;
        height: 3;
        margin: 0 1 0 0;
    }
    KioskWelcomeScreen #kiosk-lang Button.-current {
        text-style: bold;
    }
    """

    def compose_body(self) -> ComposeResult:
        with HorizontalGroup(id="kiosk-lang"):
            yield Button(t("lang.ja", "ja"), id="kiosk-lang-ja", action="app.set_lang('ja')")
            yield Button(t("lang.en", "en"), id="kiosk-lang-en", action="app.set_lang('en')")
        yield from super().compose_body()

    def watch_lang(self, lang: str) -> None:
        super().watch_lang(lang)
        for code in ("ja", "en"):
            button = self.query_one(f"#kiosk-lang-{code}", Button)
            current = lang == code
            button.set_class(current, "-current")
            button.variant = "primary" if current else "default"
            button.label = Content(("> " if current else "") + t(f"lang.{code}", code))

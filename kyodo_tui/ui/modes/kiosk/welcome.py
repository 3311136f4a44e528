"""The kiosk's welcome screen: the standard one, its language buttons named for the kiosk."""

from __future__ import annotations

from kyodo_tui.ui.screens.welcome import WelcomeScreen


class KioskWelcomeScreen(WelcomeScreen):
    """Welcome, with every language as a big touch button on top (from WelcomeScreen:
    ids ``kiosk-lang-<code>``; named in its own language)."""

    LANG_ROW = "kiosk-lang"

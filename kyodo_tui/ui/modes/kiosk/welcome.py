"""The kiosk's welcome screen: the standard one, its language buttons named for the kiosk."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from kyodo_tui.ui.screens.welcome import WelcomeScreen

#: this module's stylesheet (absolute: a relative CSS_PATH resolves beside a subclass)
TCSS = Path(__file__).with_name("welcome.tcss")


class KioskWelcomeScreen(WelcomeScreen):
    """Welcome, with every language as a big touch button on top (from WelcomeScreen:
    ids ``kiosk-lang-<code>``; named in its own language)."""

    LANG_ROW = "kiosk-lang"
    CSS_PATH: ClassVar[Any] = [TCSS]

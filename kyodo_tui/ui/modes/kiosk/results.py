"""The results screen in kiosk mode: nothing is saved, the result is taken away as a QR code.

The standard results screen (``results.py``) with two of its actions changed:
「画面を保存」 becomes 「結果を持ち帰る」 (the takeaway QR screen: no file is
written on a kiosk) and 「はじめに戻る」 becomes 「終わる」, which wipes every
answer at once and starts a fresh session. Its action buttons are full
height so that a finger finds them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.content import Content
from textual.widgets import Button

from kyodo_tui.ui.modes.kiosk.strings import t
from kyodo_tui.ui.screens.results import ResultsScreen

#: this module's stylesheet (absolute: a relative CSS_PATH resolves beside a subclass)
TCSS = Path(__file__).with_name("results.tcss")


if TYPE_CHECKING:
    from kyodo_tui.core.recommend import Recommendations
    from kyodo_tui.ui.modes.kiosk.app import KioskApp


class KioskResultsScreen(ResultsScreen):
    """Results with 「結果を持ち帰る」 and 「終わる」 instead of save and start over."""

    CSS_PATH: ClassVar[Any] = [*ResultsScreen.CSS_PATH, TCSS]

    @property
    def kiosk(self) -> KioskApp:
        return self.app  # type: ignore[return-value]

    def shown_recommendations(self, recs: Recommendations) -> Recommendations:
        """Only strong activity matches: the screen and its QR are public, and a
        keyword hit on a resident's free text can name something sensitive."""
        from kyodo_tui.core.recommend import public_recommendations

        return public_recommendations(recs)

    def watch_lang(self, lang: str) -> None:
        super().watch_lang(lang)
        self.query_one("#act-save", Button).label = Content(t("results.takeaway", self.lang))
        self.query_one("#act-home", Button).label = Content(t("results.finish", self.lang))

    def action_save_screenshot(self) -> None:
        """「結果を持ち帰る」: the takeaway QR screen (a kiosk never writes the screen to disk)."""
        if self.placement is None or self.recommendations is None:
            self.recompute()
        if self.placement is None or self.recommendations is None:
            return
        from kyodo_tui.ui.modes.kiosk.takeaway import TakeawayScreen

        self.app.push_screen(TakeawayScreen(self.placement, self.recommendations))

    def action_home(self) -> None:
        """「終わる」: wipe every answer now and start a fresh session."""
        self.kiosk.finish_session()

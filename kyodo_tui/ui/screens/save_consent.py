"""「保存する」: ask, in plain words, whether the session may be saved.

Nothing is written unless the person agrees: the dialog returns True only for
the agree button; Esc and 「保存しない」 return False. The caller saves through
core storage (:mod:`kyodo_tui.core.storage`).

``who="coordinator"`` (intake: a coordinator asks the person and records the
answer) or ``who="self"`` (the person at the keyboard decides).
"""

from __future__ import annotations

from typing import Literal

from textual.content import Content

from kyodo_tui.ui.screens.intake_common import it
from kyodo_tui.ui.screens.intake_modals import DIALOG_CSS, Dialog


class SaveConsentScreen(Dialog):
    """Returns True when the person agreed to save."""

    DEFAULT_CSS = DIALOG_CSS.format(name="SaveConsentScreen") + """
    SaveConsentScreen #dialog-body { max-height: 16; }
    """

    def __init__(self, lang: str, who: Literal["coordinator", "self"] = "coordinator") -> None:
        body = Content(it(lang, f"save.body.{who}"))
        super().__init__(it(lang, "save.title"), body, [
            ("agree", it(lang, f"save.yes.{who}"), "success"),
            ("decline", it(lang, "save.no"), "default"),
        ], focus="decline")

    def _result_for(self, button_id: str) -> object:
        return button_id == "agree"

"""Small dialogs of the intake mode (on the one dialog base,
:class:`kyodo_tui.ui.screens.dialog.Dialog`): a yes/no confirmation, resume-a-draft, and the
list of files that could not be read.

Every dialog is keyboard first (Tab or left/right between buttons, Enter presses,
Esc cancels) and every choice is a visible button. Texts a person typed are
passed in as ``Content`` or shown with ``Content(...)``: never as markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content

from kyodo_tui.ui.modes.intake.common import it
from kyodo_tui.ui.screens.dialog import Dialog

__all__ = ["ConfirmModal", "Dialog", "ProblemsModal", "ResumeDraftModal"]


class ConfirmModal(Dialog):
    """A yes/no question; returns True for yes. The safe answer (no) has the focus."""

    def __init__(self, title: str, body: str | Content, yes: str, no: str, *,
                 danger: bool = True) -> None:
        content = body if isinstance(body, Content) else Content(body)
        super().__init__(title, content, [("yes", yes, "error" if danger else "primary"),
                                          ("no", no, "default")],
                         focus="no" if danger else "yes")

    def result_for(self, button_id: str) -> object:
        return button_id == "yes"


class ResumeDraftModal(Dialog):
    """On start: a draft is waiting. Returns "resume", "discard" or "later"."""

    ESCAPE_RESULT = "later"

    def __init__(self, lang: str, label: str, when: str, answered: int) -> None:
        body = Content(it(lang, "resume.body", label=label, when=when, n=answered))
        super().__init__(it(lang, "resume.title"), body, [
            ("resume", it(lang, "resume.resume"), "primary"),
            ("discard", it(lang, "resume.discard"), "error"),
            ("later", it(lang, "resume.later"), "default"),
        ], focus="resume")


class ProblemsModal(Dialog):
    """The files in the data folder that could not be read (path:line: message)."""

    def __init__(self, lang: str, problems: Sequence[object]) -> None:
        body = Content("\n").join(Content(str(p)) for p in problems)
        super().__init__(it(lang, "records.problems.title"), body,
                         [("close", it(lang, "details.done"), "primary")])

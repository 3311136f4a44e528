"""「保存する」: ask, in plain words, whether the session may be saved.

Nothing is written unless the person agrees: the dialog returns True only for
the agree button; Esc and 「保存しない」 return False. The caller saves through
core storage (:mod:`kyodo_tui.core.storage`).

``who="coordinator"`` (intake: a coordinator asks the person and records the
answer) or ``who="self"`` (the person at the keyboard decides).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from textual.content import Content

from kyodo_tui.ui import locales
from kyodo_tui.ui.screens.dialog import DIALOG_TCSS, Dialog

if TYPE_CHECKING:
    from kyodo_tui.core.storage import Session
    from kyodo_tui.ui.app import KyodoApp


class SaveConsentScreen(Dialog):
    """Returns True when the person agreed to save."""

    CSS_PATH: ClassVar[Any] = [DIALOG_TCSS, Path(__file__).with_name("save_consent.tcss")]

    def __init__(self, lang: str, who: Literal["coordinator", "self"] = "coordinator") -> None:
        body = Content(it(lang, f"save.body.{who}"))
        super().__init__(it(lang, "save.title"), body, [
            ("agree", it(lang, f"save.yes.{who}"), "success"),
            ("decline", it(lang, "save.no"), "default"),
        ], focus="decline")

    def result_for(self, button_id: str) -> object:
        return button_id == "agree"



def it(lang: str, key: str, **params: object) -> str:
    """A ``save.*`` string (locale table [intake]) in ``lang``, ``str.format``-ed with plain text."""
    text = locales.text("intake", key, lang)
    return text.format(**params) if params else text


def offer_save(app: KyodoApp, *, who: Literal["coordinator", "self"] = "self") -> None:
    """「保存する」 for any mode but the kiosk: ask in plain words, then save the app's
    answers as a new record through core storage (mode, kind and language kept).

    The intake app has its own (``IntakeApp.request_save``: notes, marks, contact,
    updates). This is the building block for the standard flow's results screen.
    """
    if app.mode == "kiosk":
        return
    if not app.answers:
        app.notify(it(app.lang, "save.nothing"), severity="warning", markup=False)
        return

    def answered(agreed: object) -> None:
        if agreed is True:
            save_answers(app)
        else:
            app.notify(it(app.lang, "save.cancelled"), markup=False)

    app.push_screen(SaveConsentScreen(app.lang, who), answered)


def save_answers(app: KyodoApp) -> Session | None:
    """Save the app's answers (the person agreed); notify and return the record."""
    from kyodo_tui.core.errors import KyodoInputError
    from kyodo_tui.core.intake import snapshot
    from kyodo_tui.core.storage import Store

    store = Store.default(app.data_dir)
    kind = "group" if app.kind == "group" else "individual"
    session = store.new_session(mode=app.mode, kind=kind, lang=app.lang, answers=app.answers)
    try:
        saved = store.save(snapshot(session, app.catalog, app.matcher))
    except (OSError, KyodoInputError) as exc:
        problems = getattr(exc, "problems", None)
        error = "; ".join(str(p) for p in problems) if problems else str(exc)
        app.notify(it(app.lang, "save.failed", error=error), severity="error", markup=False)
        return None
    app.notify(it(app.lang, "save.done", id=saved.id), markup=False)
    return saved

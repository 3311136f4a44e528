"""The workshop mode: ``kyodo --mode workshop``; the app is in :mod:`.app`.

Beside it: the strings (:mod:`.strings`), the stylesheet (``workshop.tcss``), the
screens" base class (:mod:`.base`), what app and screens share (:mod:`.common`),
one module per screen (start, room, tally, people, compare) and the dialogs. The room picture widget is
:mod:`kyodo_tui.ui.widgets.room_picture`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = [
    "APP_CLASS",
    "AUTOSAVE_MAX_WAIT",
    "AUTOSAVE_QUIET",
    "KYODO_PROJECTOR",
    "MAX_TABLES",
    "PROJECTOR_THEME",
    "UNDO_LIMIT",
    "RoomView",
    "SavedWorkshop",
    "WorkshopApp",
    "problem_text",
]

if TYPE_CHECKING:
    from kyodo_tui.ui.modes.workshop.app import (
        APP_CLASS,
        AUTOSAVE_MAX_WAIT,
        AUTOSAVE_QUIET,
        KYODO_PROJECTOR,
        PROJECTOR_THEME,
        UNDO_LIMIT,
        WorkshopApp,
    )
    from kyodo_tui.ui.modes.workshop.common import (
        MAX_TABLES,
        RoomView,
        SavedWorkshop,
        problem_text,
    )


def __getattr__(name: str) -> Any:
    """The package's names, imported on first use: a module of this package that
    imports a sibling (``strings``, ``common``) does not import the app with it."""
    if name in {
        "APP_CLASS", "AUTOSAVE_MAX_WAIT", "AUTOSAVE_QUIET", "KYODO_PROJECTOR",
        "PROJECTOR_THEME", "UNDO_LIMIT", "WorkshopApp",
    }:
        from kyodo_tui.ui.modes.workshop import app

        return getattr(app, name)
    if name in {"MAX_TABLES", "RoomView", "SavedWorkshop", "problem_text"}:
        from kyodo_tui.ui.modes.workshop import common

        return getattr(common, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

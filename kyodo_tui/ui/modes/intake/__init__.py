"""The intake mode (受付): ``kyodo --mode intake``; the app is in :mod:`.app`.

Beside it: the strings (:mod:`.strings`), the screens" shared bar and helpers
(:mod:`.common`), and one module per screen (home, details, question, review,
results, records, handoff, two_party) plus the modals.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = [
    "APP_CLASS",
    "POSITION_KEY",
    "TYPING_DRAFT_DELAY",
    "IntakeApp",
]

if TYPE_CHECKING:
    from kyodo_tui.ui.modes.intake.app import (
        APP_CLASS,
        POSITION_KEY,
        TYPING_DRAFT_DELAY,
        IntakeApp,
    )


def __getattr__(name: str) -> Any:
    """The package's names, imported on first use: a module of this package that
    imports a sibling (``strings``, ``common``) does not import the app with it."""
    if name in {"APP_CLASS", "POSITION_KEY", "TYPING_DRAFT_DELAY", "IntakeApp"}:
        from kyodo_tui.ui.modes.intake import app

        return getattr(app, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

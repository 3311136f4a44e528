"""The kiosk mode: ``kyodo --mode kiosk``; the app is in :mod:`.app`.

Beside it: the strings (:mod:`.strings`) and one module per screen (welcome,
countdown, notices, pin, results, takeaway).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = [
    "APP_CLASS",
    "BLOCKED_ACTIONS",
    "FAULT_RETRY",
    "FAULT_WINDOW",
    "HOURS_EVERY",
    "MAX_FAULTS",
    "MIN_SIZE",
    "TICK",
    "KioskApp",
]

if TYPE_CHECKING:
    from kyodo_tui.ui.modes.kiosk.app import (
        APP_CLASS,
        BLOCKED_ACTIONS,
        FAULT_RETRY,
        FAULT_WINDOW,
        HOURS_EVERY,
        MAX_FAULTS,
        MIN_SIZE,
        TICK,
        KioskApp,
    )


def __getattr__(name: str) -> Any:
    """The package's names, imported on first use: a module of this package that
    imports a sibling (``strings``, ``common``) does not import the app with it."""
    if name in {
        "APP_CLASS", "BLOCKED_ACTIONS", "FAULT_RETRY", "FAULT_WINDOW", "HOURS_EVERY",
        "MAX_FAULTS", "MIN_SIZE", "TICK", "KioskApp",
    }:
        from kyodo_tui.ui.modes.kiosk import app

        return getattr(app, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

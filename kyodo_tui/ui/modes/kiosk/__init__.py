"""The kiosk mode: ``kyodo --mode kiosk``; the app is in :mod:`.app`.

Beside it: the strings (:mod:`.strings`) and one module per screen (welcome,
countdown, notices, pin, results, takeaway).
"""

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

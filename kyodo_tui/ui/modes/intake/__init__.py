"""The intake mode (受付): ``kyodo --mode intake``; the app is in :mod:`.app`.

Beside it: the strings (:mod:`.strings`), the screens' shared bar and helpers
(:mod:`.common`), and one module per screen (home, details, question, review,
results, records, handoff, two_party) plus the modals.
"""

from kyodo_tui.ui.modes.intake.app import APP_CLASS, POSITION_KEY, TYPING_DRAFT_DELAY, IntakeApp

__all__ = ["APP_CLASS", "POSITION_KEY", "TYPING_DRAFT_DELAY", "IntakeApp"]

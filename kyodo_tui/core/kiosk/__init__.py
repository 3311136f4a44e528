"""Kiosk mode's headless half: config, staff PIN, opening hours, idle watch, records.

``kyodo --mode kiosk`` runs unattended on a community-centre terminal. The UI
(``kyodo_tui/ui``) builds on this API; nothing here imports Textual.

- :mod:`.config`: ``kiosk.toml`` → :class:`KioskConfig` (validated, path:line
  problems); :func:`require_kiosk_ready` refuses kiosk mode without a PIN;
  :func:`write_pin_hash` for ``kyodo kiosk set-pin``.
- :mod:`.pin`: :func:`hash_pin`, :func:`verify_pin`, :class:`PinGuard`.
- :mod:`.hours`: :func:`is_open`, :func:`next_opening`, :func:`closed_notice`.
- :mod:`.idle`: :class:`IdleWatch` (「まだ使っていますか？」 countdown).
- :mod:`.records`: :func:`record_stat` (anonymous statistics),
  :func:`log_kiosk_error`.
- :mod:`.printer`: :func:`print_takeaway`.

The takeaway text and its QR code are in :mod:`kyodo_tui.core.qr`.
See ``docs/kiosk.md``.
"""

from __future__ import annotations

from kyodo_tui.core.kiosk.config import (
    CONFIG_NAME,
    DEFAULT_EXIT_CHORD,
    KioskConfig,
    KioskConfigError,
    PrinterConfig,
    StatsConfig,
    TakeawayConfig,
    check_kiosk_config,
    exit_chord_problem,
    kiosk_config_path,
    kiosk_start_problems,
    load_kiosk_config,
    parse_kiosk_config,
    require_kiosk_ready,
    write_pin_hash,
)
from kyodo_tui.core.kiosk.hours import (
    Hours,
    TimeRange,
    closed_notice,
    is_open,
    next_opening,
    open_until,
)
from kyodo_tui.core.kiosk.idle import (
    FINISH,
    KEEP_GOING,
    STILL_THERE,
    IdleWatch,
    countdown_text,
)
from kyodo_tui.core.kiosk.pin import PinAttempt, PinGuard, check_new_pin, hash_pin, verify_pin
from kyodo_tui.core.kiosk.printer import PrintResult, print_takeaway
from kyodo_tui.core.kiosk.records import APOLOGY, log_kiosk_error, read_stats, record_stat

__all__ = [
    "APOLOGY",
    "CONFIG_NAME",
    "DEFAULT_EXIT_CHORD",
    "FINISH",
    "KEEP_GOING",
    "STILL_THERE",
    "Hours",
    "IdleWatch",
    "KioskConfig",
    "KioskConfigError",
    "PinAttempt",
    "PinGuard",
    "PrintResult",
    "PrinterConfig",
    "StatsConfig",
    "TakeawayConfig",
    "TimeRange",
    "check_kiosk_config",
    "check_new_pin",
    "closed_notice",
    "countdown_text",
    "exit_chord_problem",
    "hash_pin",
    "is_open",
    "kiosk_config_path",
    "kiosk_start_problems",
    "load_kiosk_config",
    "log_kiosk_error",
    "next_opening",
    "open_until",
    "parse_kiosk_config",
    "print_takeaway",
    "read_stats",
    "record_stat",
    "require_kiosk_ready",
    "verify_pin",
    "write_pin_hash",
]

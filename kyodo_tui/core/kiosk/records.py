"""What a kiosk writes: anonymous statistics (to the sessions database) and an error log.

Statistics (only when ``[stats] enabled = true``): one JSON object per finished
session, a row of the sessions database's ``kiosk_stats`` table (the SQLite
file of the data dir, or the shared PostgreSQL of ``--db``/``$KYODO_DB``, so a
town's kiosks can be counted together)::

    {"v": 1, "date": "2026-11-01", "letter": "C", "position": 2.1,
     "triad": {"self": 0.4, "mutual": 0.35, "public": 0.25},
     "answered": 9, "unknown": 1, "skipped": 2,
     "choices": {"who": "resident", "fields": ["environment", "safety"]}}

Only the day (no time of day), the placement (rounded) and the choice ids of
single/multi questions: never an answer's free text, never contact data.
A value that is not a known choice id of its question is left out, so a text
that somehow landed in a choice answer cannot reach the file either.

``kiosk-errors.log``: a timestamped traceback per unexpected error, mode 0600,
rotated to ``kiosk-errors.log.1`` past 1 MiB — for staff, after the UI has
apologised (:data:`APOLOGY`) and gone back to the welcome screen.

Pure Python: no Textual.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kyodo_tui.core.model import TRIAD, UNKNOWN, Catalog, Text

if TYPE_CHECKING:
    from kyodo_tui.core.kiosk.config import KioskConfig
    from kyodo_tui.core.placement import Answer, Placement

__all__ = [
    "APOLOGY",
    "ERROR_LOG",
    "log_kiosk_error",
    "read_stats",
    "record_stat",
    "stat_record",
]

ERROR_LOG = "kiosk-errors.log"
#: the error log is rotated (to .1) when it grows past this
MAX_LOG_BYTES = 1024 * 1024
#: the version of a stats line's format
STATS_VERSION = 1

APOLOGY = Text("申し訳ありません。問題が起きたため、最初の画面に戻ります。",
               "Sorry, something went wrong. Going back to the start.")


def _today(config: KioskConfig | None) -> date:
    if config is not None and config.hours is not None:
        return datetime.now(config.hours.tz).date()
    return date.today()


def stat_record(placement: Placement, answers: Mapping[str, Answer], catalog: Catalog, *,
                day: date) -> dict[str, Any]:
    """The anonymous record of one finished session (see the module docstring)."""
    from kyodo_tui.core.placement import visible_questions

    choices: dict[str, str | list[str]] = {}
    for q in visible_questions(catalog, answers):
        if q.kind not in ("single", "multi") or q.id not in answers:
            continue
        value = answers[q.id]
        items = [value] if isinstance(value, str) else list(value)
        known = [v for v in items if isinstance(v, str)
                 and (q.choice(v) is not None or (v == UNKNOWN and q.allow_unknown))]
        if not known:
            continue
        choices[q.id] = known[0] if q.kind == "single" else known
    placed = placement.placed and placement.position is not None
    return {
        "v": STATS_VERSION,
        "date": day.isoformat(),
        "letter": placement.letter if placed else None,
        "position": round(placement.position, 1) if placed and placement.position is not None
        else None,
        "triad": ({k: round(v, 2) for k, v in zip(TRIAD, placement.triad, strict=True)}
                  if placement.triad_placed else None),
        "answered": placement.answered,
        "unknown": placement.unknown,
        "skipped": placement.skipped,
        "choices": choices,
    }


def _private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)


def _append(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o600)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
    finally:
        os.close(fd)


def record_stat(data_dir: Path, placement: Placement, answers: Mapping[str, Answer],
                catalog: Catalog, *, config: KioskConfig | None = None,
                day: date | None = None) -> dict[str, Any] | None:
    """Store one anonymous record in the sessions database of ``data_dir``; return it.

    With a ``config`` whose statistics are off, nothing is written and None is
    returned (the UI may call this unconditionally). ``day`` defaults to today
    in the kiosk's time zone.
    """
    if config is not None and not config.stats.enabled:
        return None
    from kyodo_tui.core.storage import Store

    record = stat_record(placement, answers, catalog, day=day or _today(config))
    store = Store.default(data_dir)
    try:
        store.add_kiosk_stat(record)
    finally:
        store.close()
    return record


def read_stats(data_dir: Path) -> list[dict[str, Any]]:
    """Every statistics record of the sessions database, oldest first; bad rows skipped."""
    from kyodo_tui.core.storage import Store

    store = Store.default(data_dir)
    try:
        return store.kiosk_stats()
    finally:
        store.close()


def log_kiosk_error(data_dir: Path, exc: BaseException, *,
                    now: datetime | None = None) -> Path:
    """Append ``exc``'s timestamped traceback to ``<data_dir>/kiosk-errors.log`` (0600).

    Returns the log's path. Never raises for a logging failure (OSError is
    swallowed): the kiosk must get back to its welcome screen regardless.
    """
    path = data_dir / ERROR_LOG
    stamp = (now or datetime.now().astimezone()).isoformat(timespec="seconds")
    body = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    entry = f"=== {stamp} ===\n{body}\n"
    try:
        _private_dir(data_dir)
        try:
            if path.stat().st_size > MAX_LOG_BYTES:
                os.replace(path, path.with_name(ERROR_LOG + ".1"))
        except FileNotFoundError:
            pass
        _append(path, entry.encode("utf-8", "replace"))
    except OSError:
        pass
    return path

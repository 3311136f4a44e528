"""Statistical disclosure control for ``kyodo report``. Pure Python, no Textual.

The report publishes counts of people. Hiding small cells ("<5") was defeated
four ways (issue 13): hidden cells worked out from the total, a "secondary"
marker, re-running after adding one session, and differencing two ``--since``
reports. This module replaces it with three rules, each an established method:

1. **Cell-key random rounding to base 5.** Every published count (cells, the
   total, the number behind an average) is rounded to a multiple of
   :data:`ROUNDING_BASE`: a count ``c = 5q + r`` becomes ``5q + 5`` with
   probability ``r/5`` and ``5q`` otherwise, so it is unbiased. The "random"
   number is not drawn afresh: it comes from the cell's *cell key*, the sum
   modulo 256 of its records' *record keys*, each a keyed hash of the session id
   (the cell-key method of the Australian Bureau of Statistics, used with a
   random-rounding table like Statistics New Zealand's RR3). The same records
   always give the same published number, so re-running a report many times and
   averaging gains nothing; a different set of records gives an unrelated draw.
   A true zero is published as 0; a published 0 may be a true 0 to 4.
2. **Averages over cells that pass.** The 自助・共助・公助 average is published
   only over at least ``min_count`` sessions and rounded to :data:`SHARE_STEP`.
3. **Periods of whole calendar months, each holding at least ``min_count``
   sessions, all of them complete.** Two reports can then only differ by whole
   months, each of at least ``min_count`` sessions: no pair of reports isolates
   one person. The month still running is never reported, so a session saved
   today changes no report that can be produced today.

The guarantee and its limit are stated for users in ``docs/report.md``.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from kyodo_tui.core.errors import KyodoInputError, Problem

__all__ = [
    "MIN_COUNT",
    "ROUNDING_BASE",
    "SHARE_STEP",
    "SHARE_UNITS",
    "CellKeys",
    "average_share",
    "Period",
    "choose_period",
    "choose_period_counts",
    "month_of",
    "period_bounds",
    "parse_month",
    "record_key",
    "report_secret",
    "round_count",
    "round_share",
    "share_units",
]

#: every published count is a multiple of this
ROUNDING_BASE = 5
#: the fewest sessions a month (and an average) needs; ``--min-count`` can only raise it
MIN_COUNT = 5
#: averages are published in steps of this (5 percentage points)
SHARE_STEP = 0.05
#: a 自助・共助・公助 share is counted in 1/10,000ths (the 4 decimals a record keeps),
#: so sums are exact integers whatever order the sessions are added in
SHARE_UNITS = 10_000
#: the file in the data dir holding the secret that keys record keys
SECRET_NAME = ".kyodo-report-key"

Month = tuple[int, int]


# ------------------------------------------------------------------ rounding


def record_key(session_id: str, secret: bytes = b"") -> int:
    """The session's record key, 0–255: a keyed hash of its id (stable, unguessable
    without the data dir's secret)."""
    digest = hashlib.blake2b(session_id.encode("utf-8"), digest_size=2,
                             key=secret[:64]).digest()
    return digest[0]


def round_count(count: int, cell_key: int, base: int = ROUNDING_BASE) -> int:
    """``count`` randomly rounded to a multiple of ``base``, the draw given by ``cell_key``.

    Rounded up with probability ``(count mod base) / base``: unbiased. 0 stays 0.
    """
    if count <= 0:
        return 0
    rest = count % base
    if rest == 0:
        return count
    draw = ((cell_key * 2654435761) % 256 + 0.5) / 256  # spread the key over [0, 1)
    return count - rest + (base if draw < rest / base else 0)


def round_share(value: float) -> float:
    """``value`` (0–1) to the nearest :data:`SHARE_STEP`."""
    return round(round(value / SHARE_STEP) * SHARE_STEP, 2)


def share_units(value: float) -> int:
    """A share (0-1) in 1/:data:`SHARE_UNITS` (records keep 4 decimals: exact for them)."""
    return round(value * SHARE_UNITS)


def average_share(units: int, n: int) -> float:
    """The mean of ``n`` shares summing to ``units`` (see :func:`share_units`), to the
    nearest :data:`SHARE_STEP`, computed exactly (ties to even, never float noise)."""
    per_step = n * round(SHARE_UNITS * SHARE_STEP)  # units of one step, n sessions
    steps, rest = divmod(units, per_step)
    if 2 * rest > per_step or (2 * rest == per_step and steps % 2):
        steps += 1  # to the nearest step, ties to even (as round() does)
    return round(steps * SHARE_STEP, 2)


class CellKeys:
    """Counts and cell keys of the rows' values, for :func:`round_count`."""

    def __init__(self, ids: Iterable[str], secret: bytes = b"") -> None:
        self.keys = [record_key(i, secret) for i in ids]
        #: the cell key of all rows (the total)
        self.total_key = sum(self.keys) % 256

    def of(self, values: Iterable[Any]) -> dict[Any, tuple[int, int]]:
        """value → (rows with it, cell key); one value per row (in row order)."""
        out: dict[Any, list[int]] = {}
        for key, value in zip(self.keys, values, strict=True):
            cell = out.get(value)
            if cell is None:
                out[value] = [1, key]
            else:
                cell[0] += 1
                cell[1] += key
        return {v: (n, k % 256) for v, (n, k) in out.items()}

    def of_many(self, values: Iterable[Iterable[Any]]) -> dict[Any, tuple[int, int]]:
        """value → (rows holding it, cell key); each row may hold several (each once)."""
        out: dict[Any, list[int]] = {}
        for key, items in zip(self.keys, values, strict=True):
            for value in items:
                cell = out.get(value)
                if cell is None:
                    out[value] = [1, key]
                else:
                    cell[0] += 1
                    cell[1] += key
        return {v: (n, k % 256) for v, (n, k) in out.items()}

    def key_where(self, flags: Iterable[bool]) -> int:
        """The cell key of the rows whose flag is true."""
        return sum(k for k, f in zip(self.keys, flags, strict=True) if f) % 256


def read_key_file(path: Path) -> bytes:
    """The first 64 bytes of a key file; b"" unless it is a regular file (a link, a
    FIFO or a device planted there is never followed, waited on or read)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return b""
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return b""
        return os.read(fd, 64)
    except OSError:
        return b""
    finally:
        os.close(fd)


def report_secret(root: Path | None) -> bytes:
    """The data dir's report secret (32 random bytes, made once, mode 0600).

    Without it (a read-only data dir, no data dir) record keys are an unkeyed
    hash: still consistent, but someone who knows the session ids can compute
    them (``docs/report.md`` says so).
    """
    if root is None:
        return b""
    path = Path(root) / SECRET_NAME
    data = read_key_file(path)
    if len(data) >= 16:
        return data
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL
                     | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except FileExistsError:
        return read_key_file(path)
    except OSError:
        return b""
    secret = os.urandom(32)
    try:
        os.write(fd, secret)
        os.fsync(fd)
    except OSError:
        return b""
    finally:
        os.close(fd)
    return secret


# ------------------------------------------------------------------ periods


@dataclass(frozen=True, slots=True)
class Period:
    """Whole calendar months, ``first`` to ``last`` inclusive."""

    first: Month
    last: Month

    def months(self) -> list[Month]:
        out = []
        y, m = self.first
        while (y, m) <= self.last:
            out.append((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out

    def contains(self, month: Month | None) -> bool:
        return month is not None and self.first <= month <= self.last

    @property
    def start(self) -> str:
        return _month_text(self.first)

    @property
    def end(self) -> str:
        return _month_text(self.last)

    def first_day(self) -> date:
        return date(*self.first, 1)

    def last_day(self) -> date:
        y, m = next_month(self.last)
        return date.fromordinal(date(y, m, 1).toordinal() - 1)


def _month_text(month: Month) -> str:
    return f"{month[0]:04d}-{month[1]:02d}"


def parse_month(text: str | None, what: str) -> Month | None:
    """``YYYY-MM`` (or ``YYYY-MM-01``) as (year, month); anything else is bad input."""
    if text is None:
        return None
    value = text.strip()
    parts = value.split("-")
    ok = (len(parts) in (2, 3) and all(p.isascii() and p.isdigit() for p in parts)
           and len(parts[0]) == 4 and len(parts[1]) == 2
           and (len(parts) == 2 or parts[2] == "01"))
    if ok:
        year, month = int(parts[0]), int(parts[1])
        if 1970 <= year <= 9000 and 1 <= month <= 12:
            return year, month
    raise KyodoInputError(Problem(
        what, 0, f"{text!r}: a report covers whole calendar months: give a month as YYYY-MM "
                 "(e.g. 2025-04)"))


def month_of(created: str) -> Month | None:
    """The local calendar month of a session's ``created`` time (None if unreadable)."""
    try:
        moment = datetime.fromisoformat(created.replace("Z", "+00:00"))
        if moment.tzinfo is not None:
            moment = moment.astimezone()
    except (ValueError, OverflowError, AttributeError):
        return None
    return moment.year, moment.month


def _previous(month: Month) -> Month:
    y, m = month
    return (y - 1, 12) if m == 1 else (y, m - 1)


def month_start(month: Month) -> str:
    """The first second of a local calendar month, as a stored (UTC) time text."""
    moment = datetime(month[0], month[1], 1).astimezone()  # local midnight
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def next_month(month: Month) -> Month:
    y, m = month
    return (y + 1, 1) if m == 12 else (y, m + 1)


def period_bounds(period: Period) -> tuple[str, str]:
    """The UTC times [start, end) of ``period``'s local months (as stored times)."""
    return month_start(period.first), month_start(next_month(period.last))


def choose_period(months: Sequence[Month | None], since: Month | None, until: Month | None,
                  min_count: int, today: date) -> Period:
    """:func:`choose_period_counts` given each session's month."""
    per_month: dict[Month, int] = {}
    for m in months:
        if m is not None:
            per_month[m] = per_month.get(m, 0) + 1
    return choose_period_counts(per_month, since, until, min_count, today)


def choose_period_counts(per_month: Mapping[Month, int], since: Month | None,
                         until: Month | None, min_count: int, today: date) -> Period:
    """The report's period, checked; ``per_month``: month -> sessions created in it.

    ``until`` defaults to the last complete month holding ``min_count`` sessions;
    ``since`` to the earliest month
    of the unbroken run of months before ``until`` that each hold ``min_count``
    sessions. Raises :class:`KyodoInputError` for the running month (or later),
    ``since`` after ``until``, or any month in the period with fewer sessions.
    """
    latest = _previous((today.year, today.month))
    if until is None:
        # the latest complete month that can be reported on its own
        ready = [m for m, n in per_month.items() if m <= latest and n >= min_count]
        if not ready:
            raise KyodoInputError(Problem(
                "report", 0, f"no complete month has at least {min_count} sessions yet: "
                             "there is nothing that can be reported safely"))
        until = max(ready)
    elif until > latest:
        raise KyodoInputError(Problem(
            "--until", 0, f"{_month_text(until)} is not over yet: a report covers complete "
                          f"months only (the latest is {_month_text(latest)})"))
    if since is None:
        since = until
        while per_month.get(since, 0) >= min_count:
            earlier = _previous(since)
            if per_month.get(earlier, 0) < min_count:
                break
            since = earlier
    if since > until:
        raise KyodoInputError(Problem(
            "--since", 0, f"{_month_text(since)} is after the period's last month "
                          f"{_month_text(until)}"))
    period = Period(since, until)
    small = [m for m in period.months() if per_month.get(m, 0) < min_count]
    if small:
        shown = ", ".join(_month_text(m) for m in small[:6]) + (" …" if len(small) > 6 else "")
        raise KyodoInputError(Problem(
            "report", 0,
            f"every month in a report needs at least {min_count} sessions, and {shown} "
            f"{'has' if len(small) == 1 else 'have'} fewer: comparing reports with and "
            "without such a month could single a person out. Choose months that each "
            "have enough (--since YYYY-MM --until YYYY-MM)"))
    return period

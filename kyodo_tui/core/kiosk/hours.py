"""Opening hours of a kiosk: per-weekday time ranges, holidays, a time zone.

``[hours]`` in ``kiosk.toml``::

    [hours]
    timezone = "Asia/Tokyo"          # default
    mon = ["09:00-17:00"]
    tue = ["09:00-12:00", "13:00-17:00"]
    sat = ["10:00-15:00"]
    # a weekday left out (or []) is closed all day
    holidays = [2026-01-01, "2026-01-02"]   # closed all day

Without an ``[hours]`` table the kiosk is always open. Ranges are
``HH:MM-HH:MM`` with ``00:00 ≤ open < close ≤ 24:00``; a range that runs past
midnight is written as two (``fri = ["22:00-24:00"]``, ``sat = ["00:00-02:00"]``).
A range includes its opening minute and excludes its closing one.

Pure Python (datetime, zoneinfo): no Textual.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kyodo_tui.core.langs import is_japanese
from kyodo_tui.core.model import Text

__all__ = [
    "DEFAULT_TIMEZONE",
    "WEEKDAYS",
    "Hours",
    "TimeRange",
    "closed_notice",
    "is_open",
    "next_opening",
    "open_until",
    "parse_range",
    "timezone_problem",
]

DEFAULT_TIMEZONE = "Asia/Tokyo"
#: weekday keys, Monday first (``datetime.weekday()`` order)
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEKDAY_JA = ("月", "火", "水", "木", "金", "土", "日")
_WEEKDAY_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_RANGE_RE = re.compile(r"\s*(\d{1,2}):(\d{2})\s*[-–〜~]\s*(\d{1,2}):(\d{2})\s*")
#: how far ahead next_opening looks
_HORIZON_DAYS = 400


@dataclass(frozen=True, slots=True, order=True)
class TimeRange:
    """Open from ``start`` to ``end``, in minutes after midnight (end ≤ 1440)."""

    start: int
    end: int

    def __str__(self) -> str:
        return f"{_hhmm(self.start)}-{_hhmm(self.end)}"

    def contains(self, minute: int) -> bool:
        return self.start <= minute < self.end


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_range(value: str) -> TimeRange | str:
    """``"09:00-17:00"`` → :class:`TimeRange`, or a message saying what is wrong."""
    m = _RANGE_RE.fullmatch(value)
    if not m:
        return f"{value!r} is not a time range: write \"HH:MM-HH:MM\", e.g. \"09:00-17:00\""
    h1, m1, h2, m2 = (int(g) for g in m.groups())
    for h, mm in ((h1, m1), (h2, m2)):
        if h > 24 or mm > 59 or (h == 24 and mm != 0):
            return f"{value!r}: {h:02d}:{mm:02d} is not a time of day (00:00–24:00)"
    start, end = h1 * 60 + m1, h2 * 60 + m2
    if end <= start:
        return (f"{value!r}: closes before it opens; for hours past midnight write two "
                "ranges, \"…-24:00\" on one day and \"00:00-…\" on the next")
    return TimeRange(start, end)


def timezone_problem(name: str) -> str | None:
    """What is wrong with a time zone name, or None when zoneinfo knows it."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return (f"unknown time zone {name!r} (use an IANA name such as \"Asia/Tokyo\"; "
                "on Windows install the tzdata package)")
    return None


@dataclass(frozen=True, slots=True)
class Hours:
    """Opening hours. ``week[i]`` are the ranges of weekday ``i`` (0 = Monday)."""

    week: tuple[tuple[TimeRange, ...], ...] = ((),) * 7
    holidays: frozenset[date] = field(default_factory=frozenset)
    timezone: str = DEFAULT_TIMEZONE

    @property
    def tz(self) -> tzinfo:
        return ZoneInfo(self.timezone)

    def ranges_on(self, day: date) -> tuple[TimeRange, ...]:
        """The opening ranges on ``day`` (none on a holiday)."""
        if day in self.holidays:
            return ()
        return self.week[day.weekday()]

    def describe(self, lang: str = "ja") -> list[str]:
        """One line per weekday, e.g. ``月 09:00-17:00`` / ``Sun closed``."""
        names = _WEEKDAY_JA if is_japanese(lang) else _WEEKDAY_EN
        closed = "休み" if is_japanese(lang) else "closed"
        out = []
        for name, ranges in zip(names, self.week, strict=True):
            out.append(f"{name} " + (", ".join(str(r) for r in ranges) if ranges else closed))
        return out


def _local(hours: Hours, now: datetime) -> datetime:
    """``now`` in the kiosk's time zone (a naive ``now`` is taken to be in it already)."""
    if now.tzinfo is None:
        return now.replace(tzinfo=hours.tz)
    return now.astimezone(hours.tz)


def _at(day: date, minute: int, tz: tzinfo) -> datetime:
    if minute >= 24 * 60:
        return datetime.combine(day + timedelta(days=1), time(0), tz)
    return datetime.combine(day, time(minute // 60, minute % 60), tz)


def is_open(hours: Hours | None, now: datetime) -> bool:
    """Whether the kiosk is open at ``now`` (always, without opening hours)."""
    if hours is None:
        return True
    local = _local(hours, now)
    minute = local.hour * 60 + local.minute
    return any(r.contains(minute) for r in hours.ranges_on(local.date()))


def next_opening(hours: Hours | None, now: datetime) -> datetime | None:
    """When the kiosk next opens, in its time zone; ``now`` itself if open now.

    None when it never opens within the next year (every day closed).
    """
    if hours is None or is_open(hours, now):
        return now if hours is None else _local(hours, now)
    local = _local(hours, now)
    minute = local.hour * 60 + local.minute
    for offset in range(_HORIZON_DAYS):
        day = local.date() + timedelta(days=offset)
        for r in sorted(hours.ranges_on(day)):
            if offset > 0 or r.start > minute:
                return _at(day, r.start, hours.tz)
    return None


def open_until(hours: Hours | None, now: datetime) -> datetime | None:
    """When the current opening ends (ranges that touch are joined); None if closed or always open."""
    if hours is None or not is_open(hours, now):
        return None
    local = _local(hours, now)
    day, minute = local.date(), local.hour * 60 + local.minute
    for _ in range(_HORIZON_DAYS):
        ranges = sorted(hours.ranges_on(day))
        current = next((r for r in ranges if r.contains(minute)), None)
        if current is None:
            return _at(day, minute, hours.tz)
        end = current.end
        for r in ranges:  # join touching ranges on the same day
            if r.start == end:
                end = r.end
        if end < 24 * 60:
            return _at(day, end, hours.tz)
        day, minute = day + timedelta(days=1), 0
    return None


def closed_notice(hours: Hours | None, now: datetime) -> Text:
    """The closed screen's message, with the next opening when there is one."""
    head_ja = "ただいま利用時間外です。"
    head_en = "The kiosk is closed now."
    when = next_opening(hours, now)
    if when is None:
        return Text(head_ja + "窓口の職員にお問い合わせください。",
                    head_en + " Please ask the staff at the desk.")
    local = _local(hours, when) if hours is not None else when
    today = _local(hours, now).date() if hours is not None else now.date()
    hm = local.strftime("%H:%M")
    if local.date() == today:
        return Text(f"{head_ja}本日{hm}から利用できます。", f"{head_en} It opens today at {hm}.")
    if local.date() == today + timedelta(days=1):
        return Text(f"{head_ja}明日{hm}から利用できます。",
                    f"{head_en} It opens tomorrow at {hm}.")
    wd = local.weekday()
    return Text(
        f"{head_ja}{local.month}月{local.day}日（{_WEEKDAY_JA[wd]}）{hm}から利用できます。",
        f"{head_en} It opens on {_WEEKDAY_EN[wd]} {local.day} "
        f"{_MONTH_EN[local.month - 1]} at {hm}.")

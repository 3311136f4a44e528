"""The kiosk config (``kiosk.toml``): load, validate (path:line problems), write the PIN hash.

The file is ``kiosk.toml`` in the config dir (the parent of the user catalog dir
that ``kyodo catalog path`` prints; ``$KYODO_CONFIG_DIR`` moves it), or is given
with ``kyodo --mode kiosk --config FILE``. Every key is
optional; ``docs/kiosk.md`` documents them. Problems are collected, never only
the first, as :class:`~kyodo_tui.core.errors.Problem` (file, 1-based line,
message), in the same style as the catalog (the catalog's line index and
messages are reused).

A kiosk without ``pin_hash`` has no staff exit: :func:`require_kiosk_ready`
refuses to start kiosk mode and says how to set one (``kyodo kiosk set-pin``).

Pure Python: no Textual.
"""

from __future__ import annotations

import itertools
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal, cast

from kyodo_tui.core.langs import LANG_CODES
from kyodo_tui.core import tomlfile
from kyodo_tui.core.catalog import _display, _FileIndex
from kyodo_tui.core.errors import KyodoInputError, Problem, did_you_mean
from kyodo_tui.core.kiosk.hours import WEEKDAYS, Hours, TimeRange, parse_range, timezone_problem
from kyodo_tui.core.kiosk.pin import pin_hash_problem
from kyodo_tui.core.model import Lang
from kyodo_tui.core.qr import QR_MODES, QrMode
from kyodo_tui.core.tomlfile import type_name

__all__ = [
    "CONFIG_NAME",
    "DEFAULT_EXIT_CHORD",
    "KioskConfig",
    "KioskConfigError",
    "PrinterConfig",
    "StatsConfig",
    "TakeawayConfig",
    "check_kiosk_config",
    "exit_chord_problem",
    "kiosk_config_path",
    "kiosk_start_problems",
    "load_kiosk_config",
    "parse_kiosk_config",
    "require_kiosk_ready",
    "write_pin_hash",
]

CONFIG_NAME = "kiosk.toml"
DEFAULT_IDLE = 90
MIN_IDLE = 15
MAX_IDLE = 3600
DEFAULT_COUNTDOWN = 20
MIN_COUNTDOWN = 5
MAX_COUNTDOWN = 300
#: ctrl+g: delivered by every terminal, and no Textual widget binds it
DEFAULT_EXIT_CHORD = "ctrl+g"
PrintFormat = Literal["text", "png", "svg"]
PRINT_FORMATS: tuple[str, ...] = ("text", "png", "svg")


class KioskConfigError(KyodoInputError):
    """The kiosk config has problems (or kiosk mode cannot start with it)."""


@dataclass(frozen=True, slots=True)
class StatsConfig:
    """Anonymous statistics (off unless the municipality turns them on)."""

    enabled: bool = False


@dataclass(frozen=True, slots=True)
class PrinterConfig:
    """A printer command (an argv list, never a shell string); the takeaway goes to its stdin."""

    command: tuple[str, ...]
    format: PrintFormat = "text"
    #: seconds before the print command is given up on
    timeout: float = 30.0


@dataclass(frozen=True, slots=True)
class TakeawayConfig:
    """The result a resident takes away: a QR code drawn in the terminal."""

    qr: bool = True
    #: how the QR is drawn: see :data:`kyodo_tui.core.qr.QR_MODES`
    style: QrMode = "half"
    #: the quiet zone around the QR, in modules
    border: int = 4


@dataclass(frozen=True, slots=True)
class KioskConfig:
    """A validated kiosk config. ``KioskConfig()`` is the defaults (no file)."""

    idle_seconds: int = DEFAULT_IDLE
    countdown_seconds: int = DEFAULT_COUNTDOWN
    #: the staff PIN's salted hash (None: not set, kiosk mode refuses to start)
    pin_hash: str | None = None
    #: the key that opens the staff PIN prompt (a Textual key name)
    exit_chord: str = DEFAULT_EXIT_CHORD
    lang: Lang = "ja"
    theme: str | None = None
    #: opening hours (None: always open)
    hours: Hours | None = None
    stats: StatsConfig = field(default_factory=StatsConfig)
    printer: PrinterConfig | None = None
    takeaway: TakeawayConfig = field(default_factory=TakeawayConfig)
    #: the file it was read from (None: defaults, no file)
    path: Path | None = None


def kiosk_config_path() -> Path:
    """``<config dir>/kiosk.toml`` (it may not exist)."""
    from kyodo_tui.core.locations import config_dir

    return config_dir() / CONFIG_NAME


# ---------------------------------------------------------------- exit chord

_RESERVED_CTRL: dict[str, str] = {
    "c": "ctrl+c is the interrupt key",
    "z": "ctrl+z suspends programs in a terminal",
    "s": "ctrl+s/ctrl+q stop and resume output on some terminals",
    "q": "ctrl+s/ctrl+q stop and resume output on some terminals",
    "m": "terminals send ctrl+m as Enter",
    "j": "terminals send ctrl+j as Enter",
    "i": "terminals send ctrl+i as Tab",
    "h": "many terminals send ctrl+h as Backspace",
}
_CHORD_HINT = "use ctrl+<letter> (e.g. \"ctrl+g\") or a function key (\"f12\", \"ctrl+f12\")"
_FKEY_RE = re.compile(r"(?:ctrl\+)?f(?:[1-9]|1[0-2])")


def exit_chord_problem(chord: str) -> str | None:
    """Why ``chord`` cannot be the staff exit key, or None when it can.

    Allowed: ``ctrl+<letter>`` (but not c, z, s, q, m, j, i, h) and ``f1``–``f12``
    with or without ``ctrl+``. Chords with shift or alt are refused: most
    terminals deliver ctrl+shift+k exactly like ctrl+k, and alt arrives as Esc
    followed by the key.
    """
    norm = chord.strip().lower().replace(" ", "")
    parts = norm.split("+")
    if not norm or "" in parts:
        return f"{chord!r} is not a key: {_CHORD_HINT}"
    if "shift" in parts[:-1]:
        return (f"{chord!r}: most terminals send ctrl+shift+<key> the same as ctrl+<key>; "
                + _CHORD_HINT)
    if any(p in ("alt", "meta", "super", "option", "cmd") for p in parts[:-1]):
        return f"{chord!r}: terminals send alt+<key> as Esc then the key; " + _CHORD_HINT
    if _FKEY_RE.fullmatch(norm):
        return None
    if len(parts) == 2 and parts[0] == "ctrl" and re.fullmatch(r"[a-z]", parts[1]):
        reason = _RESERVED_CTRL.get(parts[1])
        return f"{chord!r}: {reason}; " + _CHORD_HINT if reason else None
    if len(parts) == 1:
        return f"{chord!r}: a plain key can be typed by anyone; " + _CHORD_HINT
    return f"{chord!r} is not supported: " + _CHORD_HINT


# ---------------------------------------------------------------- locating keys


class _Locator:
    """Lines of keys in a kiosk.toml text, via the catalog's file index."""

    def __init__(self, text: str) -> None:
        self.index = _FileIndex(text)
        self.top_end = (self.index.headers[0][0] if self.index.headers
                        else len(self.index.lines) + 1)

    def top(self, key: str) -> int:
        idx = self.index
        found = idx.find_key(key, 1, self.top_end, self.top_end, key)
        if found:
            return found
        for n, _is_array, name in idx.headers:
            if name == key or name.startswith(key + "."):
                return n
        return 0

    def sub(self, table: str, key: str) -> int:
        idx = self.index
        for n, is_array, name in idx.headers:
            if name == table and not is_array:
                own, end = idx.own_end(n), idx.span_end(n, table)
                return idx.find_key(key, n + 1, own, end, table) or n
        pattern = re.compile(r"\s*" + re.escape(table) + r"\s*\.\s*" + re.escape(key) + r"\s*=")
        for number in range(1, self.top_end):
            if pattern.match(idx.lines[number - 1]):
                return number
        return self.top(table)

    def value(self, start: int, literal: str) -> int:
        """The first line at or after ``start`` (up to the next header) containing ``literal``."""
        if not start:
            return 0
        end = self.index.own_end(start)
        for number in range(start, min(end, len(self.index.lines) + 1)):
            if literal in self.index.lines[number - 1]:
                return number
        return start


# ---------------------------------------------------------------- validation

_TOP_KEYS = ("idle_seconds", "countdown_seconds", "pin_hash", "exit_chord", "lang", "theme",
             "hours", "stats", "printer", "takeaway")
_TABLE_KEYS: dict[str, tuple[str, ...]] = {
    "hours": ("timezone", *WEEKDAYS, "holidays"),
    "stats": ("enabled",),
    "printer": ("command", "format", "timeout"),
    "takeaway": ("qr", "style", "border"),
}
_THEME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_FULL_WEEKDAYS = {name: short for short, name in zip(
    WEEKDAYS, ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    strict=True)}


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class _Checker:
    def __init__(self, display: str, text: str) -> None:
        self.display = display
        self.where = _Locator(text)
        self.problems: list[Problem] = []

    def add(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.display, line, message))

    def top(self, key: str, message: str) -> None:
        self.add(self.where.top(key), f"{key}: {message}")

    def sub(self, table: str, key: str, message: str) -> None:
        self.add(self.where.sub(table, key), f"{table}.{key}: {message}")

    # -- scalars

    def seconds(self, data: Mapping[str, Any], key: str, default: int, low: int, high: int,
                why_low: str) -> int:
        if key not in data:
            return default
        value = data[key]
        if not _is_int(value):
            self.top(key, f"must be a whole number of seconds, not {type_name(value)}")
            return default
        if value < low:
            self.top(key, f"must be at least {low} ({why_low}; got {value})")
            return default
        if value > high:
            self.top(key, f"must be at most {high} (got {value})")
            return default
        return int(value)

    def table(self, data: Mapping[str, Any], name: str) -> dict[str, Any] | None:
        if name not in data:
            return None
        value = data[name]
        if not isinstance(value, dict):
            self.top(name, f"must be a table ([{name}] or {name} = {{ … }}), not {type_name(value)}")
            return None
        for key in value:
            if key not in _TABLE_KEYS[name]:
                hint = ""
                if name == "hours" and key.lower() in _FULL_WEEKDAYS:
                    hint = f" (weekdays are written {_FULL_WEEKDAYS[key.lower()]!r})"
                elif name == "hours" and key.lower()[:3] in WEEKDAYS:
                    hint = f" (did you mean {key.lower()[:3]!r}?)"
                else:
                    hint = did_you_mean(key, _TABLE_KEYS[name])
                self.sub(name, key, f"unknown key{hint}; known: "
                                    f"{', '.join(_TABLE_KEYS[name])}")
        return value

    # -- tables

    def hours(self, raw: dict[str, Any]) -> Hours | None:
        ok = True
        tz = raw.get("timezone", Hours().timezone)
        if not isinstance(tz, str):
            self.sub("hours", "timezone", f"must be a string, not {type_name(tz)}")
            ok = False
        else:
            problem = timezone_problem(tz)
            if problem:
                self.sub("hours", "timezone", problem)
                ok = False
        week: list[tuple[TimeRange, ...]] = []
        for day in WEEKDAYS:
            value = raw.get(day, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                self.sub("hours", day, "must be a list of \"HH:MM-HH:MM\" strings, "
                                       f"e.g. {day} = [\"09:00-17:00\"] ([] for closed)")
                ok = False
                week.append(())
                continue
            ranges: list[TimeRange] = []
            key_line = self.where.sub("hours", day)
            for item in value:
                parsed = parse_range(item)
                if isinstance(parsed, str):
                    self.add(self.where.value(key_line, item), f"hours.{day}: {parsed}")
                    ok = False
                else:
                    ranges.append(parsed)
            ranges.sort()
            for a, b in itertools.pairwise(ranges):
                if b.start < a.end:
                    self.sub("hours", day, f"{a} and {b} overlap")
                    ok = False
            week.append(tuple(ranges))
        if not any(day in raw for day in WEEKDAYS) and ok:
            self.add(self.where.top("hours"),
                     "hours: no weekday has opening times, so the kiosk would never open; "
                     "give e.g. mon = [\"09:00-17:00\"], or remove [hours] to stay open")
            ok = False
        holidays: set[date] = set()
        value = raw.get("holidays", [])
        key_line = self.where.sub("hours", "holidays")
        if not isinstance(value, list):
            self.sub("hours", "holidays", f"must be a list of dates, not {type_name(value)}")
            ok = False
            value = []
        for item in value:
            when = _as_date(item)
            if when is None:
                literal = item if isinstance(item, str) else str(item)
                self.add(self.where.value(key_line, literal),
                         f"hours.holidays: {item!r} is not a date (write 2026-01-01 or "
                         "\"2026-01-01\")")
                ok = False
            else:
                holidays.add(when)
        if not ok:
            return None
        return Hours(tuple(week), frozenset(holidays), cast(str, tz))

    def printer(self, raw: dict[str, Any]) -> PrinterConfig | None:
        ok = True
        command = raw.get("command")
        if command is None:
            self.add(self.where.top("printer"), "printer: missing required key 'command' "
                     "(e.g. command = [\"lp\", \"-d\", \"kiosk\"])")
            ok = False
        elif isinstance(command, str):
            self.sub("printer", "command", "must be a list of arguments, e.g. "
                     "[\"lp\", \"-d\", \"kiosk\"], not a shell string (no shell is used)")
            ok = False
        elif (not isinstance(command, list) or not command
              or not all(isinstance(a, str) and a for a in command)):
            self.sub("printer", "command", "must be a non-empty list of non-empty strings")
            ok = False
        fmt = raw.get("format", "text")
        if fmt not in PRINT_FORMATS:
            self.sub("printer", "format", f"must be one of {', '.join(PRINT_FORMATS)} "
                                          f"(got {fmt!r})")
            ok = False
        timeout = raw.get("timeout", 30)
        if not _is_number(timeout) or not 1 <= timeout <= 300:
            self.sub("printer", "timeout", f"must be a number of seconds from 1 to 300 "
                                           f"(got {timeout!r})")
            ok = False
        if not ok:
            return None
        return PrinterConfig(tuple(cast(list[str], command)), cast(PrintFormat, fmt),
                             float(timeout))

    def takeaway(self, raw: dict[str, Any]) -> TakeawayConfig | None:
        ok = True
        qr = raw.get("qr", True)
        if not isinstance(qr, bool):
            self.sub("takeaway", "qr", f"must be true or false, not {type_name(qr)}")
            ok = False
        style = raw.get("style", "half")
        if style not in QR_MODES:
            self.sub("takeaway", "style", f"must be one of {', '.join(QR_MODES)} (got {style!r})")
            ok = False
        border = raw.get("border", 4)
        if not _is_int(border) or not 1 <= border <= 10:
            self.sub("takeaway", "border", f"must be a whole number of modules from 1 to 10 "
                                           f"(got {border!r}; 4 is the standard)")
            ok = False
        if not ok:
            return None
        return TakeawayConfig(qr, cast(QrMode, style), int(border))


def _as_date(item: object) -> date | None:
    if isinstance(item, datetime):
        return None
    if isinstance(item, date):
        return item
    if isinstance(item, str):
        try:
            return date.fromisoformat(item.strip())
        except ValueError:
            return None
    return None


def parse_kiosk_config(text: str, display: str = "kiosk.toml",
                       path: Path | None = None) -> tuple[KioskConfig | None, list[Problem]]:
    """Validate a kiosk config's text; the config (None on any problem) and every problem."""
    text = text.removeprefix("\ufeff")
    try:
        data = tomlfile.parse(text, display, limits=tomlfile.KIOSK)
    except KyodoInputError as exc:
        return None, exc.problems
    c = _Checker(display, text)
    for key in data:
        if key not in _TOP_KEYS:
            hint = did_you_mean(key, _TOP_KEYS)
            c.top(key, f"unknown key{hint}; known: {', '.join(_TOP_KEYS)}")
    idle = c.seconds(data, "idle_seconds", DEFAULT_IDLE, MIN_IDLE, MAX_IDLE,
                     "a resident needs time to read a question")
    countdown = c.seconds(data, "countdown_seconds", DEFAULT_COUNTDOWN, MIN_COUNTDOWN,
                          MAX_COUNTDOWN, "time to answer 「まだ使っていますか？」")
    pin_hash: str | None = None
    if "pin_hash" in data:
        value = data["pin_hash"]
        if not isinstance(value, str):
            c.top("pin_hash", f"must be a string, not {type_name(value)}")
        elif not value.strip():
            c.top("pin_hash", "is empty: set a PIN with `kyodo kiosk set-pin`, or remove the key")
        else:
            problem = pin_hash_problem(value)
            if problem:
                c.top("pin_hash", problem)
            else:
                pin_hash = value
    chord = DEFAULT_EXIT_CHORD
    if "exit_chord" in data:
        value = data["exit_chord"]
        if not isinstance(value, str):
            c.top("exit_chord", f"must be a string, not {type_name(value)}")
        else:
            problem = exit_chord_problem(value)
            if problem:
                c.top("exit_chord", problem)
            else:
                chord = value.strip().lower().replace(" ", "")
    lang: Lang = "ja"
    if "lang" in data:
        if data["lang"] in LANG_CODES:
            lang = data["lang"]
        else:
            c.top("lang", f"must be one of {', '.join(LANG_CODES)} (got {data['lang']!r})")
    theme: str | None = None
    if "theme" in data:
        value = data["theme"]
        if not isinstance(value, str) or not _THEME_RE.fullmatch(value):
            c.top("theme", f"must be a theme name such as \"kyodo-high-contrast\" "
                           f"(got {value!r})")
        else:
            theme = value
    hours_raw = c.table(data, "hours")
    hours = c.hours(hours_raw) if hours_raw is not None else None
    stats_raw = c.table(data, "stats")
    stats = StatsConfig()
    if stats_raw is not None and "enabled" in stats_raw:
        if isinstance(stats_raw["enabled"], bool):
            stats = StatsConfig(stats_raw["enabled"])
        else:
            c.sub("stats", "enabled", f"must be true or false, not "
                                      f"{type_name(stats_raw['enabled'])}")
    printer_raw = c.table(data, "printer")
    printer = c.printer(printer_raw) if printer_raw is not None else None
    takeaway_raw = c.table(data, "takeaway")
    takeaway = c.takeaway(takeaway_raw) if takeaway_raw is not None else TakeawayConfig()
    if c.problems or takeaway is None:
        return None, sorted(c.problems, key=lambda p: p.line)
    return KioskConfig(idle, countdown, pin_hash, chord, lang, theme, hours, stats, printer,
                       takeaway, path), []


def _mode_problem(path: Path, st: os.stat_result, shown: str) -> Problem | None:
    """Keep the config 0600: the owner's own file is tightened to 0600 (it holds the PIN
    hash); a file someone else can write is refused (they could set their own PIN)."""
    import stat

    if not stat.S_ISREG(st.st_mode) or not st.st_mode & 0o077 or not hasattr(os, "getuid"):
        return None
    if st.st_uid == os.getuid():
        try:
            os.chmod(path, 0o600)
            return None
        except OSError as exc:
            return Problem(shown, 0, f"cannot make the kiosk config private (chmod 600): "
                                     f"{exc.strerror or exc}")
    if st.st_mode & 0o022:
        return Problem(shown, 0, f"other users can write the kiosk config (mode "
                                 f"{stat.S_IMODE(st.st_mode):o}): run chmod 600 on it")
    return None


def _read_text(path: Path) -> tuple[str | None, list[Problem]]:
    """The file's text (without a BOM), or None and why not."""
    shown = _display(path)
    try:
        with path.open("rb") as f:
            mode_problem = _mode_problem(path, os.fstat(f.fileno()), shown)
            data = f.read(tomlfile.KIOSK.max_bytes + 1)
    except FileNotFoundError:
        return None, [Problem(shown, 0, "kiosk config file does not exist")]
    except IsADirectoryError:
        return None, [Problem(shown, 0, "is a directory, not a kiosk config file")]
    except OSError as exc:
        return None, [tomlfile.read_problem(exc, shown)]
    if mode_problem is not None:
        return None, [mode_problem]
    if len(data) > tomlfile.KIOSK.max_bytes:
        return None, [tomlfile.too_big_problem(shown, tomlfile.KIOSK)]
    try:
        return tomlfile.decode(data, shown), []
    except KyodoInputError as exc:
        return None, exc.problems


def check_kiosk_config(path: Path | None = None) -> tuple[KioskConfig | None, list[Problem]]:
    """Read and validate; the config (None on problems) and every problem.

    ``path`` None means ``<config dir>/kiosk.toml``, and its absence means the
    defaults; a ``path`` given explicitly must exist.
    """
    explicit = path is not None
    target = path if path is not None else kiosk_config_path()
    if not explicit and not target.exists():
        return KioskConfig(), []
    text, problems = _read_text(target)
    if text is None:
        return None, problems
    return parse_kiosk_config(text, _display(target), target)


def load_kiosk_config(path: Path | None = None) -> KioskConfig:
    """Like :func:`check_kiosk_config`; raise :class:`KioskConfigError` on any problem."""
    config, problems = check_kiosk_config(path)
    if problems or config is None:
        raise KioskConfigError(problems or [Problem(str(path), 0, "cannot load")])
    return config


def kiosk_start_problems(config: KioskConfig) -> list[Problem]:
    """Why kiosk mode must not start with ``config`` (empty: it may)."""
    where = _display(config.path) if config.path is not None else _display(kiosk_config_path())
    if config.pin_hash is None:
        return [Problem(where, 0,
                        "職員用の暗証番号（PIN）が設定されていないため、キオスクモードを開始できません。"
                        "`kyodo kiosk set-pin` で設定してください。 / "
                        "no staff PIN is set, so kiosk mode will not start (nobody could "
                        "leave it): set one with `kyodo kiosk set-pin`"
                        + (f" --config {where}" if config.path is not None else ""))]
    return []


def require_kiosk_ready(config: KioskConfig) -> None:
    """Raise :class:`KioskConfigError` when kiosk mode must not start (no PIN)."""
    problems = kiosk_start_problems(config)
    if problems:
        raise KioskConfigError(problems)


# ---------------------------------------------------------------- writing the PIN hash

_TOP_KEY_RE = re.compile(r"\s*[A-Za-z0-9_\"'-]+\s*[=.]")
_HEADER_LINE_RE = re.compile(r"\s*\[")
_PIN_LINE_RE = re.compile(r"\s*(?:pin_hash|\"pin_hash\"|'pin_hash')\s*=")


def _edit_pin_line(text: str, pin_hash: str) -> str:
    """``text`` with its top-level ``pin_hash`` line replaced or added (comments kept)."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    new = f'pin_hash = "{pin_hash}"\n'
    top_end = next((i for i, ln in enumerate(lines) if _HEADER_LINE_RE.match(ln)), len(lines))
    for i in range(top_end):
        if _PIN_LINE_RE.match(lines[i]):
            lines[i] = new
            return "".join(lines)
    keys = [i for i in range(top_end) if _TOP_KEY_RE.match(lines[i])]
    if keys:
        at = keys[-1] + 1
    else:  # after the file's leading comment block, if any
        at = 0
        while at < top_end and lines[at].lstrip().startswith("#"):
            at += 1
        if at < len(lines) and lines[at].strip():
            new += "\n"
    lines.insert(at, new)
    return "".join(lines)


def write_pin_hash(path: Path, pin_hash: str) -> bool:
    """Store ``pin_hash`` in the kiosk config at ``path`` atomically (mode 0600).

    Other keys are kept. The ``pin_hash`` line is edited in place so comments
    survive; if that edit cannot be proven right (the result does not parse
    back to the same data), the file is rewritten with tomli-w, which keeps
    every key but **drops comments**. Returns True when comments were kept.
    Raises :class:`KioskConfigError` when the existing file cannot be read or
    is not valid TOML (it is then left untouched).
    """
    problem = pin_hash_problem(pin_hash)
    if problem:
        raise ValueError(problem)
    old_text = ""
    if path.exists():
        text, problems = _read_text(path)
        if text is None:
            raise KioskConfigError(problems)
        old_text = text
    old = tomlfile.parse(old_text, _display(path), KioskConfigError, tomlfile.KIOSK)
    wanted = {**old, "pin_hash": pin_hash}
    new_text = _edit_pin_line(old_text, pin_hash)
    kept = True
    try:
        if tomllib.loads(new_text) != wanted:
            raise ValueError("edit changed other keys")
    except (tomllib.TOMLDecodeError, ValueError):
        import tomli_w

        new_text = tomli_w.dumps(wanted)
        kept = "#" not in old_text
    _atomic_write(path, new_text.encode("utf-8"))
    return kept


def _atomic_write(path: Path, data: bytes) -> None:
    from kyodo_tui.core.atomic import write_file
    from kyodo_tui.core.locations import make_private_dir

    make_private_dir(path.parent)  # the staff PIN's hash lives here: 0700
    write_file(path, data)

"""Kiosk config: validation with path:line, PIN hashing and rate limiting, hours, idle, CLI."""

from __future__ import annotations

import getpass
import hmac
import io
import os
import stat
import subprocess
import sys
import tomllib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kyodo_tui.cli import main
from kyodo_tui.core.errors import KyodoInputError
from kyodo_tui.core.kiosk import (
    DEFAULT_EXIT_CHORD,
    Hours,
    IdleWatch,
    KioskConfig,
    KioskConfigError,
    PinGuard,
    check_kiosk_config,
    check_new_pin,
    closed_notice,
    exit_chord_problem,
    hash_pin,
    is_open,
    kiosk_config_path,
    load_kiosk_config,
    next_opening,
    open_until,
    parse_kiosk_config,
    require_kiosk_ready,
    verify_pin,
    write_pin_hash,
)
from kyodo_tui.core.kiosk.hours import TimeRange, parse_range

REPO = Path(__file__).resolve().parent.parent
JST = ZoneInfo("Asia/Tokyo")
# one hash for the whole module: scrypt costs a few tens of ms per call
PIN = "482913"
PIN_HASH = hash_pin(PIN)

GOOD = f"""\
# 中央公民館のキオスク
idle_seconds = 120
countdown_seconds = 30
pin_hash = "{PIN_HASH}"
exit_chord = "Ctrl+O"
lang = "en"
theme = "kyodo-high-contrast"

[hours]
timezone = "Asia/Tokyo"
mon = ["09:00-12:00", "13:00-17:00"]
tue = ["09:00-17:00"]
sat = ["10:00-24:00"]
sun = ["00:00-02:00"]
holidays = [2026-01-01, "2026-01-05"]

[stats]
enabled = true

[printer]
command = ["lp", "-d", "kiosk"]
format = "png"
timeout = 10

[takeaway]
qr = true
style = "wide"
border = 2
"""


def _parse(text: str) -> tuple[KioskConfig | None, list[str]]:
    config, problems = parse_kiosk_config(text, "k.toml")
    return config, [str(p) for p in problems]


# ---------------------------------------------------------------- loading


def test_defaults_when_there_is_no_file() -> None:
    assert not kiosk_config_path().exists()
    config = load_kiosk_config(None)
    assert config == KioskConfig()
    assert config.idle_seconds == 90 and config.countdown_seconds == 20
    assert config.pin_hash is None and config.exit_chord == DEFAULT_EXIT_CHORD
    assert config.hours is None and not config.stats.enabled and config.printer is None
    assert config.takeaway.qr and config.takeaway.style == "half"


def test_config_dir_file_is_found(tmp_path: Path) -> None:
    path = kiosk_config_path()
    path.parent.mkdir(parents=True)
    path.write_text("idle_seconds = 45\n", encoding="utf-8")
    config = load_kiosk_config()
    assert config.idle_seconds == 45 and config.path == path


def test_explicit_missing_file_is_a_problem(tmp_path: Path) -> None:
    with pytest.raises(KioskConfigError) as err:
        load_kiosk_config(tmp_path / "nope.toml")
    assert err.value.problems[0].line == 0
    assert "does not exist" in err.value.problems[0].message
    assert isinstance(err.value, KyodoInputError)


def test_full_config_parses() -> None:
    config, problems = _parse(GOOD)
    assert problems == []
    assert config is not None
    assert config.idle_seconds == 120 and config.countdown_seconds == 30
    assert config.pin_hash == PIN_HASH
    assert config.exit_chord == "ctrl+o"
    assert config.lang == "en" and config.theme == "kyodo-high-contrast"
    assert config.hours is not None
    assert config.hours.week[0] == (TimeRange(540, 720), TimeRange(780, 1020))
    assert config.hours.week[2] == ()
    assert config.hours.holidays == {date(2026, 1, 1), date(2026, 1, 5)}
    assert config.stats.enabled
    assert config.printer is not None
    assert config.printer.command == ("lp", "-d", "kiosk")
    assert config.printer.format == "png" and config.printer.timeout == 10.0
    assert config.takeaway.style == "wide" and config.takeaway.border == 2


@pytest.mark.parametrize(("text", "line", "fragment"), [
    ("idle_seconds = 5\n", 1, "idle_seconds: must be at least 15"),
    ("\nidle_seconds = 99999\n", 2, "idle_seconds: must be at most 3600"),
    ("idle_seconds = 90.5\n", 1, "whole number of seconds, not a number"),
    ("idle_seconds = true\n", 1, "not a boolean"),
    ("countdown_seconds = 1\n", 1, "countdown_seconds: must be at least 5"),
    ("pin_hash = \"1234\"\n", 1, "never write a PIN here"),
    ("pin_hash = \"\"\n", 1, "is empty"),
    ("pin_hash = \"scrypt$1000$8$1$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==\"\n", 1,
     "power of two"),
    ("pin_hash = \"scrypt$16384$8$1$!!!$aGFzaA==\"\n", 1, "base64"),
    ("pin_hash = 1234\n", 1, "pin_hash: must be a string, not an integer"),
    ("exit_chord = \"ctrl+shift+k\"\n", 1, "ctrl+shift+<key>"),
    ("exit_chord = \"ctrl+c\"\n", 1, "interrupt"),
    ("exit_chord = \"x\"\n", 1, "a plain key"),
    ("lang = \"fr\"\n", 1, "lang: must be one of ja, en, ja-easy, pt"),
    ("theme = \"\"\n", 1, "theme: must be a theme name"),
    ("idle_secs = 60\n", 1, "unknown key (did you mean 'idle_seconds'?)"),
    ("[hours]\nmon = [\"25:00-26:00\"]\n", 2, "25:00 is not a time of day"),
    ("[hours]\nmon = [\"09:60-10:00\"]\n", 2, "09:60 is not a time of day"),
    ("[hours]\nmon = [\"17:00-09:00\"]\n", 2, "closes before it opens"),
    ("[hours]\nmon = [\"9-5\"]\n", 2, "is not a time range"),
    ("[hours]\nmon = [\"09:00-12:00\", \"11:00-13:00\"]\n", 2, "overlap"),
    ("[hours]\nmon = \"09:00-17:00\"\n", 2, "must be a list of \"HH:MM-HH:MM\" strings"),
    ("[hours]\nmon = [\"09:00-17:00\"]\nmonday = [\"09:00-17:00\"]\n", 3,
     "hours.monday: unknown key (weekdays are written 'mon')"),
    ("[hours]\nmon = [\"09:00-17:00\"]\ntuesd = []\n", 3, "(did you mean 'tue'?)"),
    ("[hours]\ntimezone = \"Asia/Tokio\"\nmon = [\"09:00-17:00\"]\n", 2, "unknown time zone"),
    ("[hours]\ntimezone = \"Asia/Tokyo\"\n", 1, "the kiosk would never open"),
    ("[hours]\nmon = [\"09:00-17:00\"]\nholidays = [\"2026-02-30\"]\n", 3, "is not a date"),
    ("[hours]\nmon = [\"09:00-17:00\"]\nholidays = [2026-01-01T10:00:00]\n", 3,
     "is not a date"),
    ("hours = 3\n", 1, "hours: must be a table"),
    ("hours.mon = [\"8:00-7:00\"]\n", 1, "closes before it opens"),
    ("hours = { mon = [\"08:00-09:00\"], fri = [\"x\"] }\n", 1, "hours.fri"),
    ("[stats]\nenabled = \"yes\"\n", 2, "stats.enabled: must be true or false"),
    ("[stats]\nenable = true\n", 2, "stats.enable: unknown key (did you mean 'enabled'?)"),
    ("[printer]\ncommand = \"lp -d kiosk\"\n", 2, "not a shell string"),
    ("[printer]\ncommand = []\n", 2, "non-empty list"),
    ("[printer]\nformat = \"pdf\"\n", 1, "missing required key 'command'"),
    ("[printer]\ncommand = [\"lp\"]\nformat = \"pdf\"\n", 3, "printer.format: must be one of"),
    ("[printer]\ncommand = [\"lp\"]\ntimeout = 0\n", 3, "printer.timeout"),
    ("[takeaway]\nstyle = \"tiny\"\n", 2, "takeaway.style: must be one of half, full, wide"),
    ("[takeaway]\nborder = 0\n", 2, "takeaway.border"),
    ("[takeaway]\nqr = \"yes\"\n", 2, "takeaway.qr: must be true or false"),
    ("idle_seconds = \n", 1, "TOML syntax error"),
])
def test_every_problem_has_its_line(text: str, line: int, fragment: str) -> None:
    config, problems = _parse(text)
    assert config is None
    assert any(p.startswith(f"k.toml:{line}: ") and fragment in p for p in problems), problems


def test_problem_in_a_multiline_array_points_at_the_bad_item() -> None:
    text = "[hours]\nmon = [\n  \"09:00-12:00\",\n  \"13:00-31:00\",\n]\n"
    _, problems = _parse(text)
    assert problems == [("k.toml:4: hours.mon: '13:00-31:00': 31:00 is not a time of day "
                         "(00:00–24:00)")]


def test_every_problem_is_reported_not_only_the_first() -> None:
    _, problems = _parse("idle_seconds = 1\nlang = \"de\"\n[takeaway]\nstyle = \"x\"\n")
    assert [p.split(":")[1] for p in problems] == ["1", "2", "4"]


def test_not_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_bytes(b"idle_seconds = 60\n# \x82\xa0\n")
    _, problems = check_kiosk_config(path)
    assert problems[0].line == 2 and "not UTF-8" in problems[0].message


def test_kiosk_refuses_to_start_without_a_pin(tmp_path: Path) -> None:
    with pytest.raises(KioskConfigError) as err:
        require_kiosk_ready(KioskConfig())
    message = err.value.problems[0].message
    assert "kyodo kiosk set-pin" in message
    assert "暗証番号" in message and "no staff PIN" in message
    config, _ = _parse(GOOD)
    assert config is not None
    require_kiosk_ready(config)  # no exception


# ---------------------------------------------------------------- exit chord


@pytest.mark.parametrize("chord", ["ctrl+g", "ctrl+x", "CTRL+O", "f12", "ctrl+f9"])
def test_exit_chords_terminals_deliver(chord: str) -> None:
    assert exit_chord_problem(chord) is None


@pytest.mark.parametrize("chord", ["ctrl+shift+k", "alt+x", "ctrl+m", "ctrl+i", "ctrl+z",
                                   "k", "enter", "", "ctrl+", "ctrl+f13", "ctrl+alt+del"])
def test_exit_chords_refused(chord: str) -> None:
    assert exit_chord_problem(chord)


# ---------------------------------------------------------------- PIN


def test_hash_format_and_verify() -> None:
    parts = PIN_HASH.split("$")
    assert parts[0] == "scrypt" and parts[1:4] == ["16384", "8", "1"]
    assert PIN not in PIN_HASH
    assert verify_pin(PIN, PIN_HASH)
    assert not verify_pin("482914", PIN_HASH)
    assert not verify_pin("", PIN_HASH)


def test_same_pin_different_salt_different_hash() -> None:
    other = hash_pin(PIN)
    assert other != PIN_HASH and verify_pin(PIN, other)


def test_verify_is_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    assert verify_pin(PIN, PIN_HASH)
    assert len(calls) == 1


@pytest.mark.parametrize("bad", ["", "1234", "pbkdf2$1$2$3$4$5", "scrypt$16384$8$1$c2Fsd$",
                                 "scrypt$2097152$8$1$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA=="])
def test_malformed_hash_never_verifies(bad: str) -> None:
    assert verify_pin("1234", bad) is False


@pytest.mark.parametrize(("pin", "ok"), [
    ("482913", True), ("7391", False), ("73914", False), ("1234", False), ("0000", False), ("9876", False),
    ("123", False), ("12a456", False), ("４８２９１３", False), ("8" * 33, False),
])
def test_new_pin_rules(pin: str, ok: bool) -> None:
    problems = check_new_pin(pin)
    assert (problems == []) is ok
    for p in problems:
        assert p.ja and p.en


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_pin_guard_locks_after_three_and_doubles() -> None:
    clock = FakeClock()
    guard = PinGuard(PIN_HASH, clock=clock)
    first = guard.attempt("000001")
    assert first.result == "wrong" and first.tries_left == 2 and first.wait == 0
    assert guard.attempt("000002").tries_left == 1
    third = guard.attempt("000003")
    assert third.result == "wrong" and third.wait == 30
    assert guard.locked() and guard.remaining() == 30
    # while locked, even the right PIN is not checked
    clock.now += 29
    assert guard.attempt(PIN).result == "locked"
    assert guard.remaining() == pytest.approx(1)
    clock.now += 1
    assert not guard.locked()
    assert guard.attempt("000004").wait == 60
    clock.now += 60
    assert guard.attempt("000005").wait == 120
    clock.now += 120
    ok = guard.attempt(PIN)
    assert ok.ok and guard.failures == 0 and not guard.locked()
    # after a success, three free tries again
    assert guard.attempt("000006").tries_left == 2


def test_pin_guard_lockout_is_capped() -> None:
    clock = FakeClock()
    guard = PinGuard(PIN_HASH, clock=clock, free_attempts=1, first_lockout=30,
                     max_lockout=100)
    waits = []
    for _ in range(5):
        waits.append(guard.attempt("111112").wait)
        clock.now += guard.remaining()
    assert waits == [30, 60, 100, 100, 100]


def test_pin_attempt_messages_are_bilingual() -> None:
    clock = FakeClock()
    guard = PinGuard(PIN_HASH, clock=clock)
    msg = guard.attempt("000000").message()
    assert "あと2回" in msg.ja and "2 more tries" in msg.en
    guard.attempt("000000")
    locked = guard.attempt("000000").message()
    assert "30秒" in locked.ja and "30 s" in locked.en


# ---------------------------------------------------------------- hours


def _hours() -> Hours:
    config, problems = _parse(GOOD)
    assert problems == [] and config is not None and config.hours is not None
    return config.hours


def test_parse_range() -> None:
    assert parse_range("9:00 - 17:30") == TimeRange(540, 1050)
    assert parse_range("00:00-24:00") == TimeRange(0, 1440)
    assert isinstance(parse_range("24:30-25:00"), str)


def test_is_open_by_weekday_and_range() -> None:
    hours = _hours()
    monday = datetime(2026, 11, 2, tzinfo=JST)  # a Monday
    assert monday.weekday() == 0
    assert not is_open(hours, monday.replace(hour=8, minute=59))
    assert is_open(hours, monday.replace(hour=9))
    assert is_open(hours, monday.replace(hour=11, minute=59))
    assert not is_open(hours, monday.replace(hour=12))  # lunch break: close is exclusive
    assert is_open(hours, monday.replace(hour=13))
    assert not is_open(hours, monday.replace(hour=17))
    assert not is_open(hours, monday + timedelta(days=2, hours=10))  # Wednesday: closed
    assert is_open(None, monday)  # no hours: always open


def test_is_open_converts_time_zones_and_naive_is_local() -> None:
    hours = _hours()
    # 01:00 UTC on Monday is 10:00 in Tokyo
    assert is_open(hours, datetime(2026, 11, 2, 1, 0, tzinfo=UTC))
    assert not is_open(hours, datetime(2026, 11, 2, 10, 0, tzinfo=UTC))  # 19:00 JST
    assert is_open(hours, datetime(2026, 11, 2, 10, 0))  # naive: taken as Tokyo time


def test_holidays_are_closed() -> None:
    hours = _hours()
    jan5 = datetime(2026, 1, 5, 10, 0, tzinfo=JST)  # a Monday, but a holiday
    assert jan5.weekday() == 0
    assert not is_open(hours, jan5)
    assert is_open(hours, jan5 + timedelta(days=7))
    # the next opening skips the holiday
    assert next_opening(hours, jan5 - timedelta(days=1)) == datetime(2026, 1, 6, 9, 0,
                                                                     tzinfo=JST)


def test_next_opening_and_open_until() -> None:
    hours = _hours()
    mon = datetime(2026, 11, 2, tzinfo=JST)
    assert next_opening(hours, mon.replace(hour=7)) == mon.replace(hour=9)
    assert next_opening(hours, mon.replace(hour=12, minute=30)) == mon.replace(hour=13)
    # Monday evening → Tuesday 09:00
    assert next_opening(hours, mon.replace(hour=18)) == mon.replace(hour=9) + timedelta(days=1)
    # Tuesday evening → Saturday 10:00
    assert next_opening(hours, mon.replace(hour=18) + timedelta(days=1)) == \
        mon.replace(hour=10) + timedelta(days=5)
    open_now = mon.replace(hour=10)
    assert next_opening(hours, open_now) == open_now
    assert open_until(hours, open_now) == mon.replace(hour=12)
    assert open_until(hours, mon.replace(hour=7)) is None
    # Saturday 10:00-24:00 runs on into Sunday 00:00-02:00
    sat = mon + timedelta(days=5, hours=20)
    assert open_until(hours, sat) == mon + timedelta(days=6, hours=2)
    assert open_until(None, mon) is None


def test_next_opening_none_when_never_open() -> None:
    hours = Hours(holidays=frozenset())
    assert next_opening(hours, datetime(2026, 11, 2, tzinfo=JST)) is None
    notice = closed_notice(hours, datetime(2026, 11, 2, tzinfo=JST))
    assert "職員" in notice.ja and "staff" in notice.en


def test_closed_notice_says_when() -> None:
    hours = _hours()
    mon = datetime(2026, 11, 2, tzinfo=JST)
    today = closed_notice(hours, mon.replace(hour=7))
    assert today.ja == "ただいま利用時間外です。本日09:00から利用できます。"
    assert today.en == "The kiosk is closed now. It opens today at 09:00."
    tomorrow = closed_notice(hours, mon.replace(hour=18))
    assert "明日09:00" in tomorrow.ja and "tomorrow at 09:00" in tomorrow.en
    later = closed_notice(hours, mon.replace(hour=18) + timedelta(days=1))
    assert "11月7日（土）10:00" in later.ja and "Sat 7 Nov at 10:00" in later.en


def test_hours_describe() -> None:
    assert _hours().describe("ja")[0] == "月 09:00-12:00, 13:00-17:00"
    assert _hours().describe("en")[2] == "Wed closed"


# ---------------------------------------------------------------- idle watch


def test_idle_watch_phases() -> None:
    clock = FakeClock()
    watch = IdleWatch(90, 20, clock=clock)
    assert watch.phase() == "active" and watch.next_change() == 90
    clock.now += 89.5
    assert watch.phase() == "active"
    clock.now += 0.5
    assert watch.phase() == "countdown" and watch.countdown_left() == 20
    clock.now += 5.5
    assert watch.countdown_left() == 15 and watch.next_change() == pytest.approx(14.5)
    watch.touch()  # 「続ける」
    assert watch.phase() == "active"
    clock.now += 110
    assert watch.phase() == "expired" and watch.countdown_left() == 0
    assert watch.next_change() == 0


def test_idle_watch_from_config() -> None:
    config, _ = _parse(GOOD)
    assert config is not None
    watch = IdleWatch.from_config(config, clock=FakeClock())
    assert (watch.idle_seconds, watch.countdown_seconds) == (120, 30)


# ---------------------------------------------------------------- writing the PIN hash


def test_write_pin_hash_keeps_keys_and_comments(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    original = "# 中央公民館\nidle_seconds = 60\n\n# 開館時間\n[hours]\nmon = [\"09:00-17:00\"]\n"
    path.write_text(original, encoding="utf-8")
    assert write_pin_hash(path, PIN_HASH) is True
    text = path.read_text(encoding="utf-8")
    assert "# 中央公民館" in text and "# 開館時間" in text
    data = tomllib.loads(text)
    assert data == {"idle_seconds": 60, "pin_hash": PIN_HASH,
                    "hours": {"mon": ["09:00-17:00"]}}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # replacing keeps the line where it is
    new = hash_pin("739146")
    assert write_pin_hash(path, new) is True
    text2 = path.read_text(encoding="utf-8")
    assert text2 == text.replace(PIN_HASH, new)
    assert [p.name for p in tmp_path.iterdir()] == ["kiosk.toml"]  # no temp files left


def test_write_pin_hash_new_file_and_comment_only_file(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "kiosk.toml"
    write_pin_hash(path, PIN_HASH)
    assert tomllib.loads(path.read_text(encoding="utf-8")) == {"pin_hash": PIN_HASH}
    other = tmp_path / "c.toml"
    other.write_text("# only a comment\n[stats]\nenabled = true\n", encoding="utf-8")
    write_pin_hash(other, PIN_HASH)
    text = other.read_text(encoding="utf-8")
    assert text.startswith("# only a comment\n")
    assert tomllib.loads(text) == {"pin_hash": PIN_HASH, "stats": {"enabled": True}}


def test_write_pin_hash_falls_back_to_tomli_w(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    # a multi-line string the line edit cannot replace safely
    path.write_text('# note\npin_hash = """old\nvalue"""\nidle_seconds = 30\n', encoding="utf-8")
    assert write_pin_hash(path, PIN_HASH) is False  # comments lost, and we say so
    text = path.read_text(encoding="utf-8")
    assert "# note" not in text
    assert tomllib.loads(text) == {"pin_hash": PIN_HASH, "idle_seconds": 30}


def test_write_pin_hash_refuses_broken_toml(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text("idle_seconds = \n", encoding="utf-8")
    with pytest.raises(KioskConfigError) as err:
        write_pin_hash(path, PIN_HASH)
    assert err.value.problems[0].line == 1
    assert path.read_text(encoding="utf-8") == "idle_seconds = \n"


# ---------------------------------------------------------------- CLI


def test_cli_set_pin_with_getpass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    answers = iter(["739146", "739146"])
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(answers))
    path = tmp_path / "kiosk.toml"
    assert main(["kiosk", "set-pin", "--config", str(path)]) == 0
    stored = tomllib.loads(path.read_text(encoding="utf-8"))["pin_hash"]
    assert verify_pin("739146", stored)
    assert "739146" not in path.read_text(encoding="utf-8")
    assert "staff PIN set" in capsys.readouterr().out


def test_cli_set_pin_mismatch_changes_nothing(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    answers = iter(["739146", "739147"])
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(answers))
    path = tmp_path / "kiosk.toml"
    assert main(["kiosk", "set-pin", "--config", str(path)]) == 2
    assert not path.exists()
    assert "do not match" in capsys.readouterr().err


def test_cli_set_pin_weak_pin_from_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("111111\n"))
    path = tmp_path / "kiosk.toml"
    assert main(["kiosk", "set-pin", "--stdin", "--config", str(path)]) == 2
    assert not path.exists()
    err = capsys.readouterr().err
    assert "連番" in err and "straight runs" in err


def test_cli_set_pin_default_path_and_global_config(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("739146\n"))
    assert main(["kiosk", "set-pin", "--stdin"]) == 0
    assert verify_pin("739146", load_kiosk_config().pin_hash or "")
    path = tmp_path / "global.toml"
    monkeypatch.setattr(sys, "stdin", io.StringIO("739146\n"))
    assert main(["--config", str(path), "kiosk", "set-pin", "--stdin"]) == 0
    assert path.exists()


def test_cli_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(GOOD, encoding="utf-8")
    assert main(["kiosk", "check", "--config", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"kiosk config OK: {path}")
    assert "idle: 120 s, then a 30 s countdown" in out
    assert "staff exit: ctrl+o + PIN" in out
    assert "Mon 09:00-12:00, 13:00-17:00" in out
    assert "statistics: on" in out and "lp -d kiosk (png)" in out

    path.write_text("idle_seconds = 3\n[takeaway]\nstyle = \"x\"\n", encoding="utf-8")
    assert main(["kiosk", "check", "--config", str(path)]) == 2
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert len(lines) == 2
    assert lines[0].endswith("kiosk.toml:1: idle_seconds: must be at least 15 (a resident "
                             "needs time to read a question; got 3)")
    assert "kiosk.toml:3: takeaway.style" in lines[1]
    assert "2 problems" in captured.err


def test_cli_check_without_pin_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kiosk", "check"]) == 2
    assert "kyodo kiosk set-pin" in capsys.readouterr().out


def test_cli_check_missing_explicit_file(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kiosk", "check", "--config", str(tmp_path / "x.toml")]) == 2
    assert "does not exist" in capsys.readouterr().out


def test_kiosk_modules_never_import_textual() -> None:
    code = ("import kyodo_tui.core.kiosk, kyodo_tui.core.qr, kyodo_tui.cli.kiosk_cmd, sys; "
            "assert 'textual' not in sys.modules, 'textual!'")
    result = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True,
                            text=True, cwd=REPO, timeout=60, env=dict(os.environ))
    assert result.returncode == 0, result.stderr

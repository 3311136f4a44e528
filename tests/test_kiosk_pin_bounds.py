"""Issue 13, "Kiosk PIN": scrypt bounded both ways, 6 digits, a lockout that survives a
restart, and a config kept at 0600."""

from __future__ import annotations

import base64
import json
import os
import stat
from pathlib import Path

import pytest

from kyodo_tui.cli import main
from kyodo_tui.core.kiosk import PinGuard, check_new_pin, hash_pin, verify_pin
from kyodo_tui.core.kiosk.config import check_kiosk_config
from kyodo_tui.core.kiosk.pin import MAX_WORK, MIN_PIN_LENGTH, pin_hash_problem, pin_state_path

PIN = "482913"
PIN_HASH = hash_pin(PIN)
SALT = base64.b64encode(b"s" * 16).decode()
DIGEST = base64.b64encode(b"h" * 32).decode()


def _hash(n: int, r: int, p: int) -> str:
    return f"scrypt${n}${r}${p}${SALT}${DIGEST}"


@pytest.mark.parametrize(("n", "r", "p"), [
    (2, 1, 1),            # the 0.12 s brute force
    (2**10, 8, 1), (2**14, 1, 1), (2**13, 8, 1),
])
def test_a_hash_cheaper_than_a_new_one_is_refused(n: int, r: int, p: int,
                                                  tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    weak = _hash(n, r, p)
    assert pin_hash_problem(weak)
    assert verify_pin(PIN, weak) is False
    path = tmp_path / "kiosk.toml"
    path.write_text(f'pin_hash = "{weak}"\n')
    assert main(["kiosk", "check", "--config", str(path)]) == 2
    assert "scrypt" in capsys.readouterr().out


@pytest.mark.parametrize(("n", "r", "p"), [
    (2**20, 32, 16),      # the 24 s per check
    (2**17, 16, 4), (2**18, 8, 1), (2**14, 8, 16), (2**14, 64, 1),
])
def test_a_hash_far_costlier_than_a_new_one_is_refused(n: int, r: int, p: int) -> None:
    assert pin_hash_problem(_hash(n, r, p))
    assert verify_pin(PIN, _hash(n, r, p)) is False


def test_what_is_accepted_costs_at_most_max_work_times_a_new_hash() -> None:
    base = 2**14 * 8 * 1
    for n in (2**k for k in range(1, 22)):
        for r in range(1, 40):
            for p in range(1, 20):
                if pin_hash_problem(_hash(n, r, p)) is None:
                    assert base <= n * r * p <= MAX_WORK * base
    assert pin_hash_problem(PIN_HASH) is None and verify_pin(PIN, PIN_HASH)


def test_a_new_pin_has_at_least_six_digits(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    assert MIN_PIN_LENGTH == 6
    assert check_new_pin("73914") and check_new_pin("7391")
    assert check_new_pin("739146") == []
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.StringIO("7391\n"))
    path = tmp_path / "kiosk.toml"
    assert main(["kiosk", "set-pin", "--stdin", "--config", str(path)]) == 2
    assert not path.exists()


class Clock:
    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_the_lockout_survives_a_restart(tmp_path: Path) -> None:
    state = tmp_path / "lock.json"
    wall = Clock(1_700_000_000.0)
    guard = PinGuard(PIN_HASH, clock=Clock(), state_path=state, wall=wall)
    for wrong in ("000001", "000002", "000003"):
        guard.attempt(wrong)
    assert guard.locked()
    # the kiosk is restarted (a new process: a new monotonic clock)
    wall.now += 10
    again = PinGuard(PIN_HASH, clock=Clock(5.0), state_path=state, wall=wall)
    assert again.locked() and again.remaining() == pytest.approx(20)
    assert again.attempt(PIN).result == "locked"
    # once the lock is over, the next wrong PIN locks twice as long: no fresh tries
    wall.now += 25
    later = PinGuard(PIN_HASH, clock=Clock(), state_path=state, wall=wall)
    assert not later.locked()
    assert later.attempt("000004").wait == 60
    assert stat.S_IMODE(state.stat().st_mode) == 0o600


def test_wrong_tries_count_across_a_restart_and_a_right_pin_clears_them(tmp_path: Path) -> None:
    state = tmp_path / "lock.json"
    guard = PinGuard(PIN_HASH, clock=Clock(), state_path=state)
    guard.attempt("000001")
    guard.attempt("000002")
    restarted = PinGuard(PIN_HASH, clock=Clock(), state_path=state)
    assert restarted.failures == 2
    assert restarted.attempt("000003").wait == 30
    restarted = PinGuard(PIN_HASH, clock=Clock(), state_path=state)
    restarted._locked_until = 0.0  # (the lock ran out)
    assert restarted.attempt(PIN).ok
    assert not state.exists()
    assert PinGuard(PIN_HASH, clock=Clock(), state_path=state).failures == 0


@pytest.mark.parametrize("content", ["garbage", '{"wrong": "x"}', json.dumps(
    {"wrong": 0, "last_lock": 0, "remaining": float("nan"), "saved": 0})])
def test_a_damaged_lock_file_fails_closed(tmp_path: Path, content: str) -> None:
    state = tmp_path / "lock.json"
    state.write_text(content)
    guard = PinGuard(PIN_HASH, clock=Clock(), state_path=state)
    assert guard.locked() and guard.remaining() <= 30


def test_an_edited_lock_file_cannot_lock_longer_than_the_cap(tmp_path: Path) -> None:
    state = tmp_path / "lock.json"
    state.write_text(json.dumps({"wrong": 5, "last_lock": 1e9, "remaining": 1e12,
                                 "saved": 1e10}))
    guard = PinGuard(PIN_HASH, clock=Clock(), state_path=state, max_lockout=900)
    assert guard.remaining() <= 900


def test_the_kiosk_keeps_its_lock_in_the_data_dir() -> None:
    assert pin_state_path().parent == Path(os.environ["KYODO_DATA_DIR"])


def test_the_config_is_kept_0600(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(f'pin_hash = "{PIN_HASH}"\n')
    path.chmod(0o644)
    config, problems = check_kiosk_config(path)
    assert problems == [] and config is not None
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_config_others_can_write_is_refused(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(f'pin_hash = "{PIN_HASH}"\n')
    path.chmod(0o666)
    monkeypatch.setattr(os, "getuid", lambda: os.stat(path).st_uid + 1)  # not ours
    config, problems = check_kiosk_config(path)
    assert config is None and "other users can write" in problems[0].message

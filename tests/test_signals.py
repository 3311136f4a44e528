"""Issue 14: signals, the way a closed terminal or a service manager sends them.

The app runs in a pseudo-terminal (tests/ptyapp.py); keys are typed into it.
SIGTERM and SIGHUP: a workshop saves what is unsaved, a kiosk wipes; both leave
the terminal restored (alternate screen off, mouse reporting off). SIGKILL
cannot be caught: autosave bounds what a workshop loses to ~2 s.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest

from kyodo_tui.core.catalog import load_catalog
from kyodo_tui.core.workshop import load_workshop
from tests.ptyapp import ENTER_ALT_SCREEN, LEAVE_ALT_SCREEN, MOUSE_OFF, PtyApp

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and ptys")


def _workshop_file(data: Path) -> Path:
    files = sorted((data / "workshops").glob("*.toml"))
    assert len(files) == 1, files
    return files[0]


def _start_counting(app: PtyApp) -> None:
    """New workshop "town" with two tables; count hands for table 1."""
    app.wait_for("New workshop")
    app.type("1", 1.0)
    app.wait_for("Title")
    app.type("town", 0.3)
    app.type("\r", 1.5)
    app.type("h", 0.5)
    app.wait_for("Question 1 /")
    time.sleep(0.5)


def _resident_hands(data: Path) -> int:
    catalog = load_catalog()
    group = load_workshop(_workshop_file(data), catalog).group("table-1")
    assert group is not None
    return group.tally.get("who", {}).get("resident", 0)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_workshop_saves_and_restores_the_terminal_on(sig: int, tmp_path: Path) -> None:
    data = tmp_path / "data"
    app = PtyApp(["--mode", "workshop", "--lang", "en", "--data-dir", str(data)])
    try:
        _start_counting(app)
        mark = len(app.raw)
        app.type("+++", 0.05)
        app.wait_for("3 hands in all", since=mark)
        app.signal(sig)  # at once: before the autosave (0.5 s of quiet)
        code = app.wait_exit()
    finally:
        app.close()
    assert code == 128 + sig
    assert _resident_hands(data) == 3
    tail = app.text[app.text.rfind("Count hands"):]
    assert LEAVE_ALT_SCREEN in tail and MOUSE_OFF in tail


def test_workshop_sigkill_mid_count_loses_at_most_two_seconds(tmp_path: Path) -> None:
    data = tmp_path / "data"
    app = PtyApp(["--mode", "workshop", "--lang", "en", "--data-dir", str(data)])
    try:
        _start_counting(app)
        mark = len(app.raw)
        for _ in range(8):  # eight '+' a second apart
            app.type("+", 0.05)
            time.sleep(0.95)
        app.wait_for("8 hands in all", since=mark)  # the app has taken the last one
        time.sleep(2.2)  # and it had its couple of seconds
        app.signal(signal.SIGKILL)
        app.wait_exit()
    finally:
        app.close()
    assert _resident_hands(data) == 8


def test_workshop_folders_are_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    app = PtyApp(["--mode", "workshop", "--lang", "en", "--data-dir", str(data)])
    try:
        _start_counting(app)
        app.type("+", 0.1)
        app.signal(signal.SIGTERM)
        app.wait_exit()
    finally:
        app.close()
    assert (data / "workshops").stat().st_mode & 0o777 == 0o700
    assert os.stat(_workshop_file(data)).st_mode & 0o077 == 0


def test_kiosk_set_pin_creates_a_private_config_folder(tmp_path: Path) -> None:
    import subprocess

    config = tmp_path / "fresh" / "config"
    env = dict(os.environ, KYODO_CONFIG_DIR=str(config))
    done = subprocess.run([sys.executable, "-m", "kyodo_tui", "kiosk", "set-pin", "--stdin"],
                          input="482913\n482913\n", text=True, capture_output=True, env=env,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert config.stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "fresh").stat().st_mode & 0o777 == 0o700


# ---------------------------------------------------------------- kiosk

SECRET = "SECRETRESIDENT"
SCRIPT = Path(__file__).resolve().parents[1] / "contrib" / "kyodo-kiosk.sh"


def _kiosk_config(tmp_path: Path) -> Path:
    from kyodo_tui.core.kiosk import hash_pin

    path = tmp_path / "kiosk.toml"
    path.write_text(f'pin_hash = "{hash_pin("482913")}"\nlang = "en"\n'
                    "idle_seconds = 600\n", encoding="utf-8")
    return path


def _answer_until_text(app: PtyApp, since: int = 0) -> None:
    """A resident: start, who, fields, now, then types into the free-text question."""
    app.wait_for("Start", since=since)
    app.type("1", 1.0)
    for _ in range(3):  # who, fields, what you do now
        app.type("1", 0.4)
        app.type("\x1b[C", 1.0)  # right: next question
    app.wait_for("e.g. cleaning", since=since)
    app.read(1.0)
    app.type(SECRET, 1.0)
    app.wait_for(SECRET, since=since)


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_kiosk_wipes_and_restores_the_terminal_on(sig: int, tmp_path: Path) -> None:
    config = _kiosk_config(tmp_path)
    app = PtyApp(["--mode", "kiosk", "--config", str(config),
                  "--data-dir", str(tmp_path / "data")])
    try:
        _answer_until_text(app)
        mark = len(app.raw)
        app.signal(sig)
        code = app.wait_exit()
    finally:
        app.close()
    assert code == 128 + sig
    after = app.raw[mark:].decode("utf-8", errors="replace")
    assert LEAVE_ALT_SCREEN in after and MOUSE_OFF in after
    _assert_wiped_before_leaving(app.text, SECRET)


def _assert_wiped_before_leaving(text: str, secret: str) -> None:
    """The line that last showed ``secret`` was drawn over (without it) before the
    app left the alternate screen: nothing of the resident stays up."""
    import re

    leave = text.rindex(LEAVE_ALT_SCREEN)
    last = text.rindex(secret, 0, leave)
    row = [m.group(1) for m in re.finditer(r"\x1b\[(\d+);\d+H", text[:last])][-1]
    redrawn = [m.start() for m in re.finditer(rf"\x1b\[{row};\d+H", text[last:leave])]
    assert redrawn, f"row {row} still shows {secret!r} when the app leaves"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_launch_script_restarts_the_kiosk_clean(sig: int, tmp_path: Path) -> None:
    config = _kiosk_config(tmp_path)
    cmd = f"{sys.executable} -m kyodo_tui"
    app = PtyApp(["--config", str(config), "--data-dir", str(tmp_path / "data")],
                 argv0=["sh", str(SCRIPT)],
                 env={"KYODO_CMD": cmd, "KYODO_RESTART_DELAY": "0.2"})
    try:
        _answer_until_text(app)
        first = _children(app.proc.pid)
        assert len(first) == 1
        mark = len(app.raw)
        os.kill(first[0], sig)
        # the script starts it again, on a fresh welcome
        app.wait_for(ENTER_ALT_SCREEN, since=mark)
        restart = app.raw.index(ENTER_ALT_SCREEN.encode(), mark)
        app.wait_for("Start", since=restart)
        second = _children(app.proc.pid)
        assert len(second) == 1 and second != first
        between = app.raw[mark:restart].decode("utf-8", errors="replace")
        # whatever ended the kiosk, the terminal was restored and cleared before
        assert LEAVE_ALT_SCREEN in between and MOUSE_OFF in between
        assert "\x1b[2J" in between and "\x1b[3J" in between
        app.read(1.0)
        assert SECRET not in app.raw[restart:].decode("utf-8", errors="replace")
        # the new kiosk takes a new resident
        _answer_until_text(app, since=restart)
        # SIGTERM to the script: the kiosk wipes and exits, the script too
        app.signal(signal.SIGTERM)
        assert app.wait_exit() == 0
    finally:
        app.close()

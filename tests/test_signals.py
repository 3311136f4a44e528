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
from tests.ptyapp import LEAVE_ALT_SCREEN, MOUSE_OFF, PtyApp

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
        for _ in range(8):  # eight '+' a second apart
            app.type("+", 0.05)
            time.sleep(0.95)
        time.sleep(2.2)  # the last '+' had its couple of seconds
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

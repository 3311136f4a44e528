"""Run ``kyodo`` in a pseudo-terminal, the way a person's terminal runs it: type
keys, send signals, read everything it wrote (to check the terminal is restored)."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Sequence
from pathlib import Path

#: what a clean exit leaves on the terminal: alternate screen off, mouse off
LEAVE_ALT_SCREEN = "\x1b[?1049l"
MOUSE_OFF = "\x1b[?1000l"
ENTER_ALT_SCREEN = "\x1b[?1049h"


class PtyApp:
    """``kyodo ARGS`` under a pty of ``size`` (columns, lines)."""

    def __init__(self, args: Sequence[str], *, env: dict[str, str] | None = None,
                 size: tuple[int, int] = (100, 32), cwd: Path | None = None,
                 argv0: Sequence[str] | None = None) -> None:
        master, slave = pty.openpty()
        cols, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        full_env = dict(os.environ)
        full_env.update(env or {})
        full_env.setdefault("TERM", "xterm-256color")
        full_env.pop("TEXTUAL_ALLOW_SIGNALS", None)
        command = list(argv0 or [sys.executable, "-m", "kyodo_tui"]) + list(args)
        self.proc = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave,
                                     env=full_env, cwd=cwd, start_new_session=True,
                                     close_fds=True)
        os.close(slave)
        self.master = master
        self.raw = b""

    @property
    def text(self) -> str:
        return self.raw.decode("utf-8", errors="replace")

    def read(self, seconds: float = 0.2) -> None:
        end = time.monotonic() + seconds
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return
            ready, _, _ = select.select([self.master], [], [], left)
            if not ready:
                return
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.raw += chunk

    def wait_for(self, needle: str, timeout: float = 30.0, *, since: int = 0) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if needle in self.raw[since:].decode("utf-8", errors="replace"):
                return
            if self.proc.poll() is not None:
                self.read(0.3)
                break
            self.read(0.2)
        if needle in self.raw[since:].decode("utf-8", errors="replace"):
            return
        raise AssertionError(f"{needle!r} never appeared; the tail:\n{self.text[-3000:]!r}")

    def type(self, data: str, pause: float = 0.3) -> None:
        os.write(self.master, data.encode("utf-8"))
        self.read(pause)

    def signal(self, sig: int) -> None:
        self.proc.send_signal(sig)

    def wait_exit(self, timeout: float = 20.0) -> int:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.read(0.2)
            code = self.proc.poll()
            if code is not None:
                self.read(0.3)
                return code
        raise AssertionError(f"still running after {timeout} s; tail:\n{self.text[-2000:]!r}")

    def close(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)
        os.close(self.master)

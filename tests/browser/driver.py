"""Drive ``kyodo serve`` in headless Chromium (Playwright's sync API, the system
``chromium``; no browser download). Used by the browser tests and
``benchmarks/bench_serve.py``.

* :class:`Served`: a ``kyodo serve`` process on a free loopback port; stops it
  with SIGTERM and reports its output and its tabs' processes.
* :func:`launch`: Chromium with every address but loopback unreachable (a proxy
  that points nowhere, names that resolve to nothing): the page must work in a
  community centre without a connection.
* :class:`Tab`: one page; reads the terminal as text through
  :data:`kyodo_tui.web.probe.PROBE_JS`, clicks on a text as a person would
  (the mouse at the middle of its cells), presses keys, saves screenshots.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from kyodo_tui.web.probe import PROBE_JS

ROOT = Path(__file__).resolve().parents[2]
#: Chrome flags: nothing but loopback is reachable
OFFLINE_ARGS = [
    "--proxy-server=http://127.0.0.1:9",  # loopback bypasses the proxy; the rest fails
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_executable() -> str | None:
    """Debian's chromium (or $KYODO_CHROMIUM), or None."""
    for name in (os.environ.get("KYODO_CHROMIUM"), "/usr/bin/chromium", "chromium",
                 "chromium-browser"):
        if name and (found := shutil.which(name)):
            return found
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(stat[1]), []).append(int(entry))
    found: list[int] = []
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def rss_kib(pid: int) -> int:
    """Resident memory of one process (KiB), 0 if it is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def python_children(pid: int) -> list[int]:
    """The tabs' app processes below a server (python running kyodo_tui)."""
    found = []
    for child in descendants(pid):
        try:
            with open(f"/proc/{child}/cmdline", "rb") as f:
                argv = f.read().split(b"\0")
        except OSError:
            continue
        if b"kyodo_tui" in argv and b"serve" not in argv:
            found.append(child)
    return found


class Served:
    """``kyodo serve ARGS`` on a free loopback port."""

    def __init__(self, *args: str, data_dir: Path, env: dict[str, str] | None = None,
                 host: str = "127.0.0.1", port: int | None = None) -> None:
        self.port = port or free_port()
        self.host = host
        self.url = f"http://{host}:{self.port}/"
        environ = dict(os.environ)
        environ.update(env or {})
        environ["KYODO_DATA_DIR"] = str(data_dir)
        self.log_path = Path(data_dir).parent / f"serve-{self.port}.log"
        self._log = open(self.log_path, "w+b")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kyodo_tui", "serve", "--host", host,
             "--port", str(self.port), *args],
            stdout=self._log, stderr=subprocess.STDOUT, env=environ, cwd=ROOT,
        )

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"kyodo serve exited {self.proc.returncode}:\n{self.output()}")
            try:
                with socket.create_connection((self.host, self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        raise TimeoutError(f"kyodo serve did not listen within {timeout} s:\n{self.output()}")

    def output(self) -> str:
        self._log.flush()
        return self.log_path.read_text("utf-8", "replace")

    def tabs(self) -> list[int]:
        return python_children(self.proc.pid)

    def stop(self, timeout: float = 20.0) -> int:
        """SIGTERM, then wait; the exit code (SIGKILL after ``timeout``: -9)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()
        return self.proc.returncode

    def __enter__(self) -> Served:
        self.wait_ready()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def launch(playwright: Any, *, offline: bool = True) -> Any:
    """Headless system Chromium."""
    exe = chromium_executable()
    if exe is None:
        raise RuntimeError("no chromium on this machine")
    return playwright.chromium.launch(executable_path=exe, headless=True,
                                      args=OFFLINE_ARGS if offline else [])


def cell_width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


class Tab:
    """One browser tab on a served kyodo."""

    def __init__(self, browser: Any, url: str, *, width: int = 1100, height: int = 700,
                 mobile: bool = False) -> None:
        options: dict[str, Any] = {"viewport": {"width": width, "height": height}}
        if mobile:
            options.update(is_mobile=True, has_touch=True, device_scale_factor=2)
        self.context = browser.new_context(**options)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("requestfailed", lambda r: self.failed.append(r.url))
        self.page.add_init_script(PROBE_JS)
        self.url = url

    def open(self, timeout: float = 60.0, expect: str | None = None) -> str:
        self.page.goto(self.url)
        return self.wait_for(expect, timeout) if expect else ""

    def text(self) -> str:
        return str(self.page.evaluate("window.__kyodoText()"))

    def size(self) -> tuple[int, int]:
        cols, rows = self.page.evaluate("window.__kyodoSize()")
        return int(cols), int(rows)

    def wait_for(self, what: str | re.Pattern[str] | Callable[[str], bool],
                 timeout: float = 20.0) -> str:
        """Poll the screen until it shows ``what``; the screen's text."""
        if isinstance(what, str):
            test: Callable[[str], bool] = lambda t: what in t  # noqa: E731
        elif isinstance(what, re.Pattern):
            pattern = what
            test = lambda t: pattern.search(t) is not None  # noqa: E731
        else:
            test = what
        deadline = time.monotonic() + timeout
        text = ""
        while time.monotonic() < deadline:
            text = self.text()
            if test(text):
                return text
            time.sleep(0.05)
        raise AssertionError(f"the tab never showed {what!r}; it shows:\n{text}")

    def settle(self, quiet: float = 0.4, timeout: float = 10.0) -> str:
        """The screen once it stopped changing for ``quiet`` seconds (a screen is
        drawn over a few frames)."""
        deadline = time.monotonic() + timeout
        text = self.text()
        since = time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.05)
            now = self.text()
            if now != text:
                text, since = now, time.monotonic()
            elif time.monotonic() - since >= quiet:
                break
        return text

    def wait_change(self, before: str, timeout: float = 20.0) -> str:
        return self.wait_for(lambda t: t != before and t.strip() != "", timeout)

    def locate(self, needle: str) -> tuple[int, int]:
        """(column, row) of the first cell of ``needle`` on screen."""
        for row, line in enumerate(self.text().split("\n")):
            index = line.find(needle)
            if index >= 0:
                return sum(cell_width(c) for c in line[:index]), row
        raise AssertionError(f"{needle!r} is not on screen:\n{self.text()}")

    def click_text(self, needle: str) -> None:
        """Click the middle of ``needle`` as shown (a person's tap or click)."""
        col, row = self.locate(needle)
        width = sum(cell_width(c) for c in needle)
        box = self.page.locator(".xterm-screen").bounding_box()
        cols, rows = self.size()
        x = box["x"] + (col + width / 2) * box["width"] / cols
        y = box["y"] + (row + 0.5) * box["height"] / rows
        self.page.mouse.click(x, y)

    def press(self, *keys: str) -> None:
        for key in keys:
            self.page.keyboard.press(key)

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)

    def screenshot(self, path: Path) -> Path:
        self.page.screenshot(path=str(path))
        return path

    def close(self) -> None:
        self.context.close()


PROGRESS = re.compile(r"質問 (\d+) / (\d+)|Question (\d+) of (\d+)")
TEXT_COUNT = re.compile(r"\d+/\d+ (文字|characters)")


def walk_questions(tab: Tab, *, text: str = "seisou", choice: str = "1",
                   limit: int = 60, on_screen: Callable[[str], None] | None = None,
                   review: Sequence[str] = ("回答の確認", "Review your answers")) -> str:
    """Answer every question as a person would: the first choice (or ``text`` in a
    text question, then Enter), the right arrow to go on, until the review."""
    screen = tab.text()
    for _ in range(limit):
        if any(r in screen for r in review):
            return screen
        if on_screen is not None:
            on_screen(screen)
        match = PROGRESS.search(screen)
        assert match, f"not a question screen:\n{screen}"
        if TEXT_COUNT.search(screen):
            tab.type(text)
            tab.wait_for(lambda t: re.search(rf"{len(text)}/\d+ (文字|characters)", t) is not None)
            tab.press("Enter")
        else:
            tab.press(choice)
            time.sleep(0.05)
            tab.press("ArrowRight")
        shown = match.group(0)
        screen = tab.wait_for(lambda t, m=shown: m not in t)
    raise AssertionError(f"the walk never reached the review:\n{screen}")

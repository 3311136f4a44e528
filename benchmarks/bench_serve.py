"""Benchmark: kyodo in a browser (``kyodo serve`` + headless Chromium) beside the
same figures in a terminal (the app under Textual's Pilot), measured in one run.

* **start to welcome**: browser: page load until the welcome screen's text is on
  the page (a new tab starts its own kyodo process); terminal: a fresh
  interpreter until the Pilot sees the welcome screen drawn. Median of ``--runs``.
* **key to screen**: ``1`` on the welcome screen until the first question is
  shown, then Esc until the welcome screen is back; median of ``--keys`` pairs,
  per key. Browser: keyboard event to text in the page; terminal: ``pilot.press``
  to the screen drawn.
* **memory per session**: resident memory (RSS) of each tab's kyodo process with
  ``--tabs`` tabs open on the welcome screen (and the server's own); terminal: the
  RSS of the Pilot process on the welcome screen.

Every browser figure is printed as a ratio to its terminal baseline.

    .venv/bin/python benchmarks/bench_serve.py [--runs 5] [--keys 10] [--tabs 3]

Needs the web extra, playwright and Debian's chromium (see README, Dependencies).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from browser.driver import Served, Tab, launch, rss_kib  # noqa: E402

WELCOME = "個人として始める"
QUESTION = "質問 1 /"

PILOT = r"""
import asyncio, json, sys, time
t0 = float(sys.argv[1]); keys = int(sys.argv[2])
from kyodo_tui.ui.app import make_app
from kyodo_tui.ui.screens.question import QuestionScreen
from kyodo_tui.ui.screens.welcome import WelcomeScreen

def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])

async def main():
    app = make_app()
    async with app.run_test(size=(120, 33)) as pilot:
        while not isinstance(app.screen, WelcomeScreen):
            await pilot.pause(0.005)
        await pilot.pause()
        start = time.time() - t0
        memory = rss()
        times = []
        for _ in range(keys):
            for key, want in (("1", QuestionScreen), ("escape", WelcomeScreen)):
                t = time.perf_counter()
                await pilot.press(key)
                while not isinstance(app.screen, want):
                    await pilot.pause(0.001)
                await pilot.pause()
                times.append(time.perf_counter() - t)
    print(json.dumps({"start": start, "keys": times, "rss": memory}))

asyncio.run(main())
"""


def terminal(runs: int, keys: int) -> dict[str, list[float]]:
    starts, key_times, memory = [], [], []
    for i in range(runs):
        done = subprocess.run([sys.executable, "-c", PILOT, repr(time.time()),
                               str(keys if i == 0 else 1)],
                              capture_output=True, text=True, cwd=ROOT, check=True)
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        starts.append(figures["start"])
        memory.append(figures["rss"])
        if i == 0:
            key_times = figures["keys"]
    return {"start": starts, "keys": key_times, "rss": memory}


def browser(runs: int, keys: int, tabs: int, data: Path) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    starts: list[float] = []
    key_times: list[float] = []
    with Served(data_dir=data) as served, sync_playwright() as pw:
        chromium = launch(pw)
        for _ in range(runs):
            tab = Tab(chromium, served.url)
            t = time.perf_counter()
            tab.open(expect=WELCOME, timeout=120)
            starts.append(time.perf_counter() - t)
            tab.close()
        tab = Tab(chromium, served.url)
        tab.open(expect=WELCOME, timeout=120)
        tab.settle()
        for _ in range(keys):
            for key, want in (("1", QUESTION), ("Escape", WELCOME)):
                t = time.perf_counter()
                tab.press(key)
                tab.wait_for(lambda s, w=want: w in s and (w != WELCOME or QUESTION not in s))
                key_times.append(time.perf_counter() - t)
        open_tabs = [tab]
        for _ in range(tabs - 1):
            other = Tab(chromium, served.url)
            other.open(expect=WELCOME, timeout=120)
            open_tabs.append(other)
        time.sleep(1.0)
        pids = served.tabs()
        memory = [float(rss_kib(p)) for p in pids]
        server = float(rss_kib(served.proc.pid))
        for t in open_tabs:
            t.close()
        chromium.close()
    return {"start": starts, "keys": key_times, "rss": memory, "server": [server],
            "processes": [float(len(pids))]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keys", type=int, default=10)
    parser.add_argument("--tabs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        data.mkdir(mode=0o700)
        term = terminal(args.runs, args.keys)
        web = browser(args.runs, args.keys, args.tabs, data)

    def med(values: list[float]) -> float:
        return statistics.median(values)

    rows = [
        ("start to welcome (s)", med(web["start"]), med(term["start"])),
        ("key to screen (ms)", 1000 * med(web["keys"]), 1000 * med(term["keys"])),
        ("memory per session (MiB)", med(web["rss"]) / 1024, med(term["rss"]) / 1024),
    ]
    print(f"kyodo serve in headless Chromium vs the terminal app (Pilot); runs={args.runs}, "
          f"key pairs={args.keys}, tabs={args.tabs}")
    print(f"{'':28} {'browser':>10} {'terminal':>10} {'ratio':>7}")
    for name, b, t in rows:
        print(f"{name:28} {b:10.3f} {t:10.3f} {b / t:7.2f}x")
    print(f"key to screen p90 (ms)       {1000 * sorted(web['keys'])[int(0.9 * len(web['keys']))]:10.3f}"
          f" {1000 * sorted(term['keys'])[int(0.9 * len(term['keys']))]:10.3f}")
    print(f"server process: {web['server'][0] / 1024:.1f} MiB; tab processes seen: "
          f"{int(web['processes'][0])} (one per tab)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark: kyodo in a browser (``kyodo serve`` + headless Chromium) beside the
same figures in a terminal (the app under Textual's Pilot), measured in one run.

* **start to welcome**: browser: page load until the welcome screen's text is on
  the page (a new tab starts its own kyodo process); terminal: a fresh
  interpreter until the Pilot sees the welcome screen drawn. Median of ``--runs``.
* **key to screen**: ``1`` on the welcome screen until the first question is
  shown, then Esc until the welcome screen is back; median of ``--keys`` pairs,
  per key. Browser: keyboard event to text in the page; terminal: ``pilot.press``
  to the screen drawn.
* **phone answer to room dot**: an answer set put in the workshop inbox (as a
  phone's process does) until the facilitator's room screen counts it. Browser:
  the facilitator's tab under ``kyodo serve --mode workshop --participants``;
  terminal: the workshop app under the Pilot. Both look in the inbox once a
  second, so about 0.5-1 s is the design; median of ``--posts``.
* **memory per session**: resident memory (RSS) of each tab's kyodo process with
  ``--tabs`` tabs open on the welcome screen (and the server's own); terminal: the
  RSS of the Pilot process on the welcome screen.

Every browser figure is printed as a ratio to its terminal baseline.

    .venv/bin/python benchmarks/bench_serve.py [--runs 5] [--keys 10] [--tabs 3] [--posts 5]

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


ROOM_PILOT = r"""
import asyncio, json, os, sys, time
from pathlib import Path
posts = int(sys.argv[1]); data = Path(sys.argv[2])
from kyodo_tui.core.workshop.inbox import open_inbox
from kyodo_tui.ui.app import make_app

ANSWERS = {"who": "resident", "lead": "together", "carry": "each-other"}

async def main():
    app = make_app(mode="workshop", data_dir=data)
    inbox = open_inbox(os.environ["KYODO_WORKSHOP_INBOX"], data)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("1"); await pilot.pause()
        await pilot.press(*"town", "enter"); await pilot.pause(0.5)
        times = []
        for n in range(1, posts + 1):
            t = time.perf_counter()
            inbox.post(ANSWERS)
            while app.phone_link.count < n:
                await pilot.pause(0.01)
            await pilot.pause()
            times.append(time.perf_counter() - t)
            await pilot.pause(0.37)  # not in step with the once-a-second look
    print(json.dumps(times))

asyncio.run(main())
"""


def room_terminal(posts: int, data: Path) -> list[float]:
    import os

    env = dict(os.environ, KYODO_WORKSHOP_INBOX="bench-terminal", KYODO_PARTICIPANT_URL=
               "http://192.0.2.1:8001/")
    done = subprocess.run([sys.executable, "-c", ROOM_PILOT, str(posts), str(data)],
                          capture_output=True, text=True, cwd=ROOT, env=env, check=True)
    return [float(x) for x in json.loads(done.stdout.strip().splitlines()[-1])]


def room_browser(posts: int, data: Path) -> list[float]:
    from playwright.sync_api import sync_playwright

    from browser.driver import free_port
    from kyodo_tui.core.db import open_database
    from kyodo_tui.core.workshop.inbox import Inbox

    phones = free_port()
    times: list[float] = []
    with Served("--mode", "workshop", "--participants", "127.0.0.1", "--participants-port",
                str(phones), data_dir=data) as served, sync_playwright() as pw:
        chromium = launch(pw)
        room = Tab(chromium, served.url, width=1600, height=900)
        home = room.open(expect="新しいワークショップ", timeout=120)
        room.press("1")
        room.wait_change(home)
        time.sleep(0.3)
        room.type("town")
        room.press("Enter")
        room.wait_for("スマートフォンで参加")
        # the inbox code is the server's: a phone's first answer set shows it
        phone = Tab(chromium, f"http://127.0.0.1:{phones}/", width=360, height=740)
        phone.open(expect="始める", timeout=120)
        phone.press("1")
        phone.wait_for("質問 1 /")
        from browser.driver import walk_questions

        walk_questions(phone)
        phone.click_text("送る >")
        phone.wait_for("送りました")
        room.wait_for("スマートフォンから 1 人", timeout=60)
        db = open_database(data)
        code = db.one("SELECT code FROM workshop_inbox ORDER BY id LIMIT 1")[0]
        inbox = Inbox(db, code)
        for n in range(2, posts + 2):
            t = time.perf_counter()
            inbox.post({"who": "resident", "lead": "together", "carry": "each-other"})
            room.wait_for(f"スマートフォンから {n} 人", timeout=60)
            times.append(time.perf_counter() - t)
            time.sleep(0.37)
        chromium.close()
    return times


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
    parser.add_argument("--posts", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        data.mkdir(mode=0o700)
        term = terminal(args.runs, args.keys)
        web = browser(args.runs, args.keys, args.tabs, data)
        room_data = Path(tmp) / "room"
        room_data.mkdir(mode=0o700)
        term["room"] = room_terminal(args.posts, room_data)
        web_data = Path(tmp) / "room-web"
        web_data.mkdir(mode=0o700)
        web["room"] = room_browser(args.posts, web_data)

    def med(values: list[float]) -> float:
        return statistics.median(values)

    rows = [
        ("start to welcome (s)", med(web["start"]), med(term["start"])),
        ("key to screen (ms)", 1000 * med(web["keys"]), 1000 * med(term["keys"])),
        ("phone answer to room dot (s)", med(web["room"]), med(term["room"])),
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

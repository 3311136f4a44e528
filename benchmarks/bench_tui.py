"""Benchmark: how fast the TUI answers, as ratios to a minimal Textual app of the same run.

The baseline is a minimal Textual app (a Label and a Footer; a key changes the
Label's text), run in the same way, alternating with kyodo round by round (so
background load on a shared machine hits both alike). Every figure is a median.

* key press -> updated screen: ``pilot.press(key)``, then ``pilot.pause()`` (which
  lays out and renders the screen) and one ``call_after_refresh`` (anything the
  key scheduled for after the refresh has run too). Headless at 80x24.
  - results: the tab keys 1-6 in turn (each a tab switch);
  - questions: the choice keys 1 and 2 in turn on the first question;
  - F2 (language switch) on each screen: welcome, question, review, results
    (with the activities tab open), browse, learn.
* process start -> first screen: a fresh interpreter runs the app headless and
  prints a line once the first screen has been painted; timed from spawn to that
  line (the exit afterwards is not counted). kyodo: ``make_app()`` on the built-in
  catalog (the welcome screen); results first paint: ``start="results"`` with a
  river association's answers.
* memory: Python heap growth (tracemalloc, after a garbage collection) over 100
  key presses on the results screen (tab keys and arrows), after one warm-up
  round; the process RSS growth is printed beside it, for information.

    .venv/bin/python benchmarks/bench_tui.py [--rounds 5] [--presses 12] [--starts 7]

Targets (issue 11): key press -> updated screen <= 1.5x on results, <= 1.3x on
questions; F2 on any screen <= 2x; first screen <= 1.3x; results first paint <= 1.5x;
memory growth over 100 key presses <= 2 MiB.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZE = (80, 24)
#: a river association's answers (as in tests/ui/test_results.py)
ANSWERS: dict[str, Any] = {
    "who": "association",
    "group_size": "some",
    "fields": ["environment", "safety"],
    "now": ["local-events"],
    "now_text": "josetsu",
    "lead": "we-supported",
    "reach": "neighbours",
    "carry": "each-other",
    "stage": "issue",
}
MiB = 1024 * 1024

# ---------------------------------------------------------------- the apps


def minimal_app() -> Any:
    """The baseline: a Label and a Footer; x and F2 change the Label's text."""
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.widgets import Footer, Label

    class Minimal(App[None]):
        BINDINGS = [Binding("x", "flip", "flip"), Binding("f2", "flip", "lang")]  # noqa: RUF012

        def compose(self) -> ComposeResult:
            yield Label("hello", id="label")
            yield Footer()

        def action_flip(self) -> None:
            label = self.query_one("#label", Label)
            label.update("world" if str(label.content) == "hello" else "hello")

    return Minimal()


_CATALOG: Any = None


def kyodo_app(**kwargs: Any) -> Any:
    global _CATALOG
    from kyodo_tui.core.catalog import load_catalog
    from kyodo_tui.ui.app import make_app

    if _CATALOG is None:
        _CATALOG = load_catalog(include_user=False)
    return make_app(catalog=_CATALOG, **kwargs)


# ---------------------------------------------------------------- timing a key


async def refreshed(app: Any) -> None:
    done = asyncio.Event()
    app.call_after_refresh(done.set)
    await done.wait()


async def settle(pilot: Any) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await refreshed(pilot.app)


async def time_key(pilot: Any, key: str) -> float:
    start = time.perf_counter()
    await pilot.press(key)
    await pilot.pause()
    await refreshed(pilot.app)
    return time.perf_counter() - start


Setup = Callable[[Any], Awaitable[None]]


async def key_times(make: Callable[[], Any], setup: Setup | None, keys: Sequence[str],
                    presses: int) -> list[float]:
    """Times of ``presses`` key presses (cycling through ``keys``) in a fresh app."""
    app = make()
    times: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        if setup is not None:
            await setup(pilot)
            await settle(pilot)
        # one warm-up round of the keys (first use of a tab or a style)
        for key in keys:
            await time_key(pilot, key)
        for n in range(presses):
            times.append(await time_key(pilot, keys[n % len(keys)]))
    return times


# ---------------------------------------------------------------- the cases


async def to_question(pilot: Any) -> None:
    pilot.app.start_flow("individual")


async def to_activities_tab(pilot: Any) -> None:
    await pilot.press("4")


def case_list() -> list[tuple[str, Callable[[], Any], Setup | None, list[str], list[str]]]:
    """(name, make kyodo app, setup, kyodo keys, baseline keys)."""
    tabs = ["2", "3", "4", "5", "6", "1"]
    return [
        ("key, results (tab switch)", lambda: kyodo_app(answers=ANSWERS, start="results"),
         None, tabs, ["x"]),
        ("key, question (pick 1 / 2)", lambda: kyodo_app(), to_question, ["1", "2"], ["x"]),
        ("F2, welcome", lambda: kyodo_app(), None, ["f2"], ["f2"]),
        ("F2, question", lambda: kyodo_app(), to_question, ["f2"], ["f2"]),
        ("F2, review", lambda: kyodo_app(answers=ANSWERS, start="review"), None, ["f2"], ["f2"]),
        ("F2, results", lambda: kyodo_app(answers=ANSWERS, start="results"), None, ["f2"],
         ["f2"]),
        ("F2, results (activities tab)", lambda: kyodo_app(answers=ANSWERS, start="results"),
         to_activities_tab, ["f2"], ["f2"]),
        ("F2, browse", lambda: kyodo_app(start="browse"), None, ["f2"], ["f2"]),
        ("F2, learn", lambda: kyodo_app(start="learn"), None, ["f2"], ["f2"]),
    ]


TARGETS = {
    "key, results (tab switch)": 1.5,
    "key, question (pick 1 / 2)": 1.3,
    "F2": 2.0,
    "first screen": 1.3,
    "results first paint": 1.5,
}


def target_of(name: str) -> float:
    return TARGETS.get(name, TARGETS["F2"] if name.startswith("F2") else 0.0)


async def run_keys(rounds: int, presses: int, only: str | None) -> list[tuple[str, float, float]]:
    rows = []
    for name, make, setup, keys, base_keys in case_list():
        if only and only not in name:
            continue
        ours: list[float] = []
        base: list[float] = []
        for _ in range(rounds):  # alternate: baseline, kyodo, baseline, kyodo...
            base += await key_times(minimal_app, None, base_keys, presses)
            ours += await key_times(make, setup, keys, presses)
        rows.append((name, statistics.median(ours), statistics.median(base)))
    return rows


# ---------------------------------------------------------------- start-up

CHILD = """
import sys, asyncio
sys.path.insert(0, {root!r})
which = sys.argv[1]
if which == "minimal":
    sys.path.insert(0, {bench!r})
    from bench_tui import minimal_app
    app = minimal_app()
else:
    from kyodo_tui.ui.app import make_app
    from bench_answers import ANSWERS
    kwargs = dict(answers=ANSWERS, start="results") if which == "results" else {{}}
    app = make_app(**kwargs)

async def auto(pilot):
    await pilot.pause()
    done = asyncio.Event()
    pilot.app.call_after_refresh(done.set)
    await done.wait()
    print("painted", flush=True)
    pilot.app.exit()

app.run(headless=True, size=(80, 24), auto_pilot=auto)
"""


def time_start(which: str, env: dict[str, str]) -> float:
    code = CHILD.format(root=str(ROOT), bench=str(ROOT / "benchmarks"))
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, which], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    _, err = proc.communicate(timeout=60)
    if line.strip() != "painted":
        raise SystemExit(f"the {which} app did not paint:\n{err}")
    return elapsed


def run_starts(starts: int) -> list[tuple[str, float, float]]:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        # the answers, importable by the child
        Path(tmp, "bench_answers.py").write_text(f"ANSWERS = {ANSWERS!r}\n", encoding="utf-8")
        env = dict(os.environ)
        env["PYTHONPATH"] = tmp + os.pathsep + env.get("PYTHONPATH", "")
        env["KYODO_CACHE_DIR"] = str(Path(tmp, "cache"))
        env.setdefault("KYODO_DATA_DIR", str(Path(tmp, "data")))
        # warm the bytecode and the catalog cache once, as a second start of an
        # installed app would find them
        for which in ("minimal", "kyodo", "results"):
            time_start(which, env)
        times: dict[str, list[float]] = {"minimal": [], "kyodo": [], "results": []}
        for _ in range(starts):
            for which in ("minimal", "kyodo", "minimal", "results"):
                times[which].append(time_start(which, env))
    base = statistics.median(times["minimal"])
    return [
        ("first screen", statistics.median(times["kyodo"]), base),
        ("results first paint", statistics.median(times["results"]), base),
    ]


# ---------------------------------------------------------------- memory


def rss() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


async def run_memory(presses: int = 100) -> tuple[float, float]:
    keys = ["2", "3", "4", "down", "down", "5", "down", "6", "1", "down"]
    app = kyodo_app(answers=ANSWERS, start="results")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in keys * 2:  # warm-up: every tab built once, every style used
            await pilot.press(key)
            await pilot.pause()
        await settle(pilot)
        gc.collect()
        tracemalloc.start()
        heap0, rss0 = tracemalloc.get_traced_memory()[0], rss()
        for n in range(presses):
            await pilot.press(keys[n % len(keys)])
            await pilot.pause()
        await settle(pilot)
        gc.collect()
        heap1, rss1 = tracemalloc.get_traced_memory()[0], rss()
        tracemalloc.stop()
    return (heap1 - heap0) / MiB, (rss1 - rss0) / MiB


# ---------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds per case")
    parser.add_argument("--presses", type=int, default=12, help="timed key presses per round")
    parser.add_argument("--starts", type=int, default=7, help="process starts per app")
    parser.add_argument("--only", default=None, help="only the cases whose name has this")
    parser.add_argument("--no-starts", action="store_true", help="skip the process starts")
    parser.add_argument("--no-memory", action="store_true", help="skip the memory figure")
    args = parser.parse_args()

    rows = asyncio.run(run_keys(args.rounds, args.presses, args.only))
    if not args.no_starts and not args.only:
        rows += run_starts(args.starts)
    met_all = True
    print(f"{'what':34} {'kyodo':>10} {'minimal':>10} {'ratio':>7}  target")
    for name, ours, base in rows:
        ratio = ours / base
        target = target_of(name)
        met = ratio <= target
        met_all &= met
        print(f"{name:34} {ours * 1000:8.1f}ms {base * 1000:8.1f}ms {ratio:6.2f}x"
              f"  <= {target}x {'met' if met else 'NOT MET'}")
    if not args.no_memory and not args.only:
        heap, rss_growth = asyncio.run(run_memory())
        met = heap <= 2.0
        met_all &= met
        print(f"{'memory, 100 keys on results':34} {heap:+8.2f}MiB (RSS {rss_growth:+.2f} MiB)"
              f"  <= 2 MiB {'met' if met else 'NOT MET'}")
    print("every target met" if met_all else "some targets NOT met")


if __name__ == "__main__":
    main()

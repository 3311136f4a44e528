"""Benchmark: keys typed faster than the screen draws (issue 10).

The app takes keys one at a time in the order typed (kyodo_tui.ui.app: a key passed
on to a widget, or a screen coming up, holds the next ones). This measures what that
costs, as a ratio to a baseline measured in the same run: the same keys posted to a
bare Textual app with one Input (no holding at all).

- letters: 60 letters posted at once into a text answer (a letter typed into a text
  field is never held: the ratio should stay near 1);
- answers: 7 questions answered with "1 Enter" in one burst (every Enter changes the
  screen; the keys after it wait for the next question to be up), per key. Most of
  this is mounting the question screens, which the baseline does not do: compare it
  with the "push" line (one question screen pushed and mounted, no keys).

    .venv/bin/python benchmarks/bench_keys.py

Asserts nothing (timings vary by machine; wall time on a shared machine counts other
processes too).
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Input

from kyodo_tui.core.catalog import load_catalog
from kyodo_tui.ui.app import make_app

LETTERS = "abcdefghij" * 6


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Input(id="in")


async def _wait(check: object, limit: float = 60.0) -> float:
    t0 = time.perf_counter()
    while not check():  # type: ignore[operator]
        await asyncio.sleep(0.002)
        if time.perf_counter() - t0 > limit:
            raise SystemExit("keys were not handled in time")
    return time.perf_counter() - t0


async def baseline() -> float:
    app = Bare()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        box = app.query_one("#in", Input)
        t0 = time.perf_counter()
        for ch in LETTERS:
            app.post_message(events.Key(ch, ch))
        await _wait(lambda: box.value == LETTERS)
        return time.perf_counter() - t0


async def letters(catalog: object) -> float:
    app = make_app(catalog=catalog, lang="ja", start="question:now_text")  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        box = app.screen.query_one("#text-answer", Input)
        t0 = time.perf_counter()
        for ch in LETTERS:
            app.post_message(events.Key(ch, ch))
        await _wait(lambda: box.value == LETTERS)
        return time.perf_counter() - t0


async def answers(catalog: object) -> tuple[float, int]:
    app = make_app(catalog=catalog, lang="ja", start="question:lead")  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        keys = ["1", "enter"] * 7
        t0 = time.perf_counter()
        for key in keys:
            app.post_message(events.Key(key, key if key != "enter" else "\r"))
        await _wait(lambda: app.screen.__class__.__name__ == "ReviewScreen"
                    and app.screen.is_mounted)
        took = time.perf_counter() - t0
        await pilot.pause(0.5)
        return took, len(keys)


async def push(catalog: object) -> float:
    app = make_app(catalog=catalog, lang="ja", start="question:lead")  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        t0 = time.perf_counter()
        app.show_question("reach")  # type: ignore[attr-defined]
        screen = app.screen
        await _wait(lambda: screen.is_mounted)
        took = time.perf_counter() - t0
        await pilot.pause(0.3)
        return took


async def main() -> None:
    catalog = load_catalog(include_user=False)
    base = await baseline()
    typed = await letters(catalog)
    burst, n = await answers(catalog)
    pushed = await push(catalog)
    per_base = base / len(LETTERS)
    print(f"baseline: {len(LETTERS)} letters into a bare Input   {base * 1000:8.1f} ms")
    print(f"letters:  {len(LETTERS)} letters into a text answer  {typed * 1000:8.1f} ms"
          f"  ratio {typed / base:5.2f}")
    print(f"answers:  {n} keys, 7 questions in one burst   {burst * 1000:8.1f} ms"
          f"  {burst / n * 1000:6.1f} ms/key  ratio per key {burst / n / per_base:6.1f}")
    print(f"push:     one question screen pushed and mounted {pushed * 1000:8.1f} ms"
          f"  (7 screens: {7 * pushed * 1000:.0f} ms; burst / that {burst / (7 * pushed):5.2f})")


if __name__ == "__main__":
    asyncio.run(main())

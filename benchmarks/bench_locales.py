"""Benchmark: looking up a UI string from the TOML locale files (issue 17).

Before issue 17, ``t(key, lang)`` was a dict lookup of a (ja, en) pair; now it
walks the language's fallback chain over the locale files (parsed once, cached).
This prints, for every language, the time of one lookup (all keys of all tables
in a loop) as a ratio to the old way measured in the same run (a plain dict of
pairs built from the same files), and the one-off cost of reading the four files.

    .venv/bin/python benchmarks/bench_locales.py

Target: a lookup within a few times a bare dict lookup (a screen does a few hundred
per language switch), and reading all four files well under 50 ms. Asserts nothing.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kyodo_tui.core.langs import LANG_CODES  # noqa: E402
from kyodo_tui.ui import locales  # noqa: E402

ROUNDS = 20


def main() -> None:
    locales.load.cache_clear()
    start = time.perf_counter()
    for lang in LANG_CODES:
        locales.load(lang)
    read_ms = (time.perf_counter() - start) * 1000
    keys = [(table, key) for table in locales.TABLES for key in locales.keys(table)]
    ja, en = locales.load("ja"), locales.load("en")
    pairs = {(t, k): (ja[t][k], en[t][k]) for t, k in keys}

    def old(lang: str) -> None:
        i = 0 if lang == "ja" else 1
        for pair_key in keys:
            pairs[pair_key][i]

    def new(lang: str) -> None:
        for table, key in keys:
            locales.text(table, key, lang)

    def timed(fn: object, lang: str) -> float:
        best = float("inf")
        for _ in range(ROUNDS):
            start = time.perf_counter()
            fn(lang)  # type: ignore[operator]
            best = min(best, time.perf_counter() - start)
        return best / len(keys)

    base = timed(old, "ja")
    print(f"reading {len(LANG_CODES)} locale files: {read_ms:.1f} ms; {len(keys)} keys")
    print(f"baseline (dict of pairs): {base * 1e9:.0f} ns a lookup = 1.00")
    for lang in LANG_CODES:
        t = timed(new, lang)
        print(f"t(key, {lang!r}): {t * 1e9:.0f} ns a lookup = {t / base:.2f} x baseline")


if __name__ == "__main__":
    main()

"""Benchmark: hostile TOML inputs against the bounded reader (issue 13).

For each kind of file (answers, catalog, workshop, kiosk) it builds the worst
inputs the issue lists, and more, at the largest size the kind's bounds let
through (or just over), runs the whole read (size check, scan, tomllib, and the
validation for answers, workshop records and catalog layers) and prints, per
input, the wall time, CPU time and peak traced memory, each also as a ratio to
a baseline measured in the same run: reading the built-in catalog's biggest
file (forms.toml) the same way.

    .venv/bin/python benchmarks/bench_bounds.py

Target (issue 13): under a second and a few tens of MB for any input (judged on
CPU time: on a shared machine wall time also counts other processes). Asserts
nothing (timings vary by machine); the last line says whether every input met it.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kyodo_tui.core import tomlfile  # noqa: E402
from kyodo_tui.core.answers import load_answers  # noqa: E402
from kyodo_tui.core.catalog import check_catalog, load_catalog  # noqa: E402
from kyodo_tui.core.errors import KyodoInputError  # noqa: E402
from kyodo_tui.core.kiosk.config import check_kiosk_config  # noqa: E402
from kyodo_tui.core.workshop import load_workshop  # noqa: E402

MINI = ROOT / "tests" / "fixtures" / "catalogs" / "mini"
WS_HEAD = ('schema_version = 1\nid = "ws-1"\ntitle = "t"\n'
           'created = 2025-05-01T10:00:00+09:00\nlang = "ja"\n')


def _fill(limit: int, unit: str, head: str = "", tail: str = "") -> str:
    """``head`` + ``unit`` repeated to just under ``limit`` bytes + ``tail``."""
    room = limit - len((head + tail).encode()) - 16
    return head + unit * max(1, room // len(unit.encode())) + tail


def inputs() -> dict[str, tuple[str, str]]:
    """name → (kind, text)."""
    a, c, w, k = tomlfile.ANSWERS, tomlfile.CATALOG, tomlfile.WORKSHOP, tomlfile.KIOSK
    return {
        "answers: 4,301-digit integer": ("answers", "x = " + "9" * 4301 + "\n"),
        "answers: 100,000 keys": ("answers", "".join(f"k{i} = 1\n" for i in range(100_000))),
        "answers: max keys, each unknown": ("answers", "".join(f"k{i}=1\n" for i in range(1999))),
        "answers: 20,000-item list": ("answers", "f = [" + ",".join(['"a"'] * 20_000) + "]\n"),
        "answers: 20,000-deep dotted key": ("answers", "a" + ".a" * 20_000 + " = 1\n"),
        "answers: deep arrays": ("answers", "x = " + "[" * 100_000 + "]" * 100_000 + "\n"),
        "answers: 10 MB text": ("answers", 'now_text = "' + "川" * 3_400_000 + '"\n'),
        "answers: full of short strings": ("answers", _fill(a.max_bytes, 'k = "x"\n')),
        "catalog: full of tiny arrays": ("catalog", _fill(c.max_bytes, "[]," , "x = [", "]\n")),
        "catalog: many entries": ("catalog", _fill(c.max_bytes, '[[activity]]\nid = "a"\n')),
        "catalog: 1 MB title": ("catalog", '[[activity]]\ntitle = "' + "x" * 999_000 + '"\n'),
        "workshop: 99999999999999999999 hands": (
            "workshop", WS_HEAD + '[[group]]\nid = "g"\nlabel = "g"\n[group.tally.lead]\n'
                                  "together = 99999999999999999999\n"),
        "workshop: many participants": (
            "workshop", _fill(w.max_bytes, '[[group.participant]]\nwho = "resident"\n',
                              WS_HEAD + '[[group]]\nid = "g"\nlabel = "g"\n')),
        "workshop: many tally keys": (
            "workshop", _fill(w.max_bytes, "x = 1\n",
                              WS_HEAD + '[[group]]\nid = "g"\nlabel = "g"\n[group.tally.lead]\n')),
        "catalog: 4,990 entries, all bad": (
            "catalog", '[[activity]]\nid = "a"\ntitle = 1\n' * 4990),
        "catalog: 3,900 good entries": ("catalog", "".join(
            f'[[activity]]\nid = "x-{i}"\ntitle = {{ ja = "川", en = "River" }}\n'
            f'reading = "かわ"\ndescription = {{ ja = "川", en = "River" }}\n'
            f'fields = ["environment"]\nregions = ["A"]\nactors = ["resident"]\n'
            f'source = "000_57015c5ace657278.txt"\n' for i in range(3900))),
        "workshop: 1,990 participants": (
            "workshop", WS_HEAD + '[[group]]\nid = "g"\nlabel = "g"\n'
            + '[[group.participant]]\nwho = "resident"\nlead = "together"\n' * 1990),
        "workshop: 19,000 unknown tally keys": (
            "workshop", WS_HEAD + '[[group]]\nid = "g"\nlabel = "g"\n[group.tally.lead]\n'
            + "".join(f"x{i} = 1\n" for i in range(19_000))),
        "kiosk: full of keys": ("kiosk", _fill(k.max_bytes, "a = 1\n")),
    }


def read(kind: str, path: Path, catalog: object) -> str:
    try:
        if kind == "answers":
            load_answers(path, catalog)  # type: ignore[arg-type]
        elif kind == "workshop":
            load_workshop(path, catalog)  # type: ignore[arg-type]
        elif kind == "kiosk":
            _config, problems = check_kiosk_config(path)
            return f"{len(problems)} problems" if problems else "ok"
        else:
            _cat, problems = check_catalog([path.parent], include_user=False, builtin=MINI)
            return f"{len(problems)} problems" if problems else "ok"
    except KyodoInputError as exc:
        first = str(exc.problems[0])
        return first.split(": ", 1)[-1][:60]
    return "ok"


def measure(run: Callable[[], str]) -> tuple[float, float, float, str]:
    """Time one run (untraced), then trace the memory of a second one."""
    t0, c0 = time.perf_counter(), time.process_time()
    outcome = run()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return wall, cpu, peak, outcome


def main() -> None:
    catalog = load_catalog(include_user=False)
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        base_dir = Path(tmp) / "base"
        base_dir.mkdir()
        (base_dir / "forms.toml").write_bytes((ROOT / "catalog" / "forms.toml").read_bytes())
        base = measure(lambda: read("catalog", base_dir / "forms.toml", catalog))
        print(f"baseline (built-in forms.toml, 33 KB, as a layer): {base[0] * 1000:.1f} ms wall, "
              f"{base[2]:.1f} MB peak")
        print(f"{'input':40} {'bytes':>9} {'wall ms':>8} {'x base':>7} {'cpu ms':>7} "
              f"{'peak MB':>8} {'x base':>7}  outcome")
        worst_wall = worst_cpu = worst_peak = 0.0
        for n, (name, (kind, text)) in enumerate(inputs().items()):
            folder = Path(tmp) / f"i{n}"
            folder.mkdir()
            path = folder / "input.toml"
            path.write_text(text, encoding="utf-8")
            wall, cpu, peak, outcome = measure(lambda: read(kind, path, catalog))  # noqa: B023
            worst_wall, worst_peak = max(worst_wall, wall), max(worst_peak, peak)
            worst_cpu = max(worst_cpu, cpu)
            print(f"{name:40} {path.stat().st_size:>9,} {wall * 1000:>8.1f} "
                  f"{wall / base[0]:>7.1f} {cpu * 1000:>7.1f} {peak:>8.1f} "
                  f"{peak / max(base[2], 0.01):>7.1f}  {outcome}")
    ok = worst_cpu < 1.0 and worst_peak < 50
    print(f"worst: {worst_wall:.2f} s wall, {worst_cpu:.2f} s CPU, {worst_peak:.1f} MB peak "
          "traced: "
          f"{'within' if ok else 'OVER'} the target (< 1 s, a few tens of MB)")


if __name__ == "__main__":
    main()

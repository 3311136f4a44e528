"""Benchmark: start-up time of headless commands vs a minimal Textual app.

Runs each command in a fresh interpreter several times and prints the median wall
time, and the ratio of each headless command to importing and constructing a
minimal Textual app (``from textual.app import App; App()``). Target: a headless
command costs under half of that (it must never import Textual).

    .venv/bin/python benchmarks/bench_startup.py [--runs 9] [--no-bytecode-cache]

Textual's bytecode is cached in site-packages (pip compiles at install), so by
default kyodo_tui's is cached too, as in an installed wheel: in a temporary
``PYTHONPYCACHEPREFIX`` (the source tree stays clean), filled by a warm-up run.
``--no-bytecode-cache`` compiles kyodo_tui's sources on every start instead.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable

COMMANDS: list[tuple[str, list[str]]] = [
    ("python -c pass (interpreter alone)", [PY, "-c", "pass"]),
    ("textual: import + App()", [PY, "-c", "from textual.app import App; App()"]),
    ("kyodo catalog check", [PY, "-m", "kyodo_tui", "catalog", "check"]),
    ("kyodo match 清掃", [PY, "-m", "kyodo_tui", "match", "清掃"]),
    ("kyodo match seisou --json", [PY, "-m", "kyodo_tui", "match", "seisou", "--json"]),
]
BASELINE = "textual: import + App()"


def time_once(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, check=False, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n"
                         f"{proc.stderr.decode(errors='replace')}")
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--no-bytecode-cache", action="store_true",
                    help="do not cache kyodo_tui's bytecode (compile on every start)")
    args = ap.parse_args()
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    cache = tempfile.TemporaryDirectory(prefix="kyodo-pycache-")
    if args.no_bytecode_cache:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    else:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = cache.name
    for _, cmd in COMMANDS:  # warm the OS file cache and the bytecode cache once
        time_once(cmd, env)
    samples: dict[str, list[float]] = {label: [] for label, _ in COMMANDS}
    for _ in range(args.runs):  # interleaved, so background load hits all alike
        for label, cmd in COMMANDS:
            samples[label].append(time_once(cmd, env))
    cache.cleanup()
    medians = {label: statistics.median(v) for label, v in samples.items()}
    base = medians[BASELINE]
    mode = "not cached" if args.no_bytecode_cache else "cached"
    print(f"median wall time over {args.runs} runs each (Python {sys.version.split()[0]}, "
          f"kyodo_tui bytecode {mode})")
    for label, _ in COMMANDS:
        ratio = medians[label] / base
        print(f"  {label:<38} {medians[label] * 1000:8.1f} ms   {ratio:5.2f} x textual")
    worst = max(medians[label] for label, cmd in COMMANDS if "kyodo_tui" in cmd)
    verdict = "OK" if worst < 0.5 * base else "OVER TARGET"
    print(f"slowest headless / textual = {worst / base:.2f} (target < 0.50): {verdict}")


if __name__ == "__main__":
    main()

"""Benchmark: start-up of the headless commands, as ratios to baselines of the same run.

Each command runs in a fresh interpreter, interleaved with the baselines (so
background load hits all alike), and the median wall time of ``--runs`` runs is
printed with its ratio to:

* a minimal headless Textual app (import, run headless, exit at once),
* ``python -c "import rapidfuzz"`` (the one import matching can't do without),
* ``python -c pass`` (the interpreter alone, for reference).

Warm: the user cache (``KYODO_CACHE_DIR``, a temporary dir) holds this catalog's
entries. Cold: each run starts from an empty cache dir.

    .venv/bin/python benchmarks/bench_startup.py [--runs 9] [--no-bytecode-cache]

Targets (issue 15): every headless command warm <= 0.25x the Textual app and
<= 2.5x import rapidfuzz; cold <= 0.4x the Textual app. Judged on wall time; the CPU
time of the same runs is printed beside it (on a loaded machine wall time includes
waiting for a core). Commands run as an
installed user runs them: the ``kyodo`` console script of this interpreter's
environment (bytecode cached, as pip compiles a wheel's; kept in a temporary
``PYTHONPYCACHEPREFIX`` so the source tree stays clean).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
KYODO = str(Path(PY).with_name("kyodo"))
ANSWERS = ROOT / "tests" / "data" / "answers" / "river-association.toml"
TEXTUAL_APP = (
    "from textual.app import App\n"
    "class A(App):\n"
    "    def on_mount(self):\n"
    "        self.exit()\n"
    "A().run(headless=True)\n"
)

BASELINES: list[tuple[str, list[str]]] = [
    ("python -c pass", [PY, "-c", "pass"]),
    ("python -c 'import rapidfuzz'", [PY, "-c", "import rapidfuzz"]),
    ("minimal headless Textual app", [PY, "-c", TEXTUAL_APP]),
]
COMMANDS: list[tuple[str, list[str]]] = [
    ("kyodo match 清掃", [KYODO, "match", "清掃"]),
    ("kyodo match seisou --json", [KYODO, "match", "seisou", "--json"]),
    ("kyodo catalog check", [KYODO, "catalog", "check"]),
    ("kyodo assess --answers F --json", [KYODO, "assess", "--answers", str(ANSWERS), "--json"]),
]
TEXTUAL, RAPIDFUZZ = "minimal headless Textual app", "python -c 'import rapidfuzz'"


CPU: dict[str, list[float]] = {}


def time_once(cmd: list[str], env: dict[str, str], label: str = "") -> float:
    """Wall time of one run; its CPU time (user + system) goes to CPU[label]."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, check=False, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if label:
        CPU.setdefault(label, []).append(after.ru_utime + after.ru_stime
                                         - before.ru_utime - before.ru_stime)
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
    if not ANSWERS.is_file():
        raise SystemExit(f"missing {ANSWERS}")
    tmp = Path(tempfile.mkdtemp(prefix="kyodo-bench-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("KYODO_")}
    env.update(PYTHONIOENCODING="utf-8", KYODO_CONFIG_DIR=str(tmp / "config"),
               KYODO_DATA_DIR=str(tmp / "data"), KYODO_CACHE_DIR=str(tmp / "cache"))
    if args.no_bytecode_cache:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    else:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    for _, cmd in BASELINES + COMMANDS:  # warm the OS, bytecode and kyodo caches once
        time_once(cmd, env)
    warm: dict[str, list[float]] = {label: [] for label, _ in BASELINES + COMMANDS}
    cold: dict[str, list[float]] = {label: [] for label, _ in COMMANDS}
    fresh = 0
    for _ in range(args.runs):  # interleaved, so background load hits all alike
        for label, cmd in BASELINES + COMMANDS:
            warm[label].append(time_once(cmd, env, label))
        for label, cmd in COMMANDS:
            fresh += 1
            cold_env = {**env, "KYODO_CACHE_DIR": str(tmp / f"cold-{fresh}")}
            cold[label].append(time_once(cmd, cold_env, "cold " + label))
    shutil.rmtree(tmp, ignore_errors=True)
    med = {k: statistics.median(v) for k, v in warm.items()}
    cmed = {k: statistics.median(v) for k, v in cold.items()}
    tx, rf = med[TEXTUAL], med[RAPIDFUZZ]
    cpu = {k: statistics.median(v) for k, v in CPU.items()}
    ctx, crf = cpu[TEXTUAL], cpu[RAPIDFUZZ]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"median wall time of {args.runs} interleaved runs (Python {sys.version.split()[0]}, "
          f"load average {load:.1f} at the end)")
    for label, _ in BASELINES:
        print(f"  {label:<34} {med[label] * 1000:7.1f} ms  {med[label] / tx:5.2f}x textual  "
              f"{med[label] / rf:5.2f}x rapidfuzz")
    met_all = True
    print("warm (cache filled):  target <= 0.25x textual and <= 2.5x import rapidfuzz")
    for label, _ in COMMANDS:
        a, b = med[label] / tx, med[label] / rf
        ok = a <= 0.25 and b <= 2.5
        met_all &= ok
        print(f"  {label:<34} {med[label] * 1000:7.1f} ms  {a:5.2f}x textual  "
              f"{b:5.2f}x rapidfuzz  {'met' if ok else 'OVER'}   (CPU time: "
              f"{cpu[label] / ctx:.2f}x textual, {cpu[label] / crf:.2f}x rapidfuzz)")
    print("cold (empty cache):   target <= 0.4x textual")
    for label, _ in COMMANDS:
        a = cmed[label] / tx
        ok = a <= 0.4
        met_all &= ok
        c = cpu["cold " + label]
        print(f"  {label:<34} {cmed[label] * 1000:7.1f} ms  {a:5.2f}x textual  "
              f"{cmed[label] / rf:5.2f}x rapidfuzz  {'met' if ok else 'OVER'}   (CPU time: "
              f"{c / ctx:.2f}x textual)")
    print("all targets met" if met_all else "some targets OVER")


if __name__ == "__main__":
    main()

"""Benchmark: ``kyodo report`` over 100,000 saved sessions (target: under 10 s).

Generates realistic session files (placed and matched on the built-in catalog,
written with tomli-w exactly as the store writes them, but directly: no fsync)
in a temp dir, then times the real command in a fresh process:

- cold: the first run (no summary index yet: every file is parsed);
- warm: the next run (index valid: files are only stat-ed);
- warm after 1% of the files changed (those are parsed again);
- ``--since`` on the warm index.

Run: ``python benchmarks/bench_report.py [--count N] [--keep DIR]``.
Prints the figures; asserts nothing (timings vary by machine).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from kyodo_tui.core.catalog import load_catalog
from kyodo_tui.core.model import Catalog
from kyodo_tui.core.placement import place, prune_hidden
from kyodo_tui.core.recommend import recommend
from kyodo_tui.core.storage import (
    INDEX_NAME,
    PlacementSnapshot,
    RecommendationSnapshot,
    Session,
    _to_bytes,
    new_session,
)

MODES = ("standard", "kiosk", "intake")
TEXTS = ["川の清掃を毎年しています", "子どもの見守りをしたい", "高齢者の買い物を手伝っている",
         "防災訓練を町内会でやっています", "", "", ""]


def _random_answers(catalog: Catalog, rng: random.Random) -> dict[str, str | list[str]]:
    answers: dict[str, str | list[str]] = {}
    for q in sorted(catalog.questions, key=lambda q: q.order):
        if rng.random() < 0.1:
            continue  # skipped
        if q.kind == "text":
            text = rng.choice(TEXTS)
            if text:
                answers[q.id] = text
        elif rng.random() < 0.08 and q.allow_unknown:
            answers[q.id] = "unknown"
        elif q.kind == "single":
            answers[q.id] = rng.choice(q.choices).id
        else:
            k = rng.randint(1, min(3, len(q.choices)))
            picked = {c.id for c in rng.sample(q.choices, k)}
            answers[q.id] = [c.id for c in q.choices if c.id in picked]
    return prune_hidden(catalog, answers)


def _templates(catalog: Catalog, n: int, rng: random.Random) -> list[Session]:
    try:
        from kyodo_tui.core.matching import Matcher

        matcher = Matcher(catalog.activities.values())
    except ImportError:
        matcher = None
    out = []
    for _ in range(n):
        answers = _random_answers(catalog, rng)
        placement = place(catalog, answers)
        recs = recommend(catalog, answers, placement, matcher)
        s = new_session(kind=rng.choice(["individual", "group"]), answers=answers,
                        catalog_layers=catalog.layers)
        out.append(s.evolve(placement=PlacementSnapshot.from_placement(placement),
                            recommendations=RecommendationSnapshot.from_recommendations(recs)))
    return out


def generate(root: Path, count: int, seed: int = 1) -> tuple[float, int]:
    """Write ``count`` session files into ``root``; return (seconds, mean bytes)."""
    rng = random.Random(seed)
    catalog = load_catalog(include_user=False)
    templates = _templates(catalog, 300, rng)
    root.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    # render each template once with placeholders, then fill them in per file
    marker_id = "20000101-000000-00000000"
    marker_time = "2000-01-01T00:00:00Z"
    rendered = [_to_bytes(t.evolve(id=marker_id, created=marker_time, updated=marker_time,
                                   revision=1, label="LABEL", mode="kiosk")).decode("utf-8")
                for t in templates]
    base = datetime(2024, 4, 1, tzinfo=UTC)
    total = 0
    for i in range(count):
        moment = base + timedelta(seconds=i * 300 + rng.randrange(300))
        stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
        sid = f"{moment:%Y%m%d-%H%M%S}-{rng.getrandbits(32):08x}"
        text = (rendered[i % len(rendered)].replace(marker_id, sid)
                .replace(marker_time, stamp).replace('"LABEL"', f'"記録 {i}"')
                .replace('mode = "kiosk"', f'mode = "{rng.choice(MODES)}"'))
        data = text.encode("utf-8")
        total += len(data)
        with open(root / f"{sid}.toml", "wb") as fh:
            fh.write(data)
    return time.perf_counter() - start, total // max(1, count)


def time_report(root: Path, *extra: str) -> tuple[float, float, str]:
    """Run ``kyodo report``; return (wall s, CPU s of it and its pool workers, stdout)."""
    kyodo = Path(sys.executable).with_name("kyodo")
    cmd = [str(kyodo)] if kyodo.exists() else [sys.executable, "-m", "kyodo_tui"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run([*cmd, "report", "--data-dir", str(root), *extra],
                            capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if result.returncode != 0:
        raise SystemExit(f"kyodo report failed ({result.returncode}): {result.stderr}")
    return elapsed, cpu, result.stdout


def _load() -> str:
    try:
        return f"load {os.getloadavg()[0]:.1f}"
    except OSError:
        return "load ?"


def line(label: str, wall: float, cpu: float, load: str) -> None:
    print(f"{label:<44} {wall:6.2f} s wall  {cpu:6.2f} s CPU  ({load} before)")


def touch_some(root: Path, share: float) -> int:
    """Rewrite ``share`` of the files (as an update would) so the index must re-read them."""
    names = sorted(p for p in root.iterdir() if p.suffix == ".toml")
    step = max(1, int(1 / share))
    for path in names[::step]:
        data = path.read_bytes().replace(b"revision = 1\n", b"revision = 2\n")
        path.write_bytes(data)
        st = path.stat()
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    return len(names[::step])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, default=None,
                        help="generate into this dir and keep it (default: a temp dir)")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="kyodo-bench-")) / "data"
    try:
        print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; wall time "
              "depends on what else runs (load), CPU time (incl. pool workers) less so")
        existing = len(list(root.glob("*.toml"))) if root.is_dir() else 0
        if existing >= args.count:
            print(f"reusing {existing:,} sessions in {root}")
        else:
            seconds, size = generate(root, args.count)
            print(f"generated {args.count:,} sessions in {seconds:.1f} s "
                  f"(mean {size} bytes per file) in {root}")
        index = root / INDEX_NAME
        index.unlink(missing_ok=True)
        if hasattr(os, "sync"):
            os.sync()  # the files are on disk: the cold run does not race the writeback
        load = _load()
        cold, cold_cpu, out = time_report(root)
        total_line = next(x for x in out.splitlines() if "記録の数" in x)
        line(f"kyodo report, cold (no index) [{total_line.strip('- ')}]", cold, cold_cpu, load)
        print(f"  index: {index.stat().st_size / 1e6:.1f} MB")
        load = _load()
        warm, warm_cpu, _ = time_report(root)
        line("kyodo report, warm (index valid)", warm, warm_cpu, load)
        load = _load()
        w2, c2, _ = time_report(root, "--format", "json", "--lang", "en")
        line("kyodo report --format json --lang en, warm", w2, c2, load)
        changed = touch_some(root, 0.01)
        load = _load()
        w3, c3, _ = time_report(root)
        line(f"kyodo report, warm, {changed:,} files changed", w3, c3, load)
        load = _load()
        w4, c4, _ = time_report(root, "--since", "2025-01", "--until", "2025-03")
        line("kyodo report --since 2025-01 --until 2025-03, warm", w4, c4, load)
        target = 10.0
        verdict = "within" if max(cold, warm) <= target else "OVER"
        print(f"target {target:.0f} s wall: cold and warm {verdict} target")
    finally:
        if args.keep is None:
            shutil.rmtree(root.parent, ignore_errors=True)


if __name__ == "__main__":
    main()

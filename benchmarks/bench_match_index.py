"""Benchmark: the persisted matcher index at 10,000 and 100,000 activities.

For each size (the built-in activities grown as in bench_match.py):

* building the index (``Matcher(activities)``) as a ratio to normalising every
  distinct string it holds once (``kyodo_tui.core.text.normalize``: the least any
  index must do), medians of ``--repeat`` alternating runs;
* writing it to the cache and reading it back (``store_index`` / ``read_index``:
  marshal of plain data, the activities' rows in a blob read a row at a time);
* one ``kyodo match 清掃 --catalog LAYER`` end to end, the layer being the grown
  activities as TOML files: once cold (empty cache: parse, validate, build, store)
  and ``--repeat`` times warm, beside ``python -c "import rapidfuzz"`` of the same run.

    .venv/bin/python benchmarks/bench_match_index.py [--sizes 10000,100000] [--repeat 3]

Targets (issue 15): build <= 1.5x normalising; warm kyodo match <= 0.5 s at 10k and
<= 2 s at 100k.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import tomli_w  # noqa: E402
from bench_match import grow, load_base  # noqa: E402

from kyodo_tui.core.matching import Matcher  # noqa: E402
from kyodo_tui.core.matchindex import read_index, store_index  # noqa: E402
from kyodo_tui.core.model import Activity  # noqa: E402
from kyodo_tui.core.text import normalize  # noqa: E402

KYODO = str(Path(sys.executable).with_name("kyodo"))
WARM_TARGET = {10_000: 0.5, 100_000: 2.0}


def _texts(a: Activity) -> tuple[str, ...]:
    """Every text of ``a`` the index holds: titles, reading, keywords, and those of
    the catalog's other languages (やさしい日本語, Portuguese ...)."""
    return (a.title.ja, a.reading, *a.keywords_ja, a.title.en, *a.keywords_en,
            *(t for _, t in a.title.more), *(w for _, words in a.keywords_more for w in words))


def strings(acts: list[Activity]) -> list[str]:
    out: dict[str, None] = {}
    for a in acts:
        for s in _texts(a):
            out[s] = None
    return list(out)


def _normalise_all(acts: list[Activity]) -> float:
    t = time.perf_counter()
    for a in acts:
        for s in _texts(a):
            normalize(s)
    return time.perf_counter() - t


def write_layer(acts: list[Activity], folder: Path, per_file: int = 400) -> None:
    """The activities as TOML files of ``per_file`` entries (a catalog file may hold
    at most 1,000,000 bytes: tomlfile.CATALOG)."""
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(0, len(acts), per_file):
        rows = []
        for a in acts[k:k + per_file]:
            rows.append({
                "id": a.id, "title": {"ja": a.title.ja, "en": a.title.en, **dict(a.title.more)},
                "reading": a.reading,
                "keywords": {"ja": list(a.keywords_ja), "en": list(a.keywords_en),
                             **{code: list(words) for code, words in a.keywords_more}},
                "description": {"ja": a.description.ja, "en": a.description.en},
                "fields": list(a.fields), "regions": list(a.regions),
                "triad": {"self": a.triad[0], "mutual": a.triad[1], "public": a.triad[2]},
                "actors": list(a.actors), "forms": list(a.forms),
                "source": list(a.source) if len(a.source) > 1 else a.source[0],
            })
        text = tomli_w.dumps({"activity": rows})
        if len(text.encode("utf-8")) > 1_000_000:
            raise SystemExit(f"a layer file of {per_file} activities is over 1 MB: use fewer")
        (folder / f"grown-{k // per_file:03}.toml").write_text(text, encoding="utf-8")


CPU: list[float] = []


def run(cmd: list[str], env: dict[str, str]) -> float:
    """Wall time of one run; its CPU time (user + system) is appended to CPU."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stderr[-2000:]}")
    elapsed = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return elapsed


def verdict(ok: bool) -> str:
    return "met" if ok else "OVER"


def bench(base: list[Activity], n: int, repeat: int, tmp: Path) -> bool:
    acts = grow(base, n)
    texts = strings(acts)
    norm_t: list[float] = []
    build_t: list[float] = []
    for _ in range(repeat):  # alternating, so background load hits both alike
        gc.collect()
        t = time.perf_counter()
        for s in texts:
            normalize(s)
        norm_t.append(time.perf_counter() - t)
        matcher = None  # the previous one is freed before timing, not inside it
        gc.collect()
        t = time.perf_counter()
        built = Matcher(acts)
        build_t.append(time.perf_counter() - t)
        matcher = built
    norm, build = statistics.median(norm_t), statistics.median(build_t)
    os.environ["KYODO_CACHE_DIR"] = str(tmp / f"cache-{n}")
    t = time.perf_counter()
    assert store_index("k", matcher)
    store = time.perf_counter() - t
    t = time.perf_counter()
    back = read_index("k")
    load = time.perf_counter() - t
    assert back is not None
    assert [m.activity.id for m in back.search("清掃", limit=5)] == \
        [m.activity.id for m in matcher.search("清掃", limit=5)]
    size = sum(p.stat().st_size for p in (tmp / f"cache-{n}").rglob("*.b*"))
    del matcher, back
    # end to end: kyodo match over the grown activities as a --catalog layer
    layer = tmp / f"layer-{n}"
    write_layer(acts, layer)
    env = {k: v for k, v in os.environ.items() if not k.startswith("KYODO_")}
    env.update(KYODO_CACHE_DIR=str(tmp / f"cli-cache-{n}"), KYODO_CONFIG_DIR=str(tmp / "cfg"),
               PYTHONIOENCODING="utf-8")
    cmd = [KYODO, "match", "清掃", "--catalog", str(layer)]
    cold = run(cmd, env)
    warm: list[float] = []
    base_t: list[float] = []
    warm_cpu: list[float] = []
    for _ in range(repeat):
        warm.append(run(cmd, env))
        warm_cpu.append(CPU[-1])
        base_t.append(run([sys.executable, "-c", "import rapidfuzz"], env))
    w, rf = statistics.median(warm), statistics.median(base_t)
    all_norm = _normalise_all(acts)
    ok_build = build / norm <= 1.5
    ok_warm = w <= WARM_TARGET.get(n, 2.0)
    print(f"\n== {n:,} activities ({len(texts):,} distinct strings)")
    print(f"normalise strings    {norm:8.3f} s   1.00x (baseline)")
    print(f"build index          {build:8.3f} s   {build / norm:.2f}x normalising   "
          f"target <= 1.5x: {verdict(ok_build)}")
    print(f"store / read index   {store:8.3f} s / {load:.3f} s   "
          f"{store / norm:.2f}x / {load / norm:.2f}x normalising   ({size / 2**20:.1f} MiB)")
    print(f"import rapidfuzz     {rf:8.3f} s   1.00x (baseline)")
    print(f"kyodo match, cold    {cold:8.3f} s   {cold / rf:.1f}x import rapidfuzz "
          "(parse, validate, build, store)")
    print(f"kyodo match, warm    {w:8.3f} s   {w / rf:.1f}x import rapidfuzz   "
          f"target <= {WARM_TARGET.get(n, 2.0)} s: {verdict(ok_warm)}   "
          f"(CPU time {statistics.median(warm_cpu):.3f} s)")
    print(f"(for reference: normalising every string of every entry, repeats included, "
          f"{all_norm:.3f} s; the build is {build / all_norm:.2f}x that)")
    return ok_build and ok_warm


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    base = load_base()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"base: {len(base)} built-in activities; Python {sys.version.split()[0]}; "
          f"load average {load:.2f} at start")
    with tempfile.TemporaryDirectory(prefix="kyodo-index-") as tmp:
        results = [bench(base, int(s), args.repeat, Path(tmp)) for s in args.sizes.split(",")]
    print("\nall targets met" if all(results) else "\nsome targets OVER")


if __name__ == "__main__":
    main()

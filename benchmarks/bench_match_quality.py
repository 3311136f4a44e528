"""Benchmark: matching quality (hit@3) on the labelled queries, at every catalog size.

For the built-in catalog and catalogs grown to 10,000 and 100,000 activities (the
same growth as bench_match.py: place names, districts, programme words, numbers,
mixed keywords), prints hit@3 over tests/data/match_queries.toml for the Matcher
and for a plain ``rapidfuzz.process.extract`` over the same normalised strings
(the baseline of the same run). A result counts when it is an expected activity or
a grown variant of one: its id is ``<expected id>-<n>``, or its Japanese title
holds an expected activity's whole title (the grown "A と B" entries).

    .venv/bin/python benchmarks/bench_match_quality.py [--sizes 0,10000,100000]

Targets: hit@3 >= 0.97 at every size, and >= the plain extract's at every size.
"""

from __future__ import annotations

import argparse
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_match import grow, load_base  # noqa: E402
from rapidfuzz import fuzz, process  # noqa: E402

from kyodo_tui.core.matching import Matcher  # noqa: E402
from kyodo_tui.core.model import Activity  # noqa: E402
from kyodo_tui.core.text import normalize  # noqa: E402

QUERIES = ROOT / "tests" / "data" / "match_queries.toml"
TARGET = 0.97


def base_id(activity_id: str, known: set[str]) -> str:
    if activity_id in known:
        return activity_id
    head, _, tail = activity_id.rpartition("-")
    return head if tail.isdigit() and head in known else activity_id


def is_hit(a: Activity, want: set[str], known: set[str], titles: dict[str, str]) -> bool:
    return base_id(a.id, known) in want or any(titles[w] in a.title.ja for w in want)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="0,10000,100000", help="0 = the built-in catalog")
    ap.add_argument("--show-misses", action="store_true")
    args = ap.parse_args()
    queries = tomllib.loads(QUERIES.read_text("utf-8"))["query"]
    base = load_base()
    known = {a.id for a in base}
    titles = {a.id: a.title.ja for a in base}
    verdicts: list[bool] = []
    for n in (int(s) for s in args.sizes.split(",")):
        acts = base if n == 0 else grow(base, n)
        label = f"built-in ({len(base)})" if n == 0 else f"{n:,}"
        t = time.perf_counter()
        matcher = Matcher(acts)
        build = time.perf_counter() - t
        choices = [normalize(" ".join((a.title.ja, a.reading, *a.keywords_ja, a.title.en,
                                       *a.keywords_en))) for a in acts]
        ours = plain = 0
        misses: list[str] = []
        for q in queries:
            want = set(q["expect"])
            got = [m.activity for m in matcher.search(q["q"], limit=3)]
            if any(is_hit(a, want, known, titles) for a in got):
                ours += 1
            else:
                misses.append(f"    {q['q']!r}: {[(a.id, a.title.ja) for a in got]}")
            ext = process.extract(normalize(q["q"]), choices, scorer=fuzz.WRatio, limit=3)
            if any(is_hit(acts[i], want, known, titles) for _, _, i in ext):
                plain += 1
        h_ours, h_plain = ours / len(queries), plain / len(queries)
        ok = h_ours >= TARGET and h_ours >= h_plain
        verdicts.append(ok)
        print(f"{label:>16}: hit@3 {h_ours:.3f}  plain process.extract {h_plain:.3f}  "
              f"ratio {h_ours / h_plain if h_plain else float('inf'):.2f}x  "
              f"(build {build:.2f} s)  target >= {TARGET} and >= plain: "
              f"{'met' if ok else 'OVER'}")
        if misses and args.show_misses:
            print("\n".join(misses))
    print("all targets met" if all(verdicts) else "some targets not met")


if __name__ == "__main__":
    main()

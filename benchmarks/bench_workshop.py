"""Benchmark: the workshop room picture for a room of participants.

Builds a group of ``--people`` anonymous participants with random but valid answers
to the built-in questionnaire, then times, interleaved, medians of ``--repeat``:

* baseline: placing them in a plain loop, ``place(catalog, answers, what_if=False)``
  for each (what the picture must do at the least);
* ``picture(catalog, group)`` with a fresh placement cache (first draw);
* ``picture(catalog, group, cache=...)`` with a warm cache (every redraw after);
* the fixed cost: ``picture`` of an empty group and of a tally of hands only.

    .venv/bin/python benchmarks/bench_workshop.py [--people 30] [--repeat 15]

Target (issue 15): the first picture of 30 participants <= 1.5x the plain loop.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kyodo_tui.core.catalog import load_catalog  # noqa: E402
from kyodo_tui.core.model import Catalog  # noqa: E402
from kyodo_tui.core.placement import place, prune_hidden  # noqa: E402
from kyodo_tui.core.workshop import Group  # noqa: E402
from kyodo_tui.core.workshop.tally import PlacementCache, picture  # noqa: E402


def random_answers(catalog: Catalog, rng: random.Random) -> dict[str, str | list[str]]:
    answers: dict[str, str | list[str]] = {}
    for q in sorted(catalog.questions, key=lambda x: x.order):
        if q.kind == "text" or not q.choices or rng.random() < 0.1:
            continue
        if q.allow_unknown and rng.random() < 0.1:
            answers[q.id] = "unknown" if q.kind == "single" else ["unknown"]
        elif q.kind == "single":
            answers[q.id] = rng.choice(q.choices).id
        else:
            plain = [c for c in q.choices if not c.exclusive]
            answers[q.id] = [c.id for c in rng.sample(plain, rng.randint(1, min(3, len(plain))))]
    return dict(prune_hidden(catalog, answers))


def median_time(fn, repeat: int) -> float:  # noqa: ANN001
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, default=30)
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args()
    catalog = load_catalog(include_user=False)
    rng = random.Random(5)
    people = tuple(random_answers(catalog, rng) for _ in range(args.people))
    group = Group("t1", "Table 1", participants=people)
    counts: dict[str, dict[str, int]] = {}
    for answers in people:
        for qid, v in answers.items():
            for cid in ([v] if isinstance(v, str) else v):
                counts.setdefault(qid, {})[cid] = counts.setdefault(qid, {}).get(cid, 0) + 1
    hands = Group("t2", "Hands", tally=counts)
    empty = Group("t3", "Empty")
    warm = PlacementCache(catalog)
    picture(catalog, group, cache=warm)
    runs = {k: [] for k in ("loop", "first", "redraw", "empty", "hands")}
    for _ in range(args.repeat):  # interleaved: background load hits all alike
        runs["loop"].append(median_time(lambda: [place(catalog, a, what_if=False)
                                                 for a in people], 1))
        runs["first"].append(median_time(lambda: picture(catalog, group), 1))
        runs["redraw"].append(median_time(lambda: picture(catalog, group, cache=warm), 1))
        runs["empty"].append(median_time(lambda: picture(catalog, empty), 1))
        runs["hands"].append(median_time(lambda: picture(catalog, hands), 1))
    med = {k: statistics.median(v) for k, v in runs.items()}
    base = med["loop"]
    print(f"{args.people} participants, {len(catalog.questions)} questions; medians of "
          f"{args.repeat} interleaved runs")
    print(f"  place() in a plain loop (baseline)   {base * 1000:8.2f} ms   1.00x")
    ok = med["first"] <= 1.5 * base
    print(f"  picture(), first draw                {med['first'] * 1000:8.2f} ms   "
          f"{med['first'] / base:.2f}x   target <= 1.5x: {'met' if ok else 'OVER'}")
    print(f"  picture(), redraw (warm cache)       {med['redraw'] * 1000:8.2f} ms   "
          f"{med['redraw'] / base:.2f}x")
    print(f"  picture() of an empty group          {med['empty'] * 1000:8.2f} ms   "
          f"{med['empty'] / base:.2f}x   (fixed cost)")
    print(f"  picture() of the same hands, tallied {med['hands'] * 1000:8.2f} ms   "
          f"{med['hands'] / base:.2f}x")
    print("target met" if ok else "target OVER")


if __name__ == "__main__":
    main()

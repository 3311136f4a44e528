"""Benchmark: sentence answers, the built-in content-word heuristics vs a real
Japanese tokenizer (fugashi + unidic-lite, SudachiPy + sudachidict-core).

For each way of cutting a sentence into content words, plugged into the Matcher
in place of ``kyodo_tui.core.text.content_words``, prints over the labelled
sentences (tests/data/sentence_queries.toml and the sentence queries of
tests/data/match_queries.toml): hit@3, results shown whose only evidence is a
single character, and the cost: a fresh interpreter's start-up to its first cut
sentence and its peak memory, as ratios to the heuristics' own (the baseline of
the same run).

The tokenizers are not kyodo_tui dependencies: run this with an interpreter that
has them (``pip install fugashi unidic-lite sudachipy sudachidict-core`` in a
scratch venv, plus rapidfuzz and jaconv); a missing one is reported and skipped.

    /tmp/tokvenv/bin/python benchmarks/bench_tokenizer.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kyodo_tui.core import matching, text  # noqa: E402
from kyodo_tui.core.catalog import load_catalog  # noqa: E402
from kyodo_tui.core.matching import Matcher  # noqa: E402

CONTENT_POS = ("名詞", "動詞", "形容詞", "形状詞")
SAMPLE = "近所のお年寄りの話し相手になりたい"

STARTUP: dict[str, str] = {
    "heuristics (kyodo_tui.core.text)":
        f"import kyodo_tui.core.text as t; t.content_words({SAMPLE!r})",
    # a tokenizer comes on top of kyodo_tui's own text module (normalisation stays)
    "fugashi + unidic-lite":
        "import kyodo_tui.core.text as k; k.normalize('x'); "
        f"import fugashi; t = fugashi.Tagger(); [w.surface for w in t({SAMPLE!r})]",
    "SudachiPy + core dict":
        "import kyodo_tui.core.text as k; k.normalize('x'); "
        "from sudachipy import dictionary; t = dictionary.Dictionary().create(); "
        f"[m.surface() for m in t.tokenize({SAMPLE!r})]",
}
MEASURE = ("import resource, time, sys; s = time.perf_counter(); {code}; "
           "print(time.perf_counter() - s, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")


def sentences() -> list[tuple[str, set[str]]]:
    own = tomllib.loads((ROOT / "tests/data/sentence_queries.toml").read_text("utf-8"))
    labelled = tomllib.loads((ROOT / "tests/data/match_queries.toml").read_text("utf-8"))
    out = [(s["q"], set(s["expect"])) for s in own["sentence"]]
    out += [(q["q"], set(q["expect"])) for q in labelled["query"]
            if q["kind"].startswith("sentence") and not q["q"].isascii()]
    return out


def _filtered(words: list[str]) -> list[str]:
    out: list[str] = []
    for w in words:
        n = text.normalize(w)
        if n and n not in out and n not in text._JA_STOP:  # noqa: SLF001 - same stop list
            out.append(n)
    return out


def fugashi_words() -> Callable[[str], list[str]]:
    import fugashi

    tagger = fugashi.Tagger()

    def words(sentence: str) -> list[str]:
        return _filtered([w.surface for w in tagger(sentence) if w.feature.pos1 in CONTENT_POS
                          and w.feature.pos2 != "非自立可能"])
    return words


def sudachi_words() -> Callable[[str], list[str]]:
    from sudachipy import dictionary, tokenizer

    tok = dictionary.Dictionary().create()  # (tokenizer() in newer SudachiPy)
    mode = tokenizer.Tokenizer.SplitMode.C

    def words(sentence: str) -> list[str]:
        return _filtered([m.surface() for m in tok.tokenize(sentence, mode)
                          if m.part_of_speech()[0] in CONTENT_POS
                          and m.part_of_speech()[1] != "非自立可能"])
    return words


def evaluate(m: Matcher, cut: Callable[[str], list[str]],
             data: list[tuple[str, set[str]]]) -> tuple[float, int, list[str]]:
    original = matching.content_words
    matching.content_words = cut  # type: ignore[assignment]
    try:
        hits = lone = 0
        misses: list[str] = []
        for q, want in data:
            m.clear_caches()
            results = m.search(q, limit=3)
            if want & {r.activity.id for r in results}:
                hits += 1
            else:
                misses.append(f"{q} -> {cut(q)}")
            for r in results:  # shown only for a lone character that is no whole keyword
                words = [w for x in r.reasons if x.code == "words" for w in x.params["words"]]
                keywords = set(r.activity.keywords_ja) | {r.activity.title.ja}
                if (words and len(r.reasons) == 1
                        and all(len(w) < 2 and w not in keywords for w in words)):
                    lone += 1
        return hits / len(data), lone, misses
    finally:
        matching.content_words = original  # type: ignore[assignment]


def startup(code: str, runs: int, env: dict[str, str]) -> tuple[float, float] | None:
    times, rss = [], []
    for k in range(runs + 1):  # the first run fills the bytecode cache: not counted
        proc = subprocess.run([sys.executable, "-c", MEASURE.format(code=code)], cwd=ROOT,
                              capture_output=True, text=True, check=False, env=env)
        if k == 0:
            continue
        if proc.returncode != 0:
            return None
        t, kb = proc.stdout.split()
        times.append(float(t))
        rss.append(int(kb) / 1024)
    return statistics.median(times), statistics.median(rss)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--show-misses", action="store_true")
    args = ap.parse_args()
    data = sentences()
    pycache = tempfile.mkdtemp(prefix="kyodo-tok-pyc-")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = pycache  # bytecode cached for all alike, as installed
    m = Matcher.from_catalog(load_catalog(include_user=False))
    ways: dict[str, Callable[[], Callable[[str], list[str]]]] = {
        "heuristics (kyodo_tui.core.text)": lambda: text.content_words,
        "fugashi + unidic-lite": fugashi_words,
        "SudachiPy + core dict": sudachi_words,
    }
    print(f"{len(data)} labelled sentences; built-in catalog ({len(m)} activities); "
          f"medians of {args.runs} fresh interpreters for start-up and memory")
    base: tuple[float, float] | None = None
    for label, make in ways.items():
        try:
            cut = make()
        except ImportError as exc:
            print(f"  {label:<34} not installed ({exc.name}): skipped")
            continue
        rate, lone, misses = evaluate(m, cut, data)
        cost = startup(STARTUP[label], args.runs, env)
        if base is None:
            base = cost
        line = f"  {label:<34} hit@3 {rate:.3f}   results on a lone character {lone}"
        if cost is not None and base is not None:
            line += (f"   start-up {cost[0] * 1000:7.1f} ms ({cost[0] / base[0]:5.1f}x)"
                     f"   peak memory {cost[1]:6.1f} MiB ({cost[1] / base[1]:4.1f}x)")
        print(line)
        if args.show_misses:
            for miss in misses:
                print(f"      miss: {miss}")


if __name__ == "__main__":
    main()

"""Benchmark: Matcher index build and per-query latency at 10,000 and 100,000 activities.

Grows the built-in activities into a realistic large catalog (real titles joined
with place names, district suffixes, programme words, numbers; keywords mixed
across activities), then prints for each size: index build time, resident memory
added by the index, and median / p95 / max latency per query (single thread,
caches cleared before each query) over a mixed query set (kanji, kana, romaji,
English, typos, 1–2 characters, sentences, structure only).

    .venv/bin/python benchmarks/bench_match.py [--sizes 10000,100000] [--repeat 3]

Targets (per query, single-threaded): ≤ 10 ms at 10k, ≤ 50 ms at 100k. Wall times
suffer from other processes on a busy machine: CPU time (process_time) is printed
beside them, and the load average at start.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import time
import tomllib
import tracemalloc
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kyodo_tui.core.matching import Matcher  # noqa: E402 - after the sys.path line: runs from a checkout
from kyodo_tui.core.model import Activity, Text  # noqa: E402 - after the sys.path line: runs from a checkout

PLACES: list[tuple[str, str, str]] = [
    ("札幌", "さっぽろ", "Sapporo"), ("函館", "はこだて", "Hakodate"),
    ("旭川", "あさひかわ", "Asahikawa"), ("美幌", "びほろ", "Bihoro"),
    ("江別", "えべつ", "Ebetsu"), ("砂川", "すながわ", "Sunagawa"),
    ("大泉", "おおいずみ", "Oizumi"), ("帯広", "おびひろ", "Obihiro"),
    ("北見", "きたみ", "Kitami"), ("釧路", "くしろ", "Kushiro"),
    ("小樽", "おたる", "Otaru"), ("苫小牧", "とまこまい", "Tomakomai"),
    ("室蘭", "むろらん", "Muroran"), ("千歳", "ちとせ", "Chitose"),
    ("岩見沢", "いわみざわ", "Iwamizawa"), ("網走", "あばしり", "Abashiri"),
    ("稚内", "わっかない", "Wakkanai"), ("富良野", "ふらの", "Furano"),
    ("登別", "のぼりべつ", "Noboribetsu"), ("石狩", "いしかり", "Ishikari"),
    ("仙台", "せんだい", "Sendai"), ("盛岡", "もりおか", "Morioka"),
    ("前橋", "まえばし", "Maebashi"), ("高崎", "たかさき", "Takasaki"),
    ("太田", "おおた", "Ota"), ("館林", "たてばやし", "Tatebayashi"),
    ("横浜", "よこはま", "Yokohama"), ("川崎", "かわさき", "Kawasaki"),
    ("相模原", "さがみはら", "Sagamihara"), ("静岡", "しずおか", "Shizuoka"),
    ("浜松", "はままつ", "Hamamatsu"), ("名古屋", "なごや", "Nagoya"),
    ("豊田", "とよた", "Toyota"), ("金沢", "かなざわ", "Kanazawa"),
    ("富山", "とやま", "Toyama"), ("長野", "ながの", "Nagano"),
    ("松本", "まつもと", "Matsumoto"), ("京都", "きょうと", "Kyoto"),
    ("大津", "おおつ", "Otsu"), ("神戸", "こうべ", "Kobe"),
    ("姫路", "ひめじ", "Himeji"), ("岡山", "おかやま", "Okayama"),
    ("広島", "ひろしま", "Hiroshima"), ("松江", "まつえ", "Matsue"),
    ("高松", "たかまつ", "Takamatsu"), ("松山", "まつやま", "Matsuyama"),
    ("高知", "こうち", "Kochi"), ("福岡", "ふくおか", "Fukuoka"),
    ("熊本", "くまもと", "Kumamoto"), ("鹿児島", "かごしま", "Kagoshima"),
    ("那覇", "なは", "Naha"), ("青森", "あおもり", "Aomori"),
]
DISTRICTS: list[tuple[str, str, str]] = [
    ("東", "ひがし", "East"), ("西", "にし", "West"), ("南", "みなみ", "South"),
    ("北", "きた", "North"), ("中央", "ちゅうおう", "Central"), ("緑が丘", "みどりがおか",
                                                              "Midorigaoka"),
    ("桜町", "さくらまち", "Sakuramachi"), ("本町", "ほんまち", "Honmachi"),
    ("新町", "しんまち", "Shinmachi"), ("栄町", "さかえまち", "Sakaemachi"),
]
PROGRAMMES: list[tuple[str, str, str]] = [
    ("プロジェクト", "ぷろじぇくと", "project"), ("推進事業", "すいしんじぎょう", "programme"),
    ("ネットワーク", "ねっとわーく", "network"), ("の会", "のかい", "club"),
    ("実行委員会", "じっこういいんかい", "committee"), ("モデル事業", "もでるじぎょう", "pilot"),
    ("連絡協議会", "れんらくきょうぎかい", "council"), ("応援団", "おうえんだん", "supporters"),
    ("サークル", "さーくる", "circle"), ("講座", "こうざ", "course"),
]
NUMERALS = "一二三四五六七八九十"

QUERIES: list[tuple[str, dict[str, object]]] = [
    ("清掃", {}), ("除雪", {}), ("防災訓練", {}), ("子ども", {}), ("高齢者の見守り", {}),
    ("せいそう", {}), ("じょせつ", {}), ("ぼうさい", {}), ("セイソウ", {}), ("ボランティア", {}),
    ("seisou", {}), ("josetsu", {}), ("bousai", {}), ("bosai", {}), ("kodomo", {}),
    ("mimamori", {}), ("gomi", {}), ("river", {}), ("snow clearing", {}),
    ("disaster drill", {}), ("elderly care", {}), ("foreign residents", {}),
    ("rivr", {}), ("seisuo", {}), ("清走", {}), ("かつどお", {}),
    ("川", {}), ("森", {}), ("花", {}), ("ご", {}), ("ka", {}), ("np", {}),
    ("川をきれいにしたい", {}), ("子どもの見守りをしたい", {}),
    ("地域のお祭りを手伝いたい", {}), ("I want to clean the river", {}),
    ("公園", {"fields": ["environment"], "position": 1.0, "actor": "association"}),
    ("", {"fields": ["environment", "safety"], "position": 1.5}),
    ("", {"actor": "business", "position": 2.5}),
]


def load_base() -> list[Activity]:
    """The built-in activities (via the catalog loader; TOML directly if it rejects
    the catalog, e.g. while the questionnaire is being written)."""
    try:
        from kyodo_tui.core.catalog import load_catalog

        return list(load_catalog(include_user=False).activities.values())
    except Exception as exc:  # noqa: BLE001 - a benchmark should still run
        print(f"(catalog loader: {str(exc).splitlines()[0]}; reading TOML directly)")
    out: list[Activity] = []
    for path in sorted((ROOT / "catalog" / "activities").glob("*.toml")):
        for a in tomllib.loads(path.read_text("utf-8")).get("activity", []):
            t = a["triad"]
            out.append(Activity(
                id=a["id"], title=Text(**a["title"]), reading=a["reading"],
                keywords_ja=tuple(a["keywords"]["ja"]), keywords_en=tuple(a["keywords"]["en"]),
                description=Text(**a["description"]), fields=tuple(a["fields"]),
                regions=tuple(a["regions"]),
                triad=(t["self"], t["mutual"], t["public"]), actors=tuple(a["actors"]),
                forms=tuple(a["forms"]), source=(),
            ))
    return out


def grow(base: list[Activity], n: int, seed: int = 7) -> list[Activity]:
    """``n`` activities: the base ones, then variations of them."""
    rng = random.Random(seed)
    pool_ja = sorted({k for a in base for k in a.keywords_ja})
    pool_en = sorted({k for a in base for k in a.keywords_en})
    out = list(base[:n])
    k = 0
    while len(out) < n:
        a = base[k % len(base)]
        k += 1
        place, p_read, p_en = rng.choice(PLACES)
        dist, d_read, d_en = rng.choice(DISTRICTS)
        prog, g_read, g_en = rng.choice(PROGRAMMES)
        num = rng.randint(1, 30)
        style = rng.randrange(5)
        if style == 0:
            ja, rd, en = (f"{place}の{a.title.ja}", f"{p_read}の{a.reading}",
                          f"{a.title.en} in {p_en}")
        elif style == 1:
            ja, rd, en = (f"{a.title.ja}（{place}{dist}地区）", f"{a.reading} {p_read}{d_read}ちく",
                          f"{a.title.en} ({p_en} {d_en} district)")
        elif style == 2:
            ja, rd, en = (f"{place}{a.title.ja}{prog}", f"{p_read}{a.reading}{g_read}",
                          f"{p_en} {a.title.en} {g_en}")
        elif style == 3:
            n_ja = NUMERALS[(num - 1) % 10]
            ja, rd, en = (f"第{n_ja}回 {a.title.ja}", f"だい{num}かい {a.reading}",
                          f"{a.title.en} no. {num}")
        else:
            b = base[rng.randrange(len(base))]
            ja, rd, en = (f"{a.title.ja}と{b.title.ja}", f"{a.reading}と{b.reading}",
                          f"{a.title.en} and {b.title.en.lower()}")
        kw_ja = (*a.keywords_ja[: rng.randint(3, len(a.keywords_ja))], place,
                 *rng.sample(pool_ja, 2))
        kw_en = (*a.keywords_en[: rng.randint(3, len(a.keywords_en))], p_en,
                 *rng.sample(pool_en, 2))
        out.append(replace(a, id=f"{a.id}-{len(out)}", title=Text(ja, en), reading=rd,
                           keywords_ja=kw_ja, keywords_en=kw_en))
    return out


def rss_kib() -> int:
    """Resident set size of this process in KiB (Linux; 0 elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def bench(base: list[Activity], n: int, repeat: int, trace: bool) -> None:
    acts = grow(base, n)
    gc.collect()
    before = rss_kib()
    t0, c0 = time.perf_counter(), time.process_time()
    matcher = Matcher(acts)
    build, build_cpu = time.perf_counter() - t0, time.process_time() - c0
    gc.collect()
    after = rss_kib()
    times: list[float] = []
    cpu: list[float] = []
    per_query: list[tuple[float, str]] = []
    for query, kw in QUERIES:
        runs = []
        for _ in range(repeat):
            matcher.clear_caches()
            t, c = time.perf_counter(), time.process_time()
            matcher.search(query, limit=10, **kw)  # type: ignore[arg-type]
            runs.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
        times.extend(runs)
        label = query or f"(structure {kw})"
        per_query.append((statistics.median(runs), label))
    times.sort()
    cpu.sort()
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
    p95_cpu = cpu[min(len(cpu) - 1, int(0.95 * len(cpu)))]
    # type-ahead: the same query growing one character at a time, caches kept
    typed = "kyoudou no machidukuri"
    matcher.clear_caches()
    t = time.perf_counter()
    for i in range(1, len(typed) + 1):
        matcher.search(typed[:i], limit=10)
    typeahead = (time.perf_counter() - t) / len(typed)
    retained = peak = 0
    if trace:  # a second build, traced: what the index keeps, and its peak
        del matcher
        gc.collect()
        tracemalloc.start()
        matcher = Matcher(acts)
        retained, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    print(f"\n== {n:,} activities")
    print(f"index build          {build * 1000:9.1f} ms wall, {build_cpu * 1000:.1f} ms CPU")
    print(f"memory               {(after - before) / 1024:9.1f} MiB RSS added by the build"
          + (f"; traced: {retained / 2**20:.1f} MiB kept, {peak / 2**20:.1f} MiB peak"
             if trace else ""))
    print(f"queries              {len(QUERIES)} x {repeat} runs, caches cleared each run")
    print(f"median per query     {statistics.median(times) * 1000:9.2f} ms wall, "
          f"{statistics.median(cpu) * 1000:.2f} ms CPU")
    print(f"p95 per query        {p95 * 1000:9.2f} ms wall, {p95_cpu * 1000:.2f} ms CPU")
    print(f"max per query        {times[-1] * 1000:9.2f} ms wall")
    print(f"type-ahead per key   {typeahead * 1000:9.2f} ms  ({typed!r}, caches kept)")
    print("slowest queries:     " + ", ".join(
        f"{label!r} {ms * 1000:.1f}" for ms, label in sorted(per_query, reverse=True)[:5]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-trace", action="store_true",
                    help="skip the traced second build (tracemalloc: kept and peak memory)")
    args = ap.parse_args()
    base = load_base()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"base: {len(base)} built-in activities; Python {sys.version.split()[0]}; "
          f"{os.cpu_count()} CPUs, load average {load:.2f} at start")
    for n in (int(s) for s in args.sizes.split(",")):
        bench(base, n, args.repeat, not args.no_trace)


if __name__ == "__main__":
    main()

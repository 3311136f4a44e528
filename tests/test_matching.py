"""kyodo_tui.core.matching: the query set over the built-in catalog, scoring, reasons,
structure, highlighting, the prefilter at scale, thread safety, no Textual."""

from __future__ import annotations

import random
import subprocess
import sys
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from kyodo_tui.core import matching
from kyodo_tui.core.catalog import load_catalog
from kyodo_tui.core.matching import WEAK_BELOW, Match, Matcher, Reason, highlight_spans
from kyodo_tui.core.model import Activity, Catalog, Text

QUERIES = Path(__file__).parent / "data" / "match_queries.toml"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(include_user=False)


@pytest.fixture(scope="module")
def matcher(catalog: Catalog) -> Matcher:
    return Matcher.from_catalog(catalog)


@pytest.fixture(scope="module")
def query_set() -> dict[str, Any]:
    return tomllib.loads(QUERIES.read_text("utf-8"))


def act(id: str, ja: str, reading: str, en: str, kw_ja: tuple[str, ...] = (),
        kw_en: tuple[str, ...] = (), fields: tuple[str, ...] = ("community",),
        regions: tuple[str, ...] = ("B",), actors: tuple[str, ...] = ("resident",)) -> Activity:
    return Activity(id=id, title=Text(ja, en), reading=reading, keywords_ja=kw_ja,
                    keywords_en=kw_en, description=Text("説明", "description"), fields=fields,
                    regions=regions, triad=(0.3, 0.4, 0.3), actors=actors, forms=(), source=())


SMALL = [
    act("river", "川の清掃活動", "かわのせいそうかつどう", "River clean-up",
        ("川", "清掃", "ごみ拾い"), ("river", "clean-up", "litter"),
        fields=("environment",), regions=("A", "B"), actors=("resident", "association")),
    act("drill", "地域の防災訓練", "ちいきのぼうさいくんれん", "Local disaster drill",
        ("防災", "訓練", "避難"), ("disaster", "drill", "evacuation"),
        fields=("safety",), regions=("C",), actors=("association", "government")),
    act("snow", "除雪ボランティア", "じょせつぼらんてぃあ", "Snow clearing volunteers",
        ("除雪", "雪かき"), ("snow", "snow clearing"),
        fields=("welfare",), regions=("A",), actors=("volunteer",)),
    act("council", "審議会への参加", "しんぎかいへのさんか", "Serving on a council",
        ("審議会", "委員"), ("council", "committee"),
        fields=("community",), regions=("D",), actors=("resident",)),
]


@pytest.fixture(scope="module")
def small() -> Matcher:
    return Matcher(SMALL)


# ----------------------------------------------------------------- query set


def test_query_set_is_big_and_real(query_set: dict[str, Any], catalog: Catalog) -> None:
    queries = query_set["query"]
    assert len(queries) >= 40
    kinds = {q["kind"].split(",")[0] for q in queries}
    assert {"kanji", "hiragana", "katakana", "romaji", "english", "typo", "short",
            "sentence"} <= kinds
    for q in queries:
        unknown = [e for e in q["expect"] if e not in catalog.activities]
        assert not unknown, f"{q['q']!r} expects unknown ids {unknown}"


def test_hit_at_3(query_set: dict[str, Any], matcher: Matcher) -> None:
    queries = query_set["query"]
    misses = []
    for q in queries:
        ids = [m.activity.id for m in matcher.search(q["q"], limit=3)]
        if not set(ids) & set(q["expect"]):
            misses.append(f"  {q['kind']:>10} {q['q']!r}: got {ids}, want one of {q['expect']}")
    rate = 1 - len(misses) / len(queries)
    print(f"hit@3 = {rate:.3f} ({len(queries) - len(misses)}/{len(queries)})")
    if misses:
        print("misses:\n" + "\n".join(misses))
    assert rate >= 0.9, "\n".join(misses)


def test_weak_label_separates_nonsense(query_set: dict[str, Any], matcher: Matcher) -> None:
    """Calibration of WEAK_BELOW: true top hits strong, nonsense weak (or nothing)."""
    strong = [matcher.search(q["q"], limit=1) for q in query_set["query"]]
    weak_true = [q["q"] for q, r in zip(query_set["query"], strong, strict=True) if r and r[0].weak]
    assert len(weak_true) <= 0.1 * len(strong), weak_true
    for q in query_set["nonsense"]:
        results = matcher.search(q["q"], limit=5)
        assert all(m.weak for m in results), (q["q"], [(m.activity.id, m.score)
                                                       for m in results])


# ------------------------------------------------------------------ results


def test_results_are_ranked_bounded_and_limited(matcher: Matcher) -> None:
    for q in ("清掃", "seisou", "river", "川をきれいにしたい", "x"):
        results = matcher.search(q, limit=5)
        assert len(results) <= 5
        scores = [m.score for m in results]
        assert scores == sorted(scores, reverse=True)
        assert all(0.0 <= s <= 100.0 for s in scores)
        assert all(isinstance(m, Match) and m.weak == (m.score < WEAK_BELOW) for m in results)
    assert len(matcher.search("清掃", limit=1)) == 1
    assert matcher.search("清掃", limit=0) == []


def test_exact_title_beats_partial(small: Matcher) -> None:
    results = small.search("除雪ボランティア")
    assert results[0].activity.id == "snow" and results[0].score == 100.0
    assert results[0].reasons[0] == Reason("title", {"text": "除雪ボランティア", "lang": "ja"})


def test_every_script_finds_the_same_activity(small: Matcher) -> None:
    for q in ("清掃", "せいそう", "セイソウ", "ｾｲｿｳ", "seisou", "seisō", "river", "RIVER",
              "rivr", "川", "川の清掃をしたい"):
        top = small.search(q, limit=1)
        assert top and top[0].activity.id == "river", q
        assert not top[0].weak, q
    # half a sentence found: still first, but labelled weak
    half = small.search("川をきれいにしたい", limit=1)[0]
    assert half.activity.id == "river" and half.weak


def test_empty_query_without_structure_finds_nothing(small: Matcher) -> None:
    assert small.search("") == []
    assert small.search("   ・  ") == []


def test_deterministic(matcher: Matcher, catalog: Catalog) -> None:
    other = Matcher(reversed(list(catalog.activities.values())))
    for q in ("清掃", "bosai", "子ども"):
        a = [(m.activity.id, m.score) for m in matcher.search(q)]
        b = [(m.activity.id, m.score) for m in other.search(q)]
        assert [s for _, s in a] == [s for _, s in b]
        assert a[0] == b[0]


# ------------------------------------------------------------------ reasons


def test_reasons_explain_text_hits(small: Matcher) -> None:
    by_query = {q: small.search(q, limit=1)[0] for q in ("清掃", "seisou", "snow", "避難")}
    assert by_query["清掃"].reasons[0].code == "title"
    assert by_query["清掃"].reasons[0].text("ja") == "タイトル「清掃」に一致"
    assert by_query["清掃"].reasons[0].text("en") == 'title matches "清掃"'
    reading = by_query["seisou"].reasons[0]
    assert reading.code == "reading"
    assert reading.text("en") == 'reading "せいそう" matches "seisou"'
    assert reading.text("ja") == "読み「せいそう」に一致（seisou）"
    assert by_query["snow"].reasons[0].text("en") == 'title matches "Snow"'
    kw = by_query["避難"].reasons[0]
    assert kw.code == "keyword" and kw.text("en") == 'keyword "避難"'
    assert kw.text("ja") == "キーワード「避難」"


def test_sentence_reason_lists_the_words(small: Matcher) -> None:
    top = small.search("川をきれいにしたい ごみ拾い", limit=1)[0]
    assert top.activity.id == "river"
    words = next(r for r in top.reasons if r.code == "words")
    assert words.params["words"] == ["川", "ごみ拾い"]
    assert words.text("ja") == "「川」「ごみ拾い」を含む"
    assert words.text("en") == 'contains "川", "ごみ拾い"'


@pytest.mark.parametrize(("reason", "ja", "en"), [
    (Reason("field", {"id": "environment", "ja": "環境", "en": "Environment"}),
     "分野：環境", "in your field: Environment"),
    (Reason("field", {"id": "environment"}), "分野：environment", "in your field: environment"),
    (Reason("region", {"letter": "B"}), "領域Bに合う", "fits region B"),
    (Reason("actor", {"id": "association", "ja": "自治会", "en": "Associations"}),
     "自治会に向いている", "suits associations"),
    (Reason("actor", {"id": "group", "ja": "団体", "en": "NPOs"}), "団体に向いている",
     "suits NPOs"),
    (Reason("similar", {"text": "rive"}), "「rive」に近い", 'close to "rive"'),
    (Reason("title", {"text": "river", "lang": "en"}), "英語のタイトル「river」に一致",
     'title matches "river"'),
    (Reason("reading", {"query": "せいそう", "kana": "せいそう"}), "読み「せいそう」に一致",
     'reading matches "せいそう"'),
])
def test_reason_texts(reason: Reason, ja: str, en: str) -> None:
    assert reason.text("ja") == ja
    assert reason.text("en") == en


def test_from_catalog_names_fields_and_actors(matcher: Matcher, catalog: Catalog) -> None:
    top = matcher.search("清掃", fields=["environment"], actor="association", limit=1)[0]
    texts = [r.text("ja") for r in top.reasons]
    assert f"分野：{catalog.fields['environment'].name.ja}" in texts
    assert f"{catalog.actors['association'].name.ja}に向いている" in texts


# ---------------------------------------------------------------- structure


def test_empty_query_ranks_by_structure(small: Matcher) -> None:
    by_field = small.search("", fields={"safety"})
    assert by_field[0].activity.id == "drill" and not by_field[0].weak
    assert [r.code for r in by_field[0].reasons] == ["field"]
    by_actor = small.search("", actor="volunteer")
    assert [m.activity.id for m in by_actor] == ["snow"]
    assert by_actor[0].reasons[0].text("en") == "suits volunteer"
    by_position = small.search("", position=3.0)  # D
    assert by_position[0].activity.id == "council"
    assert by_position[0].reasons[0] == Reason("region", {"letter": "D"})
    assert by_position[0].score == 100.0
    # far from every region the fit fades: C is next, A/B are too far to count
    assert [m.activity.id for m in by_position] == ["council", "drill"]
    everything = small.search("", fields=["environment"], position=0.0, actor="resident")
    assert everything[0].activity.id == "river" and everything[0].score == 100.0
    assert {r.code for r in everything[0].reasons} == {"field", "region", "actor"}


def test_structure_breaks_ties_between_text_matches() -> None:
    twins = [
        act("a", "花壇づくり", "かだんづくり", "Flower beds", fields=("community",),
            regions=("D",), actors=("government",)),
        act("b", "花壇づくり", "かだんづくり", "Flower beds", fields=("environment",),
            regions=("A",), actors=("resident",)),
    ]
    m = Matcher(twins)
    plain = m.search("花壇")
    assert plain[0].score == plain[1].score
    assert m.search("花壇", fields=["environment"])[0].activity.id == "b"
    assert m.search("花壇", actor="government")[0].activity.id == "a"
    assert m.search("花壇", position=0.2)[0].activity.id == "b"
    assert m.search("花壇", position=3.1)[0].activity.id == "a"
    boosted = m.search("花壇", fields=["environment"], position=0.0, actor="resident")
    assert boosted[0].score <= 100.0
    assert {"field", "region", "actor"} <= {r.code for r in boosted[0].reasons}


def test_structure_does_not_rescue_a_text_mismatch(small: Matcher) -> None:
    """A query's text still decides what matches; structure only re-ranks."""
    top = small.search("除雪", fields=["safety"], actor="government")[0]
    assert top.activity.id == "snow"


# -------------------------------------------------------------- highlighting


@pytest.mark.parametrize(("text", "query", "parts"), [
    ("町の清掃活動", "清掃", ["清掃"]),
    ("まちのせいそうかつどう", "seisou", ["せいそう"]),
    ("フラワーガーデン活動", "furawa", ["フラワ"]),
    ("フラワーガーデン活動", "ふらわー", ["フラワー"]),
    ("ｾｲｿｳ活動", "せいそう", ["ｾｲｿｳ"]),
    ("Cleaning up rivers", "clean river", ["Clean", "river"]),
    ("Cleaning up rivers", "RIVERS", ["rivers"]),
    ("Cleaning up rivers", "rivr", ["riv", "r"]),
    ("河川の浄化", "川をきれいにしたい", ["川"]),
    ("交通安全運動（旗の波）", "旗の波", ["旗の波"]),
    ("NPOバンク", "npo", ["NPO"]),
    ("町の清掃活動", "xyz", []),
    ("町の清掃活動", "", []),
    ("", "清掃", []),
])
def test_highlight_spans(text: str, query: str, parts: list[str]) -> None:
    spans = highlight_spans(text, query)
    assert [text[a:b] for a, b in spans] == parts
    assert spans == sorted(spans)
    assert all(0 <= a < b <= len(text) for a, b in spans)


def test_highlight_spans_merge_overlaps() -> None:
    spans = highlight_spans("せいそうせいそう", "せいそう せい")
    assert spans == [(0, 8)]


# ------------------------------------------------------------------ scale


def grown(base: list[Activity], n: int) -> list[Activity]:
    """``n`` activities: ``base`` plus variants (place names, suffixes) of each."""
    rng = random.Random(3)
    places = [("札幌", "さっぽろ", "Sapporo"), ("函館", "はこだて", "Hakodate"),
              ("江別", "えべつ", "Ebetsu"), ("美幌", "びほろ", "Bihoro"),
              ("大泉", "おおいずみ", "Oizumi"), ("旭川", "あさひかわ", "Asahikawa")]
    out = list(base)
    k = 0
    while len(out) < n:
        a = base[k % len(base)]
        k += 1
        place, reading, en = rng.choice(places)
        out.append(replace(
            a, id=f"{a.id}--{k}", title=Text(f"{place}の{a.title.ja}第{k}回",
                                             f"{a.title.en} in {en} no. {k}"),
            reading=f"{reading}の{a.reading}だい{k}かい",
            keywords_ja=(*a.keywords_ja, place), keywords_en=(*a.keywords_en, en)))
    return out


def test_prefilter_keeps_the_right_activities_at_scale(
        query_set: dict[str, Any], catalog: Catalog) -> None:
    """With far more entries than rapidfuzz scores (CANDIDATES), the gram prefilter
    still brings the expected activity (or a variant of it) to the top 3."""
    acts = grown(list(catalog.activities.values()), 8 * matching.CANDIDATES)
    big = Matcher(acts)
    assert len(big) > 4 * matching.CANDIDATES
    misses = []
    for q in query_set["query"]:
        ids = [m.activity.id.split("--")[0] for m in big.search(q["q"], limit=3)]
        if not set(ids) & set(q["expect"]):
            misses.append((q["q"], ids))
    rate = 1 - len(misses) / len(query_set["query"])
    print(f"hit@3 at {len(acts)} entries = {rate:.3f}; misses: {misses}")
    assert rate >= 0.85, misses


def test_prefilter_handles_queries_without_grams_at_scale(catalog: Catalog) -> None:
    big = Matcher(grown(list(catalog.activities.values()), 3 * matching.CANDIDATES))
    for q in ("a", "k", "の", "1", "ぬぬぬぬ"):
        results = big.search(q, limit=5)
        assert len(results) <= 5
    assert big.search("", fields=["environment"], limit=3)


# ---------------------------------------------------------------- threads


def test_search_is_safe_from_many_threads(matcher: Matcher) -> None:
    queries = ["清掃", "seisou", "bosai", "river", "川をきれいにしたい", "子ども", "dv", "森"] * 6
    expected = {q: [(m.activity.id, m.score) for m in matcher.search(q)] for q in set(queries)}
    matcher.clear_caches()
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda q: (q, [(m.activity.id, m.score)
                                           for m in matcher.search(q)]), queries))
    for q, result in got:
        assert result == expected[q], q


def test_results_are_copies(small: Matcher) -> None:
    first = small.search("清掃")
    first.clear()
    assert small.search("清掃")


# ------------------------------------------------------------------ purity


def test_core_text_and_matching_import_no_textual() -> None:
    code = ("import sys, kyodo_tui.core.matching, kyodo_tui.core.text; "
            "assert 'textual' not in sys.modules, 'textual imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


# ----------------------------------------------------------------- Portuguese, やさしい日本語


def test_portuguese_and_ja_easy_queries_hit_at_3(query_set: dict[str, Any],
                                                  matcher: Matcher) -> None:
    """The labelled Portuguese and やさしい日本語 queries, on their own: hit@3 = 1."""
    queries = [q for q in query_set["query"]
               if q["kind"].split(",")[0] in ("portuguese", "ja-easy")]
    assert len(queries) >= 15
    misses = []
    for q in queries:
        ids = [m.activity.id for m in matcher.search(q["q"], limit=3)]
        if not set(ids) & set(q["expect"]):
            misses.append(f"{q['q']!r}: got {ids}")
    assert misses == []


def pt_act(id: str, ja: str, reading: str, en: str, pt: str, kw_pt: tuple[str, ...],
           easy: str = "") -> Activity:
    more = (("ja-easy", easy),) if easy else ()
    return replace(act(id, ja, reading, en), title=Text(ja, en, (*more, ("pt", pt))),
                   keywords_more=(("pt", kw_pt),))


PT = [
    pt_act("park", "公園の清掃", "こうえんのせいそう", "Park clean-up", "Limpeza da praça",
           ("praça", "limpeza", "parque"), easy="こうえんの そうじ"),
    pt_act("elderly", "お年寄りの見守り", "おとしよりのみまもり", "Watching over older people",
           "Cuidar dos idosos", ("idosos", "vizinhos")),
    act("river", "川の清掃活動", "かわのせいそうかつどう", "River clean-up", ("川",), ("river",)),
]


def test_portuguese_accents_are_folded_on_both_sides() -> None:
    m = Matcher(PT)
    with_accent = [(r.activity.id, r.score) for r in m.search("praça")]
    without = [(r.activity.id, r.score) for r in m.search("PRACA")]
    assert with_accent == without and with_accent[0][0] == "park"
    # the reason quotes the catalog's own keyword, accents and all
    assert m.search("praca")[0].reasons[0].text("en") == 'keyword "praça"'


def test_portuguese_keywords_and_titles_are_indexed_after_the_english_ones() -> None:
    m = Matcher(PT)
    assert m.search("idosos")[0].activity.id == "elderly"
    hit = m.search("cuidar dos idosos")[0]
    assert hit.activity.id == "elderly" and not hit.weak
    # English still finds it through the English title
    assert m.search("park clean-up")[0].activity.id == "park"


def test_ja_easy_titles_join_the_japanese_text() -> None:
    m = Matcher(PT)
    top = m.search("こうえんの そうじ")[0]
    assert top.activity.id == "park" and not top.weak


def test_a_persisted_index_keeps_the_portuguese_words() -> None:
    m = Matcher.from_plain(Matcher(PT).to_plain())
    top = m.search("praca")[0]
    assert top.activity.id == "park"
    assert top.activity.keywords("pt") == ("praça", "limpeza", "parque")


def test_reasons_read_japanese_in_ja_easy() -> None:
    r = Reason("keyword", {"keyword": "公園"})
    assert r.text("ja-easy") == r.text("ja") == "キーワード「公園」"
    assert r.text("pt") == r.text("en") == 'keyword "公園"'


def test_a_stored_index_answers_as_the_built_one_and_reads_only_shown_rows(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The persisted index (plain data plus a blob of rows) gives the same results;
    the rows of activities no result shows are never read."""
    from kyodo_tui.core import matchindex

    monkeypatch.setenv("KYODO_CACHE_DIR", str(tmp_path / "cache"))
    cat = load_catalog(include_user=False)
    built = Matcher.from_catalog(cat)
    assert matchindex.store_index("k", built)
    back = matchindex.read_index("k")
    assert back is not None
    for q in ("清掃", "seisou", "子ども", "river"):
        a = [(m.activity, m.score, m.reasons) for m in built.search(q, limit=5)]
        b = [(m.activity, m.score, m.reasons) for m in back.search(q, limit=5)]
        assert a == b
    assert sum(x is not None for x in back._acts) <= 4 * 5
    # a cut rows file is no index: a miss, not an error
    blob = next((tmp_path / "cache" / matchindex.MATCH_INDEX).glob("*.blob"))
    blob.write_bytes(blob.read_bytes()[:-10])
    assert matchindex.read_index("k") is None


def _per_entry_index(acts: list[Activity]) -> tuple[list[str], list[str], list[str]]:
    """The index built entry by entry with :func:`normalize` (the build before
    normalize_many): each entry's Japanese and Latin texts, the other languages'
    titles and keywords after its own, ordered by the size of its own (stable)."""
    from kyodo_tui.core.text import normalize

    sep = matching._SEP

    class Norm(dict[str, str]):
        def __missing__(self, key: str) -> str:
            value = self[key] = normalize(key)
            return value

    get = Norm().__getitem__
    learned = matching._learn_readings(
        [[get(a.title.ja), get(a.reading), *map(get, a.keywords_ja)]
         for a in acts[:matching.READING_SAMPLE]])
    kget = matching._KeywordCache(Norm(), learned).__getitem__
    rows = []
    for a in acts:
        ja = sep.join((get(a.title.ja), get(a.reading), *map(kget, a.keywords_ja)))
        en = sep.join(map(get, (a.title.en, *a.keywords_en)))
        size = len(ja) + len(en)
        ja = sep.join((ja, *map(kget, matching._words(a, True)[len(a.keywords_ja):])))
        en = sep.join((en, *map(get, matching._words(a, False)[len(a.keywords_en):])))
        rows.append((size, a.id, ja, en))
    rows.sort(key=lambda r: r[0])
    return [r[1] for r in rows], [r[2] for r in rows], [r[3] for r in rows]


def test_the_one_pass_build_holds_every_languages_words_as_entry_by_entry(
        catalog: Catalog) -> None:
    """normalize_many's build: the same texts, in the same order, as normalising each
    entry's words one by one; Portuguese and やさしい日本語 words included, ranked
    by the size of the entry's own Japanese and English texts only."""
    mixed = [*PT, pt_act("plain", "広場", "ひろば", "Square", "Praca", ("praca", "PRAÇA")),
             act("kw", "清掃", "せいそう", "Clean-up", ("清掃", "ｺﾞﾐ拾い"), ("Litter",))]
    for acts in (list(catalog.activities.values()), mixed):
        m = Matcher(acts)
        ids, ja, en = _per_entry_index(acts)
        assert [a.id for a in m._acts if a is not None] == ids
        assert m._ja == ja and m._en == en
    assert any(a.title.more for a in catalog.activities.values())
    park = Matcher(mixed)._en[[a.id for a in Matcher(mixed)._acts].index("park")]
    assert park.split(matching._SEP)[-3:] == ["praca", "limpeza", "parque"]

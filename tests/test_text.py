"""Normalisation for matching: NFKC, casefold, kana, romaji, long vowels, sentences."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kyodo_tui.core.catalog import load_catalog
from kyodo_tui.core.text import (
    content_words,
    fold,
    normalize,
    normalize_many,
    normalize_with_map,
    query_variants,
    romaji_to_kana,
)


@pytest.mark.parametrize(("raw", "expected"), [
    ("ＡＢＣ", "abc"),
    ("ｾｲｿｳ", "せいそう"),
    ("セイソウ", "せいそう"),
    ("カタカナ", "かたかな"),
    ("ｶﾞｲﾄﾞ", "がいど"),
    ("ＮＰＯバンク", "npoばんく"),
    ("保健・医療・福祉", "保健 医療 福祉"),
    ("交通安全運動（旗の波）", "交通安全運動 旗の波"),
    ("  Clean-up,   the RIVER!  ", "clean up the river"),
    ("「清掃」〜ごみ拾い〜", "清掃 ごみ拾い"),
    ("ボーイスカウト", "ぼーいすかうと"),
    ("佐々木", "佐々木"),
    ("", ""),
])
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_normalize_is_idempotent() -> None:
    for s in ("ＡＢＣ・ｾｲｿｳ", "Cleaning up rivers", "交通安全運動（旗の波）"):
        assert normalize(normalize(s)) == normalize(s)


def test_normalize_with_map_agrees_and_points_back() -> None:
    norm, where = normalize_with_map("ｾｲｿｳ・ＡＢＣ")
    assert norm == "せいそう abc"
    assert len(where) == len(norm)
    assert where[:4] == [0, 1, 2, 3] and where[-3:] == [5, 6, 7]
    # halfwidth voiced marks compose with the letter before them
    norm, where = normalize_with_map("ｶﾞｲﾄﾞ")
    assert norm == "がいど" and where == [0, 2, 3]


def test_normalize_with_map_matches_normalize_on_the_whole_catalog() -> None:
    catalog = load_catalog(include_user=False)
    texts = [t for a in catalog.activities.values()
             for t in (a.title.ja, a.title.en, a.reading, *a.keywords_ja, *a.keywords_en)]
    assert len(texts) > 500
    for t in texts:
        norm, where = normalize_with_map(t)
        assert norm == normalize(t), t
        assert len(where) == len(norm) and where == sorted(where)


@pytest.mark.parametrize(("query", "kana"), [
    ("seisou", "せいそう"),
    ("Seisou", "せいそう"),
    ("seisō", "せいそう"),      # macron expanded before conversion (not せいっō)
    ("SEISÔ", "せいそう"),
    ("josetsu", "じょせつ"),
    ("jyosetu", "じょせつ"),    # Kunrei / IME spelling
    ("bousai", "ぼうさい"),
    ("bosai", "ぼさい"),        # typed short: stays short (fold() meets ぼうさい)
    ("kunr", "くん"),           # unfinished consonant while typing dropped
    ("josets", "じょせ"),
    ("kon'ya", "こんや"),       # n' separates
    ("shimbun", "しんぶん"),    # Hepburn m before b/p
    ("kyoudou no machidukuri", "きょうどうのまちづくり"),  # spaces between kana words go
])
def test_romaji_variant(query: str, kana: str) -> None:
    variants = query_variants(query)
    assert variants[0] == normalize(query)  # the ASCII form stays, first
    assert kana in variants


def test_nn_is_read_both_ways() -> None:
    variants = query_variants("konnichiwa")
    assert "こんにちわ" in variants  # Hepburn: ん + に
    assert "こんいちわ" in variants  # IME: nn = ん


@pytest.mark.parametrize("english", ["snow", "clean river", "park", "dv", "birdwatching"])
def test_english_words_get_no_kana_variant(english: str) -> None:
    assert query_variants(english) == [normalize(english)]
    assert romaji_to_kana(english) is None


def test_variants_of_plain_japanese_and_empty() -> None:
    assert query_variants("清掃") == ["清掃"]
    assert query_variants("セイソウ") == ["せいそう"]
    assert query_variants("") == []
    assert query_variants(" ・ ") == []


def test_mixed_script_query_converts_only_the_romaji() -> None:
    assert query_variants("npo 支援")[1] == "んぽ 支援"


def test_fold_long_vowels() -> None:
    assert fold("ぼうさい") == "ぼさい"
    assert fold("きょうどう") == "きょど"
    assert fold("せいそう") == fold("せいそお") == fold("せいそ") == "せそ"
    assert fold("こーひー") == "こひ"
    assert fold("ぼーさい") == fold("ぼさい")
    assert fold("清掃") == "清掃"
    assert fold("かわ\tやま") == "かわ\tやま"


@pytest.mark.parametrize(("sentence", "words"), [
    ("川をきれいにしたい", ["川", "きれい"]),
    ("ゴミ拾いをしたい", ["ごみ拾い"]),
    ("子どもの見守りをしたい", ["子ども", "見守り"]),
    ("高齢者の買い物を手伝いたい", ["高齢者", "買い物", "手伝い"]),
    ("外国人に日本語を教えたい", ["外国人", "日本語", "教え"]),
    ("困っているお年寄りを助けたい", ["お年寄り", "助け"]),
    ("川の清掃を毎年しています", ["川", "清掃"]),
    ("公園を掃除したい", ["公園", "掃除"]),
    ("I want to clean the river", ["clean", "river"]),
    ("清掃", ["清掃"]),
    ("", []),
])
def test_content_words(sentence: str, words: list[str]) -> None:
    assert content_words(sentence) == words


@pytest.mark.parametrize(("raw", "norm"), [
    ("Praça", "praca"), ("AÇÃO", "acao"), ("você", "voce"), ("idosos", "idosos"),
    ("Português três", "portugues tres"), ("intérprete", "interprete"),
    ("seisô", "seisô"),  # a circumflex that reads as romaji stays (せいそう)
    ("bōsai", "bōsai"),  # a macron always stays
    ("がっこう パン", "がっこう ぱん"),  # voiced kana are not Latin accents
])
def test_latin_accents_fold(raw: str, norm: str) -> None:
    assert normalize(raw) == norm
    assert normalize_with_map(raw)[0] == norm


# ------------------------------------------------------- normalize_many (the build)

_TRICKY = [
    "", " ", "・", "  Clean-up,   the RIVER!  ", "ｶﾞｲﾄﾞ", "ﾞ", "ﾞｶ", "ヴァイオリン", "ヷヸヹヺ",
    "ヽヾ", "a\tb\n c", "\u3000全角\u3000空白\u3000", "Straße", "ΣΑΣ", "ＮＰＯバンク",
    "（　）", "x\x1fy", "e\u0301", "\u0301e", "①②", "㍻", "ﬁ", "町の清掃活動", "せいそう",
    "\ue000", "a\ue000b", "!!", "a  ", "  a", "〜", "ー", "カーブ", "🙂 smile",
    # Latin accents (folded), romaji long vowels (kept), side by side
    "Praça", "AÇÃO", "você", "seisô", "bōsai", "Português três", "ônibus seisô",
    "l'ôte", "ÊÔ", "Ångström", "Øresund", "ǅ", "ẞ", "ḁ", "がっこう パン",
]


def test_normalize_many_is_normalize_on_tricky_texts() -> None:
    assert normalize_many(_TRICKY) == [normalize(s) for s in _TRICKY]
    for i in range(len(_TRICKY)):  # each beside every other: nothing leaks across
        pair = [_TRICKY[i], _TRICKY[-1 - i]]
        assert normalize_many(pair) == [normalize(s) for s in pair]
    assert normalize_many([]) == []


def test_normalize_many_is_normalize_on_the_catalog() -> None:
    cat = load_catalog(include_user=False)
    texts = [s for a in cat.activities.values()
             for s in (a.title.ja, a.reading, *a.keywords_ja, a.title.en, *a.keywords_en,
                       *(t for _, t in a.title.more),
                       *(w for _, words in a.keywords_more for w in words))]
    assert any(not s.isascii() and any(c in s for c in "çãõéêô") for s in texts)
    assert normalize_many(texts) == [normalize(s) for s in texts]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=12), max_size=8))
def test_normalize_many_is_normalize_on_any_texts(texts: list[str]) -> None:
    assert normalize_many(texts) == [normalize(s) for s in texts]


_KANA_MIX = st.text(
    alphabet="アイウカガｶﾞﾟヴヽヾーあい漢字 \t\u3000・、。（）!?-ABCabcﾟﾞ\u0301\u3099", max_size=10)


@settings(max_examples=300, deadline=None)
@given(st.lists(_KANA_MIX, max_size=8))
def test_normalize_many_is_normalize_on_kana_and_spaces(texts: list[str]) -> None:
    assert normalize_many(texts) == [normalize(s) for s in texts]


_LATIN_MIX = st.text(alphabet="aeiouAEIOUçÇãõáéíóúâêîôûÂÔāōūßſ' -.sntrhkbmyw", max_size=12)


@settings(max_examples=300, deadline=None)
@given(st.lists(_LATIN_MIX, max_size=8))
def test_normalize_many_is_normalize_on_accented_latin(texts: list[str]) -> None:
    assert normalize_many(texts) == [normalize(s) for s in texts]

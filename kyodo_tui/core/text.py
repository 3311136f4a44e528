"""Text normalisation for matching: NFKC, casefold, Latin accents, kana, romaji.

Both sides of a match (the catalog at index time, the query at search time) go
through :func:`normalize`, so ``ＡＢＣ``/``abc``, ``ｾｲｿｳ``/``セイソウ``/``せいそう``
compare equal. A query typed in romaji gets extra kana variants
(:func:`query_variants`), a whole sentence is cut into content words
(:func:`content_words`), and :func:`fold` collapses long vowels so that ``bosai``
(ぼさい) meets ぼうさい.

Pure Python (jaconv only); no Textual. See /work/shared/MATCHING.md for the
measurements behind these choices.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import jaconv

from kyodo_tui.core.lazyre import LazyPattern, lazy

__all__ = [
    "content_words",
    "fold",
    "has_ascii_letters",
    "normalize",
    "normalize_many",
    "normalize_with_map",
    "query_variants",
    "romaji_to_kana",
]

# Punctuation and symbols become a space. Explicit ranges (no table over all of
# Unicode at import time): ASCII, Latin-1, general punctuation, arrows/shapes,
# CJK symbols (keeping 々〆〇 and the brackets' neighbours ー), ・, halfwidth forms,
# emoji. `ー` (U+30FC) is a letter and stays.
_PUNCT_RE = lazy(
    "[!-/:-@\\[-`{-~\u00a1-\u00bf\u00d7\u00f7\u2000-\u206f\u2190-\u2bff"
    "\u3000-\u3004\u3008-\u3020\u3030\u303d\u30a0\u30fb\uff5f-\uff65"
    "\U0001f000-\U0001faff]"
)
_SPACE_RE = lazy(r"\s+")
_ASCII_LETTER_RE = lazy(r"[a-z]")
_KANA_GAP_RE = lazy(r"(?<=[\u3041-\u309fー]) (?=[\u3041-\u309fー])")

_MACRONS = str.maketrans({
    "ā": "aa", "ī": "ii", "ū": "uu", "ē": "ee", "ō": "ou",
    "â": "aa", "î": "ii", "û": "uu", "ê": "ee", "ô": "ou",
})
# a romaji word as typed: ASCII letters, macron vowels and n' apostrophes
_ROMAJI_RUN_RE = lazy(r"[a-zāīūēōâîûêô']+")

# One romaji syllable (Hepburn, Kunrei and IME spellings), with an optional
# doubled consonant in front (kk, tt, tch ...). `n` alone is ん.
_ONSET = (
    r"(?:ky|gy|sh|sy|zy|jy|ch|cy|ty|dy|ts|ny|hy|by|py|my|ry|fy|vy|dh|th|wh"
    r"|[kgszjtdnhbpmyrwfv])"
)
_SOKUON = r"(?:k(?=k)|g(?=g)|s(?=s)|z(?=z)|j(?=j)|t(?=t|ch)|d(?=d)|h(?=h)|b(?=b)|p(?=p)" \
          r"|r(?=r)|f(?=f)|v(?=v)|c(?=ch)|m(?=m))"
_SYLLABLE = (
    rf"(?:{_SOKUON}?{_ONSET}?[aiueo]"
    r"|[xl](?:tsu|tu|ya|yu|yo|wa|[aiueo])"
    r"|n'|nn|n(?![aiueoy]))"
)
_ROMAJI_WORD_RE = lazy(rf"(?:{_SYLLABLE})+")
# what may be left at the end of a word while it is still being typed
_PARTIAL_TAIL_RE = lazy(
    r"(?:ky|gy|sh|sy|zy|jy|ch|cy|ty|dy|ts|ny|hy|by|py|my|ry|fy|tch|kk|ss|tt|pp|cc"
    r"|[kgszjtdhbpmyrwfvcxl])$"
)

# --------------------------------------------------------------------- basics


def has_ascii_letters(s: str) -> bool:
    """True if ``s`` (already normalised) holds an ASCII letter."""
    return _ASCII_LETTER_RE.search(s) is not None


_KATAKANA_RE = lazy("[\u30a1-\u30fa\u30fd\u30fe]")


#: Latin letters with accents (Latin-1, Extended-A/B, Extended Additional)
_ACCENTED_RE = lazy("[\u00c0-\u024f\u1e00-\u1eff]")
#: kept as typed: romaji's long vowels (bōsai), which :func:`romaji_to_kana` reads
_ROMAJI_MACRONS = frozenset("āīūēō")
#: circumflex vowels: romaji long vowels (seisô) or Portuguese (você, ônibus)
_CIRCUMFLEX = str.maketrans("âîûêô", "aiueo")
_CIRCUMFLEX_WORD_RE = lazy(r"[a-zâîûêô']*[âîûêô][a-zâîûêô']*")
_latin_fold: dict[int, str] | None = None


def _fold_latin(s: str) -> str:
    """Accents off Latin letters: ``praça`` → ``praca``, ``ação`` → ``acao``, ``você``
    → ``voce`` (Portuguese queries typed with or without them meet). Romaji long
    vowels stay: macrons always, a circumflex when its word reads as romaji
    (``seisô``; ``você`` does not). Only Latin letters: Japanese voiced marks (が, ぱ)
    are never touched."""
    global _latin_fold
    if _latin_fold is None:
        table: dict[int, str] = {}
        for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
            ch = chr(code)
            if ch in _ROMAJI_MACRONS or ch in "âîûêô":
                continue
            base = "".join(c for c in unicodedata.normalize("NFKD", ch)
                           if not unicodedata.combining(c))
            if base != ch and base.isascii() and base:
                table[code] = base
        _latin_fold = table
    return _fold_circumflex(s.translate(_latin_fold))


def _fold_circumflex(s: str) -> str:
    """A circumflex off each word that does not read as romaji (same length)."""
    if not any(c in s for c in "âîûêô"):
        return s

    def word(m: re.Match[str]) -> str:
        plain = m.group().translate(_CIRCUMFLEX)
        return m.group() if _ROMAJI_WORD_RE.fullmatch(plain) else plain

    return _CIRCUMFLEX_WORD_RE.sub(word, s)


def _width_case_kana(s: str) -> str:
    """NFKC, casefold, accents off Latin letters, katakana → hiragana; punctuation
    is kept."""
    if not unicodedata.is_normalized("NFKC", s):
        s = unicodedata.normalize("NFKC", s)
    s = s.casefold()
    if not s.isascii() and _ACCENTED_RE.search(s):
        s = _fold_latin(s)
    return jaconv.kata2hira(s) if _KATAKANA_RE.search(s) else s


def _clean(s: str) -> str:
    """Punctuation and symbols → space; spaces collapsed and trimmed."""
    return _SPACE_RE.sub(" ", _PUNCT_RE.sub(" ", s)).strip()


# already in matching form (typical for readings and lower-case words)
_PLAIN_RE = lazy(r"[\u3041-\u3096ー0-9a-z]+(?: [\u3041-\u3096ー0-9a-z]+)*")


def normalize(s: str) -> str:
    """The matching form of ``s``: NFKC, casefold, hiragana, punctuation → space.

    ``normalize("ｾｲｿｳ・ＡＢＣ")`` is ``"せいそう abc"``. Applied to the catalog once
    at index time and to every query.
    """
    if _PLAIN_RE.fullmatch(s):
        return s
    return _clean(_width_case_kana(s))


#: joins the texts :func:`normalize_many` normalises in one pass: a private-use
#: character, which no step changes, removes, composes with or counts as a space
_BATCH_SEP = "\ue000"


_KATAKANA_RUN_RE = lazy("[\u30a1-\u30fa\u30fd\u30fe]+")


def _hiragana(m: re.Match[str]) -> str:
    """A run of katakana as hiragana (jaconv's table maps nothing else but to itself)."""
    return jaconv.kata2hira(m.group())


def normalize_many(texts: Sequence[str]) -> list[str]:
    """``[normalize(s) for s in texts]``, in one pass over their concatenation.

    The steps of :func:`normalize` after NFKC (done per text, and only where
    needed) work character by character (casefold, Latin accents, the kana table,
    punctuation to space; a circumflex by word, and no word crosses a separator)
    except collapsing and trimming spaces, which is redone at each separator (a
    private-use character no step changes or counts as a space); so the result is
    the same, at a fraction of the per-call cost of normalising tens
    of thousands of short texts (building a matcher). A text holding the
    separator itself is normalised alone. tests/test_text.py checks the two agree.
    """
    if not texts:
        return []
    is_nfkc = unicodedata.is_normalized
    nfkc = unicodedata.normalize
    joined = _BATCH_SEP.join([s if is_nfkc("NFKC", s) else nfkc("NFKC", s) for s in texts])
    if joined.count(_BATCH_SEP) != len(texts) - 1:  # a text holds the separator
        return [normalize(s) for s in texts]
    joined = joined.casefold()
    # accents off Latin letters as :func:`normalize` takes them (character by
    # character, a circumflex by word: no word runs across a separator)
    if not joined.isascii() and _ACCENTED_RE.search(joined):
        joined = _fold_latin(joined)
    if _KATAKANA_RE.search(joined):  # the runs only: a long text, a few runs
        joined = _KATAKANA_RUN_RE.sub(_hiragana, joined)
    # str.split() splits at exactly what the regex \s matches: runs collapse to one
    # space, the ends are trimmed, then the spaces beside each separator go
    out = " ".join(_PUNCT_RE.sub(" ", joined).split())
    parts = out.replace(" " + _BATCH_SEP, _BATCH_SEP).replace(
        _BATCH_SEP + " ", _BATCH_SEP).split(_BATCH_SEP)
    if len(parts) != len(texts):  # pragma: no cover - no step makes or removes one
        return [normalize(s) for s in texts]
    return parts


_COMBINING_HALFWIDTH = "\uff9e\uff9f"


def normalize_with_map(s: str) -> tuple[str, list[int]]:
    """:func:`normalize`, plus for each character of the result its index in ``s``.

    Slower than :func:`normalize` (character by character); meant for short
    display texts, e.g. to highlight the matched part of a title.
    """
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(s):
        if out and (ch in _COMBINING_HALFWIDTH or unicodedata.combining(ch)):
            # a voiced mark composes with the character before it
            merged = _width_case_kana(out[-1] + ch)
            if len(merged) == 1:
                out[-1] = merged
                continue
        piece = _width_case_kana(ch)
        piece = _PUNCT_RE.sub(" ", piece)
        for c in piece:
            if c.isspace():
                c = " "
                if not out or out[-1] == " ":
                    continue
            out.append(c)
            where.append(i)
    while out and out[-1] == " ":
        out.pop()
        where.pop()
    # a circumflex is folded by word (one character each way: the map stays right)
    return _fold_circumflex("".join(out)), where


# --------------------------------------------------------------------- romaji


def _romaji_word_to_kana(word: str, hepburn_nn: bool) -> str | None:
    """One romaji word → hiragana, or None when it does not look like romaji."""
    word = word.translate(_MACRONS)
    # "shimbun" → "shinbun"
    word = re.sub(r"m(?=[bp])", "n", word)
    # a consonant still being typed at the end ("kunr", "josets") is dropped
    tail = _PARTIAL_TAIL_RE.search(word)
    if tail is not None and not _ROMAJI_WORD_RE.fullmatch(word):
        word = word[: tail.start()]
    if not word or not _ROMAJI_WORD_RE.fullmatch(word):
        return None
    if hepburn_nn:
        # Hepburn "konnichiwa" = こんにちわ; IMEs read "nn" as ん (こんいちわ)
        word = re.sub(r"nn(?=[aiueoy])", "n'n", word)
    kana = jaconv.alphabet2kana(word).replace("'", "")
    if _ASCII_LETTER_RE.search(kana):
        return None
    return kana


def romaji_to_kana(s: str, *, hepburn_nn: bool = False) -> str | None:
    """Every romaji word of ``s`` (NFKC-folded, lower case) in hiragana.

    Returns None unless every ASCII word reads as romaji (``snow``, ``clean
    river`` are English: None); text in other scripts is kept as it is. Macrons are
    expanded (``seisō`` → せいそう), an unfinished trailing consonant is dropped
    (``kunr`` → くん), ``n'`` separates (``kan'i`` → かんい); with
    ``hepburn_nn`` a double ``nn`` before a vowel reads ん + な行.
    """
    failed = False

    def repl(m: re.Match[str]) -> str:
        nonlocal failed
        kana = _romaji_word_to_kana(m.group(0), hepburn_nn)
        if kana is None:
            failed = True
            return m.group(0)
        return kana

    out = _ROMAJI_RUN_RE.sub(repl, s)
    return None if failed or out == s else out


def query_variants(q: str) -> list[str]:
    """The forms of a query to match: the normalised query first, then kana readings.

    For a query with ASCII letters, romaji words are also read as hiragana (IME
    style, and Hepburn style if ``nn`` makes a difference); the ASCII form stays,
    for English. Empty list for a query with nothing to match.
    """
    base = _width_case_kana(q)
    first = _clean(base)
    if not first:
        return []
    variants = [first]
    if has_ascii_letters(first):
        for hepburn in (False, True):
            kana = romaji_to_kana(base, hepburn_nn=hepburn)
            if kana is not None:
                # Japanese has no spaces between words: "kyoudou no machi" → one run
                v = _KANA_GAP_RE.sub("", _clean(kana))
                if v and v not in variants:
                    variants.append(v)
    return variants


# ----------------------------------------------------------------- long vowels

_ROWS = {
    "a": "あかがさざただなはばぱまやらわぁゃゎ",
    "i": "いきぎしじちぢにひびぴみりぃゐ",
    "u": "うくぐすずつづぬふぶぷむゆるぅゅゔ",
    "e": "えけげせぜてでねへべぺめれぇゑ",
    "o": "おこごそぞとどのほぼぽもよろをぉょ",
}
# One pass in C: a long-vowel letter goes when the letter before it carries the
# same (or the matching) vowel. Applied alike to the catalog and to queries.
_FOLD_RE = lazy(
    "ー"
    f"|う(?<=[{_ROWS['o']}{_ROWS['u']}]う)"
    f"|い(?<=[{_ROWS['e']}{_ROWS['i']}]い)"
    f"|あ(?<=[{_ROWS['a']}]あ)"
    f"|え(?<=[{_ROWS['e']}]え)"
    f"|お(?<=[{_ROWS['o']}]お)"
)


def fold(s: str) -> str:
    """Long vowels collapsed in a normalised string: ぼうさい → ぼさい, こーひー → こひ.

    ``ー`` goes; う after an o/u sound, い after e/i, and a vowel repeating the
    one before go too. Applied to both sides, it lets ``bosai``, ``kyodo``
    and ``seiso`` meet ぼうさい, きょうどう and せいそう.
    """
    return _FOLD_RE.sub("", s)


# -------------------------------------------------------------- content words

_HIRA = "\u3041-\u309f"
# particles: split where one touches a non-hiragana character (川を|きれい)
_PARTICLE_RE = lazy(
    rf"(?:(?<=[^{_HIRA}\s])(?:から|まで|より|について|を|が|は|に|で|へ|と|や|の|も)"
    rf"|(?:から|まで|より|を|が|は|に|で|へ|と|や|の)(?=[^{_HIRA}\sー]))"
)
# endings of a wish or statement, tried in order, repeatedly
_ENDINGS: tuple[LazyPattern, ...] = tuple(lazy(p) for p in (
    r"(?:と思います|と思う|と思っています|と考えています|んです|のです|です|ですか|ね|よ)$",
    (rf"(?<=[^{_HIRA}])(?:したい|したく|します|する|している|してる|しています|してきた"
     r"|できる|ができる|をしたい|がしたい)$"),
    (r"(?:を|が|に|も)(?:したい|したく|します|する|している|してる|しています|やりたい"
     r"|できる|手伝いたい)$"),
    r"(?:ている|ています|てる|てみたい|たい|たく|ます|ました|ません|ましょう|られる)$",
    r"(?:など|とか|について|のこと|こと|もの)$",
    r"(?:を|が)$",
))
# verb forms in the middle of a sentence (困っているお年寄り) also split it
_VERB_SPLIT_RE = lazy(
    rf"(?:(?<=[^{_HIRA}])(?:しています|している|していた|してる)"
    r"|っています|っている|っていた|ています|ている|ていた)"
)
_JA_STOP = frozenset((
    "これ", "それ", "あれ", "わたし", "私", "ぼく", "僕", "自分", "みんな", "なにか", "何か",
    "こと", "もの", "ため", "よう", "なり", "あり", "いる", "ある", "する", "でき", "きる",
    "やり", "したい", "いい", "困", "とても", "もっと", "たくさん", "いろいろ", "ちょっと",
    "毎年", "毎月", "毎週", "毎日", "いつも", "時々", "ときどき", "今", "今年", "去年", "来年",
    "将来", "これから", "最近", "一緒", "いっしょ",
))
_EN_STOP = frozenset((
    "i", "me", "my", "we", "us", "our", "you", "your", "want", "wants", "wanted", "would",
    "like", "to", "the", "a", "an", "of", "for", "and", "or", "in", "on", "at", "with",
    "some", "do", "doing", "be", "is", "are", "am", "can", "could", "should", "get", "make",
    "something", "things", "thing", "about", "it", "this", "that", "there", "more", "help",
    "need", "needs", "let", "lets", "from", "by", "as", "so", "very", "really", "please",
))
_ASCII_WORD_RE = lazy(r"[a-z0-9]+")
#: one-kanji suffixes that make no new word (子育て中, 地域的, 子ども等)
_SUFFIXES = ("中", "的", "等", "用")
_NON_HIRA_RE = lazy(rf"[^{_HIRA}ー]")


def _strip_endings(piece: str) -> str:
    changed = True
    while changed and piece:
        changed = False
        for pattern in _ENDINGS:
            stripped = pattern.sub("", piece)
            if stripped != piece and stripped:
                piece = stripped
                changed = True
                break
    return piece


def content_words(q: str) -> list[str]:
    """The content words of a query written as a sentence, normalised.

    ``川をきれいにしたい`` → ``["川", "きれい"]``; ``I want to clean the river`` →
    ``["clean", "river"]``. Particles touching kanji or katakana split the
    sentence, wish and statement endings are stripped (したい, たい, です …),
    stop words dropped. A single word comes back as itself (minus endings).
    """
    base = unicodedata.normalize("NFKC", q).casefold()
    chunks = _clean(base).split(" ")
    if sum(1 for c in chunks if c) >= 2 and all(c.isascii() for c in chunks):
        # a sentence typed in romaji (no Japanese input method at a kiosk):
        # 「kinjo no otoshiyori no mimamori」 reads as 近所 の お年寄り の 見守り
        kana = romaji_to_kana(" ".join(c for c in chunks if c))
        if kana is not None:
            chunks = kana.split(" ")
    words: list[str] = []
    for chunk in chunks:
        if not chunk:
            continue
        if chunk.isascii():
            if chunk not in _EN_STOP and chunk not in words:
                words.append(chunk)
            continue
        for part in _VERB_SPLIT_RE.split(chunk):
            for piece in _PARTICLE_RE.split(part):
                piece = _strip_endings(jaconv.kata2hira(piece))
                if len(piece) > 2 and piece.endswith(_SUFFIXES):
                    piece = piece[:-1]  # 子育て中 → 子育て: "during", "-ish", "etc."
                if not piece or piece in _JA_STOP:
                    continue
                if len(piece) == 1 and not _NON_HIRA_RE.match(piece):
                    continue  # a lone hiragana character says nothing
                if piece not in words:
                    words.append(piece)
    return words


def whole_percentages(shares: Sequence[float]) -> list[int]:
    """Whole percentages of ``shares`` that add up to exactly 100 (largest
    remainder; ties go to the earlier share); all 0 when there is nothing.

    The one rounding of every share shown as a percentage (自助・共助・公助, the
    A-E histogram) on screen, in exports and in the takeaway QR, so a number
    never differs between two places that show it.
    """
    import math

    clean = [max(0.0, float(s)) if math.isfinite(s) else 0.0 for s in shares]
    total = sum(clean)
    if total <= 0:
        return [0] * len(clean)
    exact = [100.0 * c / total for c in clean]
    floors = [math.floor(e) for e in exact]
    order = sorted(range(len(clean)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:100 - sum(floors)]:
        floors[i] += 1
    return floors

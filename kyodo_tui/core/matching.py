"""Fuzzy search over the example activities, with reasons.

:class:`Matcher` indexes the activities once and answers :meth:`Matcher.search`
with :class:`Match` objects: a 0–100 score, a ``weak`` label and the
:class:`Reason` s that explain it (``Reason.text("ja" | "en")``).

How a query is scored (facts behind it: /work/shared/MATCHING.md)

* Each activity has one Japanese string (title, reading, Japanese keywords, then
  the titles and keywords of other Japanese-script languages such as やさしい日本語)
  and one Latin string (title, English keywords, then those of Portuguese and any
  other Latin-script language the catalog has), normalised once at index time
  (accents folded: ``praça`` meets ``praca``)
  (:func:`kyodo_tui.core.text.normalize`), plus a long-vowel-folded copy of the
  Japanese one.
* A query becomes variants (:func:`~kyodo_tui.core.text.query_variants`: the
  normalised query, its romaji read as kana); each is scored
  ``0.7·partial_ratio + 0.3·ratio`` against the strings of its script, best wins.
  A sentence is also scored by its content words
  (:func:`~kyodo_tui.core.text.content_words`), averaged by weight.
* Tie-breakers for exact hits: the title, the reading, a keyword, an English
  word prefix. Structured boosts: the chosen fields, a ``position`` (0.0 = A …
  4.0 = E) near the activity's regions, an ``actor`` among its actors. An empty
  query with structure ranks by the structure alone.
* Results under :data:`WEAK_BELOW` are labelled weak, not hidden: no cutoff
  separates "no match" reliably.

Speed: a character n-gram index (bigrams and single kanji for Japanese, trigrams
of the first letters of ASCII words) stored as Python-int bitsets for common
grams and id arrays for rare ones picks at most :data:`CANDIDATES` candidates per
variant (most shared grams first, shorter entries first), and rapidfuzz scores
only those. Searching is safe from several threads: the index is read-only after
construction; the two small caches are guarded by a lock.

Pure Python + rapidfuzz; no Textual.
"""

from __future__ import annotations

import gc
import math
from _thread import allocate_lock
from array import array
from bisect import bisect_right
from collections import OrderedDict
from itertools import accumulate, chain, compress, repeat
from operator import itemgetter
from collections.abc import Collection, Iterable, Mapping, Sequence
from kyodo_tui.core.records import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from kyodo_tui.core.langs import is_japanese
from kyodo_tui.core.lazyre import lazy
from kyodo_tui.core.model import REGIONS, Activity, Catalog, Lang, Text
from kyodo_tui.core.text import (
    content_words,
    fold,
    has_ascii_letters,
    normalize_many,
    normalize_with_map,
    query_variants,
)

__all__ = [
    "CANDIDATES",
    "WEAK_BELOW",
    "Match",
    "Matcher",
    "Reason",
    "highlight_spans",
]

#: a text match scoring below this is labelled weak (calibrated on
#: tests/data/match_queries.toml: true top hits score ≥ 70 there, nonsense ≤ 60)
WEAK_BELOW = 62.0
#: a match with no exact hit (title, reading, keyword, a sentence's word of two or
#: more characters) is not shown under this: nothing in the catalog answers the
#: query (labelled nonsense scores <= 57 there, true fuzzy matches >= 65)
NO_MATCH_BELOW = 60.0
#: ... and is labelled weak unless it is this close (plain ratio) to a whole title,
#: reading or keyword: rivr ~ river (89), じょっせつ ~ じょせつ (89), not
#: じょせつ ~ じょせい (75)
FUZZY_FIELD_RATIO = 80.0
#: an empty query's structural score below this is labelled weak
WEAK_STRUCTURE_BELOW = 50.0
#: at most this many candidates per query variant are scored by rapidfuzz
CANDIDATES = 600
#: a candidate shares at least this share of a query form's grams
MIN_GRAM_SHARE = 0.34
#: at most this many of them are refined (exact hits, per-field ratio)
SHORTLIST = 80
#: per query form and string, the best this many (by partial_ratio) are ranked
PER_VARIANT = 300
#: a keyword's plain ratio counts this share of a title's or reading's
KEYWORD_SHARE = 0.85
#: ... and a kanji keyword's learned reading this share (see _learn_readings)
LEARNED_SHARE = 0.5
#: points the structure adds on top of a text match (scaled so the total stays ≤ 100)
FIELD_BOOST = 6.0
POSITION_BOOST = 4.0
ACTOR_BOOST = 3.0
#: weights of the structure when the query is empty
FIELD_WEIGHT, POSITION_WEIGHT, ACTOR_WEIGHT = 50.0, 30.0, 20.0

_SEP = "\t"
_HIRA_RE = lazy(r"[\u3041-\u309f]")
_KANA_ONLY_RE = lazy(r"[\u3041-\u309fー ]+")


# ------------------------------------------------------------------- results


def _quote_ja(s: str) -> str:
    return f"「{s}」"


def _lower_first(s: str) -> str:
    if len(s) > 1 and s[1].islower():
        return s[0].lower() + s[1:]
    return s


#: characters of a query the matcher reads (a longer one is cut: a text answer
#: can be 2,000 characters, and fuzzy scoring grows with the query's length)
MAX_QUERY = 300


@dataclass(frozen=True, slots=True)
class Reason:
    """Why an activity matched: a code and its parameters; :meth:`text` renders it.

    Codes: ``title`` (text, lang), ``reading`` (query, kana), ``keyword``
    (keyword), ``words`` (words), ``similar`` (text), ``field`` (id, ja, en),
    ``region`` (letter), ``actor`` (id, ja, en).
    """

    code: str
    params: dict[str, Any] = field(default_factory=dict, hash=False)

    def text(self, lang: Lang = "ja") -> str:
        """A short plain explanation in Japanese (``"ja"``, and ``"ja-easy"``) or English
        (any other language, until the app's own strings are translated)."""
        p = self.params
        ja = is_japanese(lang)
        if self.code == "title":
            t = str(p.get("text", ""))
            if ja:
                where = "タイトル" if p.get("lang", "ja") == "ja" else "英語のタイトル"
                return f"{where}{_quote_ja(t)}に一致"
            return f'title matches "{t}"'
        if self.code == "reading":
            kana, query = str(p.get("kana", "")), str(p.get("query", ""))
            if ja:
                extra = f"（{query}）" if query and query != kana else ""
                return f"読み{_quote_ja(kana)}に一致{extra}"
            if query and query != kana:
                return f'reading "{kana}" matches "{query}"'
            return f'reading matches "{kana}"'
        if self.code == "keyword":
            k = str(p.get("keyword", ""))
            return f"キーワード{_quote_ja(k)}" if ja else f'keyword "{k}"'
        if self.code == "words":
            words = [str(w) for w in p.get("words", ())]
            if ja:
                return "".join(_quote_ja(w) for w in words) + "を含む"
            return "contains " + ", ".join(f'"{w}"' for w in words)
        if self.code == "similar":
            t = str(p.get("text", ""))
            return f"{_quote_ja(t)}に近い" if ja else f'close to "{t}"'
        if self.code == "field":
            name = str(p.get("ja" if ja else "en") or p.get("id", ""))
            return f"分野：{name}" if ja else f"in your field: {name}"
        if self.code == "region":
            letter = str(p.get("letter", ""))
            return f"領域{letter}に合う" if ja else f"fits region {letter}"
        if self.code == "actor":
            name = str(p.get("ja" if ja else "en") or p.get("id", ""))
            return f"{name}に向いている" if ja else f"suits {_lower_first(name)}"
        return self.code


@dataclass(frozen=True, slots=True)
class Match:
    """One search result: the activity, a 0–100 score, a weak label, the reasons."""

    activity: Activity
    score: float
    weak: bool
    reasons: tuple[Reason, ...]


# --------------------------------------------------------------------- grams


_ASCII_RUN_RE = lazy(r"[a-z0-9]+")
_KANJI_RE = lazy("[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")
#: ASCII words are indexed by the trigrams of their first this many letters
_WORD_HEAD = 5
_join = "".join
_add = str.__add__


def _word_grams(text: str, out: set[str]) -> None:
    """Trigrams of the head of each ASCII word, after a space: " ri", "riv", "ive" …"""
    for w in _ASCII_RUN_RE.findall(text):
        p = " " + w[:_WORD_HEAD]
        out.update(map(_join, zip(p, p[1:], p[2:], strict=False)))


def _query_grams(s: str) -> set[str]:
    """Grams of a query in the index's scheme, prefix-friendly for type-ahead: no
    gram for the end of a word, a lone kana stands for a word start, a lone kanji
    for itself, a lone ASCII letter for nothing."""
    out: set[str] = set()
    for tok in s.split():
        if tok.isascii():
            _word_grams(tok, out)
        elif len(tok) == 1:
            out.add(tok if _KANJI_RE.match(tok) else f" {tok}")
        else:
            p = f" {tok}"
            out.update(map(_add, p, p[1:]))
            if _ASCII_RUN_RE.search(tok) is not None:
                _word_grams(tok, out)
    return out


def _ids_to_mask(ids: Sequence[int], n: int) -> int:
    """A bitset (bit i = entry i) of ``ids`` among ``n`` entries."""
    if 32 * len(ids) < n:  # few ids: set bits in a zeroed buffer
        buf = bytearray((n >> 3) + 1)
        for i in ids:
            buf[i >> 3] |= 1 << (i & 7)
        return int.from_bytes(buf, "little")
    bits = bytearray(b"0") * n  # many: one "0"/"1" per entry, parsed in one go
    for i in ids:
        bits[i] = 49
    bits.reverse()
    return int(bits.decode("ascii"), 2) if n else 0


def _mask_ids(mask: int) -> array[int]:
    """Every id set in ``mask``, ascending."""
    out: list[int] = []
    _mask_to_ids(mask, mask.bit_count(), out, set())
    return array("i", out)


def _mask_to_ids(mask: int, limit: int, out: list[int], seen: set[int]) -> None:
    """Append the lowest set bits of ``mask`` (lowest first) to ``out``, up to ``limit``."""
    if not mask:
        return
    bits = format(mask, "b")
    top = len(bits) - 1
    end = len(bits)
    while len(out) < limit:
        j = bits.rfind("1", 0, end)
        if j < 0:
            return
        i = top - j
        if i not in seen:
            seen.add(i)
            out.append(i)
        end = j


def _region_index(letter: str) -> int:
    return REGIONS.index(letter) if letter in REGIONS else 2


# --------------------------------------------------------------------- matcher


def _masks_of(acts: Sequence[Activity], attr: Any) -> dict[str, int]:
    ids: dict[str, list[int]] = {}
    for i, a in enumerate(acts):
        for key in attr(a):
            ids.setdefault(key, []).append(i)
    return {k: _ids_to_mask(v, len(acts)) for k, v in ids.items()}


#: bump when the persisted form of a Matcher changes
_PLAIN_VERSION = 6
#: marks a learned reading among an entry's keyword fields
_LEARNED = "\x01"
#: readings of kanji keywords are learned from at most this many entries
READING_SAMPLE = 500
#: a keyword's reading is the kana its shortest this many title readings share
_LEARN_READINGS = 6
#: a keyword longer than this is not learned (nor looked for inside keywords)
_LEARN_MAX = 8
_HIRAGANA_ONLY_RE = lazy(r"[\u3041-\u309fー]+")


def _learn_readings(rows: Sequence[Sequence[str]]) -> dict[str, str]:
    """Kanji keyword → its reading, learned from the catalog itself.

    Rows are normalised [title, reading, *keywords]. A keyword's reading is the
    longest stretch of kana (two or more) that every reading of an entry whose
    title holds the keyword shares: 清掃 is in 町の清掃活動, 公園の清掃ボランティア
    and 魚無川の一斉清掃, whose readings share せいそう. So ``seisou`` finds
    the activities that only list 清掃 as a keyword, as ``清掃`` does. A keyword
    in fewer than two titles (and no title of its own) learns nothing.
    """
    titles: dict[str, list[str]] = {}
    for row in rows:
        for kw in row[2:]:
            if 2 <= len(kw) <= _LEARN_MAX and not kw.isascii() \
                    and not _HIRAGANA_ONLY_RE.fullmatch(kw):
                titles.setdefault(kw, [])
    if not titles:
        return {}
    # every title holding each keyword, found by one C search per keyword over all
    # the titles at once (normalised titles hold no line break), in title order
    whole = "\n".join([row[0] for row in rows])
    starts = list(accumulate([len(row[0]) + 1 for row in rows], initial=0))
    find = whole.find
    for kw, found in titles.items():
        pos = find(kw)
        while pos != -1:
            i = bisect_right(starts, pos) - 1
            if kw == rows[i][0]:
                found.insert(0, "=" + rows[i][1])
            else:
                found.append(rows[i][1])
            pos = find(kw, starts[i + 1])
    out: dict[str, str] = {}
    for kw, readings in titles.items():
        if readings and readings[0].startswith("="):
            out[kw] = readings[0][1:]
            continue
        if len(readings) < 2:
            continue
        # the shortest few readings decide (more would only cost time)
        readings = sorted(set(readings), key=len)[:_LEARN_READINGS]
        first, others = readings[0], readings[1:]
        # the longest shared stretch (the leftmost of that length): a stretch of
        # size s shared means one of s - 1 is, so the size is found by bisection
        best = ""
        lo, hi = max(1, len(kw)), len(first)
        while lo <= hi:
            size = (lo + hi) // 2
            found = _shared(first, others, size)
            if found:
                best, lo = found, size + 1
            else:
                hi = size - 1
        if len(best) >= 2 and _HIRAGANA_ONLY_RE.fullmatch(best):
            out[kw] = best
    return out


def _words(a: Activity, japanese: bool) -> tuple[str, ...]:
    """The keyword fields of one script, in index order: the ja (or en) keywords, then
    the titles and keywords of the catalog's other languages written in it (やさしい
    日本語 with the Japanese, Portuguese, Vietnamese ... with the English)."""
    own = a.keywords_ja if japanese else a.keywords_en
    if not a.title.more and not a.keywords_more:
        return own
    more = [t for code, t in a.title.more if is_japanese(code) == japanese and t]
    for code, words in a.keywords_more:
        if is_japanese(code) == japanese:
            more.extend(w for w in words if w.strip())
    return (*own, *more) if more else own


def _shared(first: str, others: Sequence[str], size: int) -> str:
    """The leftmost stretch of ``size`` characters of ``first`` (no space) in every
    one of ``others``, or ""."""
    for start in range(len(first) - size + 1):
        piece = first[start:start + size]
        if " " not in piece and all(piece in r for r in others):
            return piece
    return ""


class _BytesRows:
    """Rows held in memory, read as a :class:`kyodo_tui.core.cache.Blob` is."""

    __slots__ = ("_data", "size")

    def __init__(self, data: bytes) -> None:
        if type(data) is not bytes:
            raise TypeError("rows are not bytes")
        self._data = data
        self.size = len(data)

    def read(self, offset: int, size: int) -> bytes:
        return self._data[offset:offset + size]


def _int_array(code: str, raw: bytes, n: int) -> array[int]:
    """``n`` machine ints from ``raw`` (ValueError if it holds another number)."""
    if type(raw) is not bytes:
        raise TypeError("not bytes")
    out = array(code)
    out.frombytes(raw)
    if len(out) != n:
        raise ValueError(f"{len(out)} numbers for {n} entries")
    return out


def _more_words(acts: Sequence[Activity]) -> dict[int, tuple[list[str], list[str]]]:
    """Entry index → the titles and keywords of the catalog's other languages, split
    by script: what :func:`_words` adds after the ja (and the en) keywords, for every
    entry that has any, in one pass (each language code's script looked up once)."""
    script: dict[str, bool] = {}
    out: dict[int, tuple[list[str], list[str]]] = {}
    for i, a in enumerate(acts):
        titles, keywords = a.title.more, a.keywords_more
        if not titles and not keywords:
            continue
        ja: list[str] = []
        en: list[str] = []
        for code, t in titles:
            if t:
                j = script.get(code)
                if j is None:
                    j = script[code] = is_japanese(code)
                (ja if j else en).append(t)
        for code, words in keywords:
            j = script.get(code)
            if j is None:
                j = script[code] = is_japanese(code)
            (ja if j else en).extend(words if all(map(str.strip, words))
                                     else [w for w in words if w.strip()])
        out[i] = (ja, en)
    return out


class _Folded:
    """Each entry's Japanese text with long vowels folded, made on first use
    (only kana queries need it, and only for their candidates)."""

    __slots__ = ("_texts", "_folded")

    def __init__(self, texts: list[str]) -> None:
        self._texts = texts
        self._folded: dict[int, str] = {}

    def __getitem__(self, i: int) -> str:
        out = self._folded.get(i)
        if out is None:
            out = self._folded[i] = fold(self._texts[i])
        return out


class _KeywordCache(dict[str, str]):
    """Japanese keyword → its normalised form followed by the learned readings of
    the kanji words in it, each a field of its own marked :data:`_LEARNED`."""

    def __init__(self, norm: dict[str, str], learned: dict[str, str]) -> None:
        super().__init__()
        self._norm = norm
        self._learned = learned
        self._by_head: dict[str, list[str]] = {}
        for word in learned:
            self._by_head.setdefault(word[:2], []).append(word)

    def __missing__(self, key: str) -> str:
        f = self._norm[key]
        out = f
        if self._by_head:
            seen: set[str] = set()
            for start in range(len(f) - 1):
                for word in self._by_head.get(f[start:start + 2], ()):
                    r = self._learned[word]
                    if r not in seen and f.startswith(word, start):
                        seen.add(r)
                        out += _SEP + _LEARNED + r
        self[key] = out
        return out


@dataclass(frozen=True, slots=True)
class _Hit:
    """An exact hit found while refining (turned into a :class:`Reason` if shown)."""

    code: str
    lang: str
    variant: str
    index: int = 0
    words: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Plan:
    """What to score for one query."""

    variants: tuple[str, ...]
    words: tuple[str, ...]
    raw: str


class Matcher:
    """Fuzzy search over activities; build once, search from any thread.

    ``field_names`` / ``actor_names`` (id → :class:`Text`) name fields and actors
    in reasons; :meth:`from_catalog` fills them from the catalog. Without them
    reasons show ids.
    """

    def __init__(
        self,
        activities: Iterable[Activity],
        *,
        field_names: Mapping[str, Text] | None = None,
        actor_names: Mapping[str, Text] | None = None,
    ) -> None:
        self._field_names: dict[str, Text] = dict(field_names or {})
        self._actor_names: dict[str, Text] = dict(actor_names or {})
        # the build makes many short-lived objects and no reference cycles:
        # the cyclic GC would only rescan them again and again
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            self._build(activities)
        finally:
            if gc_was_enabled:
                gc.enable()
        self._init_caches()

    def _init_caches(self) -> None:
        self._lock = allocate_lock()  # threading's Lock, without importing threading
        self._mask_cache: dict[tuple[str, bool], int] = {}
        self._wholes: list[str | None] = [None, None]
        #: gram -> the English and the Japanese entries holding it anywhere
        self._ids_cache: dict[str, tuple[list[int], list[int]]] = {}
        self._result_cache: OrderedDict[tuple[Any, ...], list[Match]] = OrderedDict()

    def _build(self, activities: Iterable[Activity]) -> None:
        acts = list(activities)
        # titles and readings are nearly all distinct: normalised in one pass each
        # (in one pass over all of them); keywords repeat across entries: each
        # distinct one is normalised once
        titles = normalize_many([a.title.ja for a in acts])
        readings = normalize_many([a.reading for a in acts])
        titles_en = normalize_many([a.title.en for a in acts])
        kw_ja = [a.keywords_ja for a in acts]
        kw_en = [a.keywords_en for a in acts]
        more = _more_words(acts)
        words_ja = set(chain.from_iterable(kw_ja))
        words_en = set(chain.from_iterable(kw_en))
        for more_ja, more_en in more.values():
            words_ja.update(more_ja)
            words_en.update(more_en)
        words = list(words_ja | words_en)
        norm = dict(zip(words, normalize_many(words), strict=True))
        get = norm.__getitem__
        learned = _learn_readings([[titles[i], readings[i], *map(get, kw_ja[i])]
                                   for i in range(min(len(acts), READING_SAMPLE))])
        # a keyword is normalised once, with the learned readings of the kanji words
        # in it as fields of their own right after it (道路の清掃 → …\t\x01せいそう)
        kcache = _KeywordCache(norm, learned)
        ja_map = {k: kcache[k] for k in words_ja}
        # an entry whose keywords are all in matching form already joins them as they are
        clean_ja = {k for k, v in ja_map.items() if k != v}.isdisjoint
        clean_en = {k for k in words_en if norm[k] != k}.isdisjoint
        jget = ja_map.__getitem__
        join = _SEP.join
        ja = [join((t, r, *(k if clean_ja(k) else map(jget, k))))
              for t, r, k in zip(titles, readings, kw_ja, strict=True)]
        en = [join((t, *(k if clean_en(k) else map(get, k)))) for t, k in zip(titles_en, kw_en, strict=True)]
        # ranks ties: the other languages' words do not count
        sizes = [len(j) + len(e) for j, e in zip(ja, en, strict=True)]
        for i, (more_ja, more_en) in more.items():
            if more_ja:
                ja[i] = join((ja[i], *(more_ja if clean_ja(more_ja) else map(jget, more_ja))))
            if more_en:
                en[i] = join((en[i], *(more_en if clean_en(more_en) else map(get, more_en))))
        # shorter entries first (stable): ties in candidate selection keep the shorter
        # ones, which the ratio term prefers anyway
        if len(acts) > 1:
            pick = itemgetter(*sorted(range(len(acts)), key=sizes.__getitem__))
            acts, ja, en = list(pick(acts)), list(pick(ja)), list(pick(en))
        self._acts: list[Activity | None] = list(acts)
        self._rows: Any = None  # a built matcher holds its activities
        self._row_ends = array("q")
        self._ja: list[str] = ja
        self._en: list[str] = en
        self._ja_fold = _Folded(self._ja)
        n = self._n = len(self._acts)
        self._all = (1 << n) - 1
        self._head_ends: tuple[array[int], array[int]] | None = None
        self._structure_cache: tuple[dict[str, int], dict[str, int], dict[str, int]] | None = None

    @classmethod
    def from_catalog(cls, catalog: Catalog) -> Matcher:
        """A matcher over the catalog's activities, naming its fields and actors."""
        return cls(
            catalog.activities.values(),
            field_names={k: f.name for k, f in catalog.fields.items()},
            actor_names={k: a.name for k, a in catalog.actors.items()},
        )

    # ----------------------------------------------------------- persisting

    def to_plain(self) -> dict[str, Any]:
        """The whole index as plain data (str, int, bytes, tuples, dicts): what
        :meth:`from_plain` needs to answer exactly as this matcher does, without
        normalising or indexing again. Activities are kept as marshalled plain rows
        (:mod:`kyodo_tui.core.plain`), all in one byte string ``rows`` with their end
        offsets, and rebuilt only when a result shows them: a store may keep
        ``rows`` apart and hand :meth:`from_plain` a reader that fetches one row."""
        import marshal
        from pathlib import Path

        from kyodo_tui.core.plain import encode

        if self._rows is not None:
            rows = self._rows.read(0, self._row_ends[-1] if self._n else 0)
            ends = self._row_ends
        else:
            cwd = Path.cwd().resolve()
            parts = [marshal.dumps(encode(self._act(i), cwd)) for i in range(self._n)]
            ends = array("q", accumulate(map(len, parts)))
            rows = b"".join(parts)
        names = {k: (t.ja, t.en) for k, t in self._field_names.items()}
        actors = {k: (t.ja, t.en) for k, t in self._actor_names.items()}
        ja_end, en_end = self._ends()
        return {
            "version": _PLAIN_VERSION, "n": self._n, "ja": self._ja, "en": self._en,
            "rows": rows, "row_ends": ends.tobytes(),
            "head_ends": (ja_end.tobytes(), en_end.tobytes()),
            "structure": self._structure_masks(), "field_names": names, "actor_names": actors,
        }

    @classmethod
    def from_plain(cls, data: dict[str, Any], rows: Any = None) -> Matcher:
        """A matcher from :meth:`to_plain`'s data; ValueError if it is not that.

        ``rows`` (when ``data`` holds none) reads the rows: ``rows.read(offset, size)
        -> bytes`` and ``rows.size`` (see :class:`kyodo_tui.core.cache.Blob`)."""
        try:
            if data.get("version") != _PLAIN_VERSION:
                raise ValueError("another index version")
            self = cls.__new__(cls)
            n = self._n = int(data["n"])
            self._ja = list(data["ja"])
            self._en = list(data["en"])
            self._ja_fold = _Folded(self._ja)
            if rows is None:
                rows = _BytesRows(data["rows"])
            self._rows = rows
            self._row_ends = _int_array("q", data["row_ends"], n)
            if not len(self._ja) == len(self._en) == n:
                raise ValueError("lengths differ")
            if n and not (self._row_ends[0] > 0 and self._row_ends[-1] == rows.size
                          and all(map(int.__lt__, self._row_ends, self._row_ends[1:]))):
                raise ValueError("row offsets")
            if not set(map(type, self._ja)) | set(map(type, self._en)) <= {str}:
                raise ValueError("texts are not strings")
            self._acts = [None] * n
            self._all = (1 << n) - 1
            ja_end, en_end = data["head_ends"]
            self._head_ends = (_int_array("i", ja_end, n), _int_array("i", en_end, n))
            structure = tuple(data["structure"])
            if len(structure) != 3 or not all(
                    isinstance(k, str) and type(v) is int for m in structure for k, v in m.items()):
                raise ValueError("structure masks")
            self._structure_cache = (dict(structure[0]), dict(structure[1]), dict(structure[2]))
            self._field_names = {k: Text(str(v[0]), str(v[1]))
                                 for k, v in data["field_names"].items()}
            self._actor_names = {k: Text(str(v[0]), str(v[1]))
                                 for k, v in data["actor_names"].items()}
        except (KeyError, TypeError, IndexError, AttributeError, OverflowError) as exc:
            raise ValueError(f"not a matcher index: {exc}") from exc
        self._init_caches()
        return self

    def _act(self, i: int) -> Activity:
        """Activity ``i``, rebuilt from its plain row on first use."""
        a = self._acts[i]
        if a is None:
            import marshal

            from kyodo_tui.core.plain import Decoder

            assert self._rows is not None
            start = self._row_ends[i - 1] if i else 0
            try:
                a = Decoder()(marshal.loads(self._rows.read(start, self._row_ends[i] - start)))
            except (ValueError, EOFError, TypeError, KeyError, IndexError, OSError) as exc:
                raise ValueError(f"matcher index row {i} is unreadable: {exc}") from exc
            if not isinstance(a, Activity):
                raise ValueError(f"matcher index row {i} is not an activity")
            self._acts[i] = a
        return a

    def __len__(self) -> int:
        return self._n

    def clear_caches(self) -> None:
        """Forget cached results and gram bitsets (for benchmarks; never needed)."""
        with self._lock:
            self._result_cache.clear()
            self._mask_cache.clear()

    # ----------------------------------------------------------------- index

    def _structure_masks(self) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
        """field, actor and region id → bitset of entries (made on first use: only
        a search by structure alone needs them)."""
        with self._lock:
            if self._structure_cache is None:
                acts = [self._act(i) for i in range(self._n)]
                self._structure_cache = (_masks_of(acts, lambda a: a.fields),
                                   _masks_of(acts, lambda a: a.actors),
                                   _masks_of(acts, lambda a: a.regions))
            return self._structure_cache

    def _ends(self) -> tuple[array[int], array[int]]:
        """Where each entry's head ends: after the reading in its Japanese text,
        after the title in its English one (made on the first scan)."""
        ends = self._head_ends
        if ends is None:
            find = str.find
            ja_end = array("i", map(find, self._ja, repeat(_SEP), map(
                (1).__add__, map(find, self._ja, repeat(_SEP), repeat(0)))))
            # the first field's end is the second find's start; a missing one is -1
            # (then the whole text: title and reading only)
            ja_end = array("i", (len(t) if e < 0 else e for t, e in zip(self._ja, ja_end, strict=True)))
            en_end = array("i", (len(t) if e < 0 else e
                                 for t, e in zip(self._en, map(find, self._en, repeat(_SEP)),
                                                 strict=True)))
            ends = self._head_ends = (ja_end, en_end)
        return ends

    def _scan(self, gram: str, texts: list[str], ends: array[int] | None) -> list[int]:
        """Entries whose text (up to ``ends``, if given) holds ``gram``: C-level
        maps over the list, a few ms at 100,000 entries. A gram for a word start
        (" せ", " ri") also finds the start of a text or a field."""
        n = self._n
        needles = [gram]
        if gram[:1] == " " and len(gram) > 1:
            needles += [_SEP + gram[1:], _SEP + _LEARNED + gram[1:]]
        # one C search over all the texts at once rules out a needle found nowhere
        # (most ASCII grams in Japanese texts, most learned-reading forms): no pass
        # over the list for it
        whole = self._whole(texts)
        needles = [nd for nd in needles if nd in whole]
        ids: list[int] = []
        for needle in needles:
            if ends is None:
                hits: Any = map(str.__contains__, texts, repeat(needle))
            else:
                hits = map((-1).__ne__, map(str.find, texts, repeat(needle), repeat(0), ends))
            ids += compress(range(n), hits)
        if gram[:1] == " " and len(gram) > 1 and (
                "\n" + gram[1:] in whole or whole.startswith(gram[1:])):
            if ends is None:
                ids += compress(range(n), map(str.startswith, texts, repeat(gram[1:])))
            else:
                ids += compress(range(n), map(str.startswith, texts, repeat(gram[1:]),
                                              repeat(0), ends))
        return ids

    def _whole(self, texts: list[str]) -> str:
        """All of ``texts`` (the Japanese or the English ones) in one string, a line
        each (normalised texts hold no line break), made on first use."""
        key = 0 if texts is self._ja else 1
        whole = self._wholes[key]
        if whole is None:
            whole = self._wholes[key] = "\n".join(texts)
        return whole

    def _mask(self, gram: str, head: bool = False) -> int:
        """The entries holding ``gram`` (with ``head``: in a title or reading), found
        by scanning their texts in C and remembered for the next keystroke. There
        is no gram index to build or store: building the matcher costs little
        more than normalising its strings."""
        if self._n <= CANDIDATES:  # smaller catalogs are scored whole: no scan
            return 0
        key = (gram, head)
        with self._lock:
            cached = self._mask_cache.get(key)
        if cached is not None:
            return cached
        with self._lock:
            ja_end, en_end = self._ends()
            found = self._ids_cache.get(gram)
        if found is None:
            # English words, and ASCII in Japanese text (NPO, PTA …)
            en_ids = self._scan(gram, self._en, None) if gram.isascii() else []
            found = (en_ids, self._scan(gram, self._ja, None))
            with self._lock:
                if len(self._ids_cache) > 4096:
                    self._ids_cache.clear()
                self._ids_cache[gram] = found
        en_ids, ja_ids = found
        if head:  # in a title or reading: among the entries holding it at all
            en_ids = self._in_head(gram, self._en, en_end, en_ids)
            ja_ids = self._in_head(gram, self._ja, ja_end, ja_ids)
        ids = en_ids + ja_ids
        mask = _ids_to_mask(ids, self._n) if ids else 0
        with self._lock:
            if len(self._mask_cache) > 4096:
                self._mask_cache.clear()
            self._mask_cache[key] = mask
        return mask

    @staticmethod
    def _in_head(gram: str, texts: list[str], ends: array[int], ids: list[int]) -> list[int]:
        """Those of ``ids`` whose text holds ``gram`` before its head's end (as
        :meth:`_scan` with ends finds it, checking only these entries)."""
        needles = [gram]
        body = ""
        if gram[:1] == " " and len(gram) > 1:
            body = gram[1:]
            needles += [_SEP + body, _SEP + _LEARNED + body]
        out: list[int] = []
        for i in dict.fromkeys(ids):
            t, end = texts[i], ends[i]
            if any(t.find(nd, 0, end) != -1 for nd in needles) or (
                    body and t.startswith(body, 0, end)):
                out.append(i)
        return out

    def _top(self, masks: list[int], limit: int, least: int = 1) -> list[int]:
        """Ids set in the most of ``masks`` (ties: lowest id first), at most ``limit``,
        each set in at least ``least`` of them."""
        masks = [m for m in masks if m]
        out: list[int] = []
        seen: set[int] = set()
        if not masks or least > len(masks):
            return out
        if len(masks) == 1:
            _mask_to_ids(masks[0], limit, out, seen)
            return out
        # bit-sliced counters: slices[b] holds bit b of every id's count
        slices: list[int] = []
        for m in masks:
            carry = m
            for b in range(len(slices)):
                s = slices[b]
                slices[b] = s ^ carry
                carry = s & carry
                if not carry:
                    break
            if carry:
                slices.append(carry)
        for t in range(len(masks), max(1, least) - 1, -1):
            eq = self._all
            for b, s in enumerate(slices):
                eq = eq & s if (t >> b) & 1 else eq & ~s
                if not eq:
                    break
            if (t >> len(slices)) or not eq:
                continue
            _mask_to_ids(eq, limit, out, seen)
            if len(out) >= limit:
                break
        return out

    def _candidates(self, plan: _Plan) -> list[int]:
        if self._n <= CANDIDATES:
            return list(range(self._n))
        out: list[int] = []
        seen: set[int] = set()
        groups: list[list[str]] = []
        for v in plan.variants:
            groups.append(sorted(_query_grams(v)))
        if plan.words:
            word_grams: set[str] = set()
            for w in plan.words:
                word_grams |= _query_grams(w)
            groups.append(sorted(word_grams))
        for grams in groups:
            least = max(1, int(len(grams) * MIN_GRAM_SHARE + 0.5))
            # a gram in a title or reading counts twice: such entries come first
            masks = [self._mask(g) for g in grams] + [self._mask(g, True) for g in grams]
            for i in self._top(masks, CANDIDATES, least):
                if i not in seen:
                    seen.add(i)
                    out.append(i)
        if not out:  # nothing to go on (a lone letter): the shortest entries
            out = list(range(min(self._n, CANDIDATES)))
        return out

    # ----------------------------------------------------------------- search

    def search(
        self,
        query: str,
        *,
        limit: int = 10,
        fields: Collection[str] = (),
        position: float | None = None,
        actor: str | None = None,
    ) -> list[Match]:
        """The best ``limit`` activities for ``query``, best first.

        ``fields`` (field ids), ``position`` (0.0 = A … 4.0 = E) and ``actor``
        (an actor id) boost activities that fit them; with an empty query they
        rank on their own. An empty query without any of them finds nothing.
        """
        if limit < 1:
            return []
        # a long text answer matches on its start: the cost stays bounded for any input
        query = query[:MAX_QUERY]
        fields_t = tuple(sorted(set(fields)))
        key = (query, limit, fields_t, position, actor)
        with self._lock:
            hit = self._result_cache.get(key)
            if hit is not None:
                self._result_cache.move_to_end(key)
                return list(hit)
        variants = tuple(query_variants(query))
        if variants:
            words = content_words(query)
            plan = _Plan(variants, tuple(words) if len(words) >= 2 else (), query.strip())
            if len(words) == 1 and words[0] not in variants:
                plan = _Plan((*variants, words[0]), (), query.strip())
            result = self._search_text(plan, limit, fields_t, position, actor)
        elif fields_t or position is not None or actor:
            result = self._search_structure(limit, fields_t, position, actor)
        else:
            result = []
        with self._lock:
            self._result_cache[key] = result
            if len(self._result_cache) > 256:
                self._result_cache.popitem(last=False)
        return list(result)

    def _targets(self, q: str, cand: list[int], cache: dict[str, Any]
                 ) -> list[tuple[str, list[str], list[int] | None]]:
        """What a query form is scored against, as (form, strings, positions in
        ``cand`` or None for all): kana against the folded Japanese strings, other
        Japanese against the Japanese ones, ASCII against the English ones and the
        Japanese ones that hold ASCII (NPO, PTA …)."""
        if q.isascii():
            en = cache.get("en")
            if en is None:
                en = cache["en"] = [self._en[i] for i in cand]
            sub = cache.get("ja_ascii")
            if sub is None:
                where = [j for j, i in enumerate(cand) if has_ascii_letters(self._ja[i])]
                sub = cache["ja_ascii"] = ([self._ja[cand[j]] for j in where], where)
            out: list[tuple[str, list[str], list[int] | None]] = [(q, en, None)]
            if sub[1]:
                out.append((q, sub[0], sub[1]))
            return out
        if _HIRA_RE.search(q):
            jf = cache.get("fold")
            if jf is None:
                jf = cache["fold"] = [self._ja_fold[i] for i in cand]
            return [(fold(q), jf, None)]
        ja = cache.get("ja")
        if ja is None:
            ja = cache["ja"] = [self._ja[i] for i in cand]
        return [(q, ja, None)]

    def _score(self, plan: _Plan, cand: list[int]) -> tuple[dict[int, float], dict[int, float]]:
        """For the best candidates (by position in ``cand``): the best
        ``0.7·partial_ratio + 0.3·ratio`` over query forms and strings (to rank
        them), and the best partial_ratio alone. A sentence's words, averaged by
        weight, count as a partial_ratio too."""
        rank: dict[int, float] = {}
        pr: dict[int, float] = {}
        cache: dict[str, Any] = {}
        ratio = fuzz.ratio
        for v in plan.variants:
            for q, choices, where in self._targets(v, cand, cache):
                for choice, s, j in process.extract(q, choices, scorer=fuzz.partial_ratio,
                                                    limit=PER_VARIANT, score_cutoff=30):
                    if where is not None:
                        j = where[j]
                    if s > pr.get(j, 0.0):
                        pr[j] = s
                    combined = 0.7 * s + 0.3 * ratio(q, choice)
                    if combined > rank.get(j, 0.0):
                        rank[j] = combined
        if plan.words:
            total = 0.0
            acc: dict[int, float] = {}
            for w in plan.words:
                weight = _word_weight(w)
                total += weight
                wbest: dict[int, float] = {}
                for q, choices, where in self._targets(w, cand, cache):
                    for _, s, j in process.extract(q, choices, scorer=fuzz.partial_ratio,
                                                   limit=PER_VARIANT, score_cutoff=66):
                        if where is not None:
                            j = where[j]
                        if s > wbest.get(j, 0.0):
                            wbest[j] = s
                for j, s in wbest.items():
                    acc[j] = acc.get(j, 0.0) + weight * s
            for j, a in acc.items():
                # share of the words found, softened: half the words → 67, all → 95
                mean = 95.0 * math.sqrt(a / (100.0 * total))
                if mean > pr.get(j, 0.0):
                    pr[j] = mean
                if mean > rank.get(j, 0.0):
                    rank[j] = mean
        return rank, pr

    def _field_ratio(self, plan: _Plan, i: int, share: float = KEYWORD_SHARE,
                     folded: bool = True) -> float:
        """The best plain ratio of a query form against one field (title, reading,
        one keyword): 100 for an exact title, less the more the lengths differ. A
        keyword counts :data:`KEYWORD_SHARE` of that: what the title and reading say
        outweighs a keyword (in a large directory keywords are the noisiest part)."""
        ja_fields = self._ja[i].split(_SEP)
        en_fields: list[str] | None = None
        fold_fields: list[str] | None = None
        ratio = fuzz.ratio
        best = 0.0

        def over(q: str, fields: list[str], head: int) -> None:
            nonlocal best
            for k, f in enumerate(fields):
                s = ratio(q, f) * (1.0 if k < head else LEARNED_SHARE
                                   if f[:1] == _LEARNED else share)
                if s > best:
                    best = s

        for v in plan.variants:
            over(v, ja_fields, 2)
            if v.isascii():
                if en_fields is None:
                    en_fields = self._en[i].split(_SEP)
                over(v, en_fields, 1)
            if folded and _HIRA_RE.search(v):
                if fold_fields is None:
                    fold_fields = self._ja_fold[i].split(_SEP)
                over(fold(v), fold_fields, 2)
        return best

    def _text_bonus(self, plan: _Plan, i: int) -> tuple[float, list[_Hit]]:  # noqa: C901 - the matcher's hot path, kept in one piece (benchmarks/bench_match.py)
        """Exact hits in the title, reading or keywords: points (≤ 10) and what hit."""
        ja_fields = self._ja[i].split(_SEP)
        title_ja, reading, kw_ja = ja_fields[0], ja_fields[1], ja_fields[2:]
        en_fields: list[str] | None = None
        fold_fields: list[str] | None = None
        best = 0.0
        hit: _Hit | None = None
        for v in plan.variants:
            ascii_v = v.isascii()
            if ascii_v and en_fields is None:
                en_fields = self._en[i].split(_SEP)
            if v == title_ja:
                best, hit = 10.0, _Hit("title", "ja", v)
                break
            if en_fields is not None and v == en_fields[0]:
                best, hit = 10.0, _Hit("title", "en", v)
                break
            if v in title_ja:
                pts = 6.0 + min(2.0, len(v) / 2)
                if pts > best:
                    best, hit = pts, _Hit("title", "ja", v)
            if en_fields is not None and _word_start(en_fields[0], v):
                pts = 6.0 + min(2.0, len(v) / 4)
                if pts > best:
                    best, hit = pts, _Hit("title", "en", v)
            kana = _KANA_ONLY_RE.fullmatch(v) is not None
            folded = ""
            if kana and len(v) >= 2:
                if fold_fields is None:
                    fold_fields = self._ja_fold[i].split(_SEP)
                folded = fold(v)
            if kana:
                if v in reading:
                    pts = 5.0 + (2.0 if reading.startswith(v) else 0.0)
                    if pts > best:
                        best, hit = pts, _Hit("reading", "ja", v)
                elif (folded and fold_fields is not None and folded in fold_fields[1]
                      and best < 4.0):
                    best, hit = 4.0, _Hit("reading", "ja", v)
            if best < 6.0:
                for k, kw in enumerate(kw_ja):
                    if not kw:
                        continue
                    if kw[:1] == _LEARNED:  # a learned reading: least
                        if v == kw[1:] and best < 3.0:
                            best, hit = 3.0, _Hit("keyword", "ja", v, k)
                        continue
                    if v == kw:
                        # the author's first keywords say most: a little more for them
                        pts = 6.0 - min(1.0, 0.1 * k)
                        if pts > best:
                            best, hit = pts, _Hit("keyword", "ja", v, k)
                        break
                    if len(v) >= 2 and v in kw and best < 3.0:
                        best, hit = 3.0, _Hit("keyword", "ja", v, k)
                    elif (folded and fold_fields is not None
                          and folded == fold_fields[2 + k] and best < 4.0):
                        best, hit = 4.0, _Hit("keyword", "ja", v, k)
            if ascii_v and en_fields is not None and best < 6.0:
                for k, kw in enumerate(en_fields[1:]):
                    if kw and v == kw:
                        pts = 6.0 - min(1.0, 0.1 * k)
                        if pts > best:
                            best, hit = pts, _Hit("keyword", "en", v, k)
                        break
                    if kw and best < 3.0 and _word_start(kw, v):
                        best, hit = 3.0, _Hit("keyword", "en", v, k)
        hits = [hit] if hit is not None else []
        if plan.words:
            share, found = self._words_found(plan.words, i)
            if found:
                best = max(best, 8.0 * share)
                hits.insert(0, _Hit("words", "", "", words=found))
        return best, hits[:2]

    def _words_found(self, words: tuple[str, ...], i: int) -> tuple[float, tuple[str, ...]]:
        """Which of a sentence's words entry ``i`` holds, and how much they say
        (0-1): a word in the title or reading counts 1, in a keyword 0.6 (less the
        later the keyword: the author's first keywords say most). A single
        character counts only as a whole keyword: 「家」 alone makes no example."""
        ja_fields = self._ja[i].split(_SEP)
        en_fields = self._en[i].split(_SEP)
        head = (ja_fields[0], ja_fields[1])
        total = 0.0
        found: list[str] = []
        for w in words:
            weight = 0.0
            if len(w) < 2:
                # a lone character is evidence only as a whole keyword (川 of a
                # river clean-up), never as a piece of one (家 of 家族会)
                if w == ja_fields[0] or w in ja_fields[2:] or w in en_fields[1:]:
                    weight = 0.6
            elif w.isascii() and len(w) < 3:
                # a short Latin word (romaji particles "no", "wo", "ni"; "of", "to") is
                # evidence only as a whole keyword, never as a piece of text (no of
                # "Non-smokers", of "no smoking")
                if w in en_fields[1:]:
                    weight = 0.6
            elif w in head[0] or w in head[1] or (w.isascii() and w in en_fields[0]):
                weight = 1.0
            else:
                kws = ja_fields[2:] + (en_fields[1:] if w.isascii() else [])
                for k, kw in enumerate(kws):
                    if w in kw:
                        weight = 0.6 - min(0.3, 0.03 * k)
                        break
            if weight:
                found.append(w)
                total += weight
        return total / len(words), tuple(found)

    def _reason(self, plan: _Plan, i: int, hit: _Hit) -> Reason:
        """The reason for a text hit, quoting the activity's own text."""
        a = self._act(i)
        if hit.code == "title":
            lang: Lang = "ja" if hit.lang == "ja" else "en"
            return Reason("title", {"text": _display_hit(a.title.get(lang), hit.variant),
                                    "lang": lang})
        if hit.code == "reading":
            query = plan.raw.strip() if hit.variant != plan.variants[0] else hit.variant
            return Reason("reading", {"query": query, "kana": hit.variant})
        if hit.code == "keyword":
            words = _words(a, hit.lang == "ja")
            if hit.lang == "ja":  # the field's own keyword (a learned reading: the one before)
                fields = self._ja[i].split(_SEP)[2:2 + hit.index + 1]
                real = sum(1 for f in fields if f[:1] != _LEARNED) - 1
                return Reason("keyword", {"keyword": words[real] if 0 <= real < len(words)
                                          else ""})
            return Reason("keyword", {"keyword": words[hit.index]})
        return Reason("words", {"words": list(hit.words)})

    def _similar(self, plan: _Plan, i: int) -> Reason | None:
        """The part of the entry closest to the query, when nothing matched exactly."""
        best: tuple[float, str] = (0.0, "")
        for v in plan.variants:
            for s in (self._ja[i], self._en[i]):
                if len(v) > len(s):
                    continue
                al = fuzz.partial_ratio_alignment(v, s)
                if al is not None and al.score > best[0]:
                    text = s[al.dest_start:al.dest_end].replace(_LEARNED, "").strip()
                    if text and _SEP not in text:
                        best = (al.score, text)
        return Reason("similar", {"text": best[1]}) if best[0] >= 50 else None

    def _structure(self, i: int, fields: tuple[str, ...], position: float | None,
                   actor: str | None) -> tuple[float, float, float, list[Reason]]:
        """Field, position and actor fit of entry ``i`` (each 0–1), with reasons."""
        a = self._act(i)
        reasons: list[Reason] = []
        f_fit = p_fit = a_fit = 0.0
        if fields:
            hits = [f for f in a.fields if f in fields]
            if hits:
                f_fit = min(1.0, 0.8 + 0.2 * len(hits))
                for f in hits[:2]:
                    reasons.append(Reason("field", self._names(f, self._field_names)))
        regions = tuple(_region_index(r) for r in a.regions)
        if position is not None and regions:
            d, idx = min((abs(position - r), r) for r in regions)
            # full fit inside the letter's own band (±0.5), none two letters away
            p_fit = max(0.0, 1.0 - max(0.0, d - 0.5) / 1.5)
            if d <= 0.75:
                reasons.append(Reason("region", {"letter": REGIONS[idx]}))
        if actor and actor in a.actors:
            a_fit = 1.0
            reasons.append(Reason("actor", self._names(actor, self._actor_names)))
        return f_fit, p_fit, a_fit, reasons

    @staticmethod
    def _names(key: str, names: Mapping[str, Text]) -> dict[str, Any]:
        t = names.get(key)
        return {"id": key, "ja": t.ja if t else key, "en": t.en if t else key}

    def _search_text(self, plan: _Plan, limit: int, fields: tuple[str, ...],
                     position: float | None, actor: str | None) -> list[Match]:
        cand = self._candidates(plan)
        rank, pr = self._score(plan, cand)
        if not rank:
            return []
        # refine only where it can change the top of the list
        order = sorted(rank, key=lambda j: (-rank[j], cand[j]))
        floor = rank[order[0]] - 20
        head = max(20, limit * 2)
        shortlist = order[:head] + [j for j in order[head:SHORTLIST] if rank[j] >= floor]
        struct_weight = ((FIELD_BOOST if fields else 0.0)
                         + (POSITION_BOOST if position is not None else 0.0)
                         + (ACTOR_BOOST if actor else 0.0))
        scored: list[tuple[float, int, float, list[_Hit], float]] = []
        for j in shortlist:
            i = cand[j]
            bonus, hits = self._text_bonus(plan, i)
            field_ratio = self._field_ratio(plan, i)
            text = 0.7 * pr[j] + 0.3 * field_ratio
            if plan.words:
                text = max(text, 0.92 * pr[j] + 0.08 * field_ratio)
            text_score = 0.9 * text + bonus
            total = text_score
            if struct_weight:
                f_fit, p_fit, a_fit, _ = self._structure(i, fields, position, actor)
                total = (text_score * (100.0 - struct_weight) / 100.0
                         + FIELD_BOOST * f_fit + POSITION_BOOST * p_fit + ACTOR_BOOST * a_fit)
            scored.append((total, i, text_score, hits, field_ratio))
        scored.sort(key=lambda t: (-t[0], t[1]))
        out: list[Match] = []
        for total, i, text_score, hits, _ in scored:
            if len(out) >= limit:
                break
            reasons = [self._reason(plan, i, h) for h in hits]
            weak = text_score < WEAK_BELOW
            if not hits:
                # no exact hit: only a fuzzy likeness, shown if it is one at all
                sim = self._similar(plan, i)
                if (sim is None or len(str(sim.params.get("text", ""))) < 2
                        or text_score < NO_MATCH_BELOW):
                    continue
                reasons.append(sim)
                # a typo of a whole field (rivr ~ river) is a match; a shared
                # fragment of another word (じょせつ ~ じょせい) is weak at best
                weak = weak or self._field_ratio(plan, i, 1.0, folded=False) < FUZZY_FIELD_RATIO
            if struct_weight:
                reasons += self._structure(i, fields, position, actor)[3]
            out.append(Match(self._act(i), round(min(100.0, total), 1), weak, tuple(reasons)))
        return out

    def _search_structure(self, limit: int, fields: tuple[str, ...], position: float | None,
                          actor: str | None) -> list[Match]:
        field_masks, actor_masks, region_masks = self._structure_masks()
        masks: list[int] = []
        for f in fields:
            m = field_masks.get(f, 0)
            masks += [m, m]
        if actor:
            masks.append(actor_masks.get(actor, 0))
        if position is not None:
            for k, letter in enumerate(REGIONS):
                d = abs(position - k)
                if d < 1.5:
                    m = region_masks.get(letter, 0)
                    masks += [m] * (2 if d <= 0.5 else 1)
        cand = self._top(masks, max(CANDIDATES, limit))
        weight = ((FIELD_WEIGHT if fields else 0.0)
                  + (POSITION_WEIGHT if position is not None else 0.0)
                  + (ACTOR_WEIGHT if actor else 0.0))
        scored: list[tuple[float, int, list[Reason]]] = []
        for i in cand:
            f_fit, p_fit, a_fit, reasons = self._structure(i, fields, position, actor)
            s = 100.0 * (FIELD_WEIGHT * f_fit + POSITION_WEIGHT * p_fit
                         + ACTOR_WEIGHT * a_fit) / weight
            if s > 0:
                scored.append((s, i, reasons))
        scored.sort(key=lambda t: (-t[0], t[1]))
        return [Match(self._act(i), round(s, 1), s < WEAK_STRUCTURE_BELOW, tuple(r))
                for s, i, r in scored[:limit]]


#: everyday verbs and nouns that say little about which activity is meant
_GENERIC_WORDS = frozenset((
    "手伝い", "手伝う", "てつだい", "助け", "たすけ", "参加", "支援", "活動", "応援", "協力",
    "教え", "作り", "つくり", "取り組み", "やって", "始め", "はじめ", "地域", "みんな",
    "help", "helping", "support", "join", "start", "activity", "activities", "local", "people",
))


def _word_weight(w: str) -> float:
    """How much a sentence's word counts: kanji 2 per character, others 1, at most 4;
    generic words 1."""
    if w in _GENERIC_WORDS:
        return 1.0
    return float(min(4, sum(1 if _HIRA_RE.match(c) or c.isascii() else 2 for c in w)))


def _word_start(text: str, v: str) -> bool:
    """``v`` occurs in ``text`` at the start of a word."""
    start = text.find(v)
    while start >= 0:
        if start == 0 or not text[start - 1].isalnum():
            return True
        start = text.find(v, start + 1)
    return False


def _display_hit(display: str, v: str) -> str:
    """The part of a display text whose normalised form is ``v`` (else ``v``)."""
    norm, where = normalize_with_map(display)
    at = norm.find(v)
    if at < 0:
        return v
    return display[where[at]: where[at + len(v) - 1] + 1]


# ---------------------------------------------------------------- highlighting


def highlight_spans(text: str, query: str) -> list[tuple[int, int]]:  # noqa: C901 - one pass per kind of highlight, in order
    """Character spans ``(start, end)`` of ``text`` that match ``query``.

    Spans index the original display text (a title, a reading), sorted and
    merged. Exact occurrences of any query variant (a romaji query also finds
    its kana in a reading or a katakana title) and of each word of it are
    highlighted; failing those, the characters of the closest fuzzy alignment.
    """
    norm, where = normalize_with_map(text)
    if not norm:
        return []
    variants = query_variants(query)
    if not variants:
        return []
    needles: list[str] = []
    for v in [*variants, *content_words(query)]:
        for piece in (v, *v.split(" ")):
            if piece and piece not in needles:
                needles.append(piece)
    spans: list[tuple[int, int]] = []
    for needle in sorted(needles, key=len, reverse=True):
        at = norm.find(needle)
        while at >= 0:
            spans.append((at, at + len(needle)))
            at = norm.find(needle, at + len(needle))
    if not spans:
        for v in variants:
            if len(v) < 2 or len(v) > len(norm):
                continue
            al = fuzz.partial_ratio_alignment(v, norm)
            if al is None or al.score < 60:
                continue

            # align the query's letters inside a slightly wider window (fzf-like)
            lo = max(0, al.dest_start - 2)
            window = norm[lo:al.dest_end + 2]
            for op in Indel.opcodes(v, window):
                if op.tag == "equal":
                    spans.append((lo + op.dest_start, lo + op.dest_end))
            if spans:
                break
    if not spans:
        return []
    # map normalised spans to the original text, then merge
    mapped = sorted((where[s], where[e - 1] + 1) for s, e in spans if e > s)
    merged: list[tuple[int, int]] = []
    for s, e in mapped:
        if merged and s <= merged[-1][1]:
            if e > merged[-1][1]:
                merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


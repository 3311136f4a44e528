"""Fuzzy search over the example activities, with reasons.

:class:`Matcher` indexes the activities once and answers :meth:`Matcher.search`
with :class:`Match` objects: a 0–100 score, a ``weak`` label and the
:class:`Reason` s that explain it (``Reason.text("ja" | "en")``).

How a query is scored (facts behind it: /work/shared/MATCHING.md)

* Each activity has one Japanese string (title, reading, Japanese keywords) and
  one English string (title, English keywords), normalised once at index time
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
import re
import threading
from array import array
from collections import OrderedDict, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from kyodo_tui.core.model import REGIONS, Activity, Catalog, Lang, Text
from kyodo_tui.core.text import (
    content_words,
    fold,
    has_ascii_letters,
    normalize,
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
#: points the structure adds on top of a text match (scaled so the total stays ≤ 100)
FIELD_BOOST = 6.0
POSITION_BOOST = 4.0
ACTOR_BOOST = 3.0
#: weights of the structure when the query is empty
FIELD_WEIGHT, POSITION_WEIGHT, ACTOR_WEIGHT = 50.0, 30.0, 20.0

_SEP = "\t"
_HIRA_RE = re.compile(r"[\u3041-\u309f]")
_KANA_ONLY_RE = re.compile(r"[\u3041-\u309fー ]+")


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
        """A short plain explanation in Japanese (``"ja"``) or English (``"en"``)."""
        p = self.params
        ja = lang == "ja"
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


_ASCII_RUN_RE = re.compile(r"[a-z0-9]+")
_KANJI_RE = re.compile("[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")
#: ASCII words are indexed by the trigrams of their first this many letters
_WORD_HEAD = 5
_join = "".join
_add = str.__add__


def _word_grams(text: str, out: set[str]) -> None:
    """Trigrams of the head of each ASCII word, after a space: " ri", "riv", "ive" …"""
    for w in _ASCII_RUN_RE.findall(text):
        p = " " + w[:_WORD_HEAD]
        out.update(map(_join, zip(p, p[1:], p[2:])))


def _ja_grams(f: str) -> set[str]:
    """Index grams of one Japanese field: bigrams of it after a space, its kanji
    one by one, and word-head trigrams of any ASCII in it (NPO, PTA …)."""
    p = f" {f}"  # no gram for a word's end: queries never ask for one
    grams = set(map(_add, p, p[1:]))
    grams.update(_KANJI_RE.findall(f))
    if not f.isascii() and _ASCII_RUN_RE.search(f) is None:
        return grams
    _word_grams(f, grams)
    return grams


def _en_grams(f: str) -> set[str]:
    """Index grams of one English field: word-head trigrams."""
    grams: set[str] = set()
    _word_grams(f, grams)
    return grams


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


class _NormCache(dict[str, str]):
    """Text → its normalised form, each distinct text normalised once."""

    def __missing__(self, key: str) -> str:
        value = self[key] = normalize(key).replace(_SEP, " ")
        return value


class _TokenIds(dict[str, int]):
    """Token → a new id on first sight, with an empty entry list in ``docs``."""

    def __init__(self, docs: list[list[int]]) -> None:
        super().__init__()
        self.docs = docs

    def __missing__(self, key: str) -> int:
        k = self[key] = len(self.docs)
        self.docs.append([])
        return k


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
        # the build makes millions of short-lived objects and no reference cycles:
        # the cyclic GC would only rescan them again and again
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            self._build(activities)
        finally:
            if gc_was_enabled:
                gc.enable()
        self._lock = threading.Lock()
        self._mask_cache: dict[str, int] = {}
        self._result_cache: OrderedDict[tuple[Any, ...], list[Match]] = OrderedDict()

    def _build(self, activities: Iterable[Activity]) -> None:
        norm = _NormCache()
        rows: list[tuple[int, Activity, str, str]] = []
        get = norm.__getitem__
        for a in activities:
            ja = _SEP.join(map(get, (a.title.ja, a.reading, *a.keywords_ja)))
            en = _SEP.join(map(get, (a.title.en, *a.keywords_en)))
            rows.append((len(ja) + len(en), a, ja, en))
        norm.clear()
        # shorter entries first: ties in candidate selection keep the shorter ones,
        # which the ratio term prefers anyway
        rows.sort(key=lambda r: r[0])
        self._acts: list[Activity] = [r[1] for r in rows]
        self._ja: list[str] = [r[2] for r in rows]
        self._en: list[str] = [r[3] for r in rows]
        self._ja_fold: list[str] = []
        for ja in self._ja:
            folded = fold(ja)
            self._ja_fold.append(ja if folded == ja else folded)
        self._ja_ascii = bytes(1 if has_ascii_letters(ja) else 0 for ja in self._ja)
        n = self._n = len(self._acts)
        self._all = (1 << n) - 1
        self._grams: dict[str, int | array[int]] = {}
        if n > CANDIDATES:  # smaller catalogs are scored whole: no index needed
            self._build_grams()
        self._field_masks = self._masks_of(lambda a: a.fields)
        self._actor_masks = self._masks_of(lambda a: a.actors)
        self._region_masks = self._masks_of(lambda a: a.regions)
        self._regions: list[tuple[int, ...]] = [
            tuple(_region_index(r) for r in a.regions) for a in self._acts
        ]

    @classmethod
    def from_catalog(cls, catalog: Catalog) -> Matcher:
        """A matcher over the catalog's activities, naming its fields and actors."""
        return cls(
            catalog.activities.values(),
            field_names={k: f.name for k, f in catalog.fields.items()},
            actor_names={k: a.name for k, a in catalog.actors.items()},
        )

    def __len__(self) -> int:
        return self._n

    def clear_caches(self) -> None:
        """Forget cached results and gram bitsets (for benchmarks; never needed)."""
        with self._lock:
            self._result_cache.clear()
            self._mask_cache.clear()

    # ----------------------------------------------------------------- index

    def _build_grams(self) -> None:
        """The gram index: gram → the entries holding it (a bitset or an id array).

        Japanese titles and readings are mostly unique: their grams are listed per
        entry. Keywords and English title words repeat across entries: each
        distinct one's grams are computed once and its entries OR-ed in, so the
        per-entry work stays small.
        """
        n = self._n
        unique: defaultdict[str, list[int]] = defaultdict(list)
        kw_docs: list[list[int]] = []
        ja_kw = _TokenIds(kw_docs)
        en_kw = _TokenIds(kw_docs)
        ja_id, en_id = ja_kw.__getitem__, en_kw.__getitem__
        for i, (ja, en) in enumerate(zip(self._ja, self._en)):
            ja_fields = ja.split(_SEP)
            en_fields = en.split(_SEP)
            doc = _ja_grams(ja_fields[0])
            doc |= _ja_grams(ja_fields[1])
            for gram in doc:
                unique[gram].append(i)
            for k in map(ja_id, ja_fields[2:]):
                kw_docs[k].append(i)
            # English title words repeat like keywords do: indexed the same way
            en_fields[0:1] = _ASCII_RUN_RE.findall(en_fields[0])
            for k in map(en_id, en_fields):
                kw_docs[k].append(i)
        gram_kws: defaultdict[str, list[int]] = defaultdict(list)
        for f, k in ja_kw.items():
            for gram in _ja_grams(f):
                gram_kws[gram].append(k)
        for f, k in en_kw.items():
            for gram in _en_grams(f):
                gram_kws[gram].append(k)
        del ja_kw, en_kw
        kw_masks: dict[int, int] = {}

        def kw_mask(k: int) -> int:
            m = kw_masks.get(k)
            if m is None:
                m = kw_masks[k] = _ids_to_mask(kw_docs[k], n)
            return m

        # a bitset costs n/8 bytes, an id array 4 per id: keep whichever is smaller
        small = n / 32
        for gram in unique.keys() | gram_kws.keys():
            ids = unique.get(gram, [])
            kws = gram_kws.get(gram, ())
            most = len(ids) + sum(len(kw_docs[k]) for k in kws)
            if most < small:  # few entries, however they overlap: an id array
                for k in kws:
                    ids = ids + kw_docs[k]
                self._grams[gram] = array("i", sorted(set(ids)) if kws else ids)
            elif not kws:
                self._grams[gram] = _ids_to_mask(ids, n)
            else:
                mask = _ids_to_mask(ids, n) if ids else 0
                for k in kws:
                    mask |= kw_mask(k)
                self._grams[gram] = mask

    def _masks_of(self, attr: Any) -> dict[str, int]:
        ids: dict[str, list[int]] = {}
        for i, a in enumerate(self._acts):
            for key in attr(a):
                ids.setdefault(key, []).append(i)
        return {k: _ids_to_mask(v, self._n) for k, v in ids.items()}

    def _mask(self, gram: str) -> int:
        entry = self._grams.get(gram)
        if entry is None:
            return 0
        if isinstance(entry, int):
            return entry
        with self._lock:
            cached = self._mask_cache.get(gram)
        if cached is not None:
            return cached
        mask = _ids_to_mask(entry, self._n)
        with self._lock:
            if len(self._mask_cache) > 4096:
                self._mask_cache.clear()
            self._mask_cache[gram] = mask
        return mask

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
            for i in self._top([self._mask(g) for g in grams], CANDIDATES, least):
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
                where = [j for j, i in enumerate(cand) if self._ja_ascii[i]]
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

    def _field_ratio(self, plan: _Plan, i: int) -> float:
        """The best plain ratio of a query form against one field (title, reading,
        one keyword): 100 for an exact keyword, less the more the lengths differ."""
        ja_fields = self._ja[i].split(_SEP)
        en_fields: list[str] | None = None
        fold_fields: list[str] | None = None
        best = 0.0
        for v in plan.variants:
            hit = process.extractOne(v, ja_fields, scorer=fuzz.ratio, score_cutoff=best)
            if hit is not None:
                best = hit[1]
            if v.isascii():
                if en_fields is None:
                    en_fields = self._en[i].split(_SEP)
                hit = process.extractOne(v, en_fields, scorer=fuzz.ratio, score_cutoff=best)
                if hit is not None:
                    best = hit[1]
            if _HIRA_RE.search(v):
                if fold_fields is None:
                    fold_fields = self._ja_fold[i].split(_SEP)
                hit = process.extractOne(fold(v), fold_fields, scorer=fuzz.ratio,
                                         score_cutoff=best)
                if hit is not None:
                    best = hit[1]
        return best

    def _text_bonus(self, plan: _Plan, i: int) -> tuple[float, list[_Hit]]:
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
                    if v == kw:
                        best, hit = 6.0, _Hit("keyword", "ja", v, k)
                        break
                    if len(v) >= 2 and v in kw and 3.0 > best:
                        best, hit = 3.0, _Hit("keyword", "ja", v, k)
                    elif (folded and fold_fields is not None
                          and folded == fold_fields[2 + k] and best < 4.0):
                        best, hit = 4.0, _Hit("keyword", "ja", v, k)
            if ascii_v and en_fields is not None and best < 6.0:
                for k, kw in enumerate(en_fields[1:]):
                    if kw and v == kw:
                        best, hit = 6.0, _Hit("keyword", "en", v, k)
                        break
                    if kw and 3.0 > best and _word_start(kw, v):
                        best, hit = 3.0, _Hit("keyword", "en", v, k)
        hits = [hit] if hit is not None else []
        if plan.words:
            ja_text, en_text = self._ja[i], self._en[i]
            found = tuple(w for w in plan.words
                          if w in ja_text or (w.isascii() and w in en_text))
            if found:
                best = max(best, 8.0 * len(found) / len(plan.words))
                hits.insert(0, _Hit("words", "", "", words=found))
        return best, hits[:2]

    def _reason(self, plan: _Plan, i: int, hit: _Hit) -> Reason:
        """The reason for a text hit, quoting the activity's own text."""
        a = self._acts[i]
        if hit.code == "title":
            lang: Lang = "ja" if hit.lang == "ja" else "en"
            return Reason("title", {"text": _display_hit(a.title.get(lang), hit.variant),
                                    "lang": lang})
        if hit.code == "reading":
            query = plan.raw.strip() if hit.variant != plan.variants[0] else hit.variant
            return Reason("reading", {"query": query, "kana": hit.variant})
        if hit.code == "keyword":
            words = a.keywords_ja if hit.lang == "ja" else a.keywords_en
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
                    text = s[al.dest_start:al.dest_end].strip()
                    if text and _SEP not in text:
                        best = (al.score, text)
        return Reason("similar", {"text": best[1]}) if best[0] >= 50 else None

    def _structure(self, i: int, fields: tuple[str, ...], position: float | None,
                   actor: str | None) -> tuple[float, float, float, list[Reason]]:
        """Field, position and actor fit of entry ``i`` (each 0–1), with reasons."""
        a = self._acts[i]
        reasons: list[Reason] = []
        f_fit = p_fit = a_fit = 0.0
        if fields:
            hits = [f for f in a.fields if f in fields]
            if hits:
                f_fit = min(1.0, 0.8 + 0.2 * len(hits))
                for f in hits[:2]:
                    reasons.append(Reason("field", self._names(f, self._field_names)))
        if position is not None and self._regions[i]:
            d, idx = min((abs(position - r), r) for r in self._regions[i])
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
        scored: list[tuple[float, int, float, list[_Hit]]] = []
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
            scored.append((total, i, text_score, hits))
        scored.sort(key=lambda t: (-t[0], t[1]))
        out: list[Match] = []
        for total, i, text_score, hits in scored[:limit]:
            reasons = [self._reason(plan, i, h) for h in hits]
            if not hits:
                sim = self._similar(plan, i)
                if sim is not None:
                    reasons.append(sim)
            if struct_weight:
                reasons += self._structure(i, fields, position, actor)[3]
            out.append(Match(self._acts[i], round(min(100.0, total), 1),
                             text_score < WEAK_BELOW, tuple(reasons)))
        return out

    def _search_structure(self, limit: int, fields: tuple[str, ...], position: float | None,
                          actor: str | None) -> list[Match]:
        masks: list[int] = []
        for f in fields:
            m = self._field_masks.get(f, 0)
            masks += [m, m]
        if actor:
            masks.append(self._actor_masks.get(actor, 0))
        if position is not None:
            for k, letter in enumerate(REGIONS):
                d = abs(position - k)
                if d < 1.5:
                    m = self._region_masks.get(letter, 0)
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
        return [Match(self._acts[i], round(s, 1), s < WEAK_STRUCTURE_BELOW, tuple(r))
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


def highlight_spans(text: str, query: str) -> list[tuple[int, int]]:
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

"""Load, merge and validate the catalog (see ``docs/catalog-format.md``).

The catalog is read from layers: the built-in catalog, the user catalog dir,
then each ``--catalog DIR`` in order. A later layer updates entries by id (the
keys it gives replace earlier ones), adds new ids, and removes an entry with
``disabled = true``. References are checked after merging.

Every problem is collected (never only the first) as a :class:`Problem` with the
file and the 1-based line of the offending entry or key. tomllib reports no
lines for values, so a small index of each file's table headers and ``key =``
lines is built from the text and consulted only when locating things.

Pure Python: no Textual, nothing heavy; each file is parsed once.
"""

from __future__ import annotations

import contextlib
import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from kyodo_tui.core import tomlfile
from kyodo_tui.core.errors import CatalogError, KyodoInputError, Problem, did_you_mean
from kyodo_tui.core.layers import (  # noqa: F401 - re-exported: part of this module's API
    BUILTIN_ENV,  # noqa: F401
    builtin_catalog_dir,
    catalog_key,
    catalog_layers,
)
from kyodo_tui.core.lazyre import lazy
from kyodo_tui.core.model import (
    LANGS,
    MUNICIPALITY_KINDS,
    PLACEHOLDERS,
    REGIONS,
    TRIAD,
    UNKNOWN,
    Activity,
    Actor,
    Catalog,
    Choice,
    Condition,
    Contact,
    CycleStep,
    Field,
    Form,
    Languages,
    Municipality,
    Principle,
    Question,
    Text,
    Viewpoint,
    Where,
    placeholders_in,
)
from kyodo_tui.core.plain import catalog_from_plain, catalog_to_plain, shown_path
from kyodo_tui.core.records import dataclass, field
from kyodo_tui.core.tomlfile import type_name

__all__ = [
    "KINDS",
    "MAX_QUESTIONS",
    "builtin_catalog_dir",
    "catalog_layers",
    "check_catalog",
    "load_catalog",
]

#: table names, in the order a summary lists them
KINDS: tuple[str, ...] = (
    "activity", "form", "field", "actor", "principle", "cycle", "viewpoint", "contact",
    "question",
)
#: a merged catalog must have between 1 and this many questions
MAX_QUESTIONS = 30
ID_RE = lazy(r"[a-z0-9][a-z0-9._-]*")
_READING_RE = lazy(r"[\u3041-\u3096\u309d\u309eー・ 　0-9]+")
_ID_ASSIGN_RE = lazy(r"\bid\s*=\s*[\"']([^\"']*)[\"']")
_BRACKET_LINE_RE = lazy(r"^[ \t]*\[.*$", re.MULTILINE)
_HEADER_RE = lazy(
    r"\s*(\[\[?)\s*([A-Za-z0-9_-]+(?:\s*\.\s*[A-Za-z0-9_-]+)*)\s*\]\]?\s*(?:#.*)?"
)

# --------------------------------------------------------------------------- layers


def load_catalog(
    extra: Sequence[Path] = (), include_user: bool = True, *, builtin: Path | None = None
) -> Catalog:
    """Load and merge every layer; raise :class:`CatalogError` listing every problem.

    A catalog that validated cleanly is remembered in the cache dir, keyed by every
    layer file's content (and this code's own files), so a headless command does not
    pay for validation again; ``check_catalog`` (``kyodo catalog check``) always validates.
    """
    layers = catalog_layers(extra, include_user, builtin=builtin)
    key = catalog_key(layers)
    if key is not None:
        cached = _cached_catalog(key, layers)
        if cached is not None:
            return cached
    catalog, problems = check_catalog(extra, include_user, builtin=builtin)
    if problems or catalog is None:
        raise CatalogError(problems or [Problem("catalog", 0, "the catalog could not be loaded")])
    if key is not None:
        _remember_catalog(key, catalog)
    return catalog


#: the cache folder of validated catalogs (plain data; see kyodo_tui.core.cache)
CATALOG_CACHE = "catalog-v2"


def _cached_catalog(key: str, layers: Sequence[Path]) -> Catalog | None:
    from kyodo_tui.core import cache

    data = cache.read(CATALOG_CACHE, key, check=False)  # the decoder checks every class name
    if not isinstance(data, dict):
        return None
    try:
        return catalog_from_plain(data, layers)
    except Exception:  # noqa: BLE001 - a malformed entry just means: load
        return None


def _remember_catalog(key: str, catalog: Catalog) -> None:
    from kyodo_tui.core import cache

    # the cache must never break loading
    with contextlib.suppress(Exception):
        cache.write(CATALOG_CACHE, key, catalog_to_plain(catalog))


def check_catalog(
    extra: Sequence[Path] = (), include_user: bool = True, *, builtin: Path | None = None
) -> tuple[Catalog | None, list[Problem]]:
    """Load and validate; return the catalog (None when there are problems) and all problems."""
    layers = catalog_layers(extra, include_user, builtin=builtin)
    loader = _Loader()
    for index, layer in enumerate(layers):
        loader.read_layer(layer, index, is_builtin=index == 0)
    return loader.finish(layers)


_PARSE_CACHE_VERSION = "2"


def _parse_cached(data: bytes, text: str) -> dict[str, Any]:
    """``tomllib.loads(text)``, remembered on disk by the file's content hash.

    tomllib is most of a headless command's start-up; a cached parse is read back
    as plain data (:mod:`kyodo_tui.core.cache`: never code, only the user's own
    files). Keyed by content; every failure falls back to parsing.
    """
    from kyodo_tui.core import cache

    kind = f"catalog-parse-v{_PARSE_CACHE_VERSION}"
    key = cache.digest(data)
    tables = cache.read(kind, key)
    if isinstance(tables, dict):
        return tables
    tables = _shipped_parse(key)
    if tables is not None:
        return tables
    import tomllib  # here: with every file's parse cached or shipped it is never imported

    tables = tomllib.loads(text)
    cache.write(kind, key, tables)  # refused (ValueError inside) for datetimes: no entry
    return tables


#: the built-in catalog's files parsed when the wheel was built (hatch_build.py)
_SHIPPED_PARSED = Path(__file__).resolve().parent.parent / "_catalog_parsed"


def _shipped_parse(key: str) -> dict[str, Any] | None:
    """The parse the wheel ships for a file whose bytes have digest ``key``, or None
    (a source checkout, another file). Plain data only, as a cache entry."""
    import marshal

    from kyodo_tui.core import cache

    try:
        tables = marshal.loads((_SHIPPED_PARSED / f"{key}.bin").read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return tables if isinstance(tables, dict) and cache.is_plain(tables) else None


_display = shown_path


# --------------------------------------------------------------------------- file index


class _FileIndex:
    """Table headers and ``key =`` lines of one TOML file, for locating problems."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        #: (1-based line, is array-of-tables, dotted name without spaces)
        self.headers: list[tuple[int, bool, str]] = []
        number, pos = 1, 0
        for found in _BRACKET_LINE_RE.finditer(text):
            number += text.count("\n", pos, found.start())
            pos = found.start()
            m = _HEADER_RE.fullmatch(found.group().rstrip("\r"))
            if m:
                name = m.group(2).replace(" ", "").replace("\t", "")
                self.headers.append((number, m.group(1) == "[[", name))
        self._header_lines = [h[0] for h in self.headers]
        self._arrays: dict[str, list[int]] = {}
        self._ids: dict[str, list[int]] | None = None
        for n, is_array, name in self.headers:
            if is_array:
                self._arrays.setdefault(name, []).append(n)

    def array_headers(self, name: str, start: int = 0, end: int | None = None) -> list[int]:
        """Lines of the ``[[name]]`` headers strictly between ``start`` and ``end``."""
        lines = self._arrays.get(name, [])
        lo = bisect_right(lines, start)
        hi = len(lines) if end is None else bisect_left(lines, end)
        return lines[lo:hi]

    def nth_array_header(self, name: str, n: int) -> int | None:
        """The line of the ``n``-th (0-based) ``[[name]]`` header, if there is one."""
        lines = self._arrays.get(name, [])
        return lines[n] if n < len(lines) else None

    def span_end(self, start: int, kind: str) -> int:
        """The line after the last one belonging to the entry whose header is at ``start``."""
        prefix = kind + "."
        headers = self.headers
        for i in range(bisect_right(self._header_lines, start), len(headers)):
            if not headers[i][2].startswith(prefix):
                return headers[i][0]
        return len(self.lines) + 1

    def own_end(self, start: int) -> int:
        """The first header after ``start`` (where the table's own keys stop)."""
        i = bisect_right(self._header_lines, start)
        return self.headers[i][0] if i < len(self.headers) else len(self.lines) + 1

    def find_key(self, key: str, start: int, own_end: int, end: int, table: str) -> int | None:
        """The line of ``key = `` between ``start`` and ``own_end``, or of ``[table.key]``."""
        pattern = re.compile(r"\s*(?:" + re.escape(key) + r"|\"" + re.escape(key) + r"\"|'"
                             + re.escape(key) + r"')\s*[=.]")
        for number in range(max(start, 1), min(own_end, len(self.lines) + 1)):
            if pattern.match(self.lines[number - 1]):
                return number
        sub = f"{table}.{key}"
        headers = self.headers
        for i in range(bisect_right(self._header_lines, start), len(headers)):
            n, _is_array, name = headers[i]
            if n >= end:
                break
            if name == sub or name.startswith(sub + "."):
                return n
        if own_end < end:  # e.g. inline arrays spanning several lines: look further
            for number in range(own_end, min(end, len(self.lines) + 1)):
                if pattern.match(self.lines[number - 1]):
                    return number
        return None

    def find_id(self, value: str, start: int = 1, end: int | None = None) -> int | None:
        stop = min(end if end is not None else len(self.lines) + 1, len(self.lines) + 1)
        for number in self._id_lines().get(value, ()):
            if max(start, 1) <= number < stop:
                return number
        return None

    def _id_lines(self) -> dict[str, list[int]]:
        """Every ``id = "…"`` in the file, value -> its lines (one scan, not one regex per id)."""
        if self._ids is None:
            self._ids = {}
            for number, line in enumerate(self.lines, 1):
                for m in _ID_ASSIGN_RE.finditer(line):
                    self._ids.setdefault(m.group(1), []).append(number)
        return self._ids


@dataclass(slots=True)
class _File:
    path: Path
    display: str
    layer: int
    text: str
    _index: _FileIndex | None = None

    @property
    def index(self) -> _FileIndex:
        if self._index is None:
            self._index = _FileIndex(self.text)
        return self._index


@dataclass(slots=True)
class _Raw:
    """One table as written in one layer's file."""

    kind: str
    data: dict[str, Any]
    file: _File
    n: int  # 0-based position among this file's tables of this kind
    _start: int | None = None
    _end: int = 0
    _own_end: int = 0

    def _span(self) -> tuple[int, int, int]:
        if self._start is None:
            idx = self.file.index
            header = idx.nth_array_header(self.kind, self.n)
            if header is not None:
                start = header
                self._end = idx.span_end(start, self.kind)
                self._own_end = idx.own_end(start)
            else:  # not written as [[kind]]: find its id
                ident = self.data.get("id")
                found = idx.find_id(ident) if isinstance(ident, str) else None
                start = found or 1
                self._end = len(idx.lines) + 1
                self._own_end = self._end
            self._start = start
        return self._start, self._own_end, self._end

    @property
    def line(self) -> int:
        return self._span()[0]

    @property
    def where(self) -> Where:
        return Where(self.file.display, self.line)

    def key_line(self, key: str) -> int:
        start, own_end, end = self._span()
        found = self.file.index.find_key(key, start, own_end, end, self.kind)
        return found or start

    def choice_line(self, m: int, choice_id: object, key: str | None = None) -> int:
        """The line of choice ``m`` (0-based) of this question, or of its ``key``."""
        start, own_end, end = self._span()
        idx = self.file.index
        heads = idx.array_headers(f"{self.kind}.choices", start, end)
        if m < len(heads):
            c_start = heads[m]
            c_own = idx.own_end(c_start)
            if key is None:
                return c_start
            return idx.find_key(key, c_start, c_own, c_own, "choices") or c_start
        # inline choices: find `id = "choice"` after the `choices =` line
        base = idx.find_key("choices", start, own_end, end, self.kind) or start
        if isinstance(choice_id, str):
            found = idx.find_id(choice_id, base, end)
            if found:
                return found
        return base

    def ident(self) -> str:
        value = self.data.get("id")
        return value if isinstance(value, str) else "?"


@dataclass(slots=True)
class _Merged:
    """An entry after merging layers: its data and, per key, the table that set it."""

    kind: str
    id: str
    data: dict[str, Any]
    src: dict[str, _Raw]
    first: _Raw
    bad: set[str] = field(default_factory=set)

    def key_line(self, key: str) -> tuple[str, int]:
        raw = self.src.get(key, self.first)
        return raw.file.display, raw.key_line(key)


# --------------------------------------------------------------------------- value checks

Check = Callable[[Any], list[str]]


def _is_number(value: object) -> bool:
    return (
        isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    )


def _c_str(value: Any) -> list[str]:
    return [] if isinstance(value, str) else [f"must be a string, not {type_name(value)}"]


def _c_bool(value: Any) -> list[str]:
    return [] if isinstance(value, bool) else [f"must be true or false, not {type_name(value)}"]


def _c_int(value: Any) -> list[str]:
    if isinstance(value, int) and not isinstance(value, bool):
        return []
    return [f"must be an integer, not {type_name(value)}"]


#: the largest weight a catalog may give (weights are shares and boosts around 1)
MAX_WEIGHT = 100


def _weight_problem(value: Any) -> str | None:
    if isinstance(value, float) and not math.isfinite(value):
        return f"must be a finite number, not {value}"
    if not _is_number(value):
        return f"must be a number, not {type_name(value)}"
    if value < 0:
        return f"must not be negative (got {value})"
    if value > MAX_WEIGHT:
        return f"must be at most {MAX_WEIGHT} (got {value:g})"
    return None


def _c_weight(value: Any) -> list[str]:
    problem = _weight_problem(value)
    return [] if problem is None else [problem]


def _c_id(value: Any) -> list[str]:
    if not isinstance(value, str):
        return [f"must be a string id, not {type_name(value)}"]
    if not ID_RE.fullmatch(value):
        return [f"{value!r} is not a valid id (lower-case ASCII: [a-z0-9][a-z0-9._-]*)"]
    return []


def _c_ids(value: Any) -> list[str]:
    if not isinstance(value, list):
        return [f"must be an array of ids, not {type_name(value)}"]
    out: list[str] = []
    for item in value:
        out.extend(_c_id(item))
    seen: set[str] = set()
    for item in value:
        if isinstance(item, str):
            if item in seen:
                out.append(f"{item!r} is listed twice")
            seen.add(item)
    return out


def _nonempty(check: Check) -> Check:
    def inner(value: Any) -> list[str]:
        out = check(value)
        if not out and not value:
            out.append("must not be empty")
        return out

    return inner


#: a language code: ``ja``, ``pt``, ``ja-easy``, ``zh-Hans`` (BCP 47-like)
LANG_CODE_RE = lazy(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")
_LANG_LABELS = {"ja": "Japanese", "en": "English"}


def _c_text(value: Any) -> list[str]:
    """A text: ``{ ja = "…", en = "…" }`` plus any other language's string.

    A text with neither ja nor en only adds languages to an earlier layer's text
    (a translation layer); whether each language is declared and whether the
    required ones are there is checked after merging (:meth:`_Loader._check_languages`).
    """
    if not isinstance(value, dict):
        return [f'must be a text {{ ja = "…", en = "…" }}, not {type_name(value)}']
    out: list[str] = []
    if "ja" in value or "en" in value:
        for lang, label in _LANG_LABELS.items():
            if lang not in value:
                out.append(f"missing translation: no {label} ({lang})")
            elif not isinstance(value[lang], str):
                out.append(f"{lang} must be a string, not {type_name(value[lang])}")
            elif not value[lang].strip():
                out.append(f"missing translation: the {label} ({lang}) text is empty")
    elif not value:
        out.append("missing translation: the text is empty (no ja, no en)")
    for key, text in value.items():
        if key in _LANG_LABELS:
            continue
        if not LANG_CODE_RE.fullmatch(key):
            out.append(f"unknown language {key!r} (a language code like ja, en, pt, ja-easy)")
        elif not isinstance(text, str):
            out.append(f"{key} must be a string, not {type_name(text)}")
    return out


def _c_texts(value: Any) -> list[str]:
    if not isinstance(value, list):
        return [f"must be an array of texts, not {type_name(value)}"]
    out: list[str] = []
    for i, item in enumerate(value, 1):
        out.extend(f"item {i}: {msg}" for msg in _c_text(item))
    return out


def _c_reading(value: Any) -> list[str]:
    if not isinstance(value, str):
        return [f"must be a string, not {type_name(value)}"]
    if not _READING_RE.fullmatch(value):
        bad = sorted({ch for ch in value if not _READING_RE.fullmatch(ch)}) if value else []
        shown = "".join(bad)[:10]
        return [f"{value!r} is not a hiragana reading"
                + (f" (not allowed: {shown})" if shown else " (empty)")]
    return []


def _c_source(value: Any) -> list[str]:
    if isinstance(value, str):
        return [] if value.strip() else ["must not be empty"]
    if isinstance(value, list):
        if not value:
            return ["must not be empty"]
        if all(isinstance(v, str) and v.strip() for v in value):
            return []
        return ["must be a list of non-empty strings"]
    return [f"must be a file name or a list of them, not {type_name(value)}"]


def _c_letters(value: Any) -> list[str]:
    if not isinstance(value, list):
        return [f"must be an array of region letters, not {type_name(value)}"]
    out: list[str] = []
    for item in value:
        if not isinstance(item, str) or item not in REGIONS:
            out.append(f"unknown region letter {item!r} (A–E)")
    if not value:
        out.append("must list at least one region letter")
    return out


def _enum(*allowed: str) -> Check:
    def inner(value: Any) -> list[str]:
        if isinstance(value, str) and value in allowed:
            return []
        options = ", ".join(f'"{a}"' for a in allowed)
        return [f"must be one of {options}, not {value!r}"]

    return inner


def _c_help_for(value: Any) -> list[str]:
    """``help_for = { government = { ja = "...", en = "..." } }``: help by actor id."""
    if not isinstance(value, dict):
        return [f"must be a table of actor id = text, not {type_name(value)}"]
    out: list[str] = []
    for key, text in value.items():
        out.extend(f"{key!r}: {msg}" for msg in _c_id(key))
        out.extend(f"{key!r}: {msg}" for msg in _c_text(text))
    return out


#: the keys of ``[municipality]`` (docs/catalog-format.md)
def _c_whole_text(value: Any) -> list[str]:
    """A text that stands alone: it has ja and en (not only added languages)."""
    out = _c_text(value)
    if not out and "ja" not in value and "en" not in value:
        out.append("missing translation: no Japanese (ja) and no English (en)")
    return out


MUNICIPALITY_SCHEMA: dict[str, Check] = {
    "name": _c_whole_text,
    "kind": lambda v: _enum(*MUNICIPALITY_KINDS)(v),
    "office": _c_whole_text,
}


def _c_keywords(value: Any) -> list[str]:
    """``{ ja = [...], en = [...] }`` plus any other language's words (``pt = [...]``)."""
    if not isinstance(value, dict):
        return [f"must be a table {{ ja = [...], en = [...] }}, not {type_name(value)}"]
    out: list[str] = []
    if "ja" in value or "en" in value or not value:
        for lang, label in _LANG_LABELS.items():
            words = value.get(lang)
            if words is None:
                out.append(f"missing translation: no {label} ({lang}) keywords")
            elif not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                out.append(f"{lang} must be an array of strings")
            elif not any(w.strip() for w in words):
                out.append(f"missing translation: the {label} ({lang}) keywords are empty")
    for key, words in value.items():
        if key in _LANG_LABELS:
            continue
        if not LANG_CODE_RE.fullmatch(key):
            out.append(f"unknown language {key!r} (a language code like ja, en, pt, ja-easy)")
        elif not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            out.append(f"{key} must be an array of strings")
    return out


def _c_triad_sum(value: Any) -> list[str]:
    """An activity's triad: non-negative self/mutual/public summing to 1 (±0.01)."""
    out = _c_weights(TRIAD, "triad key")(value)
    if out:
        return out
    total = sum(value.values())
    if abs(total - 1.0) > 0.01:
        out.append(f"weights must sum to 1 (±0.01), they sum to {total:g}")
    return out


def _c_weights(allowed: Sequence[str] | None, what: str) -> Check:
    """A table of non-negative weights, keys from ``allowed`` (None: any id)."""

    def inner(value: Any) -> list[str]:
        if not isinstance(value, dict):
            return [f"must be a table of weights, not {type_name(value)}"]
        out: list[str] = []
        for key, weight in value.items():
            if allowed is not None and key not in allowed:
                if what == "region":
                    out.append(f"unknown region letter {key!r} (A–E)")
                else:
                    out.append(f"unknown {what} {key!r} (expected {', '.join(allowed)})")
            elif allowed is None:
                out.extend(_c_id(key))
            problem = _weight_problem(weight)
            if problem is not None:
                out.append(f"{key}: weight {problem}")
        return out

    return inner


def _c_show_if(value: Any) -> list[str]:
    if not isinstance(value, dict):
        return [f'must be a table {{ question = "id", any_of = [...] }}, not {type_name(value)}']
    out: list[str] = []
    if "question" not in value:
        out.append("missing key 'question'")
    else:
        out.extend(f"question: {m}" for m in _c_id(value["question"]))
    if "any_of" not in value:
        out.append("missing key 'any_of'")
    else:
        any_of = value["any_of"]
        out.extend(f"any_of: {m}" for m in _nonempty(_c_ids)(any_of))
    for key in value:
        if key not in ("question", "any_of"):
            out.append(f"unknown key {key!r} (show_if has question and any_of)")
    return out


def _c_choices(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        return [f"must be an array of tables ([[question.choices]]), not {type_name(value)}"]
    return []  # each choice is checked on its own, with its own lines


@dataclass(frozen=True, slots=True)
class _Key:
    check: Check
    required: bool = True
    #: for references: the kind this key's ids point at
    ref: str | None = None
    #: what texts the value holds: "one" text, a "list" of them, a "map" id -> text,
    #: "words" (keywords per language); "" for none
    texts: str = ""


_TEXT = _Key(_c_text, texts="one")
_READING = _Key(_c_reading)
_SOURCE = _Key(_c_source)
_ID = _Key(_c_id)

SCHEMA: dict[str, dict[str, _Key]] = {
    "field": {
        "id": _ID, "name": _TEXT, "reading": _READING,
        "kind": _Key(_enum("field", "theme")), "description": _TEXT, "source": _SOURCE,
    },
    "actor": {
        "id": _ID, "name": _TEXT, "kind": _Key(_enum("individual", "group", "government")),
        "description": _TEXT, "roles": _Key(_nonempty(_c_texts), texts="list"),
        "effects": _Key(_c_texts, required=False, texts="list"), "source": _SOURCE,
    },
    "form": {
        "id": _ID, "name": _TEXT, "reading": _READING, "regions": _Key(_c_letters),
        "leads": _TEXT, "description": _TEXT, "citizens_bring": _TEXT,
        "government_brings": _TEXT, "effect": _TEXT, "cautions": _TEXT,
        "responsibility": _TEXT, "actors": _Key(_nonempty(_c_ids), ref="actor"),
        "source": _SOURCE,
    },
    "principle": {"id": _ID, "name": _TEXT, "description": _TEXT, "source": _SOURCE},
    "cycle": {
        "id": _ID, "order": _Key(_c_int), "stage": _TEXT, "name": _TEXT,
        "description": _TEXT, "source": _SOURCE,
    },
    "viewpoint": {"id": _ID, "name": _TEXT, "description": _TEXT, "source": _SOURCE},
    "contact": {
        "id": _ID, "name": _TEXT, "description": _TEXT,
        "phone": _Key(_c_str, required=False), "email": _Key(_c_str, required=False),
        "url": _Key(_c_str, required=False), "source": _SOURCE,
    },
    "activity": {
        "id": _ID, "title": _TEXT, "reading": _READING,
        "keywords": _Key(_c_keywords, texts="words"),
        "description": _TEXT, "fields": _Key(_nonempty(_c_ids), ref="field"),
        "regions": _Key(_c_letters), "triad": _Key(_c_triad_sum),
        "actors": _Key(_nonempty(_c_ids), ref="actor"),
        "forms": _Key(_c_ids, required=False, ref="form"), "source": _SOURCE,
    },
    "question": {
        "id": _ID, "order": _Key(_c_int), "kind": _Key(_enum("single", "multi", "text")),
        "prompt": _TEXT, "help": _Key(_c_text, required=False, texts="one"),
        "allow_unknown": _Key(_c_bool, required=False),
        "weight": _Key(_c_weight, required=False),
        "show_if": _Key(_c_show_if, required=False),
        "match": _Key(_c_bool, required=False),
        "choices": _Key(_c_choices, required=False),
        "help_for": _Key(_c_help_for, required=False, ref="actor", texts="map"),
    },
}

CHOICE_SCHEMA: dict[str, _Key] = {
    "id": _ID,
    "label": _TEXT,
    "regions": _Key(_c_weights(REGIONS, "region"), required=False),
    "triad": _Key(_c_weights(TRIAD, "triad key"), required=False),
    "actor": _Key(_c_id, required=False, ref="actor"),
    "fields": _Key(_c_ids, required=False, ref="field"),
    "forms": _Key(_c_weights(None, "form"), required=False, ref="form"),
    "principles": _Key(_c_ids, required=False, ref="principle"),
    "cycle": _Key(_c_id, required=False, ref="cycle"),
    "exclusive": _Key(_c_bool, required=False),
}

_KIND_WORDS = {
    "field": "field", "actor": "actor", "form": "form", "principle": "principle",
    "cycle": "cycle step", "viewpoint": "viewpoint", "contact": "contact",
    "activity": "activity", "question": "question",
}


# --------------------------------------------------------------------------- the loader


class _Loader:
    def __init__(self) -> None:
        self.problems: list[tuple[int, Problem]] = []
        self.merged: dict[str, dict[str, _Merged]] = {k: {} for k in KINDS}
        #: ids removed with disabled = true: kind -> id -> the table that disabled it
        self.disabled: dict[str, dict[str, _Raw]] = {k: {} for k in KINDS}
        self.layer = 0
        self.entry_count = 0
        #: [municipality] merged over the layers: key -> (value, file, line)
        self.municipality: dict[str, tuple[Any, str, int]] = {}
        self._municipality_files: dict[int, str] = {}
        self._muni = Municipality()
        #: [languages] merged over the layers (see _read_languages)
        self.lang_codes: list[str] = list(LANGS)
        self.lang_required: list[str] = list(LANGS)
        self.lang_fallback: dict[str, tuple[str, ...]] = {}
        self.lang_required_in: dict[str, tuple[str, ...]] = {}
        self.lang_names: dict[str, str] = {}
        #: the last layer that required each language (required or required_in): a
        #: requirement covers the texts of that layer and the layers before it, not a
        #: later layer's new texts (they fall back, and the coverage report shows them)
        self.lang_req_layer: dict[str, int] = {}
        #: where each [languages] value was last set: (key, code or "") -> (file, line, layer)
        self.lang_where: dict[tuple[str, str], tuple[str, int, int]] = {}
        self._languages_files: dict[int, str] = {}

    # -- reporting

    def add(self, path: str, line: int, message: str, layer: int | None = None) -> None:
        self.problems.append((self.layer if layer is None else layer, Problem(path, line, message)))

    def at_key(self, raw: _Raw, key: str | None, message: str) -> None:
        line = raw.key_line(key) if key else raw.line
        self.add(raw.file.display, line, message, raw.file.layer)

    def at_merged(self, entry: _Merged, key: str | None, message: str) -> None:
        if key is None:
            self.add(entry.first.file.display, entry.first.line, message, entry.first.file.layer)
        else:
            raw = entry.src.get(key, entry.first)
            self.add(raw.file.display, raw.key_line(key), message, raw.file.layer)

    # -- reading

    def read_layer(self, layer: Path, index: int, *, is_builtin: bool) -> None:
        self.layer = index
        shown = _display(layer)
        if not layer.exists():
            self.add(shown, 0, "catalog directory does not exist")
            return
        if not layer.is_dir():
            self.add(shown, 0, "not a directory (a catalog is a directory of *.toml files)")
            return
        files = sorted(p for p in layer.rglob("*.toml") if p.is_file())
        seen: dict[tuple[str, str], _Raw] = {}
        before = self.entry_count
        unreadable = False
        for path in files:
            loaded = self._read_file(path, index)
            if loaded is None:
                unreadable = True
            else:
                self._read_tables(loaded, seen)
        if is_builtin and self.entry_count == before and not unreadable:
            self.add(shown, 0, "no catalog entries found (expected [[...]] tables in *.toml "
                               "files)")

    def _read_file(self, path: Path, layer: int) -> tuple[_File, dict[str, Any]] | None:
        shown = _display(path)
        try:
            data = tomlfile.read_bytes(path, shown, limits=tomlfile.CATALOG)
            text = tomlfile.decode(data, shown)
            if layer > 0:  # the built-in layer ships with the code; a test keeps it in bounds
                tomlfile.scan(text, shown, limits=tomlfile.CATALOG)
        except KyodoInputError as exc:
            for problem in exc.problems:
                self.add(problem.path, problem.line, problem.message)
            return None
        try:
            tables = _parse_cached(data, text)
        except (ValueError, RecursionError, MemoryError) as exc:  # a net behind scan()
            import tomllib

            if isinstance(exc, tomllib.TOMLDecodeError):  # a ValueError
                problem = tomlfile.syntax_problem(exc, shown, text)
                self.add(problem.path, problem.line, problem.message)
                return None
            self.add(shown, 0, f"the file is too complex to read ({type(exc).__name__})")
            return None
        file = _File(path, shown, layer, text)
        return file, tables

    def _read_tables(self, loaded: tuple[_File, dict[str, Any]],
                     seen: dict[tuple[str, str], _Raw]) -> None:
        file, tables = loaded
        for name, value in tables.items():
            if name == "municipality":
                self._read_municipality(file, value)
                continue
            if name == "languages":
                self._read_languages(file, value)
                continue
            if name not in SCHEMA:
                line = _top_level_line(file, name)
                hint = did_you_mean(name, SCHEMA)
                self.add(file.display, line, f"unknown table [[{name}]]{hint}; "
                         f"known: {', '.join(f'[[{k}]]' for k in KINDS)}")
                continue
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                line = _top_level_line(file, name)
                self.add(file.display, line,
                         f"{name} must be an array of tables: write [[{name}]], not [{name}]")
                continue
            for n, data in enumerate(value):
                self.entry_count += 1
                self._read_entry(_Raw(name, data, file, n), seen)

    def _read_municipality(self, file: _File, value: Any) -> None:
        """``[municipality]``: the town's name and kind, once per layer; a later
        layer's keys replace an earlier one's."""
        header = _top_level_line(file, "municipality")
        if not isinstance(value, dict):
            self.add(file.display, header,
                     "municipality must be one table: write [municipality], not "
                     "[[municipality]]")
            return
        first = self._municipality_files.get(file.layer)
        if first is not None:
            self.add(file.display, header, f"[municipality] is set twice in this layer "
                                           f"(first in {first})")
            return
        self._municipality_files[file.layer] = file.display
        lines = file.index.lines
        for key, item in value.items():
            line = header
            pattern = re.compile(r"\s*" + re.escape(key) + r"\s*=")
            for number in range(header, len(lines) + 1):
                if pattern.match(lines[number - 1]):
                    line = number
                    break
            check = MUNICIPALITY_SCHEMA.get(key)
            if check is None:
                self.add(file.display, line, f"municipality: unknown key {key!r}"
                         f"{did_you_mean(key, MUNICIPALITY_SCHEMA)} (known: "
                         f"{', '.join(MUNICIPALITY_SCHEMA)})")
                continue
            messages = check(item)
            for message in messages:
                self.add(file.display, line, f"municipality: {key}: {message}")
            if not messages:
                self.municipality[key] = (item, file.display, line)

    def _read_languages(self, file: _File, value: Any) -> None:  # noqa: C901 - one check per field of the [languages] table
        """``[languages]``: the catalog's languages, once per layer. A later layer adds
        codes and required languages, and replaces a language's chain, kinds or name."""
        header = _top_level_line(file, "languages")
        if not isinstance(value, dict):
            self.add(file.display, header, "languages must be one table: write [languages], "
                                           "not [[languages]]")
            return
        first = self._languages_files.get(file.layer)
        if first is not None:
            self.add(file.display, header, f"[languages] is set twice in this layer "
                                           f"(first in {first})")
            return
        self._languages_files[file.layer] = file.display
        lines = file.index.lines

        def line_of(key: str, sub: str = "") -> int:
            if sub:  # [languages.fallback] table, or fallback = { pt = [...] }
                head = f"languages.{key}"
                start = next((n for n, _a, h in file.index.headers if h == head), None)
                pattern = re.compile(r"\s*[\"']?" + re.escape(sub) + r"[\"']?\s*=")
                for number in range(start or header, len(lines) + 1):
                    if pattern.match(lines[number - 1]):
                        return number
            pattern = re.compile(r"\s*" + re.escape(key) + r"\s*[=.]")
            for number in range(header, len(lines) + 1):
                if pattern.match(lines[number - 1]):
                    return number
            for n, _a, h in file.index.headers:
                if h == f"languages.{key}":
                    return n
            return header

        def problem(key: str, message: str, sub: str = "") -> None:
            self.add(file.display, line_of(key, sub), f"languages: {key}: {message}")

        def codes(key: str, items: Any, sub: str = "") -> list[str] | None:
            if not isinstance(items, list) or not all(isinstance(c, str) for c in items):
                problem(key, f"must be an array of language codes, not {type_name(items)}", sub)
                return None
            bad = [c for c in items if not LANG_CODE_RE.fullmatch(c)]
            for c in bad:
                problem(key, f"{c!r} is not a language code (like ja, en, pt, ja-easy, vi)",
                        sub)
            return None if bad else items

        def where(key: str, sub: str = "") -> None:
            self.lang_where[(key, sub)] = (file.display, line_of(key, sub), file.layer)

        for key, item in value.items():
            if key in ("codes", "required"):
                got = codes(key, item)
                if got is not None:
                    target = self.lang_codes if key == "codes" else self.lang_required
                    target.extend(c for c in got if c not in target)
                    if key == "required":
                        self.lang_req_layer.update(dict.fromkeys(got, file.layer))
                    where(key)
            elif key in ("fallback", "required_in", "names"):
                if not isinstance(item, dict):
                    problem(key, f"must be a table (language code = ...), not {type_name(item)}")
                    continue
                for code, sub in item.items():
                    if not LANG_CODE_RE.fullmatch(code):
                        problem(key, f"{code!r} is not a language code", code)
                        continue
                    if key == "names":
                        if isinstance(sub, str) and sub.strip():
                            self.lang_names[code] = sub.strip()
                            where(key, code)
                        else:
                            problem(key, f"{code}: must be a non-empty string", code)
                        continue
                    if key == "fallback":
                        got = codes(key, sub, code)
                        if got is not None:
                            self.lang_fallback[code] = tuple(c for c in got if c != code)
                            where(key, code)
                        continue
                    kinds = (*KINDS, "municipality")
                    if not isinstance(sub, list) or not all(isinstance(k, str) for k in sub):
                        problem(key, f"{code}: must be an array of entry kinds", code)
                        continue
                    wrong = [k for k in sub if k not in kinds]
                    for k in wrong:
                        problem(key, f"{code}: unknown kind {k!r}{did_you_mean(k, kinds)} "
                                     f"(known: {', '.join(kinds)})", code)
                    if not wrong:
                        self.lang_required_in[code] = tuple(sub)
                        self.lang_req_layer[code] = file.layer
                        where(key, code)
            else:
                known = ("codes", "required", "fallback", "required_in", "names")
                problem(key, f"unknown key {key!r}{did_you_mean(key, known)} "
                             f"(known: {', '.join(known)})")

    def _languages(self) -> Languages:
        return Languages(codes=tuple(self.lang_codes), required=tuple(self.lang_required),
                         fallback=dict(self.lang_fallback),
                         required_in=dict(self.lang_required_in), names=dict(self.lang_names))

    def _check_language_table(self) -> None:
        """Every language the table names is declared in ``codes``."""
        declared = set(self.lang_codes)
        hint = ", ".join(self.lang_codes)
        for (key, sub), (path, line, layer) in self.lang_where.items():
            named: list[str] = []
            if key == "required":
                named = self.lang_required
            elif key == "fallback":
                named = [sub, *self.lang_fallback.get(sub, ())]
            elif key in ("required_in", "names"):
                named = [sub]
            for code in dict.fromkeys(named):
                if code not in declared:
                    self.add(path, line, f"languages: {key}: {code!r} is not declared in "
                                         f"codes (declared: {hint})", layer)

    def _check_languages(self) -> None:  # noqa: C901 - every kind of text, one walk
        """Every text's languages are declared, and the required ones are there."""
        declared = set(self.lang_codes)
        languages = self._languages()
        hint = ", ".join(self.lang_codes)
        hinted: set[str] = set()

        def check(text: Any, required: Sequence[str], report: Callable[[str], None],
                  words: bool = False, layer: int = 0) -> None:
            if not isinstance(text, dict):
                return
            required = [lang for lang in required
                        if lang in LANGS or self.lang_req_layer.get(lang, -1) >= layer]
            for lang in text:
                if lang not in declared:
                    report(f"unknown language {lang!r} (declared: {hint}; a new language "
                           f"is added to [languages] codes)")
            if words:
                return
            for lang in required:
                value = text.get(lang)
                if not (isinstance(value, str) and value.strip()):
                    label = _LANG_LABELS.get(lang) or languages.native_name(lang)
                    what = "no" if value is None else "an empty"
                    report(f"missing translation: {what} {label} ({lang}) text "
                           f"(required in every {_KIND_WORDS.get(kind, kind)})")
                    if lang not in LANGS and lang not in languages.required:
                        hinted.add(lang)

        for kind in KINDS:
            word = _KIND_WORDS[kind]
            required = languages.required_for(kind)
            for entry in self.merged[kind].values():
                for key, value in entry.data.items():
                    spec = SCHEMA[kind].get(key)
                    if spec is None or not spec.texts:
                        continue

                    # called at once inside the loop: the defaults bind this turn's values
                    def report(message: str, key: str = key, prefix: str = "",
                               entry: Any = entry, word: str = word) -> None:
                        self.at_merged(entry, key, f"{word} {entry.id!r}: {key}: "
                                                   f"{prefix}{message}")

                    layer = entry.src.get(key, entry.first).file.layer
                    if spec.texts in ("one", "words"):
                        check(value, required, report, words=spec.texts == "words",
                              layer=layer)
                    elif spec.texts == "list" and isinstance(value, list):
                        for i, item in enumerate(value, 1):
                            check(item, required,
                                  lambda m, i=i: report(m, prefix=f"item {i}: "), layer=layer)
                    elif spec.texts == "map" and isinstance(value, dict):
                        for sub, item in value.items():
                            check(item, required,
                                  lambda m, sub=sub: report(m, prefix=f"{sub!r}: "),
                                  layer=layer)
                if kind == "question" and isinstance(entry.data.get("choices"), list):
                    raw = entry.src["choices"]
                    for m, choice in enumerate(entry.data["choices"]):
                        cid = choice.get("id")

                        def at_label(message: str, m: int = m, cid: Any = cid, raw: Any = raw,
                                     entry: Any = entry) -> None:
                            self.add(raw.file.display, raw.choice_line(m, cid, "label"),
                                     f"question {entry.id!r}: choice {cid!r}: label: "
                                     f"{message}", raw.file.layer)

                        check(choice.get("label"), required, at_label, layer=raw.file.layer)
        kind = "municipality"
        layers = {shown: layer for layer, shown in self._municipality_files.items()}
        for key in ("name", "office"):
            if key in self.municipality:
                value, path, line = self.municipality[key]
                check(value, languages.required_for("municipality"),
                      lambda m, key=key, path=path, line=line: self.add(
                          path, line, f"municipality: {key}: {m}"), layer=layers.get(path, 0))
        for lang in sorted(hinted):  # say once how to let such texts fall back instead
            path, line, layer = self.lang_where.get(("required_in", lang), ("catalog", 0, 0))
            self.add(path, line, f"languages: required_in: {lang}: the texts above need "
                                 f"{lang}; translate them, or take their kind out of "
                                 f"required_in.{lang} so they fall back to "
                                 f"{' then '.join(languages.chain(lang)[1:]) or 'ja'}",
                     layer)

    def _municipality(self) -> Municipality:
        d = {k: v for k, (v, _f, _l) in self.municipality.items()}
        return Municipality(name=_text(d["name"]) if "name" in d else None,
                            kind=d.get("kind", ""),
                            office=_text(d["office"]) if "office" in d else None)

    def _check_placeholders(self) -> None:
        """Every ``{word}`` in a text must be one the catalog fills in ({town}, {office})."""
        known = set(PLACEHOLDERS)

        def bad_words(value: Any) -> list[str]:
            out: list[str] = []
            if isinstance(value, dict) and ("ja" in value or "en" in value):
                for text in value.values():
                    if isinstance(text, str) and "{" in text:  # most texts have none
                        out.extend(w for w in placeholders_in(text) if w not in known)
            elif isinstance(value, dict):
                for inner in value.values():
                    out.extend(bad_words(inner))
            elif isinstance(value, list):
                for inner in value:
                    if isinstance(inner, dict) and ("ja" in inner or "en" in inner):
                        out.extend(bad_words(inner))
            return out

        hint = " or ".join("{" + p + "}" for p in PLACEHOLDERS)
        for kind in KINDS:
            word = _KIND_WORDS[kind]
            for entry in self.merged[kind].values():
                for key, value in entry.data.items():
                    if key == "choices":
                        continue
                    for bad in dict.fromkeys(bad_words(value)):
                        self.at_merged(entry, key, f"{word} {entry.id!r}: {key}: unknown "
                                       f"placeholder {{{bad}}} (known: {hint})")
                if kind == "question" and "choices" in entry.data:
                    raw = entry.src["choices"]
                    for m, choice in enumerate(entry.data["choices"]):
                        for bad in dict.fromkeys(bad_words(choice.get("label"))):
                            self.add(raw.file.display,
                                     raw.choice_line(m, choice.get("id"), "label"),
                                     f"question {entry.id!r}: choice {choice.get('id')!r}: "
                                     f"label: unknown placeholder {{{bad}}} (known: {hint})",
                                     raw.file.layer)

    def _read_entry(self, raw: _Raw, seen: dict[tuple[str, str], _Raw]) -> None:  # noqa: C901 - one entry of any kind, field by field
        kind, data = raw.kind, raw.data
        word = _KIND_WORDS[kind]
        schema = SCHEMA[kind]
        if "id" not in data:
            self.at_key(raw, None, f"{word}: missing required key 'id'")
            return
        bad_id = _c_id(data["id"])
        if bad_id:
            self.at_key(raw, "id", f"{word} id: {bad_id[0]}")
            return
        ident: str = data["id"]
        label = f"{word} {ident!r}"
        first = seen.get((kind, ident))
        if first is not None:
            self.at_key(raw, "id", f"duplicate {word} id {ident!r} in this layer "
                                   f"(first at {first.where})")
            return
        seen[(kind, ident)] = raw

        disabled = data.get("disabled", False)
        if not isinstance(disabled, bool):
            self.at_key(raw, "disabled", f"{label}: disabled must be true or false, "
                                         f"not {type_name(disabled)}")
            disabled = False
        if disabled:
            if self.merged[kind].pop(ident, None) is None:
                self.at_key(raw, "disabled", f"{label}: disabled, but no earlier layer "
                                             f"defines it (a typo in the id?)")
            self.disabled[kind][ident] = raw
            return

        good: dict[str, Any] = {}
        bad: set[str] = set()
        for key, value in data.items():
            if key == "disabled":
                continue
            spec = schema.get(key)
            if spec is None:
                self.at_key(raw, key, f"{label}: unknown key {key!r}"
                                      f"{did_you_mean(key, schema)}")
                continue
            messages = spec.check(value)
            for message in messages:
                self.at_key(raw, key, f"{label}: {key}: {message}")
            if messages:
                bad.add(key)
            else:
                good[key] = value
        if (kind == "question" and "choices" in good
                and not self._check_choices(raw, label, good["choices"])):
            bad.add("choices")
            del good["choices"]

        entry = self.merged[kind].get(ident)
        keep_src: set[str] = set()
        for key in list(good):
            old = entry.data.get(key) if entry is not None else None
            merged = self._translation(raw, label, key, good[key], old)
            if merged is None:
                bad.add(key)
                del good[key]
            else:
                if key == "choices" and merged is not good[key]:
                    keep_src.add(key)  # translated labels: the choices stay where they were
                good[key] = merged
        if entry is None:
            self.disabled[kind].pop(ident, None)  # re-added after a removal
            entry = _Merged(kind, ident, {}, {}, raw)
            self.merged[kind][ident] = entry
        for key, value in good.items():
            entry.data[key] = value
            if key not in keep_src:
                entry.src[key] = raw
            entry.bad.discard(key)
        entry.bad |= bad

    def _translation(self, raw: _Raw, label: str, key: str, value: Any, old: Any) -> Any:
        """``value`` for ``key``, merged with an earlier layer's ``old`` value when it only
        adds languages (a translation layer: a text or keywords without ja and en, or
        choices giving only ``id`` and a label without ja and en). A text that has ja or
        en is a new text and replaces the old one with all its languages. None: a problem
        (reported)."""
        spec = SCHEMA[raw.kind].get(key)
        if spec is not None and spec.texts in ("one", "words"):
            if not isinstance(value, dict) or "ja" in value or "en" in value:
                return value
            if isinstance(old, dict):
                return {**old, **value}
            self.at_key(raw, key, f"{label}: {key}: a text without ja and en only adds "
                                  f"languages to an earlier layer's text, and there is none")
            return None
        if key == "choices" and isinstance(value, list) and isinstance(old, list) and value \
                and all(isinstance(c, dict) and set(c) <= {"id", "label"}
                        and isinstance(c.get("label"), dict)
                        and "ja" not in c["label"] and "en" not in c["label"] for c in value):
            labels = {c["id"]: c["label"] for c in value}
            known = {c.get("id") for c in old}
            for m, c in enumerate(value):
                if c["id"] not in known:
                    self.add(raw.file.display, raw.choice_line(m, c["id"], "id"),
                             f"{label}: choice {c['id']!r}: no such choice to translate"
                             f"{did_you_mean(c['id'], [k for k in known if k])}",
                             raw.file.layer)
                    return None
            return [dict(c, label={**c["label"], **labels[c["id"]]}) if c.get("id") in labels
                    else c for c in old]
        return value

    def _check_choices(self, raw: _Raw, label: str, choices: list[dict[str, Any]]) -> bool:
        ok = True
        seen: dict[str, int] = {}
        for m, choice in enumerate(choices):
            cid = choice.get("id")
            where = f"choice {cid!r}" if isinstance(cid, str) else f"choice {m + 1}"
            for key, required_spec in CHOICE_SCHEMA.items():
                if required_spec.required and key not in choice:
                    self.add(raw.file.display, raw.choice_line(m, cid),
                             f"{label}: {where}: missing required key {key!r}", raw.file.layer)
                    ok = False
            for key, value in choice.items():
                spec = CHOICE_SCHEMA.get(key)
                line = raw.choice_line(m, cid, key)
                if spec is None:
                    self.add(raw.file.display, line, f"{label}: {where}: unknown key {key!r}"
                             f"{did_you_mean(key, CHOICE_SCHEMA)}", raw.file.layer)
                    ok = False
                    continue
                for message in spec.check(value):
                    self.add(raw.file.display, line, f"{label}: {where}: {key}: {message}",
                             raw.file.layer)
                    ok = False
            if isinstance(cid, str):
                if cid == UNKNOWN:
                    self.add(raw.file.display, raw.choice_line(m, cid, "id"),
                             f"{label}: choice id 'unknown' is reserved for 「分からない」 "
                             f"(use allow_unknown instead)", raw.file.layer)
                    ok = False
                elif cid in seen:
                    self.add(raw.file.display, raw.choice_line(m, cid, "id"),
                             f"{label}: duplicate choice id {cid!r} (first is choice "
                             f"{seen[cid] + 1})", raw.file.layer)
                    ok = False
                else:
                    seen[cid] = m
        return ok

    # -- after merging

    def finish(self, layers: Sequence[Path]) -> tuple[Catalog | None, list[Problem]]:
        self.layer = 0
        for kind in KINDS:
            for entry in self.merged[kind].values():
                self._check_required(entry)
                self._check_refs(entry)
        self._check_orders("cycle")
        self._check_orders("question")
        self._check_questions(layers)
        self._check_placeholders()
        self._check_language_table()
        self._check_languages()
        rank = {p.path: layer for layer, p in self.problems}
        problems = [p for _layer, p in sorted(
            self.problems, key=lambda lp: (rank[lp[1].path], lp[1].path, lp[1].line))]
        if problems:
            return None, problems
        return self._build(layers), []

    def _check_required(self, entry: _Merged) -> None:
        word = _KIND_WORDS[entry.kind]
        for key, spec in SCHEMA[entry.kind].items():
            if spec.required and key not in entry.data and key not in entry.bad:
                self.at_merged(entry, None, f"{word} {entry.id!r}: missing required key {key!r}")

    def _ref_problem(self, kind: str, ident: str) -> str | None:
        if ident in self.merged[kind]:
            return None
        word = _KIND_WORDS[kind]
        off = self.disabled[kind].get(ident)
        if off is not None:
            return f"refers to {word} {ident!r}, which is disabled at {off.where}"
        return f"refers to unknown {word} {ident!r}{did_you_mean(ident, self.merged[kind])}"

    def _check_refs(self, entry: _Merged) -> None:
        word = _KIND_WORDS[entry.kind]
        for key, spec in SCHEMA[entry.kind].items():
            if spec.ref is None or key not in entry.data:
                continue
            for ident in entry.data[key]:
                message = self._ref_problem(spec.ref, ident)
                if message:
                    self.at_merged(entry, key, f"{word} {entry.id!r}: {key}: {message}")
        if entry.kind == "question" and "choices" in entry.data:
            raw = entry.src["choices"]
            for m, choice in enumerate(entry.data["choices"]):
                for key, value in choice.items():
                    spec = CHOICE_SCHEMA[key]
                    if spec.ref is None:
                        continue
                    ids = [value] if isinstance(value, str) else list(value)
                    for ident in ids:
                        message = self._ref_problem(spec.ref, ident)
                        if message:
                            self.add(raw.file.display, raw.choice_line(m, choice["id"], key),
                                     f"question {entry.id!r}: choice {choice['id']!r}: "
                                     f"{key}: {message}", raw.file.layer)

    def _check_orders(self, kind: str) -> None:
        word = _KIND_WORDS[kind]
        seen: dict[int, _Merged] = {}
        for entry in self.merged[kind].values():
            order = entry.data.get("order")
            if not isinstance(order, int):
                continue
            first = seen.get(order)
            if first is not None:
                path, line = first.key_line("order")
                self.at_merged(entry, "order", f"{word} {entry.id!r}: order {order} is also "
                               f"used by {word} {first.id!r} ({path}:{line})")
            else:
                seen[order] = entry

    def _check_questions(self, layers: Sequence[Path]) -> None:  # noqa: C901 - one validator: a check per question field, each its own message
        questions = self.merged["question"]
        count = len(questions)
        if not 1 <= count <= MAX_QUESTIONS and self.entry_count:
            where = _display(layers[0]) if layers else "catalog"
            self.add(where, 0, f"the merged catalog has {count} questions "
                               f"(1 to {MAX_QUESTIONS} are allowed)")
        if not self.merged["activity"] and self.entry_count:
            where = _display(layers[0]) if layers else "catalog"
            self.add(where, 0, "the merged catalog has no activities")
        orders = {qid: q.data.get("order") for qid, q in questions.items()}
        reachable: dict[str, bool] = {}

        def is_reachable(qid: str, trail: tuple[str, ...] = ()) -> bool:
            if qid in reachable:
                return reachable[qid]
            if qid in trail:
                return False
            cond = questions[qid].data.get("show_if")
            result = True
            if cond is not None:
                target = cond["question"]
                result = (
                    target in questions
                    and _before(orders.get(target), orders.get(qid))
                    and _condition_valid(questions[target], cond["any_of"])
                    and is_reachable(target, (*trail, qid))
                )
            reachable[qid] = result
            return result

        for qid, entry in questions.items():
            data = entry.data
            kind = data.get("kind")
            choices = data.get("choices", [])
            label = f"question {qid!r}"
            if kind in ("single", "multi") and "choices" not in entry.bad and len(choices) < 2:
                self.at_merged(entry, "choices" if choices else None,
                               f"{label}: a {kind} question needs at least two choices "
                               f"(has {len(choices)})")
            if kind == "text":
                if choices:
                    self.at_merged(entry, "choices", f"{label}: a text question has no choices")
                if data.get("allow_unknown"):
                    self.at_merged(entry, "allow_unknown",
                                   f"{label}: allow_unknown applies to single/multi questions")
            elif "match" in data and kind is not None:
                self.at_merged(entry, "match", f"{label}: match applies to text questions only")
            if kind == "single" and isinstance(choices, list) and any(
                    isinstance(c, dict) and c.get("exclusive") for c in choices):
                self.at_merged(entry, "choices", f"{label}: exclusive applies to the choices "
                               "of multi questions (a single choice always stands alone)")
            cond = data.get("show_if")
            if cond is None:
                continue
            target = cond["question"]
            if target == qid:
                self.at_merged(entry, "show_if", f"{label}: show_if refers to itself")
                continue
            if target not in questions:
                message = self._ref_problem("question", target) or ""
                self.at_merged(entry, "show_if", f"{label}: show_if: {message}; "
                               "the question can never be shown")
                continue
            t_entry = questions[target]
            if not _before(orders.get(target), orders.get(qid)):
                self.at_merged(entry, "show_if", f"{label}: show_if refers to question "
                               f"{target!r}, which is not asked before it (order "
                               f"{orders.get(target)} vs {orders.get(qid)}); "
                               "the question can never be shown")
                continue
            t_kind = t_entry.data.get("kind")
            if t_kind == "text":
                self.at_merged(entry, "show_if", f"{label}: show_if refers to text question "
                               f"{target!r}; only single/multi answers can be tested")
                continue
            t_ids = {c.get("id") for c in t_entry.data.get("choices", [])}
            if t_entry.data.get("allow_unknown", True):
                t_ids.add(UNKNOWN)
            missing = [c for c in cond["any_of"] if c not in t_ids]
            for choice_id in missing:
                self.at_merged(entry, "show_if", f"{label}: show_if: question {target!r} has "
                               f"no choice {choice_id!r}{did_you_mean(choice_id, t_ids)}")
            if missing and len(missing) == len(cond["any_of"]):
                continue
            if not is_reachable(target):
                self.at_merged(entry, "show_if", f"{label}: can never be shown: it depends on "
                               f"question {target!r}, which itself can never be shown")

    # -- building

    def _t(self, value: dict[str, str]) -> Text:
        """A catalog text with the town's words put in ({town}, {office})."""
        return self._muni.fill(_text(value))

    def _build(self, layers: Sequence[Path]) -> Catalog:
        m = self.merged
        self._muni = self._municipality()

        def where(e: _Merged) -> Where:
            return e.first.where

        fields = {
            i: Field(i, self._t(d["name"]), d["reading"], d["kind"], self._t(d["description"]),
                     _source(d["source"]), where(e))
            for i, e in m["field"].items() for d in (e.data,)
        }
        actors = {
            i: Actor(i, self._t(d["name"]), d["kind"], self._t(d["description"]),
                     tuple(self._t(t) for t in d["roles"]),
                     tuple(self._t(t) for t in d.get("effects", [])), _source(d["source"]),
                     where(e))
            for i, e in m["actor"].items() for d in (e.data,)
        }
        forms = {
            i: Form(i, self._t(d["name"]), d["reading"], tuple(d["regions"]), self._t(d["leads"]),
                    self._t(d["description"]), self._t(d["citizens_bring"]),
                    self._t(d["government_brings"]), self._t(d["effect"]), self._t(d["cautions"]),
                    self._t(d["responsibility"]), tuple(d["actors"]), _source(d["source"]),
                    where(e))
            for i, e in m["form"].items() for d in (e.data,)
        }
        principles = {
            i: Principle(i, self._t(d["name"]), self._t(d["description"]), _source(d["source"]),
                         where(e))
            for i, e in m["principle"].items() for d in (e.data,)
        }
        cycle = tuple(sorted(
            (CycleStep(i, d["order"], self._t(d["stage"]), self._t(d["name"]),
                       self._t(d["description"]), _source(d["source"]), where(e))
             for i, e in m["cycle"].items() for d in (e.data,)),
            key=lambda s: s.order,
        ))
        viewpoints = {
            i: Viewpoint(i, self._t(d["name"]), self._t(d["description"]), _source(d["source"]),
                         where(e))
            for i, e in m["viewpoint"].items() for d in (e.data,)
        }
        contacts = {
            i: Contact(i, self._t(d["name"]), self._t(d["description"]), d.get("phone", ""),
                       d.get("email", ""), d.get("url", ""), _source(d["source"]), where(e))
            for i, e in m["contact"].items() for d in (e.data,)
        }
        activities = {
            i: Activity(
                i, self._t(d["title"]), d["reading"],
                tuple(w for w in d["keywords"]["ja"] if w.strip()),
                tuple(w for w in d["keywords"]["en"] if w.strip()),
                self._t(d["description"]), tuple(d["fields"]), tuple(d["regions"]),
                tuple(float(d["triad"].get(k, 0.0)) for k in TRIAD),  # type: ignore[arg-type]
                tuple(d["actors"]), tuple(d.get("forms", [])), _source(d["source"]), where(e),
                tuple((k, tuple(w for w in words if w.strip()))
                      for k, words in d["keywords"].items() if k not in LANGS),
            )
            for i, e in m["activity"].items() for d in (e.data,)
        }
        questions = tuple(sorted(
            (self._question(e) for e in m["question"].values()), key=lambda q: q.order
        ))
        return Catalog(
            fields=fields, actors=actors, forms=forms, principles=principles, cycle=cycle,
            viewpoints=viewpoints, contacts=contacts, activities=activities,
            questions=questions, layers=tuple(str(p) for p in layers),
            municipality=self._muni, languages=self._languages(),
        )

    def _question(self, entry: _Merged) -> Question:
        d = entry.data
        kind = d["kind"]
        choices: list[Choice] = []
        raw = entry.src.get("choices")
        for m, c in enumerate(d.get("choices", [])):
            line = raw.choice_line(m, c["id"]) if raw is not None else entry.first.line
            choices.append(Choice(
                id=c["id"], label=self._t(c["label"]),
                regions={k: float(v) for k, v in c.get("regions", {}).items()},
                triad={k: float(v) for k, v in c.get("triad", {}).items()},
                actor=c.get("actor"), fields=tuple(c.get("fields", [])),
                forms={k: float(v) for k, v in c.get("forms", {}).items()},
                principles=tuple(c.get("principles", [])), cycle=c.get("cycle"),
                exclusive=bool(c.get("exclusive", False)),
                where=Where(raw.file.display if raw is not None else entry.first.file.display,
                            line),
            ))
        cond = d.get("show_if")
        return Question(
            id=entry.id, order=d["order"], kind=kind, prompt=self._t(d["prompt"]),
            help=self._t(d["help"]) if "help" in d else Text("", ""),
            choices=tuple(choices),
            allow_unknown=bool(d.get("allow_unknown", kind != "text")) and kind != "text",
            weight=float(d.get("weight", 1.0)),
            show_if=Condition(cond["question"], tuple(cond["any_of"])) if cond else None,
            match=bool(d.get("match", True)) if kind == "text" else False,
            where=entry.first.where,
            help_for={k: self._t(v) for k, v in d.get("help_for", {}).items()},
        )


def _before(a: object, b: object) -> bool:
    return isinstance(a, int) and isinstance(b, int) and a < b


def _condition_valid(target: _Merged, any_of: Sequence[str]) -> bool:
    if target.data.get("kind") == "text":
        return False
    ids = {c.get("id") for c in target.data.get("choices", [])}
    if target.data.get("allow_unknown", True):
        ids.add(UNKNOWN)
    return any(c in ids for c in any_of)


def _top_level_line(file: _File, name: str) -> int:
    idx = file.index
    for n, _is_array, header in idx.headers:
        if header == name or header.startswith(name + "."):
            return n
    pattern = re.compile(r"\s*" + re.escape(name) + r"\s*[=.]")
    for number, line in enumerate(idx.lines, 1):
        if pattern.match(line):
            return number
    return 1


def _text(value: dict[str, str]) -> Text:
    """A catalog text: ja and en, then every other language written (not empty)."""
    return Text(value["ja"].strip(), value["en"].strip(),
                tuple((k, v.strip()) for k, v in value.items() if k not in LANGS and v.strip()))


def _source(value: str | list[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


# --------------------------------------------------------------------------- coverage

#: the catalog attribute of each kind, in the order a coverage report lists them
_KIND_ATTRS: tuple[tuple[str, str], ...] = (
    ("question", "questions"), ("form", "forms"), ("actor", "actors"),
    ("principle", "principles"), ("cycle", "cycle"), ("field", "fields"),
    ("viewpoint", "viewpoints"), ("contact", "contacts"), ("activity", "activities"),
)


def _texts_in(value: Any, out: list[Text]) -> None:
    """Every non-empty :class:`Text` inside a model object (choices, roles ... too)."""
    t = type(value)
    if t is Text:
        if value.ja or value.en:
            out.append(value)
    elif t is tuple or t is list:
        for v in value:
            _texts_in(v, out)
    elif t is dict:
        for v in value.values():
            _texts_in(v, out)
    elif t is not Where and hasattr(t, "__slots__") and hasattr(t, "__dataclass_fields__"):
        for name in t.__slots__:
            _texts_in(getattr(value, name), out)


def text_coverage(catalog: Catalog) -> dict[str, dict[str, tuple[int, int]]]:
    """Per declared language, per kind of entry: (texts written in it, texts)."""
    per_kind: dict[str, list[Text]] = {}
    for kind, attr in _KIND_ATTRS:
        texts: list[Text] = []
        _texts_in(getattr(catalog, attr), texts)
        per_kind[kind] = texts
    return {
        lang: {kind: (sum(1 for t in texts if t.has(lang)), len(texts))
               for kind, texts in per_kind.items()}
        for lang in catalog.languages.codes
    }


def coverage_lines(catalog: Catalog) -> list[str]:
    """``kyodo catalog check``'s report: one line per language, e.g.
    ``pt (Português): 812/1530 texts (53%), required in question, form ...;
    not yet: activity 0/690 (falls back to en)``."""
    languages = catalog.languages
    out: list[str] = []
    for lang, kinds in text_coverage(catalog).items():
        have = sum(h for h, _t in kinds.values())
        total = sum(t for _h, t in kinds.values())
        pct = 100 * have // total if total else 100
        line = f"{lang} ({languages.native_name(lang)}): {have}/{total} texts ({pct}%)"
        if lang in languages.required:
            line += ", required"
        elif languages.required_in.get(lang):
            line += f", required in {', '.join(languages.required_in[lang])}"
        gaps = [f"{k} {h}/{t}" for k, (h, t) in kinds.items() if h < t]
        if gaps:
            after = languages.chain(lang)[1:]
            line += f"; not yet: {', '.join(gaps)}"
            if after:
                line += f" (falls back to {after[0]})"
        out.append(line)
    return out

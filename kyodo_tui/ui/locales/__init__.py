"""The app's own UI strings, one TOML file per language (``ja.toml``, ``en.toml``,
``ja-easy.toml``, ``pt.toml`` beside this module). No Textual, no markup handling.

A file has one table per string table of the app (``[app]``, ``[results]``,
``[browse]``, ``[kiosk]``, ``[intake]``, ``[workshop]``, ``[officer]``,
``[widgets]``); each entry is ``"key" = "text"``. Translators edit these files
only (docs/translating.md). ``ja.toml`` is the source: it defines which keys exist.

:func:`text` looks a key up in a language and, when the language has no text for
it yet, along :func:`kyodo_tui.core.langs.chain` (やさしい日本語 -> 日本語 -> English,
Português -> English -> 日本語). UI chrome is not marked when it falls back (a marker
would break a button's width); a test keeps every declared language complete, and
:func:`resolve` tells a caller which language it got, should it want to mark it.
A key that no language has is a bug: ``KeyError``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from functools import cache
from importlib import resources
from typing import Any

from kyodo_tui.core.langs import LANG_CODES, chain

#: the string tables, one per part of the app (a TOML table in every file)
TABLES: tuple[str, ...] = ("app", "results", "browse", "widgets", "kiosk", "intake",
                           "workshop", "officer")
#: the language that defines the keys
SOURCE_LANG = "ja"


class LocaleError(ValueError):
    """A locale file that cannot be read: names the file and the problem."""


def file_name(lang: str) -> str:
    return f"{lang}.toml"


@cache
def load(lang: str) -> dict[str, dict[str, str]]:
    """Every table of ``lang``'s file (empty if the language has no file)."""
    res = resources.files(__name__).joinpath(file_name(lang))
    if not res.is_file():
        return {}
    name = f"kyodo_tui/ui/locales/{file_name(lang)}"
    try:
        data: dict[str, Any] = tomllib.loads(res.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise LocaleError(f"{name}: {exc}") from exc
    out: dict[str, dict[str, str]] = {}
    for table, entries in data.items():
        if table == "meta":
            continue
        if not isinstance(entries, dict):
            raise LocaleError(f"{name}: [{table}] must be a table of \"key\" = \"text\"")
        for key, value in entries.items():
            if not isinstance(value, str):
                raise LocaleError(f"{name}: [{table}] {key!r} must be a string")
        out[table] = dict(entries)
    return out


def meta(lang: str) -> dict[str, Any]:
    """The ``[meta]`` table of ``lang``'s file (its name, status)."""
    res = resources.files(__name__).joinpath(file_name(lang))
    if not res.is_file():
        return {}
    data = tomllib.loads(res.read_text(encoding="utf-8"))
    return dict(data.get("meta", {}))


def resolve(table: str, key: str, lang: str) -> tuple[str, str]:
    """``(text, language it came from)`` for ``key``, along ``lang``'s fallback chain.

    An empty string counts as not written. ``KeyError`` if no language has it.
    """
    for code in chain(lang):
        found = load(code).get(table, {}).get(key)
        if found:
            return found, code
    raise KeyError(f"{table}.{key}")


def text(table: str, key: str, lang: str) -> str:
    """The text of ``key`` in ``table`` for ``lang`` (falling back along its chain)."""
    return resolve(table, key, lang)[0]


def keys(table: str) -> tuple[str, ...]:
    """The keys ``table`` has (those of the source language's file)."""
    return tuple(load(SOURCE_LANG).get(table, {}))


def missing(lang: str) -> list[str]:
    """``table.key`` of every source key ``lang``'s own file lacks or leaves empty."""
    own = load(lang)
    return [f"{table}.{key}" for table in TABLES for key in keys(table)
            if not own.get(table, {}).get(key)]


class UIText:
    """One UI string in every language, looked up when asked (``.get(lang)``).

    Shaped like the catalog's ``Text`` (``.ja``, ``.en``, ``.get``) so the tables that
    held ``Text`` objects keep working.
    """

    __slots__ = ("table", "key")

    def __init__(self, table: str, key: str) -> None:
        self.table = table
        self.key = key

    def get(self, lang: str) -> str:
        return text(self.table, self.key, lang)

    @property
    def ja(self) -> str:
        return self.get("ja")

    @property
    def en(self) -> str:
        return self.get("en")

    def __iter__(self) -> Iterator[str]:
        """``ja, en = entry`` (the tables used to hold (ja, en) pairs)."""
        return iter((self.ja, self.en))

    def __getitem__(self, index: int) -> str:
        """``entry[0]`` is the Japanese, ``entry[1]`` the English (as the old pairs)."""
        return (self.ja, self.en)[index]

    def __len__(self) -> int:
        return 2

    def __eq__(self, other: object) -> bool:
        if isinstance(other, UIText):
            return (self.table, self.key) == (other.table, other.key)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.table, self.key))

    def __repr__(self) -> str:
        return f"UIText({self.table!r}, {self.key!r})"


class Table(Mapping[str, UIText]):
    """A string table as a read-only mapping ``key -> UIText`` (``key in table`` works)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __getitem__(self, key: str) -> UIText:
        if key not in load(SOURCE_LANG).get(self.name, {}):
            raise KeyError(key)
        return UIText(self.name, key)

    def __iter__(self) -> Iterator[str]:
        return iter(keys(self.name))

    def __len__(self) -> int:
        return len(keys(self.name))


def table(name: str) -> Table:
    """The string table ``name``."""
    if name not in TABLES:
        raise KeyError(name)
    return Table(name)


def declared() -> tuple[str, ...]:
    """The languages the app declares (every one must have a complete file)."""
    return LANG_CODES

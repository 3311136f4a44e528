"""Every UI string of workshop mode, Japanese first, English always.

Like :mod:`kyodo_tui.ui.strings` (which workshop screens fall back to), a key
maps to ``(ja, en)``; ``t(key, lang)`` looks it up and a missing key raises
``KeyError`` (a test walks every key). These strings are ours; a user's or the
catalog's text is never interpolated into markup: screens build ``Content``.

Projected to a room: few words, no East-Asian-ambiguous glyphs (no ``…``, ``※``,
``○``, ``→``, ``±``); the middle dot ``・`` and full-width ``／`` are wide, safe.
"""

from __future__ import annotations

from kyodo_tui.ui import locales
from kyodo_tui.ui import strings as base_strings

#: the table (kyodo_tui/ui/locales/*.toml, [workshop])
STRINGS = locales.table("workshop")


def t(key: str, lang: str) -> str:
    """The workshop string ``key`` in ``lang``; falls back to the app's strings."""
    if key not in STRINGS:
        return base_strings.t(key, lang)
    return locales.text("workshop", key, lang)


def has(key: str) -> bool:
    """True for a key of this module or of the app's strings."""
    return key in STRINGS or key in base_strings.STRINGS

"""Every UI string of the app's own chrome, in every language of core.langs.

The texts live in kyodo_tui/ui/locales/<lang>.toml, table ``[app]`` (translators
edit those files, not this module).

Catalog texts (questions, activities, forms, ...) come from the catalog; this
module holds only the app's own chrome. ``t(key, lang)`` looks a key up; a
missing key is a bug and raises ``KeyError`` (a test walks every key).

These strings are ours, so they may be used as Textual markup where a screen
needs it; never interpolate a user's or the catalog's text into them, use
``Content`` objects for that.
"""

from __future__ import annotations

from kyodo_tui.ui import locales

#: the table (kyodo_tui/ui/locales/*.toml, [app]): key -> text in every language
STRINGS = locales.table("app")


def t(key: str, lang: str = "ja") -> str:
    """The UI string ``key`` in ``lang`` (any code of core.langs; falls back along its chain)."""
    return locales.text("app", key, lang)

"""The intake mode's UI strings (受付・記録・引き継ぎ・二者比較), in every language
(kyodo_tui/ui/locales/*.toml, ``[intake]``).

The same pattern as :mod:`kyodo_tui.ui.strings`: ``t(key, lang)``; a missing key
raises ``KeyError`` (a test walks every key). These are our own strings: never
interpolate a person's or the catalog's text into them as markup; the screens
build ``Content`` objects for that (``str.format`` on plain text is fine).
No East-Asian-ambiguous glyphs (→ … ※ ○ ± ×) in here: CJK terminals draw them wide.
"""

from __future__ import annotations

from kyodo_tui.ui import locales

#: the table (kyodo_tui/ui/locales/*.toml, [intake])
STRINGS = locales.table("intake")


def t(key: str, lang: str = "ja") -> str:
    """The intake UI string ``key`` in ``lang`` (falls back along core.langs.chain)."""
    return locales.text("intake", key, lang)

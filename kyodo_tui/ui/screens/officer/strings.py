"""The officer screen's own UI strings, in every language.

Read from kyodo_tui/ui/locales/*.toml, table ``[officer]``; ``t(key, lang)``.

Our own strings only: a person's or the catalog's text is never formatted in as
markup (the screen builds ``Content`` for that). No East-Asian-ambiguous glyphs.
"""

from __future__ import annotations

from kyodo_tui.ui import locales

#: the table (kyodo_tui/ui/locales/*.toml, [officer])
STRINGS = locales.table("officer")


def t(key: str, lang: str = "ja") -> str:
    return locales.text("officer", key, lang)

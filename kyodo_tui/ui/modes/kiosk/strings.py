"""Kiosk mode's own UI strings, Japanese first and English always.

The core's bilingual texts (「まだ使っていますか？」, the apology, the closed
notice, the PIN guard's messages, the printer's messages) are used as they
are; what only the kiosk screens say is here. No East-Asian-ambiguous glyphs
(… ※ ○ → “ ”) in these strings: they are UI chrome.
"""

from __future__ import annotations

from kyodo_tui.core.model import Lang, Text
from kyodo_tui.ui import locales

#: the table (kyodo_tui/ui/locales/*.toml, [kiosk]): key -> UIText (``.get(lang)``)
S = locales.table("kiosk")


def t(key: str, lang: Lang | str, **params: object) -> str:
    """The kiosk string ``key`` in ``lang`` (``str.format``-ed with params)."""
    text = locales.text("kiosk", key, lang)
    return text.format(**params) if params else text


def bi(text: Text, lang: Lang | str) -> str:
    """A core :class:`Text` (or a :class:`UIText`) in ``lang``."""
    return text.get(lang)  # type: ignore[arg-type]

"""The languages kyodo speaks, and the order each falls back in. No Textual, no I/O.

A language code is one of :data:`LANG_CODES`. Text that is not written yet in
a language is looked up along :func:`chain` (やさしい日本語 falls back to
standard Japanese, Portuguese to English, then Japanese); whoever shows a
fallback should mark it as such.

Both the UI string tables and the catalog use these codes; a catalog may
declare its own languages and chains on top (see docs/catalog-format.md).
"""

from __future__ import annotations

#: every language the app itself is written in, in the order the switch offers them
LANG_CODES: tuple[str, ...] = ("ja", "en", "ja-easy", "pt")

#: where each language looks when a text is missing, itself first
FALLBACK: dict[str, tuple[str, ...]] = {
    "ja": ("ja", "en"),
    "en": ("en", "ja"),
    "ja-easy": ("ja-easy", "ja", "en"),
    "pt": ("pt", "en", "ja"),
}

#: each language named in itself (for buttons and the switch)
NATIVE_NAMES: dict[str, str] = {
    "ja": "日本語",
    "en": "English",
    "ja-easy": "やさしい にほんご",
    "pt": "Português",
}


def chain(lang: str) -> tuple[str, ...]:
    """The fallback order for ``lang``; an unknown code falls back like English."""
    return FALLBACK.get(lang, (lang, "en", "ja"))


def normalize(lang: object, default: str = "ja") -> str:
    """``lang`` if it is one of :data:`LANG_CODES`, else ``default``."""
    return lang if isinstance(lang, str) and lang in LANG_CODES else default


def base_lang(lang: str) -> str:
    """"ja" or "en": what a text written only in Japanese and English shows for ``lang``
    (the first of the two on its chain)."""
    return next((code for code in chain(lang) if code in ("ja", "en")), "ja")


def is_japanese(lang: str) -> bool:
    """Whether ``lang`` is a form of Japanese (double-width text, Japanese catalog words)."""
    return lang == "ja" or lang.startswith("ja-")

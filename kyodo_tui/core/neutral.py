"""Making text from users and files safe for where it is written. Pure Python, no Textual.

Three sinks, three functions:

- a **terminal** (warnings, ``sessions list``): :func:`printable` shows every
  control character (C0, C1, DEL) and every bidirectional or invisible format
  character (U+202E and friends) as U+FFFD, so a file name or a value from the
  data dir cannot move the cursor, rewrite the screen or reorder what is shown;
- a **spreadsheet** (CSV export): :func:`csv_cell` puts a ``'`` before any cell
  a spreadsheet could run as a formula: one whose first visible character
  (after spaces, full-width spaces, tabs and line breaks) is ``= + - @`` or
  their full-width forms ``＝ ＋ － ＠``, or that starts with a tab, CR or LF.
  Plain numbers (``-0.25``) are left as they are;
- **Markdown** (exports, ``sessions show``): :func:`md_inline` and
  :func:`md_block_line` keep user text literal: ``< > &`` become entities (no
  raw HTML, no ``<script>``, no ``<img onerror>``, no autolink), ``[ ]`` are
  escaped (no ``[x](javascript:…)`` link or image), and a line cannot start a
  heading, quote, list, table, fence or rule.
"""

from __future__ import annotations

import re

__all__ = ["csv_cell", "md_block_line", "md_inline", "one_line", "printable"]

_REPLACEMENT = "\ufffd"
#: format characters that change how text is ordered or hidden on screen
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                  "\u2066\u2067\u2068\u2069")


_UNSAFE = "\x00-\x1f\x7f-\x9f" + "".join(sorted(_BIDI))
_UNSAFE_RES: dict[str, re.Pattern[str]] = {}


def printable(text: object, keep: str = "\n\t") -> str:
    """``text`` with control and bidi characters (but those in ``keep``) shown as U+FFFD."""
    s = str(text)
    if s.isprintable() and not any(ch in _BIDI for ch in s):
        return s  # the common case, in C
    pattern = _UNSAFE_RES.get(keep)
    if pattern is None:
        kept = "".join(re.escape(ch) for ch in keep)
        body = f"[{_UNSAFE}]" if not kept else f"(?![{kept}])[{_UNSAFE}]"
        pattern = _UNSAFE_RES[keep] = re.compile(body)
    return pattern.sub(_REPLACEMENT, s)


def one_line(text: object) -> str:
    """:func:`printable` on one line: line breaks and tabs become spaces."""
    return printable(str(text).replace("\r\n", " ").replace("\n", " ").replace("\t", " "),
                     keep="")


# ------------------------------------------------------------------ CSV

_FORMULA = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
_LEADING_SPACE = " \u3000\u00a0\t\r\n\v\f"
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def csv_cell(value: object) -> str:
    """``value`` as a CSV cell no spreadsheet runs as a formula (see the module doc)."""
    s = "" if value is None else str(value)
    if not s:
        return s
    if s[0] in "\t\r\n":
        return "'" + s
    visible = s.lstrip(_LEADING_SPACE)
    if visible and visible[0] in _FORMULA and not _NUMBER.fullmatch(s):
        return "'" + s
    return s


# ------------------------------------------------------------------ Markdown

_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "[": "\\[", "]": "\\]",
                       "\\": "\\\\", "`": "\\`"})
#: what a line may not start with: heading, quote (escaped already), list, table, fence, rule
_BLOCK_START = re.compile(r"^(\s*)([#=+*\-|~_:]|\d+(?=[.)]))")


def _no_block_start(s: str) -> str:
    def escape(m: re.Match[str]) -> str:
        mark = m.group(2)
        if mark[0].isdigit():  # "1." is escaped as "1\." (a backslash escapes punctuation only)
            return m.group(1) + mark + "\\"
        return m.group(1) + "\\" + mark

    return _BLOCK_START.sub(escape, s, count=1)


def md_inline(text: object) -> str:
    """User text for one Markdown line or table cell: literal, on one line, no ``|`` column."""
    return _no_block_start(one_line(text).translate(_HTML).replace("|", "\\|"))


def md_block_line(text: object) -> str:
    """One line of user text inside a block (e.g. after ``> ``): literal, no block start."""
    return _no_block_start(printable(text, keep="\t").translate(_HTML))

"""Line breaking for Japanese: break between any two CJK characters, keep ASCII words
whole, and follow the basic kinsoku rules (no 、。」）ー… at the start of a line, no
「（ at its end).

Textual wraps at spaces only, so a Japanese sentence (no spaces) is one long
"word": after a short ASCII word it jumps whole to the next line, and when it is
folded a 」 or 。 can start a line. :class:`JaContent` is a drop-in
:class:`~textual.content.Content` that breaks lines itself before Textual sees
them; use it for prose in either language (English words are kept whole)::

    Static(JaContent.of(Content(text)))
    Option(JaContent.of(prompt))

Build it last: ``Content`` methods (``stylize``, ``+``) return plain ``Content``.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from textual.content import Content
from textual.widgets import Static

if TYPE_CHECKING:
    from textual.css.styles import RulesMap
    from textual.strip import Strip
    from textual.style import Style
    from textual.visual import RenderOptions

#: characters that must not start a line (行頭禁則)
NO_START = frozenset(
    "、。，．・：；？！!?,.:;)]}）］｝〕〉》」』】〙〗〟’”ゝゞーァィゥェォッャュョヮヵヶ"
    "ぁぃぅぇぉっゃゅょゎゕゖ々〻‐゠〜～%％"
)
#: characters that must not end a line (行末禁則)
NO_END = frozenset("([{（［｛〔〈《「『【〘〖〝‘“")
#: how far back a break may move to satisfy kinsoku
MAX_PUSH = 3


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _units(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) where kind is "space", "wide" (one CJK character) or "word"."""
    units: list[tuple[int, int, str]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        j = i + 1
        if ch.isspace():
            while j < n and text[j].isspace():
                j += 1
            units.append((i, j, "space"))
        elif _wide(ch):
            units.append((i, j, "wide"))
        else:
            while j < n and not text[j].isspace() and not _wide(text[j]):
                j += 1
            units.append((i, j, "word"))
        i = j
    return units


#: wide separators that bind two ASCII words into one ("A・B・C", "1〜3")
GLUE = frozenset("・〜～")


def _glue(text: str, units: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Merge word + ・ + word (region lists like "A・B・C") into one unbreakable word."""
    out: list[tuple[int, int, str]] = []
    for unit in units:
        if (unit[2] == "word" and len(out) >= 2 and out[-1][2] == "wide"
                and text[out[-1][0]] in GLUE and out[-2][2] == "word"):
            glue = out.pop()
            word = out.pop()
            out.append((word[0], unit[1], "word"))
            del glue
        else:
            out.append(unit)
    return out


#: where a phrase of spaced Japanese may end without a space (after 、 and 。)
PHRASE_END = frozenset("、。")


def spaced(text: str) -> bool:
    """Whether ``text`` is Japanese written with a space between phrases (分かち書き, as
    in やさしい日本語): a space with a wide character on each side."""
    return any(text[i] == " " and _wide(text[i - 1]) and _wide(text[i + 1])
               for i in range(1, len(text) - 1))


#: a run without spaces wider than this is standard Japanese (a catalog text inside a
#: spaced sentence): it breaks between characters again
LONG_PHRASE = 24


def _phrases(text: str, units: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """For spaced text: each run between spaces is one word (so a phrase is never cut),
    but a line may still break after 、 or 。 inside a run, and a run wider than
    :data:`LONG_PHRASE` keeps its character breaks."""
    groups: list[list[tuple[int, int, str]]] = []
    for unit in units:
        last = groups[-1] if groups else None
        if (unit[2] != "space" and last is not None and last[-1][2] != "space"
                and text[last[-1][1] - 1] not in PHRASE_END):
            last.append(unit)
        else:
            groups.append([unit])
    out: list[tuple[int, int, str]] = []
    for group in groups:
        start, end = group[0][0], group[-1][1]
        if len(group) == 1 or cell_len(text[start:end]) > LONG_PHRASE:
            out.extend(group)
        else:
            out.append((start, end, "word"))
    return out


def break_offsets(text: str, width: int) -> list[int]:
    """Offsets in ``text`` (one line, no newlines) to break it at, so that every
    line fits ``width`` cells once its trailing spaces are dropped. Text written
    with spaces between phrases (:func:`spaced`) breaks only at those spaces and
    after 、。; other Japanese breaks between any two characters."""
    if width <= 0 or cell_len(text) <= width:
        return []
    units: list[tuple[int, int, str]] = []
    pieces = _glue(text, _units(text))
    if spaced(text):
        pieces = _phrases(text, pieces)
    for start, end, kind in pieces:
        if kind == "word" and cell_len(text[start:end]) > width:
            # a word longer than the line: fold it by character
            units.extend((k, k + 1, "word-char") for k in range(start, end))
        else:
            units.append((start, end, kind))
    cells = [cell_len(text[s:e]) for s, e, _ in units]

    def first_char(k: int) -> str:
        return text[units[k][0]]

    def last_char(k: int) -> str:
        return text[units[k][1] - 1]

    offsets: list[int] = []
    line_start = 0  # index of the unit that starts the current line
    used = 0  # cells on the current line, without trailing spaces
    pending_space = 0
    k = 0
    while k < len(units):
        kind = units[k][2]
        if kind == "space":
            pending_space += cells[k]
            k += 1
            continue
        if k == line_start or used + pending_space + cells[k] <= width:
            used += pending_space + cells[k]
            pending_space = 0
            k += 1
            continue
        # break before unit k, moved back for kinsoku while that keeps the line non-empty
        b = k
        for _ in range(MAX_PUSH):
            prev = b - 1
            while prev > line_start and units[prev][2] == "space":
                prev -= 1
            starts_bad = units[b][2] != "space" and first_char(b) in NO_START
            ends_bad = prev >= line_start and last_char(prev) in NO_END
            if (starts_bad or ends_bad) and prev > line_start:
                b = prev
            else:
                break
        # never start a line with spaces: skip them
        while b < len(units) and units[b][2] == "space":
            b += 1
        if b >= len(units):
            break
        offsets.append(units[b][0])
        line_start = b
        used = 0
        pending_space = 0
        k = b
    return offsets


def prewrap(content: Content, width: int) -> Content:
    """``content`` with newlines inserted so that no line is wider than ``width``."""
    lines: list[Content] = []
    for line in content.split("\n", allow_blank=True):
        offsets = break_offsets(line.plain, width)
        if not offsets:
            lines.append(line)
            continue
        pieces = line.divide(offsets)
        lines.extend(piece.rstrip() for piece in pieces)
    return Content("\n").join(lines)


class JaContent(Content):
    """Content that breaks its lines the Japanese way (see the module docstring)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._wrapped: dict[int, Content] = {}

    @classmethod
    def of(cls, content: Content | str) -> JaContent:
        """Wrap ``content`` (a plain str is taken literally, never as markup)."""
        if isinstance(content, str):
            content = Content(content)
        return cls(content.plain, list(content.spans), content.cell_length,
                   strip_control_codes=False)

    def _prewrapped(self, width: int) -> Content:
        wrapped = self._wrapped.get(width)
        if wrapped is None:
            wrapped = prewrap(self, width)
            if len(self._wrapped) > 8:
                self._wrapped.clear()
            self._wrapped[width] = wrapped
        return wrapped

    def get_height(self, rules: RulesMap, width: int) -> int:
        line_pad = int(rules.get("line_pad", 0) or 0) * 2
        return self._prewrapped(width - line_pad).get_height(rules, width)

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        if not width:
            return []
        line_pad = int(options.rules.get("line_pad", 0) or 0) * 2
        return self._prewrapped(width - line_pad).render_strips(width, height, style, options)


def ja(content: Content | str) -> Content:
    """``content`` as :class:`JaContent` (a str is taken literally)."""
    if isinstance(content, JaContent):
        return content
    return JaContent.of(content)


class Prose(Static):
    """A Static whose text breaks lines the Japanese way; strings are literal, never
    markup."""

    def __init__(self, content: Content | str = "", **kwargs: Any) -> None:
        super().__init__(ja(content), markup=False, **kwargs)

    def update(self, content: Any = "", *, layout: bool = True) -> None:
        if isinstance(content, (str, Content)):
            content = ja(content)
        super().update(content, layout=layout)

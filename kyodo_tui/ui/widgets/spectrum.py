"""The A–E spectrum (協働の領域): five labelled bands, a marker and the spread as a range.

::

    A 市民主体     B 市民主導     C 対等協力     D 行政主導     E 行政単独
                  <=====|=====>
                        ^ あなた: B 市民主導・行政が支援

Positions are continuous: 0.0 = A … 4.0 = E; the letter boundaries sit at 0.5,
1.5, 2.5 and 3.5, which are exactly the band edges. The widget holds no domain
logic: it draws the numbers it is given. Only ASCII and East-Asian wide glyphs
are used for the chrome (no ambiguous-width characters).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import pairwise

from rich.cells import cell_len
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from kyodo_tui.core.langs import is_japanese
from kyodo_tui.core.model import REGIONS, Municipality, fill_placeholders
from kyodo_tui.ui.locales import UIText


class FilledText:
    """A UI string with the town's words put in ({town}, {office}: see Municipality)."""

    __slots__ = ("_text", "_municipality")

    def __init__(self, text: UIText, municipality: Municipality) -> None:
        self._text = text
        self._municipality = municipality

    def get(self, lang: str) -> str:
        s = self._text.get(lang)
        return fill_placeholders(s, self._municipality.words(lang)) if "{" in s else s

    @property
    def ja(self) -> str:
        return self.get("ja")

    @property
    def en(self) -> str:
        return self.get("en")


#: Band labels per letter, longest first; the widget picks the longest tier that fits.
#: The short tiers are the seeds' region names (市民主導, 行政主導 ...); the longest one
#: explains the region to a resident in the town's words ({office}: 「役場」「市役所」,
#: plain 「役所」; see Municipality and :func:`band_labels`).
BAND_TEMPLATES: dict[str, tuple[UIText, ...]] = {
    letter: tuple(UIText("widgets", f"band.{letter}.{tier}") for tier in range(3))
    for letter in REGIONS
}


def band_labels(municipality: Municipality | None = None) -> dict[str, tuple[FilledText, ...]]:
    """The band labels with the town's words put in (plain 「役所」 by default)."""
    m = municipality if municipality is not None else Municipality()
    return {k: tuple(FilledText(t, m) for t in tiers) for k, tiers in BAND_TEMPLATES.items()}


#: the band labels with the plain default words
BAND_LABELS: dict[str, tuple[FilledText, ...]] = band_labels()

YOU = UIText("widgets", "spectrum.you")
NOT_PLACED = UIText("widgets", "spectrum.not_placed")
TOOLTIP = UIText("widgets", "spectrum.tooltip")

MARKER = "|"
RANGE_LEFT = "<"
RANGE_RIGHT = ">"
RANGE_FILL = "="
CARET = "^"


# ---------------------------------------------------------------- pure helpers


def fit_cells(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` cells, never splitting a wide character."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    out: list[str] = []
    used = 0
    for ch in text:
        w = cell_len(ch)
        if used + w > width:
            break
        out.append(ch)
        used += w
    return "".join(out)


def pad_cells(text: str, width: int) -> str:
    """``text`` fitted and padded with spaces to exactly ``width`` cells."""
    text = fit_cells(text, width)
    return text + " " * (width - cell_len(text))


def band_edges(width: int) -> list[int]:
    """The six column edges of the five bands (band ``i`` is ``[e[i], e[i+1])``)."""
    return [round(i * width / len(REGIONS)) for i in range(len(REGIONS) + 1)]


def letter_index(position: float) -> int:
    """The nearest letter's index (ties at a boundary go to the later letter)."""
    return min(len(REGIONS) - 1, max(0, math.floor(position + 0.5)))


def position_column(position: float, width: int) -> int:
    """The column for a continuous position on a bar ``width`` cells wide.

    The bar spans -0.5 … 4.5, so each band is centred on its letter, and the
    column always lies inside the band of the position's letter.
    """
    if width <= 1:
        return 0
    clamped = min(4.0, max(0.0, position))
    col = math.floor((clamped + 0.5) * width / len(REGIONS))
    edges = band_edges(width)
    i = letter_index(clamped)
    return min(max(col, edges[i]), max(edges[i], edges[i + 1] - 1))


def range_columns(low: float, high: float, width: int) -> tuple[int, int]:
    """First and last column of the range ``low … high`` (inclusive)."""
    a = position_column(min(low, high), width)
    b = position_column(max(low, high), width)
    return a, b


def label_tier(width: int, lang: str,
               labels: dict[str, tuple[FilledText, ...]] | None = None) -> int | None:
    """The longest label tier whose every "L label" fits a band (None: letters only)."""
    labels = labels or BAND_LABELS
    band = min(b - a for a, b in pairwise(band_edges(width)))
    for tier in range(3):
        longest = max(cell_len(labels[x][tier].get(lang)) + 2 for x in REGIONS)  # type: ignore[arg-type]
        if longest <= band - 1:
            return tier
    return None


# ---------------------------------------------------------------- the widget


class SpectrumWidget(Widget):
    """Five bands A–E with a marker at ``position`` and ``position ± spread`` as a range."""

    DEFAULT_CSS = """
    SpectrumWidget {
        height: 3;
        width: 1fr;
        min-width: 20;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    """

    #: continuous position 0.0 (A) … 4.0 (E); None: not placed
    position: reactive[float | None] = reactive(None)
    #: half-width of the range shown around the marker
    spread: reactive[float] = reactive(0.0)
    #: letters to emphasise (e.g. an activity's or a form's regions)
    highlight: reactive[tuple[str, ...]] = reactive(())
    #: the caption under the marker ("" = "You: B label")
    caption: reactive[str] = reactive("")
    #: show the marker row (off: only bands, e.g. for an activity's regions)
    show_marker: reactive[bool] = reactive(True)
    lang: reactive[str] = reactive("ja")

    def __init__(
        self,
        position: float | None = None,
        spread: float = 0.0,
        *,
        highlight: Sequence[str] = (),
        lang: str | None = None,
        show_marker: bool = True,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._follow_app = lang is None
        self.set_reactive(SpectrumWidget.position, position)
        self.set_reactive(SpectrumWidget.spread, max(0.0, spread))
        #: the placement's own letter (None: the nearest letter to the position)
        self.letter: str | None = None
        self.set_reactive(SpectrumWidget.highlight, tuple(highlight))
        self.set_reactive(SpectrumWidget.show_marker, show_marker)
        if lang is not None:
            self.set_reactive(SpectrumWidget.lang, lang)

    def on_mount(self) -> None:
        if self._follow_app and hasattr(self.app, "lang"):
            self.watch(self.app, "lang", self._app_lang, init=True)
        self._update_tooltip()
        if not self.show_marker:
            self.styles.height = 2

    def _app_lang(self, lang: str) -> None:
        self.lang = lang

    def watch_position(self) -> None:
        self._update_tooltip()

    def watch_spread(self) -> None:
        self._update_tooltip()

    def watch_lang(self) -> None:
        self._update_tooltip()

    def watch_show_marker(self, show: bool) -> None:
        self.styles.height = 3 if show else 2

    def set_placement(self, position: float | None, spread: float,
                      letter: str | None = None) -> None:
        """Set position and spread together (one refresh). ``letter``: the letter the
        core's placement decided (the one source of the letter); the marker and the
        caption use it, so they never contradict a heading that quotes it."""
        self.set_reactive(SpectrumWidget.spread, max(0.0, spread))
        self.letter = letter if letter in REGIONS else None
        self.position = position
        self._update_tooltip()
        self.refresh()

    @property
    def low(self) -> float | None:
        return None if self.position is None else max(0.0, self.position - self.spread)

    @property
    def high(self) -> float | None:
        return None if self.position is None else min(4.0, self.position + self.spread)

    def _update_tooltip(self) -> None:
        if self.position is None or self.low is None or self.high is None:
            self.tooltip = None
            return
        self.tooltip = TOOLTIP.get(self.lang).format(  # type: ignore[arg-type]
            pos=self.position, low=self.low, high=self.high
        )

    # -------------------------------------------------------------- rendering
    def _band_style(self, i: int, row: str) -> str:
        letter = REGIONS[i]
        strong = not self.highlight or letter in self.highlight
        tints = ("$success", "$success", "$primary", "$secondary", "$secondary")
        if row == "label":
            alpha = (30, 18, 22, 18, 30)[i] if strong else 6
            style = f"on {tints[i]} {alpha}%"
            return style + (" bold" if self.highlight and strong else "")
        alpha = (70, 45, 50, 45, 70)[i] if strong else 12
        return f"on {tints[i]} {alpha}%"

    def label_line(self, width: int) -> Content:
        """Row 1: the band letters and labels, each on its band's tint."""
        lang = self.lang
        edges = band_edges(width)
        labels = self.band_labels()
        tier = label_tier(width, lang, labels)
        parts: list[Content] = []
        for i, letter in enumerate(REGIONS):
            band = edges[i + 1] - edges[i]
            text = letter if tier is None else f"{letter} {labels[letter][tier].get(lang)}"  # type: ignore[arg-type]
            cell = pad_cells(text if band > 1 else "", band)
            part = Content(cell).stylize(self._band_style(i, "label"))
            part = part.stylize("bold", 0, 1)
            parts.append(part)
        return Content("").join(parts)

    def bar_line(self, width: int) -> Content:
        """Row 2: the coloured bands; the range ``<===|===>`` over them when placed."""
        edges = band_edges(width)
        chars = [" "] * width
        if self.position is not None and self.show_marker:
            low = self.low if self.low is not None else self.position
            high = self.high if self.high is not None else self.position
            a, b = range_columns(low, high, width)
            m = self._marker_column(width)
            for x in range(a, b + 1):
                chars[x] = RANGE_FILL
            if b > a:
                chars[a] = RANGE_LEFT
                chars[b] = RANGE_RIGHT
            chars[m] = MARKER
        else:
            a = b = m = -1
        content = Content("".join(chars))
        for i in range(len(REGIONS)):
            content = content.stylize(self._band_style(i, "bar"), edges[i], edges[i + 1])
        if a >= 0:
            content = content.stylize("bold $foreground", a, b + 1)
            content = content.stylize("bold $foreground on $accent", m, m + 1)
        return content

    def _letter(self) -> str:
        assert self.position is not None
        return self.letter or REGIONS[letter_index(self.position)]

    def _marker_column(self, width: int) -> int:
        """The marker's column: at the position, kept inside the band of the letter."""
        assert self.position is not None
        m = position_column(self.position, width)
        edges = band_edges(width)
        i = REGIONS.index(self._letter())
        return min(max(m, edges[i]), max(edges[i], edges[i + 1] - 1))

    def band_labels(self) -> dict[str, tuple[FilledText, ...]]:
        """The band labels in the words of the app's town (its catalog's municipality)."""
        try:
            catalog = getattr(self.app, "catalog", None)
        except Exception:  # noqa: BLE001 - not in an app (drawn on its own): plain words
            catalog = None
        municipality = getattr(catalog, "municipality", None)
        return BAND_LABELS if municipality is None else band_labels(municipality)

    def caption_candidates(self) -> list[str]:
        lang = self.lang
        if self.caption:
            return [self.caption]
        if self.position is None:
            return [NOT_PLACED.get(lang)]  # type: ignore[arg-type]
        letter = self._letter()
        you = YOU.get(lang)  # type: ignore[arg-type]
        sep = ": " if not is_japanese(lang) else "："
        out = [f"{you}{sep}{letter} {tier.get(lang)}" for tier in self.band_labels()[letter]]  # type: ignore[arg-type]
        out.append(f"{you}{sep}{letter}")
        out.append(letter)
        return out

    def caption_line(self, width: int) -> Content:
        """Row 3: a caret under the marker with the caption beside it."""
        candidates = self.caption_candidates()
        if self.position is None:
            text = pad_cells(candidates[0], width)
            return Content(text).stylize("$foreground-muted")
        m = self._marker_column(width)
        right_room = width - m - 2
        left_room = m - 1
        for cap in candidates:
            w = cell_len(cap)
            if w <= right_room:
                line = " " * m + CARET + " " + cap
                start = m + 2
                break
            if w <= left_room:
                line = " " * (m - 1 - w) + cap + " " + CARET
                start = m - 1 - w
                break
        else:
            cap = fit_cells(candidates[-1], max(right_room, left_room))
            w = cell_len(cap)
            if right_room >= left_room:
                line = " " * m + CARET + " " + cap
                start = m + 2
            else:
                line = " " * (m - 1 - w) + cap + " " + CARET
                start = m - 1 - w
        line = pad_cells(line, width)
        content = Content(line)
        content = content.stylize("bold $accent", m, m + 1)
        # everything before the caption is single-cell ASCII: cells == characters
        return content.stylize("bold", start, start + len(cap))

    def render_lines_text(self, width: int) -> list[Content]:
        """The rows as Content (public for tests)."""
        rows = [self.label_line(width), self.bar_line(width)]
        if self.show_marker:
            rows.append(self.caption_line(width))
        return rows

    def render(self) -> Content:
        width = self.content_region.width or self.size.width
        if width <= 0:
            return Content("")
        return Content("\n").join(self.render_lines_text(width))

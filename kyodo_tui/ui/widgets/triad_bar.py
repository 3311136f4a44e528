"""自助・共助・公助 as one proportional bar with labels and percentages.

::

    自助 40%          共助 35%        公助 25%
    [  self   ][  mutual  ][ public ]     <- coloured segments

Row 1 is the bar (each segment labelled when the label fits inside it), row 2 a
legend that always shows every label and percentage, so a thin segment loses
nothing. Widths and percentages use the largest-remainder method: the segments
fill the width exactly and the percentages add up to 100.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from rich.cells import cell_len
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from kyodo_tui.ui.locales import UIText
from kyodo_tui.ui.widgets.spectrum import fit_cells, pad_cells

TRIAD_LABELS: tuple[UIText, UIText, UIText] = tuple(  # type: ignore[assignment]
    UIText("widgets", f"triad.label.{k}") for k in ("self", "mutual", "public"))
TRIAD_SHORT: tuple[UIText, UIText, UIText] = tuple(  # type: ignore[assignment]
    UIText("widgets", f"triad.short.{k}") for k in ("self", "mutual", "public"))
NOT_PLACED = UIText("widgets", "triad.not_placed")
TOOLTIP = UIText("widgets", "triad.tooltip")
#: the segments' colours, theme variables
COLOURS: tuple[str, str, str] = ("$success", "$primary", "$secondary")


def largest_remainder(shares: Sequence[float], total: int) -> list[int]:
    """Integers proportional to ``shares`` that sum exactly to ``total``.

    Ties in the remainders go to the earlier share.
    """
    clean = [max(0.0, float(s)) if math.isfinite(s) else 0.0 for s in shares]
    s = sum(clean)
    if total <= 0 or s <= 0:
        return [0] * len(clean)
    exact = [c * total / s for c in clean]
    floors = [math.floor(e) for e in exact]
    left = total - sum(floors)
    order = sorted(range(len(clean)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return floors


def percentages(shares: Sequence[float]) -> list[int]:
    """Whole percentages that add up to 100 (all zero for no shares): the core's
    one rounding (:func:`kyodo_tui.core.text.whole_percentages`)."""
    from kyodo_tui.core.text import whole_percentages

    return whole_percentages(shares)


def segment_widths(shares: Sequence[float], width: int) -> list[int]:
    """Cell widths of the segments, filling ``width`` exactly.

    A share of at least 1% gets at least one cell when there is room, so a
    small but real share stays visible.
    """
    widths = largest_remainder(shares, width)
    pcts = percentages(shares)
    for i, w in enumerate(widths):
        if w == 0 and pcts[i] >= 1 and width >= len(widths):
            # take a cell from the widest segment
            j = max(range(len(widths)), key=lambda k: widths[k])
            if widths[j] > 1:
                widths[j] -= 1
                widths[i] = 1
    return widths


class TriadBar(Widget):
    """A proportional bar of 自助・共助・公助 (self / mutual / public help)."""

    DEFAULT_CSS = """
    TriadBar {
        height: 2;
        width: 1fr;
        min-width: 20;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    """

    #: (self, mutual, public) shares; normalised when drawn
    shares: reactive[tuple[float, float, float]] = reactive((1 / 3, 1 / 3, 1 / 3))
    #: False: nothing placed the triad yet (drawn muted, with a plain note)
    placed: reactive[bool] = reactive(True)
    lang: reactive[str] = reactive("ja")

    def __init__(
        self,
        shares: Sequence[float] = (1 / 3, 1 / 3, 1 / 3),
        *,
        placed: bool = True,
        lang: str | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._follow_app = lang is None
        self.set_reactive(TriadBar.shares, _three(shares))
        self.set_reactive(TriadBar.placed, placed)
        if lang is not None:
            self.set_reactive(TriadBar.lang, lang)

    def on_mount(self) -> None:
        if self._follow_app and hasattr(self.app, "lang"):
            self.watch(self.app, "lang", self._app_lang, init=True)
        self.tooltip = TOOLTIP.get(self.lang)  # type: ignore[arg-type]

    def _app_lang(self, lang: str) -> None:
        self.lang = lang

    def watch_lang(self, lang: str) -> None:
        self.tooltip = TOOLTIP.get(lang)  # type: ignore[arg-type]

    def validate_shares(self, shares: Sequence[float]) -> tuple[float, float, float]:
        return _three(shares)

    def set_triad(self, shares: Sequence[float], placed: bool = True) -> None:
        self.set_reactive(TriadBar.placed, placed)
        self.shares = _three(shares)
        self.refresh()

    # -------------------------------------------------------------- rendering
    def bar_line(self, width: int) -> Content:
        lang = self.lang
        widths = segment_widths(self.shares, width)
        pcts = percentages(self.shares)
        parts: list[Content] = []
        for i, w in enumerate(widths):
            if w <= 0:
                continue
            label = TRIAD_LABELS[i].get(lang)  # type: ignore[arg-type]
            short = TRIAD_SHORT[i].get(lang)  # type: ignore[arg-type]
            text = ""
            # not placed: the three names only; a number would claim what no answer said
            candidates = ((f" {label}", f" {short}", "") if not self.placed else
                          (f" {label} {pcts[i]}%", f" {short} {pcts[i]}%", f" {pcts[i]}%", ""))
            for candidate in candidates:
                if cell_len(candidate) <= w:
                    text = candidate
                    break
            alpha = 55 if self.placed else 15
            style = f"$foreground on {COLOURS[i]} {alpha}%"
            parts.append(Content(pad_cells(text, w)).stylize(style))
        return Content("").join(parts)

    def legend_line(self, width: int) -> Content:
        lang = self.lang
        if not self.placed:
            return Content(pad_cells(NOT_PLACED.get(lang), width)).stylize("$foreground-muted")  # type: ignore[arg-type]
        pcts = percentages(self.shares)
        for labels in (TRIAD_LABELS, TRIAD_SHORT):
            parts: list[Content] = []
            for i in range(3):
                swatch = Content("  ").stylize(f"on {COLOURS[i]} 55%")
                parts.append(swatch + Content(f" {labels[i].get(lang)} {pcts[i]}%"))  # type: ignore[arg-type]
            line = Content("   ").join(parts)
            if line.cell_length <= width:
                return line.pad_right(width - line.cell_length)
        plain = "  ".join(f"{TRIAD_SHORT[i].get(lang)} {pcts[i]}%" for i in range(3))  # type: ignore[arg-type]
        return Content(pad_cells(fit_cells(plain, width), width))

    def render_lines_text(self, width: int) -> list[Content]:
        return [self.bar_line(width), self.legend_line(width)]

    def render(self) -> Content:
        width = self.content_region.width or self.size.width
        if width <= 0:
            return Content("")
        return Content("\n").join(self.render_lines_text(width))


def _three(shares: Sequence[float]) -> tuple[float, float, float]:
    vals = [max(0.0, float(s)) if math.isfinite(float(s)) else 0.0 for s in list(shares)[:3]]
    while len(vals) < 3:
        vals.append(0.0)
    total = sum(vals)
    if total <= 0:
        return (1 / 3, 1 / 3, 1 / 3)
    return (vals[0] / total, vals[1] / total, vals[2] / total)

"""The room picture: participants as dots on A–E, the room's centre and spread, the
groups on one strip, a histogram per letter, and 自助・共助・公助.

::

    テーブル1 ・ 一人ずつ 7人
         o                o                          <- DotPlot: one o per participant
      o  o     o     2    o                             (a digit: that many in one column)
    A 市民主体  B 市民主導  C 対等協力  D 行政主導  E 行政単独   <- SpectrumWidget (reused)
              <=======|=======>
                      ^ 中心 C
    中心 C 2.13 ／ ばらつき 0.62 ／ 一人ずつ 7人
    分布
    A 市民主体  ██████            29%  2人          <- LetterHistogram (coloured cells)
    ...
    自助・共助・公助                                  <- TriadBar (reused) and TriadDots

The widgets draw the numbers of a core :class:`~kyodo_tui.core.workshop.GroupPicture`
and nothing else: no tallying here. One rounding: shares that add up to 100 %
(自助・共助・公助, the histogram) are whole percentages by the largest remainder
(core ``whole_percentages``), as in the Markdown export, so the bar, the dots
row and the record never disagree. One scale: every bar (histogram, triad) runs
0-100 %, and every A-E strip (dots, spectrum, groups) uses the full width, so a
position is at the same column in all of them.
Only ASCII, wide CJK and coloured blank cells are drawn: no East-Asian-ambiguous
glyphs. Group labels are shown literally.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.containers import VerticalGroup
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from kyodo_tui.core.langs import is_japanese, normalize
from kyodo_tui.core.model import REGIONS
from kyodo_tui.core.text import whole_percentages
from kyodo_tui.ui import locales
from kyodo_tui.ui.widgets.spectrum import (
    BAND_LABELS,
    MARKER,
    RANGE_FILL,
    RANGE_LEFT,
    RANGE_RIGHT,
    SpectrumWidget,
    pad_cells,
    position_column,
    range_columns,
)
from kyodo_tui.ui.widgets.triad_bar import COLOURS, TRIAD_LABELS, TRIAD_SHORT, TriadBar

def t(key: str, lang: str) -> str:
    """The picture's string ``key`` (``pic.*``, locale table [workshop]) in ``lang``.

    Read from the locale files directly, not through the workshop mode's strings, so a
    widget imports no mode."""
    return locales.text("workshop", key, lang)


if TYPE_CHECKING:
    from kyodo_tui.core.workshop import GroupPicture

#: the tint of each letter's band, as in the spectrum widget
BAND_TINTS: tuple[str, ...] = ("$success", "$success", "$primary", "$secondary", "$secondary")
#: a column with this many dots or more shows ``*`` at the top
MANY = 10


def _lang(widget: Widget) -> str:
    return normalize(getattr(widget.app, "lang", "ja"))


def percent(share: float) -> str:
    """A share as the export writes it: ``0.355`` → ``"36%"``."""
    return f"{share:.0%}"


def band_label(letter: str, lang: str) -> str:
    """The short label of a letter's band (市民主体, Citizens …)."""
    return BAND_LABELS[letter][2].get(lang)  # type: ignore[arg-type]


def stats_text(pic: GroupPicture | None, lang: str) -> str:
    """``中心 C 2.13 ／ ばらつき 0.62`` (or why there is no centre yet), and the
    share of 「分からない」 when there is any."""
    if pic is None or pic.basis == "empty":
        return t("pic.nothing", lang)
    sep = "　／　" if is_japanese(lang) else "  /  "
    unknown = getattr(pic, "unknown_share", 0.0)
    tail = (sep + t("pic.unknown", lang).format(pct=percent(unknown))
            if unknown > 0 else "")
    if pic.centre is None or pic.letter is None:
        return t("pic.unplaced", lang) + tail
    text = (f"{t('pic.centre', lang)} {pic.letter} {pic.centre:.2f}{sep}"
            f"{t('pic.spread', lang)} {pic.spread or 0.0:.2f}")
    if pic.basis == "dots" and pic.placed < pic.participants:
        text += sep + t("pic.placed", lang).format(placed=pic.placed, n=pic.participants,
                                                     unplaced=pic.participants - pic.placed)
    return text + tail


# ---------------------------------------------------------------- dots


class DotPlot(Widget):
    """Participants as dots stacked above the A–E bands (columns as in SpectrumWidget)."""

    DEFAULT_CSS = """
    DotPlot {
        height: 1;
        width: 1fr;
        min-width: 20;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    """

    def __init__(self, *, max_rows: int = 3, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.max_rows = max(1, max_rows)
        self.positions: tuple[float, ...] = ()

    def set_positions(self, positions: Sequence[float]) -> None:
        self.positions = tuple(positions)
        self._fit_height()
        self.refresh()

    def on_resize(self) -> None:
        self._fit_height()

    def _fit_height(self) -> None:
        width = self.content_region.width or self.size.width
        top = max(self.column_counts(width), default=0) if width > 0 else self.max_rows
        rows = max(1, min(self.max_rows, top))
        if self.styles.height is None or self.styles.height.value != rows:
            self.styles.height = rows

    def column_counts(self, width: int) -> list[int]:
        counts = [0] * max(0, width)
        for p in self.positions:
            if width > 0:
                counts[position_column(p, width)] += 1
        return counts

    def render_lines_text(self, width: int, rows: int) -> list[Content]:
        """``rows`` lines, top first: each dot an ``o``; an overfull column shows its count."""
        counts = self.column_counts(width)
        grid = [[" "] * width for _ in range(rows)]
        for col, n in enumerate(counts):
            if n <= 0:
                continue
            if n <= rows:
                for r in range(rows - n, rows):
                    grid[r][col] = "o"
            else:
                for r in range(1, rows):
                    grid[r][col] = "o"
                grid[0][col] = str(n) if n < MANY else "*"
        out = []
        for line in grid:
            content = Content("".join(line))
            for i, ch in enumerate(line):
                if ch != " ":
                    content = content.stylize("bold $accent", i, i + 1)
            out.append(content)
        return out

    def render(self) -> Content:
        width = self.content_region.width or self.size.width
        rows = self.content_region.height or self.size.height or 1
        if width <= 0:
            return Content("")
        return Content("\n").join(self.render_lines_text(width, rows))


# ---------------------------------------------------------------- groups


class GroupsStrip(Widget):
    """Every group (table, round) as a marker and range on the A-E scale.

    Each group is a label line and a bar line; the bars use the full width, the
    same columns as the spectrum and the dots above (one horizontal scale)."""

    DEFAULT_CSS = """
    GroupsStrip {
        height: auto;
        width: 1fr;
        min-width: 24;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.rows: tuple[tuple[str, float | None, float | None], ...] = ()

    def set_rows(self, rows: Sequence[tuple[str, float | None, float | None]]) -> None:
        """(label, centre, spread) per group, in order."""
        self.rows = tuple(rows)
        self.styles.height = 2 * len(self.rows) + 1
        self.refresh()

    def marker_column(self, index: int, width: int) -> int | None:
        """The column of group ``index``'s centre (None: not placed)."""
        centre = self.rows[index][1]
        return None if centre is None else position_column(centre, width)

    def render_lines_text(self, width: int) -> list[Content]:
        bar = max(5, width)
        letters = [" "] * bar
        for i, letter in enumerate(REGIONS):
            letters[position_column(float(i), bar)] = letter
        out = [Content("".join(letters)).stylize("bold")]
        for label, centre, spread in self.rows:
            out.append(Content(pad_cells(label, bar)).stylize("bold $foreground-muted"))
            chars = [" "] * bar
            a = b = m = -1
            if centre is not None:
                s = spread or 0.0
                a, b = range_columns(max(0.0, centre - s), min(4.0, centre + s), bar)
                m = position_column(centre, bar)
                for x in range(a, b + 1):
                    chars[x] = RANGE_FILL
                if b > a:
                    chars[a], chars[b] = RANGE_LEFT, RANGE_RIGHT
                chars[m] = MARKER
            line = Content("".join(chars))
            for i in range(len(REGIONS)):
                lo = round(i * bar / len(REGIONS))
                hi = round((i + 1) * bar / len(REGIONS))
                line = line.stylize(f"on {BAND_TINTS[i]} 25%", lo, hi)
            if m >= 0:
                line = line.stylize("bold $foreground", a, b + 1)
                line = line.stylize("bold $foreground on $accent", m, m + 1)
            out.append(line)
        return out

    def render(self) -> Content:
        width = self.content_region.width or self.size.width
        if width <= 0:
            return Content("")
        return Content("\n").join(self.render_lines_text(width))


# ---------------------------------------------------------------- histogram


class LetterHistogram(Widget):
    """One coloured bar per letter A–E: people (dots) or share of answer weight (hands)."""

    DEFAULT_CSS = """
    LetterHistogram {
        height: 5;
        width: 1fr;
        min-width: 24;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.values: tuple[float, ...] = (0.0,) * len(REGIONS)
        self.shares: tuple[float, ...] = (0.0,) * len(REGIONS)
        self.counted = False  # True: values are people (dots)

    def set_values(self, values: Sequence[float], shares: Sequence[float], *,
                   counted: bool) -> None:
        self.values = tuple(values)
        self.shares = tuple(shares)
        self.counted = counted
        self.refresh()

    def row_texts(self, lang: str) -> list[tuple[str, str]]:
        """(label, numbers) per letter, e.g. ("A 市民主体", "29%  2人")."""
        out = []
        pcts = whole_percentages(self.shares)
        for i, letter in enumerate(REGIONS):
            numbers = f"{pcts[i]}%"
            if self.counted:
                numbers += "  " + t("pic.people", lang).format(n=int(self.values[i]))
            out.append((f"{letter} {band_label(letter, lang)}", numbers))
        return out

    def render_lines_text(self, width: int, lang: str) -> list[Content]:
        rows = self.row_texts(lang)
        lw = max(cell_len(label) for label, _ in rows) + 1
        nw = max(cell_len(numbers) for _, numbers in rows) + 1
        bar = max(3, width - lw - nw)
        out = []
        for i, (label, numbers) in enumerate(rows):
            value = self.shares[i]
            # 0-100 %, the scale of the 自助・共助・公助 bars
            filled = min(bar, round(bar * value))
            if value > 0 and filled == 0:
                filled = 1  # something is never drawn as nothing
            line = Content.assemble(
                Content(pad_cells(label, lw)).stylize("bold", 0, 1),
                Content(" " * filled).stylize(f"on {BAND_TINTS[i]}"),
                Content(" " * (bar - filled)).stylize("on $foreground 6%"),
                Content(" " * (nw - cell_len(numbers)) + numbers).stylize("bold"),
            )
            out.append(line)
        return out

    def render(self) -> Content:
        width = self.content_region.width or self.size.width
        if width <= 0:
            return Content("")
        return Content("\n").join(self.render_lines_text(width, _lang(self)))


# ---------------------------------------------------------------- triad dots


class TriadDots(Widget):
    """Each participant's share of 自助, 共助 and 公助 as dots on a 0–100% axis,
    the room's mean lit."""

    DEFAULT_CSS = """
    TriadDots {
        height: 3;
        width: 1fr;
        min-width: 24;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.points: tuple[tuple[float, float, float], ...] = ()
        self.mean: tuple[float, float, float] | None = None

    def set_points(self, points: Sequence[tuple[float, float, float]],
                   mean: tuple[float, float, float] | None) -> None:
        self.points = tuple(points)
        self.mean = mean
        self.refresh()

    def render_lines_text(self, width: int, lang: str) -> list[Content]:
        labels = [TRIAD_LABELS[k].get(lang) for k in range(3)]  # type: ignore[arg-type]
        if max(cell_len(x) for x in labels) > 8:
            labels = [TRIAD_SHORT[k].get(lang) for k in range(3)]  # type: ignore[arg-type]
        lw = max(cell_len(x) for x in labels) + 1
        nw = 6
        axis = max(5, width - lw - 2 - nw)
        out = []
        for k in range(3):
            counts = [0] * axis
            for point in self.points:
                counts[round(min(1.0, max(0.0, point[k])) * (axis - 1))] += 1
            chars = ["o" if n == 1 else (str(n) if n < MANY else "*") if n else " "
                     for n in counts]
            mean = self.mean[k] if self.mean is not None else None
            shown = "" if self.mean is None else f"{whole_percentages(self.mean)[k]}%"
            prefix = pad_cells(labels[k], lw)
            line = Content.assemble(
                Content(prefix),
                ("|", "$foreground-muted"),
                Content("".join(chars)).stylize(f"bold on {COLOURS[k]} 12%"),
                ("|", "$foreground-muted"),
                Content(shown.rjust(nw)).stylize("bold"),
            )
            if mean is not None:
                # characters, not cells: the label is wide
                col = len(prefix) + 1 + round(min(1.0, max(0.0, mean)) * (axis - 1))
                line = line.stylize(f"bold $foreground on {COLOURS[k]}", col, col + 1)
            out.append(line)
        return out

    def render(self) -> Content:
        width = self.content_region.width or self.size.width
        if width <= 0:
            return Content("")
        return Content("\n").join(self.render_lines_text(width, _lang(self)))


# ---------------------------------------------------------------- the picture


class RoomPicture(VerticalGroup):
    """The live picture of one group or the whole room. Call :meth:`show`."""

    DEFAULT_CSS = """
    RoomPicture {
        height: auto;
        width: 1fr;
    }
    RoomPicture > #rp-caption {
        text-style: bold;
        color: $primary;
        margin: 0 0 1 0;
    }
    RoomPicture > #rp-stats {
        text-style: bold;
        margin: 1 0 0 0;
    }
    RoomPicture > .rp-legend {
        color: $foreground-muted;
    }
    RoomPicture > .rp-heading {
        text-style: bold;
        color: $primary;
        margin: 1 0 0 0;
    }
    RoomPicture > #rp-triad-spread {
        color: $foreground-muted;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None,
                 keep_dots: bool = False) -> None:
        super().__init__(id=id, classes=classes)
        #: keep the dots' row even without dots (two pictures side by side line up)
        self.keep_dots = keep_dots
        self.picture: GroupPicture | None = None
        self.groups: tuple[GroupPicture, ...] = ()

    def compose(self) -> ComposeResult:
        yield Static("", id="rp-caption")
        yield DotPlot(id="rp-dots")
        yield SpectrumWidget(id="rp-spectrum")
        yield Static("", id="rp-stats")
        yield Static("", id="rp-legend", classes="rp-legend")
        yield Static("", id="rp-groups-heading", classes="rp-heading")
        yield GroupsStrip(id="rp-groups")
        yield Static("", id="rp-hist-heading", classes="rp-heading")
        yield LetterHistogram(id="rp-hist")
        yield Static("", id="rp-triad-heading", classes="rp-heading")
        yield TriadBar(id="rp-triad")
        yield TriadDots(id="rp-triad-dots")
        yield Static("", id="rp-triad-legend", classes="rp-legend")
        yield Static("", id="rp-triad-spread")

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._relabel, init=False)
        self._draw()

    def _relabel(self, lang: str) -> None:
        self._draw()

    def show(self, picture: GroupPicture | None,
             groups: Sequence[GroupPicture] = ()) -> None:
        """Draw ``picture``; ``groups`` (the tables, for the whole room) on one strip."""
        self.picture = picture
        self.groups = tuple(groups)
        if self.is_mounted:
            self._draw()

    # ------------------------------------------------------------ texts
    def caption_text(self, lang: str) -> Content:
        pic = self.picture
        if pic is None:
            return Content("")
        if pic.basis == "empty":
            return Content(pic.label)
        return Content.assemble(Content(pic.label), ("  ", ""),
                                (self.basis_text(lang), "$foreground-muted"))

    def basis_text(self, lang: str) -> str:
        pic = self.picture
        if pic is None or pic.basis == "empty":
            return t("pic.nothing", lang)
        if pic.basis == "dots":
            return t("pic.basis_dots", lang).format(n=pic.participants)
        key = "pic.basis_both" if pic.participants else "pic.basis_tally"
        return t(key, lang).format(n=pic.people)

    def stats_text(self, lang: str) -> str:
        """``中心 C 2.13 ／ ばらつき 0.62`` (or why there is no centre yet)."""
        return stats_text(self.picture, lang)

    def triad_spread_text(self, lang: str) -> str:
        pic = self.picture
        if pic is None or pic.triad_spread is None:
            return ""
        names = [TRIAD_LABELS[k].get(lang) for k in range(3)]  # type: ignore[arg-type]
        sep = "　" if is_japanese(lang) else "  "
        parts = sep.join(f"{n} +/-{percent(s)}" for n, s in zip(names, pic.triad_spread,
                                                               strict=True))
        colon = "：" if is_japanese(lang) else ": "
        return f"{t('pic.triad_spread', lang)}{colon}{parts}"

    # ------------------------------------------------------------ render
    def _draw(self) -> None:
        lang = normalize(getattr(self.app, "lang", "ja"))
        pic = self.picture
        self.query_one("#rp-caption", Static).update(self.caption_text(lang))
        dots = self.query_one("#rp-dots", DotPlot)
        positions = [] if pic is None else [d.position for d in pic.dots
                                            if d.position is not None]
        dots.display = bool(positions) or self.keep_dots
        dots.set_positions(positions)
        spectrum = self.query_one("#rp-spectrum", SpectrumWidget)
        centre = None if pic is None else pic.centre
        spectrum.caption = ("" if pic is None or pic.letter is None
                            else t("pic.caption", lang).format(letter=pic.letter))
        spectrum.set_placement(centre, (pic.spread or 0.0) if pic is not None else 0.0)
        stats = self.query_one("#rp-stats", Static)
        stats.update(Content(self.stats_text(lang)))
        stats.display = pic is not None and pic.basis != "empty"
        legend = self.query_one("#rp-legend", Static)
        if pic is None or pic.basis == "empty":
            legend.update(Content(""))
            legend.display = False
        else:
            legend.display = True
            key = ("pic.dots_legend" if pic.basis == "dots" else
                   "pic.mixed_legend" if positions else "pic.tally_legend")
            legend.update(Content(t(key, lang)))
        placed_groups = list(self.groups)
        self.query_one("#rp-groups-heading", Static).update(Content(t("pic.groups", lang)))
        strip = self.query_one("#rp-groups", GroupsStrip)
        strip.set_rows([(g.label, g.centre, g.spread) for g in placed_groups])
        for widget in (strip, self.query_one("#rp-groups-heading")):
            widget.display = len(placed_groups) > 1
        has_any = pic is not None and pic.basis != "empty"
        hist_heading = self.query_one("#rp-hist-heading", Static)
        counted = pic is not None and pic.basis == "dots"
        left, right = ("（", "）") if is_japanese(lang) else (" (", ")")
        unit = t("pic.hist_dots" if counted else "pic.hist_tally", lang)
        scale = ("　" if is_japanese(lang) else "  ") + t("pic.scale", lang)
        hist_heading.update(Content(f"{t('pic.histogram', lang)}{left}{unit}{right}{scale}"))
        hist = self.query_one("#rp-hist", LetterHistogram)
        if pic is not None:
            hist.set_values(pic.histogram, pic.shares, counted=counted)
        for widget in (hist_heading, hist):
            widget.display = has_any
        triad_heading = self.query_one("#rp-triad-heading", Static)
        triad_heading.update(Content(t("pic.triad", lang)))
        triad = self.query_one("#rp-triad", TriadBar)
        has_triad = pic is not None and pic.triad is not None
        if pic is not None and pic.triad is not None:
            triad.set_triad(pic.triad, True)
        else:  # nothing set the triad (only reach/carry do): say so, no even bar
            triad.set_triad((1 / 3, 1 / 3, 1 / 3), False)
        triad_dots = self.query_one("#rp-triad-dots", TriadDots)
        by_group = len(placed_groups) > 1
        if by_group:  # the whole room: each table (round) is a dot
            points = [g.triad for g in placed_groups if g.triad is not None]
        else:
            points = [] if pic is None else [d.triad for d in pic.dots if d.triad is not None]
        triad_dots.set_points(points, None if pic is None else pic.triad)
        triad_dots.display = has_triad and (counted or by_group) and bool(points)
        triad_legend = self.query_one("#rp-triad-legend", Static)
        triad_legend.update(Content(t("pic.triad_groups" if by_group else "pic.triad_dots",
                                         lang)))
        triad_legend.display = triad_dots.display
        spread = self.query_one("#rp-triad-spread", Static)
        spread.update(Content(self.triad_spread_text(lang)))
        for widget in (triad_heading, triad, spread):
            widget.display = has_triad

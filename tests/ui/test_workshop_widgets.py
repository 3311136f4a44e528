"""The room picture's widgets, drawn without an app: dots stacked in the spectrum's
columns, groups on one strip, the histogram's numbers, the triad's dots."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content

from kyodo_tui.ui.widgets.room_picture import (
    MANY,
    DotPlot,
    GroupsStrip,
    LetterHistogram,
    TriadDots,
)
from kyodo_tui.ui.widgets.spectrum import position_column
from kyodo_tui.ui.widgets.triad_bar import percentages

WIDTH = 50


def styled(line: Content, needle: str) -> list[str]:
    """The text of every span whose style mentions ``needle``."""
    return [line.plain[s.start:s.end] for s in line.spans if needle in str(s.style)]


def test_dots_stack_in_the_spectrum_columns() -> None:
    plot = DotPlot(max_rows=3)
    plot.positions = (0.0, 2.0, 2.0, 4.0)
    rows = [line.plain for line in plot.render_lines_text(WIDTH, 2)]
    assert len(rows) == 2 and all(len(r) == WIDTH for r in rows)
    centre = position_column(2.0, WIDTH)
    assert rows[0].strip() == "o" and rows[0][centre] == "o"
    assert [i for i, ch in enumerate(rows[1]) if ch == "o"] == [
        position_column(0.0, WIDTH), centre, position_column(4.0, WIDTH)]


def test_an_overfull_column_shows_its_count() -> None:
    plot = DotPlot(max_rows=3)
    plot.positions = (1.0,) * 5 + (3.0,) * (MANY + 2)
    top = plot.render_lines_text(WIDTH, 3)[0].plain
    assert top[position_column(1.0, WIDTH)] == "5"
    assert top[position_column(3.0, WIDTH)] == "*"


def test_group_rows_light_the_marker_even_after_a_wide_label() -> None:
    strip = GroupsStrip()
    strip.rows = (("テーブル1", 2.0, 0.5), ("before", 1.0, 0.0), ("空", None, None))
    lines = strip.render_lines_text(60)
    assert all(cell_len(line.plain) == 60 for line in lines)
    # a label line, then its bar line
    assert lines[1].plain.startswith("テーブル1") and lines[3].plain.startswith("before")
    for line in (lines[2], lines[4]):
        assert styled(line, "on $accent") == ["|"]
    # the marker of a centre on a letter sits under that letter
    header = lines[0].plain
    assert header.index("C") == lines[2].plain.index("|")
    assert header.index("B") == lines[4].plain.index("|")
    assert styled(lines[6], "on $accent") == []


def test_every_strip_uses_one_horizontal_scale() -> None:
    """Issue 14: a table's centre is at the same column on the groups strip as on
    the spectrum and the dots row above it (one scale, the full width)."""
    from kyodo_tui.ui.widgets.spectrum import SpectrumWidget

    width = 70
    for centre in (0.3, 1.72, 2.5, 3.9):
        strip = GroupsStrip()
        strip.rows = (("テーブル1", centre, 0.4),)
        bar = strip.render_lines_text(width)[2].plain
        spectrum = SpectrumWidget(centre, 0.4)
        spec_bar = spectrum.bar_line(width).plain
        dots = DotPlot()
        dots.positions = (centre,)
        dot_row = dots.render_lines_text(width, 1)[0].plain
        assert bar.index("|") == spec_bar.index("|") == dot_row.index("o")


def test_histogram_numbers_are_the_shares() -> None:
    hist = LetterHistogram()
    hist.set_values((0, 3, 4, 2, 0), (0.0, 3 / 9, 4 / 9, 2 / 9, 0.0), counted=True)
    rows = hist.row_texts("ja")
    # one rounding: whole percentages adding up to 100 (33 + 44 + 22 would be 99)
    assert [numbers for _, numbers in rows] == [
        "0%  0人", "33%  3人", "45%  4人", "22%  2人", "0%  0人"]
    lines = hist.render_lines_text(60, "en")
    assert all(cell_len(line.plain) == 60 for line in lines)
    assert lines[2].plain.endswith("45%  4")


def test_histogram_and_triad_bars_share_one_scale() -> None:
    """Issue 14: a 50 % histogram bar is as long as a 50 % triad bar would be: both
    run 0-100 %, the histogram no longer scales to its largest row."""
    hist = LetterHistogram()
    hist.set_values((0.0,) * 5, (0.5, 0.25, 0.25, 0.0, 0.0), counted=False)
    lines = hist.render_lines_text(60, "ja")
    rows = hist.row_texts("ja")
    lw = max(cell_len(label) for label, _ in rows) + 1
    nw = max(cell_len(numbers) for _, numbers in rows) + 1
    bar = 60 - lw - nw
    filled = [sum(s.end - s.start for s in line.spans if "on $foreground 6%" not in str(s.style)
                  and "bold" not in str(s.style)) for line in lines]
    assert filled[0] == round(bar * 0.5) and filled[1] == round(bar * 0.25)


def test_triad_bar_and_dots_row_round_alike() -> None:
    """Issue 14: 公助 20 % on the bar and 21 % on the dots row, never again."""
    mean = (0.395, 0.395, 0.21 - 1e-9)  # plain rounding: 40 + 40 + 21 = 101
    dots = TriadDots()
    dots.points = ((0.4, 0.4, 0.2),)
    dots.mean = mean
    lines = dots.render_lines_text(40, "ja")
    shown = [int(line.plain.rstrip().rsplit(" ", 1)[-1].rstrip("%")) for line in lines]
    assert shown == percentages(mean) and sum(shown) == 100


def test_triad_dots_light_the_mean_after_a_wide_label() -> None:
    dots = TriadDots()
    dots.points = ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0))
    dots.mean = (0.5, 0.5, 0.0)
    lines = dots.render_lines_text(40, "ja")
    for k, line in enumerate(lines):
        lit = [line.plain[s.start:s.end] for s in line.spans
               if "on $" in str(s.style) and "%" not in str(s.style)]
        assert len(lit) == 1, k
        assert line.plain.rstrip().endswith(f"{percentages(dots.mean)[k]}%")


def test_every_workshop_string_key_exists_in_both_languages() -> None:
    import re
    import unicodedata
    from pathlib import Path

    from kyodo_tui.ui.modes.workshop import strings as ws

    for key, (ja, en) in ws.STRINGS.items():
        assert ja and en, key
        # projected in a CJK terminal: no East-Asian-ambiguous glyph in our chrome
        ambiguous = [ch for ch in ja + en
                     if unicodedata.east_asian_width(ch) == "A" and ch not in "〜"]
        assert not ambiguous, (key, ambiguous)
    root = Path(__file__).resolve().parents[2] / "kyodo_tui" / "ui"
    files = [*(path for path in sorted((root / "modes" / "workshop").glob("*.py"))
               if path.name != "strings.py"),
             root / "widgets" / "room_picture.py"]
    used = set()
    for path in files:
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_.]+)["']""", text))
        used |= set(re.findall(r"""label_button\([^)]*?["']([a-z]+\.[a-z_.]+)["']""", text))
    assert used, "no string keys found"
    missing = sorted(k for k in used if not ws.has(k))
    assert not missing

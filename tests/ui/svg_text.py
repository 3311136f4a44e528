"""The text of a snapshot SVG (pytest-textual-snapshot), row by row on the cell grid,
to check a picture for cut words: text running into the right edge of the terminal,
or into a panel's right border with no space before it."""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path

#: one cell's width and one row's height in Textual's SVG export
CELL_W = 12.2
ROW_H = 24.4
_TEXT = re.compile(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>')
_VIEW = re.compile(r'viewBox="0 0 ([\d.]+) ([\d.]+)"')
_RIGHT_BORDERS = "│┃║"


def size_of(svg: str) -> tuple[int, int]:
    """(columns, rows) of the terminal the picture was taken of."""
    m = _VIEW.search(svg)
    assert m is not None
    return round((float(m[1]) - 18) / CELL_W), round((float(m[2]) - 50) / ROW_H)


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def rows(svg: str) -> list[str]:
    """The picture's rows as text (a wide letter fills two cells: the second is "")."""
    grid: dict[float, dict[int, str]] = {}
    for m in _TEXT.finditer(svg):
        col = round(float(m[1]) / CELL_W)
        row = grid.setdefault(float(m[2]), {})
        for ch in html.unescape(m[3]).replace("\xa0", " "):
            row[col] = ch
            if _wide(ch):
                row[col + 1] = ""
                col += 1
            col += 1
    out = []
    for y in sorted(grid):
        row = grid[y]
        out.append("".join(row.get(c, " ") for c in range(max(row) + 1 if row else 0)))
    return out


def _wordish(ch: str) -> bool:
    return bool(ch) and (ch.isalnum() or (_wide(ch) and unicodedata.category(ch)[0] == "L"))


def cut_words(path: Path) -> list[str]:
    """Rows of the picture where a word runs into the right edge or a right border."""
    svg = path.read_text("utf-8")
    width, _height = size_of(svg)
    found = []
    for n, line in enumerate(rows(svg)):
        cells = [*line.ljust(width)]
        # a wide letter in the last two cells, or a letter in the last one
        if _wordish(cells[width - 1]) or (cells[width - 1] == "" and _wordish(cells[width - 2])):
            found.append(f"row {n}, right edge: {line.rstrip()}")
            continue
        for i in range(1, len(cells)):
            before = cells[i - 1] if cells[i - 1] != "" else cells[i - 2]
            if cells[i] in _RIGHT_BORDERS and _wordish(before):
                found.append(f"row {n}, border: {line.rstrip()}")
                break
    return found

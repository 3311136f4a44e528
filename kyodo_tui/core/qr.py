"""The kiosk takeaway: a short plain summary of a result, drawn as a QR code in the terminal.

A resident at a kiosk leaves with the result on their phone: the result
screen shows a QR code that a phone camera reads as plain text. The text
(:func:`takeaway_summary`) holds only catalog texts and numbers — the
placement, the 自助・共助・公助 shares, a few activities and forms, and the
municipality's 協働 desk — never an answer's free text or anything personal.

QR encoding is segno's (a small, well-kept library); this module only draws
the module matrix as text. Three ways to draw (:data:`QR_MODES`):

``"half"``
    ▀ ▄ █ and space: one cell per module across, two modules per line. The
    most compact, square on a usual 1:2 terminal cell. These block glyphs are
    East-Asian *ambiguous* width (``unicodedata.east_asian_width`` is "A"):
    terminals set to draw ambiguous characters double-width (a CJK option in
    Windows Terminal, iTerm2, GNOME Terminal, PuTTY…) break it.
``"full"``
    ``██`` and two spaces per module, one module per line: twice the size, for
    terminals that draw ambiguous characters single-width (the usual default,
    and what Rich/Textual assume).
``"wide"``
    ``█`` and an ideographic space ``"　"`` (U+3000, always two cells) per
    module: for terminals that draw ambiguous characters **double-width**,
    where ``█`` is two cells too. Do not use it elsewhere.

No glyph is width-safe everywhere. A Textual widget can avoid glyphs
altogether by painting two spaces per module with a background colour, from
:func:`qr_matrix`.

By default dark modules are drawn as blocks, for a black-on-white widget or
paper. On a plain light-on-dark terminal pass ``invert=True``: the light
modules (and the quiet zone) are then the blocks, so the code still reads as
dark on light.

Pure Python: no Textual (segno is imported only when a code is made).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from kyodo_tui.core.model import Catalog, Lang, Text

if TYPE_CHECKING:
    from kyodo_tui.core.placement import Placement
    from kyodo_tui.core.recommend import Recommendations

__all__ = [
    "DEFAULT_BORDER",
    "MAX_SUMMARY_BYTES",
    "QR_MODES",
    "QrMode",
    "cell_width",
    "qr_image",
    "qr_lines",
    "qr_matrix",
    "takeaway_document",
    "takeaway_summary",
]

QrMode = Literal["half", "full", "wide"]
QR_MODES: tuple[QrMode, ...] = ("half", "full", "wide")
#: the quiet zone the QR standard asks for, in modules
DEFAULT_BORDER = 4
#: what a summary aims to stay within (UTF-8 bytes): a version ≤ 11 code at level L
MAX_SUMMARY_BYTES = 300

# ---------------------------------------------------------------- drawing


def _make(text: str) -> object:
    import segno  # lazily: only when a code is drawn

    # level L (7 %) keeps the code small; a screen or a print is clean enough,
    # and segno raises the level when that costs no extra size.
    return segno.make(text, error="l", micro=False, encoding="utf-8")


def qr_matrix(text: str, *, border: int = DEFAULT_BORDER) -> list[list[bool]]:
    """The QR code of ``text`` as rows of modules (True: dark), quiet zone included."""
    if border < 0:
        raise ValueError("border must not be negative")
    code = _make(text)
    rows = code.matrix_iter(scale=1, border=border)  # type: ignore[attr-defined]
    return [[bool(m) for m in row] for row in rows]


_HALF = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}


def render_matrix(matrix: Sequence[Sequence[bool]], mode: QrMode = "half", *,
                  invert: bool = False) -> list[str]:
    """Draw a module matrix as text lines (see the module docstring for the modes)."""
    if mode not in QR_MODES:
        raise ValueError(f"unknown QR mode {mode!r}; use one of {', '.join(QR_MODES)}")
    ink = [[(not m) if invert else bool(m) for m in row] for row in matrix]
    if mode == "half":
        width = len(ink[0]) if ink else 0
        if len(ink) % 2:
            ink.append([invert] * width)  # the extra half line is quiet zone
        return ["".join(_HALF[(top, bottom)] for top, bottom in zip(a, b, strict=True))
                for a, b in zip(ink[::2], ink[1::2], strict=True)]
    on, off = ("██", "  ") if mode == "full" else ("█", "\u3000")
    return ["".join(on if m else off for m in row) for row in ink]


def qr_lines(text: str, mode: QrMode = "half", *, border: int = DEFAULT_BORDER,
             invert: bool = False) -> list[str]:
    """The QR code of ``text`` drawn as terminal text lines, quiet zone included."""
    return render_matrix(qr_matrix(text, border=border), mode, invert=invert)


def cell_width(line: str, *, ambiguous_wide: bool = False) -> int:
    """How many terminal cells ``line`` takes: wide/full-width 2, ambiguous 1 or 2, else 1."""
    total = 0
    for ch in line:
        eaw = unicodedata.east_asian_width(ch)
        total += 2 if eaw in ("W", "F") or (eaw == "A" and ambiguous_wide) else 1
    return total


def qr_image(text: str, kind: Literal["png", "svg"] = "png", *, scale: int = 8,
             border: int = DEFAULT_BORDER) -> bytes:
    """The QR code of ``text`` as a PNG or SVG image (segno's own writers; no Pillow)."""
    import io

    out = io.BytesIO()
    _make(text).save(out, kind=kind, scale=scale, border=border)  # type: ignore[attr-defined]
    return out.getvalue()


def takeaway_document(summary: str, fmt: Literal["text", "png", "svg"] = "text", *,
                      border: int = DEFAULT_BORDER) -> bytes:
    """What a printer command gets on stdin: the summary and its QR code.

    ``text``: the summary, a blank line and the QR drawn in half blocks (dark
    modules as blocks: paper is light), UTF-8. ``png``/``svg``: the QR image.
    """
    if fmt == "text":
        lines = qr_lines(summary, "half", border=border)
        return (summary + "\n\n" + "\n".join(lines) + "\n").encode("utf-8")
    if fmt in ("png", "svg"):
        return qr_image(summary, fmt, border=border)
    raise ValueError(f"unknown takeaway format {fmt!r}")


# ---------------------------------------------------------------- the summary

#: short labels for the letters (the full ones are placement.LETTER_NAMES), in the
#: town's words ({office}: 「役場」「市役所」, plain 「役所」; see Municipality)
LETTER_SHORT: dict[str, Text] = {
    "A": Text("市民が自ら活動", "citizens on their own"),
    "B": Text("市民主導・{office}が支援", "citizen-led, {office} supports"),
    "C": Text("市民と{office}が対等に協力", "citizens and {office} as equals"),
    "D": Text("{office}が主導・市民が参加", "{office} leads, citizens take part"),
    "E": Text("{office}が単独で担う", "{office} alone"),
}
_T = {
    "head": Text("協働のまちづくり 診断結果", "Community collaboration (kyodo) result"),
    "place": Text("位置: ", "Place: "),
    "unplaced": Text("位置: まだ位置は決まっていません", "Place: not placed yet"),
    "triad": Text("自助{0}% 共助{1}% 公助{2}%", "Self-help {0}% Mutual {1}% Public {2}%"),
    "hint": Text("位置が決まる質問: ", "Answer to be placed: "),
    "acts": Text("活動: ", "Activities: "),
    "forms": Text("形態: ", "Forms: "),
    "desk": Text("窓口: ", "Desk: "),
    "tel": Text("TEL ", "Tel "),
}


def _percentages(shares: Sequence[float]) -> list[int]:
    """Whole percentages summing to 100: the one rounding of every screen."""
    from kyodo_tui.core.text import whole_percentages

    return whole_percentages(shares)


@dataclass(frozen=True, slots=True)
class _Fit:
    """How much of the summary to show (see :func:`takeaway_summary`)."""

    acts: int = 3
    forms: int = 2
    triad: bool = True
    #: show which question would place an unplaced result
    hint: bool = True
    #: the desk's name (its phone and URL are always there)
    name: bool = True
    head: bool = True
    mail: bool = True


def takeaway_summary(catalog: Catalog, placement: Placement, recommendations: Recommendations,
                     lang: Lang, *, max_bytes: int = MAX_SUMMARY_BYTES) -> str:
    """A short plain-text summary of a result for the takeaway QR code.

    What a resident needs most comes first and goes last: the catalog's 協働
    desk (``catalog.contacts["desk"]``: name, phone, URL, e-mail), then the
    letter with a short label and the 自助・共助・公助 percentages, then up to
    2 recommended forms, then up to 3 activities, one per line (``- name``: a
    name with 、 or ・ in it still reads as one). Only catalog texts and numbers:
    never an answer's text or anything personal. To stay within ``max_bytes``
    (UTF-8) whole items are dropped, never cut mid-word: the e-mail (when there
    is a phone or URL), the heading, the activities last to first, the forms,
    the percentages, the desk's name (when it has a phone or URL). The letter,
    phone and URL always stay; if
    even that is over ``max_bytes`` it is returned as is.
    """
    tr = {k: v.get(lang) for k, v in _T.items()}
    if placement.placed and placement.letter is not None:
        short = catalog.municipality.fill(LETTER_SHORT[placement.letter])
        place = f"{tr['place']}{placement.letter} {short.get(lang)}"
    else:
        place = tr["unplaced"]
    from kyodo_tui.core.placement import placing_hint

    found = None if placement.placed else placing_hint(catalog, placement.to_place)
    prompt = None if found is None else found.params["prompt"]
    hint = prompt.get(lang) if isinstance(prompt, Text) else None
    triad = (tr["triad"].format(*_percentages(placement.triad))
             if placement.triad_placed else None)
    acts = [m.activity.title.get(lang) for m in recommendations.activities]
    forms = [f.form.name.get(lang) for f in recommendations.forms]
    desk = catalog.contacts.get("desk")
    desk_name = desk.name.get(lang) if desk is not None else ""
    phone = desk.phone.strip() if desk is not None else ""
    url = desk.url.strip() if desk is not None else ""
    email = desk.email.strip() if desk is not None else ""

    def items(label: str, names: list[str]) -> list[str]:
        return [label.rstrip(), *(f"- {n}" for n in names)] if names else []

    def build(fit: _Fit) -> str:
        lines = [tr["head"]] if fit.head else []
        if desk_name and (fit.name or not (phone or url)):
            lines.append(tr["desk"] + desk_name)
        if phone:
            lines.append(tr["tel"] + phone)
        if url:
            lines.append(url)
        if email and (fit.mail or not (phone or url)):
            lines.append(email)
        lines.append(place)
        if hint and fit.hint:
            lines.append(tr["hint"] + hint)
        if triad and fit.triad:
            lines.append(triad)
        lines += items(tr["forms"], forms[:fit.forms])
        lines += items(tr["acts"], acts[:fit.acts])
        return "\n".join(lines)

    # each step gives up a little more; the first text that fits wins
    steps: list[dict[str, int | bool]] = [
        {"mail": False}, {"head": False}, {"acts": 2}, {"acts": 1}, {"acts": 0},
        {"forms": 1}, {"forms": 0}, {"triad": False}, {"hint": False}, {"name": False},
    ]
    fit = _Fit()
    text = build(fit)
    for change in steps:
        if len(text.encode("utf-8")) <= max_bytes:
            break
        fit = replace(fit, **change)  # type: ignore[arg-type]
        text = build(fit)
    return text

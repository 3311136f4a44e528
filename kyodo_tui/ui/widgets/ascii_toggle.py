"""Check boxes and radio buttons drawn in ASCII: ``[x]`` / ``[ ]`` and ``(*)`` / ``( )``.

Textual's own marks (``▐●▌``, ``▐X▌``) are East-Asian-ambiguous half blocks, which
a CJK terminal draws two cells wide, and they tell on from off by colour only.

Private Textual API, Textual 8.2.8: the mark is drawn by ``ToggleButton._button``.
Its public parts (``BUTTON_LEFT``, ``BUTTON_INNER``, ``BUTTON_RIGHT`` and the
``toggle--button`` component class) draw the same glyph on and off, so no public
hook can draw ``x`` when on and a space when off. This module is the one place
that overrides it; every mode uses these classes.
"""

from __future__ import annotations

from typing import ClassVar

from textual.content import Content
from textual.widgets import Checkbox, RadioButton

__all__ = ["AsciiCheckbox", "AsciiRadio"]


#: a mark in parts, each drawn in the mark's style
Mark = tuple[str, ...]


def _mark(value: bool, marks: tuple[Mark, Mark], on_style: str, off_style: str) -> Content:
    parts, style = (marks[0], on_style) if value else (marks[1], off_style)
    return Content.assemble(*((part, style) for part in parts))


class AsciiCheckbox(Checkbox):
    """A checkbox drawn ``[x]`` / ``[ ]``, bold when on, muted when off."""

    #: (on, off)
    MARKS: ClassVar[tuple[Mark, Mark]] = (("[", "x", "]"), ("[", " ", "]"))
    ON_STYLE: ClassVar[str] = "bold $success"
    OFF_STYLE: ClassVar[str] = "$foreground-muted"

    @property
    def _button(self) -> Content:  # private in Textual 8.2.8: see the module doc
        return _mark(self.value, self.MARKS, self.ON_STYLE, self.OFF_STYLE)


class AsciiRadio(RadioButton):
    """A radio button drawn ``(*)`` / ``( )``, bold when on, muted when off."""

    MARKS: ClassVar[tuple[Mark, Mark]] = (("(*)",), ("( )",))
    ON_STYLE: ClassVar[str] = "bold $primary"
    OFF_STYLE: ClassVar[str] = "$foreground-muted"

    @property
    def _button(self) -> Content:  # private in Textual 8.2.8: see the module doc
        return _mark(self.value, self.MARKS, self.ON_STYLE, self.OFF_STYLE)

"""``set_text``: update a Static only when its text changes.

``Static.update`` always asks for a new layout of the screen (the text might need
another size), and a layout repaints the whole screen: re-setting the same text on
every key (a progress label, a counter) made each key press a full-screen repaint.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


def set_text(widget: Static, content: Content) -> None:
    """Show ``content`` in ``widget`` unless it already shows exactly that."""
    if widget.content != content:
        widget.update(content)

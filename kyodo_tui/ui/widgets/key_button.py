"""``KeyButton``: a Button on which every Enter presses.

Textual's Button (8.2) ignores ``action_press`` while its 0.2 s "active" effect
shows, so a second Enter typed at once on a focused button was lost (the officer's
second export went nowhere). A click keeps Textual's behaviour (no double-click
press); a key always presses."""

from __future__ import annotations

from textual.widgets import Button


class KeyButton(Button):
    """A Button that presses on every Enter (see the module's note)."""

    def action_press(self) -> None:
        self.press()

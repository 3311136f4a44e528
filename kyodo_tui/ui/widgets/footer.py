"""``KeysFooter``: Textual's Footer, rebuilt only when the keys it shows change.

Textual's Footer recomposes (a new widget for every key, each styled) whenever a
screen refreshes its bindings, which it does on every focus move. On the results
screen a tab switch moves the focus two or three times: the footer was rebuilt as
often, with the same keys. This footer remembers what it showed and skips a rebuild
that would show the same keys. (``Footer.bindings_changed`` is public Textual API,
checked against Textual 8.2.)
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


class KeysFooter(Footer):
    """A Footer that skips rebuilding when its keys, labels and states are unchanged."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple[Any, ...] | None = None

    def _keys_of(self, screen: Screen[Any]) -> tuple[Any, ...]:
        app = self.app
        return tuple(
            (binding.key, app.get_key_display(binding), binding.description, binding.action,
             binding.group, enabled, tooltip)
            for (_, binding, enabled, tooltip) in screen.active_bindings.values()
            if binding.show
        )

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if self.is_attached and screen is self.screen and screen.app.app_focus:
            keys = self._keys_of(screen)
            if keys == self._shown:
                return
            # remembered now: a second refresh before the rebuild runs is skipped too
            self._shown = keys
        super().bindings_changed(screen)

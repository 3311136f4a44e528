"""``WorkshopScreen``: the base of workshop-mode screens.

A :class:`~kyodo_tui.ui.screens.base.KyodoScreen` whose strings (and footer key
descriptions) come from :mod:`kyodo_tui.ui.modes.workshop.strings` first, then
the app's strings, and which redraws when the workshop changes
(``on_workshop_change``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual.binding import ActiveBinding
from textual.widgets import Button

from kyodo_tui.ui.modes.workshop import strings as ws
from kyodo_tui.ui.screens.base import KyodoScreen

if TYPE_CHECKING:
    from kyodo_tui.core.workshop import Workshop
    from kyodo_tui.ui.modes.workshop.app import WorkshopApp


class WorkshopScreen(KyodoScreen):
    """Base of the workshop screens."""

    @property
    def wapp(self) -> WorkshopApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    @property
    def workshop(self) -> Workshop:
        workshop = self.wapp.workshop
        assert workshop is not None, "no workshop is open"
        return workshop

    def t(self, key: str, **params: object) -> str:
        text = ws.t(key, self.lang)
        return text.format(**params) if params else text

    def on_mount(self) -> None:
        self.watch(self.app, "workshop_version", self._workshop_changed, init=False)
        self.watch(self.app, "lang", self._relayout_later, init=False)

    def _relayout_later(self, lang: str) -> None:
        self.call_after_refresh(self._relayout_buttons)

    def _relayout_buttons(self) -> None:
        # a Button does not re-measure when its label changes (another language)
        for button in self.query(Button):
            button.refresh(layout=True)

    def _workshop_changed(self, version: int) -> None:
        if self.is_attached and self.app.screen is self:
            self.on_workshop_change()

    def on_screen_resume(self) -> None:
        # changes made on another screen are drawn on coming back
        self.on_workshop_change()

    def on_workshop_change(self) -> None:
        """Redraw after the workshop changed (override)."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        out: dict[str, ActiveBinding] = {}
        for key, active in super().active_bindings.items():
            desc = active.binding.description
            if desc in ws.STRINGS:
                binding = replace(active.binding, description=ws.t(desc, self.lang))
                active = active._replace(binding=binding)
            out[key] = active
        return out

    def label_button(self, button_id: str, key: str | None, text_key: str,
                     suffix: str = "") -> None:
        """A button's label: its key (shown first, so the room sees it) and text."""
        from textual.content import Content

        label = (f"{key} " if key else "") + self.t(text_key) + suffix
        self.query_one(f"#{button_id}", Button).label = Content(label)

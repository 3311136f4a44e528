"""Shared pieces of the intake screens: the intake strings on a screen, footer
descriptions in the current language, and the one-line intake action bar.

Every string a person typed goes through ``Content(...)`` (shown literally).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import ActiveBinding
from textual.containers import HorizontalGroup
from textual.content import Content
from textual.widgets import Button, Label

from kyodo_tui.core.intake import local_time
from kyodo_tui.ui.modes.intake import strings as intake_strings

__all__ = ["IntakeBar", "IntakeScreenMixin", "it", "local_time"]

if TYPE_CHECKING:
    from kyodo_tui.ui.modes.intake.app import IntakeApp


def it(lang: str, key: str, **params: object) -> str:
    """An intake string in ``lang`` (``str.format``-ed with plain-text params)."""
    text = intake_strings.t(key, lang)
    return text.format(**params) if params else text


class IntakeScreenMixin:
    """For screens of the intake mode: ``self.it(key)`` and translated footer keys.

    Put it first among the bases: ``class X(IntakeScreenMixin, KyodoScreen)``.
    A binding whose description is a key of ``intake_strings`` is shown in the
    current language.
    """

    app: Any
    lang: Any

    @property
    def intake(self) -> IntakeApp:
        """The app, typed as the intake app."""
        return self.app  # type: ignore[no-any-return]

    def it(self, key: str, **params: object) -> str:
        return it(self.lang, key, **params)

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        out: dict[str, ActiveBinding] = super().active_bindings  # type: ignore[misc]
        for key, active in list(out.items()):
            desc = active.binding.description
            if desc in intake_strings.STRINGS:
                binding = replace(active.binding, description=intake_strings.t(desc, self.lang))
                out[key] = active._replace(binding=binding)
        return out


class IntakeBar(HorizontalGroup):
    """One row of compact buttons (``key label``) and a status on the right."""

    DEFAULT_CSS = """
    IntakeBar {
        height: 1;
        padding: 0 1;
        background: $boost;
    }
    IntakeBar > Button {
        margin: 0 1 0 0;
        min-width: 0;
    }
    IntakeBar > Button.-on {
        background: $warning 60%;
        text-style: bold;
    }
    IntakeBar > .bar-spacer {
        width: 1fr;
    }
    IntakeBar > #bar-status {
        width: auto;
        color: $text-muted;
        text-wrap: nowrap;
    }
    """

    def __init__(self, buttons: list[tuple[str, str]], *, id: str = "intake-bar") -> None:
        """``buttons``: (button id, key display) pairs, in order."""
        super().__init__(id=id)
        self._buttons = buttons

    def compose(self) -> ComposeResult:
        for button_id, _key in self._buttons:
            yield Button("", id=button_id, compact=True)
        yield Label("", classes="bar-spacer")
        yield Label("", id="bar-status", markup=False)

    def set_label(self, button_id: str, text: str) -> None:
        """Label a button ``KEY text`` (the key as the footer shows it)."""
        key = dict(self._buttons).get(button_id, "")
        button = self.query_one(f"#{button_id}", Button)
        button.label = Content(f"{key} {text}" if key else text)

    def set_status(self, text: str | Content) -> None:
        self.query_one("#bar-status", Label).update(
            text if isinstance(text, Content) else Content(text))

"""The intake mode's first screen: new intake (individual / group), saved records,
two parties, resume the draft, browse, learn.

The intake app's ``go_home`` ("back to the start") lands here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalGroup, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Label, Static

from kyodo_tui.ui.modes.intake.common import IntakeScreenMixin
from kyodo_tui.ui.screens.base import KyodoScreen
from kyodo_tui.ui.widgets.entry_menu import entry_index, entry_rows, label_entries

#: this module's stylesheet (absolute: a relative CSS_PATH resolves beside a subclass)
TCSS = Path(__file__).with_name("home.tcss")


#: (button id, string key) in the order of the number keys
ENTRIES: tuple[tuple[str, str], ...] = (
    ("home-individual", "home.individual"),
    ("home-group", "home.group"),
    ("home-records", "home.records"),
    ("home-pair", "home.pair"),
    ("home-resume", "home.resume"),
    ("home-browse", "home.browse"),
    ("home-learn", "home.learn"),
)


class IntakeHomeScreen(IntakeScreenMixin, KyodoScreen):
    """Seven ways in, each a button with a number key."""

    CSS_PATH: ClassVar[Any] = [TCSS]

    SHOW_BACK = False

    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(n), f"choose({n - 1})", show=False) for n in range(1, len(ENTRIES) + 1)),
        Binding("up", "app.focus_previous", show=False),
        Binding("down", "app.focus_next", show=False),
    ]

    def title_text(self) -> str:
        return self.it("home.title")

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(classes="page", id="intake-home"), VerticalGroup(classes="column"):
            yield Static("", id="home-heading", classes="heading")
            yield Static("", id="home-intro", classes="intro")
            yield from entry_rows(ENTRIES, compact=True)
            yield Static("", id="home-keys", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#home-individual", Button).focus()

    def on_screen_resume(self) -> None:
        self._render_resume()

    def watch_lang(self, lang: str) -> None:
        self.query_one("#home-heading", Static).update(Content(self.it("home.heading")))
        self.query_one("#home-intro", Static).update(Content(self.it("home.intro")))
        label_entries(self, ENTRIES, self.it)
        self.query_one("#home-keys", Static).update(Content(self.it("home.keys")))
        self._render_resume()

    def _render_resume(self) -> None:
        has = self.intake.latest_draft() is not None
        self.query_one("#home-resume", Button).disabled = not has
        key = "home.resume.help" if has else "home.resume.none"
        self.query_one("#home-resume-help", Label).update(Content(self.it(key)))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        index = entry_index(ENTRIES, event.button.id)
        if index is not None:
            event.stop()
            self.action_choose(index)

    def action_choose(self, index: int) -> None:
        if not 0 <= index < len(ENTRIES):
            return
        button_id = ENTRIES[index][0]
        app = self.intake
        if button_id == "home-individual":
            app.start_flow("individual")
        elif button_id == "home-group":
            app.start_flow("group")
        elif button_id == "home-records":
            app.show_records()
        elif button_id == "home-pair":
            app.start_flow("group", party="citizen")
        elif button_id == "home-resume":
            draft = app.latest_draft()
            if draft is not None:
                app.resume_draft(draft)
            else:
                self._render_resume()
        elif button_id == "home-browse":
            app.show_browse()
        elif button_id == "home-learn":
            app.show_learn()

"""The welcome screen: what 協働 is, and four ways in (individual, group, browse, learn)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalGroup, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from kyodo_tui.ui.screens.base import KyodoScreen
from kyodo_tui.ui.widgets.entry_menu import entry_index, entry_rows, label_entries
from kyodo_tui.ui.widgets.lang_switch import LangButtons

#: (button id, string key, action) in the order of the number keys
ENTRIES: tuple[tuple[str, str], ...] = (
    ("start-individual", "welcome.start_individual"),
    ("start-group", "welcome.start_group"),
    ("browse", "welcome.browse"),
    ("learn", "welcome.learn"),
)


class WelcomeScreen(KyodoScreen):
    """The first screen a resident sees."""

    TITLE_KEY = "app.title"
    SHOW_BACK = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "choose(0)", show=False),
        Binding("2", "choose(1)", show=False),
        Binding("3", "choose(2)", show=False),
        Binding("4", "choose(3)", show=False),
        Binding("up", "app.focus_previous", show=False),
        Binding("down", "app.focus_next", show=False),
    ]

    #: the id of the row of language buttons (each button: ``<row>-<code>``)
    LANG_ROW: ClassVar[str] = "welcome-lang"

    def compose_body(self) -> ComposeResult:
        yield LangButtons(self.LANG_ROW, id=self.LANG_ROW)
        with VerticalScroll(classes="page", id="welcome"), VerticalGroup(classes="column"):
            yield Static("", id="welcome-heading", classes="heading")
            yield Static("", id="welcome-intro", classes="intro")
            yield from entry_rows(ENTRIES)
            yield Static("", id="welcome-keys", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#start-individual", Button).focus()

    def watch_lang(self, lang: str) -> None:
        self.query_one("#welcome-heading", Static).update(Content(self.t("welcome.heading")))
        self.query_one("#welcome-intro", Static).update(Content(self.t("welcome.intro")))
        label_entries(self, ENTRIES, self.t)
        self.query_one("#welcome-keys", Static).update(Content(self.t("welcome.keys")))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        index = entry_index(ENTRIES, event.button.id)
        if index is not None:
            event.stop()
            self.action_choose(index)

    def action_choose(self, index: int) -> None:
        button_id = ENTRIES[index][0]
        if button_id == "start-individual":
            self.kyodo.start_flow("individual")
        elif button_id == "start-group":
            self.kyodo.start_flow("group")
        elif button_id == "browse":
            self.kyodo.show_browse()
        elif button_id == "learn":
            self.kyodo.show_learn()

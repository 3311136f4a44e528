"""Workshop mode's first screens: start, a new workshop, reopen a saved one.

Start offers two big buttons (1 new, 2 open). New asks for a title and how the
room is split: tables (テーブル1, 2, …), before/after rounds, or the whole room
as one. Open lists the records in ``<data dir>/workshops`` newest first; a file
that cannot be read is listed with its ``path:line`` problem.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup, Vertical, VerticalGroup, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Label, OptionList, RadioButton, RadioSet, Static
from textual.widgets.option_list import Option

from kyodo_tui.core.langs import is_japanese
from kyodo_tui.ui.modes.workshop.base import WorkshopScreen
from kyodo_tui.ui.widgets.ascii_toggle import AsciiRadio
from kyodo_tui.ui.widgets.entry_menu import entry_index, entry_rows, label_entries

if TYPE_CHECKING:
    from kyodo_tui.ui.modes.workshop.common import SavedWorkshop

ENTRIES: tuple[tuple[str, str], ...] = (("ws-new", "start.new"), ("ws-open", "start.open"))


class WorkshopStartScreen(WorkshopScreen):
    """New workshop, or reopen a saved one."""

    TITLE_KEY = "app.title"
    SHOW_BACK = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "choose(0)", show=False),
        Binding("2", "choose(1)", show=False),
        Binding("up", "app.focus_previous", show=False),
        Binding("down", "app.focus_next", show=False),
    ]

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(classes="page ws-page", id="ws-start"), \
                VerticalGroup(classes="column"):
            yield Static("", id="ws-start-heading", classes="ws-big-heading")
            yield Static("", id="ws-start-intro", classes="intro")
            yield from entry_rows(ENTRIES, primary=len(ENTRIES))
            yield Static("", id="ws-start-keys", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#ws-new", Button).focus()

    def watch_lang(self, lang: str) -> None:
        self.query_one("#ws-start-heading", Static).update(Content(self.t("start.heading")))
        self.query_one("#ws-start-intro", Static).update(Content(self.t("start.intro")))
        label_entries(self, ENTRIES, self.t)
        self.query_one("#ws-start-keys", Static).update(Content(self.t("start.keys")))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        index = entry_index(ENTRIES, event.button.id)
        if index is not None:
            event.stop()
            self.action_choose(index)

    def action_choose(self, index: int) -> None:
        if index == 0:
            self.app.push_screen(WorkshopNewScreen())
        else:
            self.app.push_screen(WorkshopOpenScreen())


SPLITS: tuple[tuple[str, str], ...] = (
    ("split-tables", "new.tables"),
    ("split-rounds", "new.rounds"),
    ("split-whole", "new.whole"),
)


class WorkshopNewScreen(WorkshopScreen):
    """Title and groups of a new workshop."""

    TITLE_KEY = "new.title"

    def compose_body(self) -> ComposeResult:
        with Vertical(id="ws-new-body"):
            with VerticalScroll(classes="page ws-page"), VerticalGroup(classes="column"):
                yield Label("", id="new-name-label", classes="ws-field-label")
                yield Input(id="new-name")
                yield Label("", id="new-groups-label", classes="ws-field-label")
                with RadioSet(id="new-split"):
                    for n, (radio_id, _) in enumerate(SPLITS):
                        yield AsciiRadio("", id=radio_id, value=n == 0)
                with HorizontalGroup(id="new-count-row"):
                    yield Label("", id="new-count-label", classes="ws-inline-label")
                    yield Input("2", id="new-count", type="integer", max_length=2)
                yield Label("", id="new-problem", classes="ws-problem", markup=False)
            with HorizontalGroup(id="nav"):
                yield Button("", id="nav-back")
                yield Label("", classes="spacer")
                yield Button("", id="new-create", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#new-name", Input).focus()

    def watch_lang(self, lang: str) -> None:
        self.query_one("#new-name-label", Label).update(Content(self.t("new.name")))
        self.query_one("#new-name", Input).placeholder = self.t("new.name.placeholder")
        self.query_one("#new-groups-label", Label).update(Content(self.t("new.groups")))
        for radio_id, key in SPLITS:
            self.query_one(f"#{radio_id}", RadioButton).label = Content(self.t(key))
        self.query_one("#new-count-label", Label).update(Content(self.t("new.count")))
        self.query_one("#nav-back", Button).label = Content("< " + self.t("new.cancel"))
        self.query_one("#new-create", Button).label = Content(self.t("new.create") + " >")

    @on(RadioSet.Changed, "#new-split")
    def _split_changed(self, event: RadioSet.Changed) -> None:
        self.query_one("#new-count-row").display = event.radio_set.pressed_index == 0

    def _groups(self) -> tuple[list[tuple[str, str]], bool] | None:
        split = self.query_one("#new-split", RadioSet).pressed_index
        if split == 1:
            return [("before", self.t("group.before")), ("after", self.t("group.after"))], True
        if split == 2:
            return [("all", self.t("group.all"))], False
        from kyodo_tui.ui.modes.workshop.common import MAX_TABLES

        text = self.query_one("#new-count", Input).value.strip()
        count = int(text) if text.isdigit() else 0
        if not 1 <= count <= MAX_TABLES:
            self.query_one("#new-problem", Label).update(
                Content(self.t("new.bad_count", max=MAX_TABLES)))
            self.query_one("#new-count", Input).focus()
            return None
        return [(f"table-{n}", self.t("group.table", n=n)) for n in range(1, count + 1)], False

    def action_create(self) -> None:
        from kyodo_tui.core.errors import KyodoInputError

        groups = self._groups()
        if groups is None:
            return
        title = self.query_one("#new-name", Input).value.strip() or self.t(
            "new.default_title", date=datetime.now().strftime("%Y-%m-%d"))
        try:
            self.wapp.new_workshop(title, groups[0], compare_rounds=groups[1])
        except KyodoInputError as exc:
            from kyodo_tui.ui.modes.workshop.common import problem_text

            self.query_one("#new-problem", Label).update(Content(problem_text(exc)))
            return
        self.wapp.show_room()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_create()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "nav-back":
            event.stop()
            self.action_back()
        elif event.button.id == "new-create":
            event.stop()
            self.action_create()


class WorkshopOpenScreen(WorkshopScreen):
    """The saved workshops, newest first."""

    TITLE_KEY = "open.title"

    def __init__(self) -> None:
        super().__init__()
        self.saved: list[SavedWorkshop] = []

    def compose_body(self) -> ComposeResult:
        with Vertical(id="ws-open-body"):
            with VerticalGroup(classes="ws-page"):
                yield Static("", id="open-intro", classes="intro")
            yield OptionList(id="open-list", markup=False)
            yield Static("", id="open-folder", classes="hint")
            with HorizontalGroup(id="nav"):
                yield Button("", id="nav-back")
                yield Label("", classes="spacer")
                yield Button("", id="open-open", variant="primary")

    def on_mount(self) -> None:
        self.saved = self.wapp.saved_workshops()
        self.query_one("#open-list", OptionList).focus()

    def watch_lang(self, lang: str) -> None:
        self.query_one("#open-intro", Static).update(Content(
            self.t("open.intro") if self.saved else self.t("open.none")))
        self.query_one("#open-folder", Static).update(Content(
            self.t("open.folder", path=str(self.wapp.workshops_dir()))))
        self.query_one("#nav-back", Button).label = Content("< " + self.t("back"))
        self.query_one("#open-open", Button).label = Content(self.t("open.open") + " >")
        self._render_list()

    def _row(self, item: SavedWorkshop) -> Content:
        when = datetime.fromtimestamp(item.mtime).strftime("%Y-%m-%d %H:%M")
        if item.workshop is None:
            return Content.assemble(
                Content(item.path.name).stylize("bold"), "  ",
                (self.t("open.broken"), "$error"), "\n    ",
                Content(item.problem or "").stylize("$foreground-muted"))
        w = item.workshop
        people = sum(len(g.participants) for g in w.groups)
        hands = sum(g.hands for g in w.groups)
        sep = " ・ " if is_japanese(self.lang) else " / "
        facts = sep.join([w.created.strftime("%Y-%m-%d %H:%M"),
                          self.t("open.groups", n=len(w.groups)),
                          self.t("open.people", n=people), self.t("open.hands", n=hands)])
        return Content.assemble(
            Content(w.title).stylize("bold"), "\n    ",
            Content(facts).stylize("$foreground-muted"), "  ",
            Content(f"{item.path.name} ({when})").stylize("$foreground-muted"))

    def _render_list(self) -> None:
        options = self.query_one("#open-list", OptionList)
        highlighted = options.highlighted
        options.set_options([Option(self._row(item), id=str(i))
                             for i, item in enumerate(self.saved)])
        if self.saved:
            options.highlighted = min(highlighted or 0, len(self.saved) - 1)
        self.query_one("#open-open", Button).disabled = not self.saved

    def _open(self, index: int) -> None:
        from kyodo_tui.core.errors import KyodoInputError
        from kyodo_tui.ui.modes.workshop.common import problem_text

        if not 0 <= index < len(self.saved):
            return
        item = self.saved[index]
        try:
            self.wapp.open_workshop(item.path)
        except (KyodoInputError, OSError) as exc:
            self.notify(self.t("open.failed", problem=problem_text(exc)), severity="error",
                        markup=False)
            return
        self.wapp.show_room()

    @on(OptionList.OptionSelected, "#open-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._open(event.option_index)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "nav-back":
            event.stop()
            self.action_back()
        elif event.button.id == "open-open":
            event.stop()
            highlighted = self.query_one("#open-list", OptionList).highlighted
            if highlighted is not None:
                self._open(highlighted)

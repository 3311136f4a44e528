"""The room screen: the live room picture of a group (or the whole room) with the
discussion prompts beside it, and every facilitator action as a button.

::

    [0 全体] [1 テーブル1] [2 テーブル2] [g + グループを追加]
    +------------------------------------+ +-----------------------------+
    | RoomPicture (dots, A-E, histogram, | | 話し合いのきっかけ          |
    | triad; the tables on one strip)    | | 関わる原則 / 合いそうな形 / |
    |                                    | | 意見が分かれた質問          |
    +------------------------------------+ +-----------------------------+
    [h 挙手を数える] [a 一人ずつ答える] [c 比べる] [s 保存] [x 書き出す]

Pictures and prompts are core results (``WorkshopApp.room_view``), computed in a
thread worker so a large room never blocks a key.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup, Vertical, VerticalGroup, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static
from textual.worker import get_current_worker

from kyodo_tui.core.langs import is_japanese
from kyodo_tui.core.workshop import ROOM_ID, has_whole_room
from kyodo_tui.ui.modes.workshop.base import WorkshopScreen
from kyodo_tui.ui.widgets.room_picture import RoomPicture

if TYPE_CHECKING:
    from kyodo_tui.core.model import Lang
    from kyodo_tui.core.workshop import Prompts, Workshop
    from kyodo_tui.ui.modes.workshop.common import RoomView

#: (button id, key, string key)
ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("room-tally", "h", "room.tally"),
    ("room-people", "a", "room.participants"),
    ("room-compare", "c", "room.compare"),
    ("room-save", "s", "room.save"),
    ("room-export", "x", "room.export"),
)


class PromptsPanel(VerticalGroup):
    """Discussion prompts from the catalog: principles, forms, split questions."""

    DEFAULT_CSS = """
    PromptsPanel {
        height: auto;
    }
    PromptsPanel > .pp-heading {
        text-style: bold;
        color: $primary;
        margin: 1 0 0 0;
    }
    PromptsPanel > #pp-title {
        margin: 0;
        text-style: bold reverse;
        padding: 0 1;
    }
    PromptsPanel > .pp-body {
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.prompts: Prompts | None = None
        self.details = False

    def compose(self) -> ComposeResult:
        yield Static("", id="pp-title")
        for part in ("principles", "forms", "split"):
            yield Static("", id=f"pp-{part}-heading", classes="pp-heading")
            yield Static("", id=f"pp-{part}", classes="pp-body")

    def show(self, prompts: Prompts | None, lang: Lang, *, details: bool) -> None:
        from kyodo_tui.ui.modes.workshop import strings as ws

        self.prompts = prompts
        self.details = details

        def t(key: str, **params: object) -> str:
            text = ws.t(key, lang)
            return text.format(**params) if params else text

        self.query_one("#pp-title", Static).update(Content(t("prompts.heading")))
        bullet = "・" if is_japanese(lang) else "- "
        empty = prompts is None or not (prompts.principles or prompts.forms
                                        or prompts.disagreements)
        principles: list[Content] = []
        forms: list[Content] = []
        split: list[Content] = []
        if prompts is not None:
            for p in prompts.principles:
                principles.append(Content.assemble(
                    bullet, Content(p.principle.name.get(lang)).stylize("bold"),
                    ("  " + t("prompts.hands", n=p.hands), "$foreground-muted")))
                if details:
                    principles.append(Content("  " + p.principle.description.get(lang))
                                      .stylize("$foreground-muted"))
            for f in prompts.forms:
                regions = ("・" if is_japanese(lang) else ", ").join(f.form.regions)
                forms.append(Content.assemble(
                    bullet, Content(f.form.name.get(lang)).stylize("bold"),
                    ("  " + t("prompts.regions", regions=regions), "$foreground-muted")))
                if details:
                    forms.append(Content("  " + f.form.description.get(lang))
                                 .stylize("$foreground-muted"))
            from kyodo_tui.core.workshop import question_lines

            for n, s in enumerate(prompts.disagreements, start=1):
                # no space after the number in Japanese: a long prompt would wrap before it
                split.append(Content.assemble(
                    f"{n}．" if is_japanese(lang) else f"{n}. ",
                    Content(s.question.prompt.get(lang)).stylize("bold"),
                    ("  " + t("prompts.score", score=s.disagreement or 0.0),
                     "$foreground-muted")))
                if details:
                    split.extend(Content("   " + line) for line in question_lines(s, lang))
        parts = (("principles", principles), ("forms", forms), ("split", split))
        for part, lines in parts:
            heading = self.query_one(f"#pp-{part}-heading", Static)
            body = self.query_one(f"#pp-{part}", Static)
            heading.update(Content(t(f"prompts.{part}")))
            if not lines and part == "split" and not empty:
                lines = [Content(t("prompts.no_split")).stylize("$foreground-muted")]
            body.update(Content("\n").join(lines))
            heading.display = body.display = bool(lines)
        if empty:
            self.query_one("#pp-principles", Static).update(
                Content(t("prompts.none")).stylize("$foreground-muted"))
            self.query_one("#pp-principles").display = True


class WorkshopRoomScreen(WorkshopScreen):
    """The room: pick a group, see its picture and prompts, act."""

    TITLE_KEY = "app.title"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("h", "tally", "room.tally"),
        Binding("a", "participants", "room.participants"),
        Binding("c", "compare", "room.compare"),
        Binding("s", "save", "room.save"),
        Binding("x", "export", "room.export"),
        Binding("g", "add_group", "room.add_group", show=False),
        Binding("d", "details", "room.details", show=False),
        Binding("u", "undo", "key.undo", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        *(Binding(str(n), f"view({n})", show=False) for n in range(10)),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.details = False
        self.view: RoomView | None = None
        self._group_ids: tuple[str, ...] = ()

    def title_text(self) -> str:
        workshop = self.wapp.workshop
        return workshop.title if workshop is not None else self.t("app.title")

    # ------------------------------------------------------------ compose
    def compose_body(self) -> ComposeResult:
        with Vertical(id="room-screen"):
            yield HorizontalGroup(id="room-groups")
            with VerticalScroll(id="room-body"):
                with Vertical(id="room-left"):
                    yield Static("", id="room-empty", classes="ws-empty")
                    yield RoomPicture(id="room-picture")
                with Vertical(id="room-right"):
                    if self.wapp.phone_link is not None:  # kyodo serve --participants
                        from kyodo_tui.ui.modes.workshop.phones import PhoneJoinPanel

                        yield PhoneJoinPanel(self.wapp.phone_link, id="room-phones")
                    yield PromptsPanel(id="room-prompts")
            with HorizontalGroup(id="nav"):
                for button_id, _, _ in ACTIONS:
                    yield Button("", id=button_id,
                                 variant="primary" if button_id in ("room-tally",
                                                                    "room-people")
                                 else "default")

    def on_mount(self) -> None:
        self.query_one("#room-tally", Button).focus()

    def watch_lang(self, lang: str) -> None:
        for button_id, key, text_key in ACTIONS:
            self.label_button(button_id, key, text_key)
        self._render_groups(force=True)
        self._refresh_view()

    def on_workshop_change(self) -> None:
        self.refresh_title()
        self._render_groups()
        self._refresh_view()

    def on_screen_resume(self) -> None:
        # back from counting or one-by-one: keep the record safe on disk
        self.wapp.participant_group = None
        self.wapp.clear_participant()
        self.wapp.autosave()

    # ------------------------------------------------------------ groups
    def _current(self) -> str:
        workshop = self.workshop
        view = self.wapp.view_group
        ids = [g.id for g in workshop.groups]
        if view == ROOM_ID and has_whole_room(workshop):
            return ROOM_ID
        if view is not None and view in ids:
            return view
        return ids[0] if ids else ROOM_ID

    def _render_groups(self, *, force: bool = False) -> None:
        workshop = self.workshop
        ids = tuple(g.id for g in workshop.groups)
        bar = self.query_one("#room-groups", HorizontalGroup)
        current = self._current()
        if force or ids != self._group_ids or not bar.children:
            self._group_ids = ids
            bar.remove_children()
            buttons: list[Button] = []
            # no ids: the old buttons may still be leaving the DOM
            # rounds are the same people twice: no 「全体」 adding them up
            if has_whole_room(workshop):
                buttons.append(Button(Content("0 " + self.wapp.group_label(ROOM_ID)),
                                      name=ROOM_ID, compact=True, classes="group-button"))
            for n, g in enumerate(workshop.groups, start=1):
                key = f"{n} " if n <= 9 else ""
                buttons.append(Button(Content(key + g.label), name=g.id, compact=True,
                                      classes="group-button"))
            buttons.append(Button(Content("g + " + self.t("room.add_group")), compact=True,
                                  classes="group-add"))
            bar.mount_all(buttons)
        for button in bar.query(".group-button").results(Button):
            button.set_class(button.name == current, "-current")

    def action_view(self, n: int) -> None:
        workshop = self.workshop
        if n == 0:
            if has_whole_room(workshop):
                self.wapp.view_group = ROOM_ID
        elif n <= len(workshop.groups):
            self.wapp.view_group = workshop.groups[n - 1].id
        else:
            return
        self._render_groups()
        self._refresh_view()

    # ------------------------------------------------------------ picture
    def _refresh_view(self) -> None:
        app = self.wapp
        workshop = app.workshop
        if workshop is None:
            return
        gid = self._current()
        self._compute(gid, workshop, app.workshop_version, app.ui_lang)

    @work(thread=True, exclusive=True, group="room-view", exit_on_error=False)
    def _compute(self, gid: str, workshop: Workshop, version: int, lang: Lang) -> None:
        view = self.wapp.room_view(gid, workshop, version, lang)
        if get_current_worker().is_cancelled:
            return
        self.app.call_from_thread(partial(self._show_view, view))

    def _show_view(self, view: RoomView) -> None:
        if not self.is_attached or view.version != self.wapp.workshop_version:
            return
        self.view = view
        empty = view.picture.basis == "empty"
        note = self.query_one("#room-empty", Static)
        note.display = empty
        note.update(Content(self.t("room.empty")))
        self.query_one("#room-picture", RoomPicture).show(view.picture, view.groups)
        self.query_one("#room-prompts", PromptsPanel).show(
            view.prompts, self.wapp.ui_lang, details=self.details)

    # ------------------------------------------------------------ actions
    def _table(self) -> str | None:
        gid = self._current()
        if gid == ROOM_ID:
            self.notify(self.t("room.pick_group"), markup=False)
            return None
        return gid

    def action_tally(self) -> None:
        gid = self._table()
        if gid is not None:
            self.wapp.show_tally(gid)

    def action_participants(self) -> None:
        gid = self._table()
        if gid is not None:
            self.wapp.show_participants(gid)

    def action_compare(self) -> None:
        if len(self.workshop.groups) < 2:
            self.notify(self.t("compare.need_two"), markup=False)
            return
        self.wapp.show_compare()

    def action_details(self) -> None:
        self.details = not self.details
        if self.view is not None:
            self.query_one("#room-prompts", PromptsPanel).show(
                self.view.prompts, self.wapp.ui_lang, details=self.details)

    def action_page(self, direction: int) -> None:
        """Page Down/Up: scroll the picture and the prompts (or the one page when narrow)."""
        ids = ("#room-left", "#room-right") if self.has_class("-wide") else ("#room-body",)
        for selector in ids:
            widget = self.query_one(selector)
            if direction > 0:
                widget.scroll_page_down(animate=False)
            else:
                widget.scroll_page_up(animate=False)

    def action_undo(self) -> None:
        self.notify(self.t("room.undone" if self.wapp.undo() else "room.nothing_to_undo"),
                    markup=False)

    def action_add_group(self) -> None:
        from kyodo_tui.ui.modes.workshop.dialogs import TextDialog

        n = len(self.workshop.groups) + 1

        def added(label: str | None) -> None:
            if not label:
                return
            from kyodo_tui.core.errors import KyodoInputError
            from kyodo_tui.ui.modes.workshop.common import problem_text

            try:
                gid = self.wapp.add_group(label)
            except KyodoInputError as exc:
                self.notify(problem_text(exc), severity="error", markup=False)
                return
            self.wapp.view_group = gid
            self.notify(self.t("room.group_added", label=label), markup=False)
            self.on_workshop_change()

        self.app.push_screen(TextDialog(self.t("group.new.title"), self.t("group.new.label"),
                                        self.t("group.new.add"),
                                        value=self.t("group.table", n=n)), added)

    def action_save(self, overwrite: bool = False) -> None:
        from kyodo_tui.core.errors import KyodoInputError
        from kyodo_tui.ui.modes.workshop.common import problem_text

        try:
            path = self.wapp.save(overwrite=overwrite)
        except KyodoInputError as exc:
            target = self.wapp.workshop_path
            if not overwrite and target is not None and target.exists():
                self._ask_overwrite([target], lambda: self.action_save(overwrite=True))
                return
            self.notify(self.t("room.save_failed", problem=problem_text(exc)),
                        severity="error", markup=False)
            return
        except OSError as exc:
            self.notify(self.t("room.save_failed", problem=str(exc)), severity="error",
                        markup=False)
            return
        self.notify(self.t("room.saved", path=str(path)), markup=False)

    def _ask_overwrite(self, paths: list[Path], then: object) -> None:
        from kyodo_tui.ui.modes.workshop.dialogs import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if yes and callable(then):
                then()

        body = self.t("overwrite.body") + "\n" + "\n".join(str(p) for p in paths)
        self.app.push_screen(ConfirmDialog(self.t("overwrite.title"), body,
                                           self.t("overwrite.yes"), self.t("overwrite.no")),
                             answered)

    def action_export(self) -> None:
        from kyodo_tui.ui.modes.workshop.dialogs import ExportChoice, ExportDialog

        folder = self.wapp.exports_dir()
        wid = self.workshop.id

        def chosen(choice: ExportChoice | None) -> None:
            if choice is None:
                return
            existing = [p for p in (choice.markdown, choice.record)
                        if p is not None and p.exists()]
            if existing:
                self._ask_overwrite(existing, partial(self._export, choice,
                                                      frozenset(existing)))
            else:
                self._export(choice, frozenset())

        self.app.push_screen(ExportDialog(folder / f"{wid}.md", folder / f"{wid}.toml"),
                             chosen)

    def _export(self, choice: object, replace: frozenset[Path]) -> None:
        from kyodo_tui.core.errors import KyodoInputError
        from kyodo_tui.ui.modes.workshop.common import problem_text
        from kyodo_tui.ui.modes.workshop.dialogs import ExportChoice

        assert isinstance(choice, ExportChoice)
        try:
            written = self.wapp.export(choice.markdown, choice.record,
                                       include_notes=choice.include_notes, replace=replace)
        except (KyodoInputError, OSError) as exc:
            self.notify(self.t("export.failed", problem=problem_text(exc)), severity="error",
                        markup=False)
            return
        self.notify(self.t("export.done", paths=", ".join(str(p) for p in written)),
                    markup=False, timeout=8)

    def action_back(self) -> None:
        self.wapp.autosave()
        self.wapp.go_home()

    # ------------------------------------------------------------ buttons
    def on_button_pressed(self, event: Button.Pressed) -> None:
        button = event.button
        button_id = button.id or ""
        actions = {"room-tally": self.action_tally, "room-people": self.action_participants,
                   "room-compare": self.action_compare, "room-save": self.action_save,
                   "room-export": self.action_export}
        if button_id in actions:
            event.stop()
            actions[button_id]()
        elif button.has_class("group-add"):
            event.stop()
            self.action_add_group()
        elif button.has_class("group-button") and button.name:
            event.stop()
            self.select_group(button.name)

    def select_group(self, group_id: str) -> None:
        """Show one group (or ROOM_ID: the whole room)."""
        if group_id != ROOM_ID and self.workshop.group(group_id) is None:
            return
        self.wapp.view_group = group_id
        self._render_groups()
        self._refresh_view()

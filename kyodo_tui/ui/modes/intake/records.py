"""Saved records: fuzzy search over names, notes and matched activities, filters by
date, region, field and actor; open, edit, re-assess, hand-off, pair, delete.

Search and filters are the core's (:meth:`kyodo_tui.core.storage.Store.search`,
done by the database; the list shows the first :data:`PAGE` hits), run in a
thread worker so typing never waits for the disk. Records that cannot be read
(written by a newer kyodo_tui) are reported in a notice (never a crash, never
touched). Deleting asks first.

Keys: ``/`` search, Enter open, ``e`` edit, ``r`` re-assess, ``t`` hand-off,
``p`` pair two records (press on the first, then on the second), ``d`` delete.
Every action is also a button.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text as RichText
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, OptionList, Select
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from kyodo_tui.core.langs import is_japanese
from kyodo_tui.core.errors import KyodoInputError, Problem
from kyodo_tui.core.intake import DATE_RANGES, date_since, search_records
from kyodo_tui.core.model import REGIONS
from kyodo_tui.ui.modes.intake.common import IntakeScreenMixin, local_time
from kyodo_tui.ui.modes.intake.handoff import SessionView
from kyodo_tui.ui.modes.intake.modals import ConfirmModal, ProblemsModal
from kyodo_tui.ui.screens.base import KyodoScreen
from kyodo_tui.ui.widgets.spectrum import BAND_LABELS

#: this module's stylesheet (absolute: a relative CSS_PATH resolves beside a subclass)
TCSS = Path(__file__).with_name("records.tcss")

if TYPE_CHECKING:
    from kyodo_tui.core.storage import SearchHit, Session

#: pause after a keystroke before searching (seconds)
DEBOUNCE = 0.15
#: the most records listed at once (the best hits, or the newest)
PAGE = 100
#: the action buttons: (button id, key shown, string key, action)
ACTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("rec-open", "Enter", "records.open", "open"),
    ("rec-edit", "e", "records.edit", "edit"),
    ("rec-reassess", "r", "records.reassess", "reassess"),
    ("rec-handoff", "t", "records.handoff", "handoff"),
    ("rec-pair", "p", "records.pair", "pair"),
    ("rec-delete", "d", "records.delete", "delete"),
)


class RecordList(OptionList):
    """The records found, two lines each."""

    DEFAULT_CSS = """
    RecordList {
        height: 1fr;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        border: round $panel-lighten-2;
        padding: 0 1;
        background: $surface;
    }
    RecordList:focus { border: round $primary; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up_or_leave", show=False),
    ]

    def action_cursor_up_or_leave(self) -> None:
        if self.highlighted in (None, 0):
            self.screen.query_one("#records-search", Input).focus()
        else:
            self.action_cursor_up()


class RecordsScreen(IntakeScreenMixin, KyodoScreen):
    """Every saved record: search, filter, and act on the highlighted one."""

    CSS_PATH: ClassVar[Any] = [TCSS]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_search", show=False, priority=True),
        Binding("e", "edit", "records.edit"),
        Binding("r", "reassess", "records.reassess"),
        Binding("t", "handoff", "records.handoff"),
        Binding("p", "pair", "records.pair"),
        Binding("d", "delete", "records.delete"),
        Binding("delete", "delete", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[SearchHit] = []
        self.total = 0
        self.problems: list[Problem] = []
        #: the first record picked for a two-party view
        self.pair_first: Session | None = None
        self._searched = False

    def title_text(self) -> str:
        return self.it("records.title")

    # ------------------------------------------------------------ layout
    def compose_body(self) -> ComposeResult:
        with Vertical(id="records-body"):
            yield Input(id="records-search", compact=True)
            with HorizontalGroup(id="records-filters"):
                for name in ("date", "region", "field", "actor"):
                    yield Select[str]([], id=f"filter-{name}", compact=True,
                                      prompt="-", type_to_search=True)
            with HorizontalGroup(id="records-info"):
                yield Label("", id="records-count", markup=False)
                yield Label("", id="records-pair", markup=False)
                yield Label("", id="records-problems", markup=False)
                yield Button("", id="records-problems-show", compact=True)
            yield RecordList(id="records-list", markup=False)
        with HorizontalGroup(id="records-actions"):
            for button_id, _key, _string, _action in ACTIONS:
                yield Button("", id=button_id, compact=True)

    def on_mount(self) -> None:
        self.query_one("#records-search", Input).focus()
        self.refresh_records(debounce=False)

    def on_screen_resume(self) -> None:
        if self._searched:
            self.refresh_records(debounce=False)

    def watch_lang(self, lang: str) -> None:
        self.query_one("#records-search", Input).placeholder = self.it("records.search")
        catalog = self.kyodo.catalog
        shown = self.lang
        self._set_options("#filter-date", self.it("records.date.all"), [
            (self.it(f"records.date.{key}"), key) for key in DATE_RANGES if key != "all"])
        self._set_options("#filter-region", self.it("records.any_region"), [
            (f"{letter} {BAND_LABELS[letter][1].get(shown)}", letter) for letter in REGIONS])
        self._set_options("#filter-field", self.it("records.any_field"), [
            (f.name.get(shown), f.id) for f in catalog.fields.values()])
        self._set_options("#filter-actor", self.it("records.any_actor"), [
            (a.name.get(shown), a.id) for a in catalog.actors.values()])
        for button_id, key, string, _action in ACTIONS:
            self.query_one(f"#{button_id}", Button).label = Content(f"{key} {self.it(string)}")
        self.query_one("#records-problems-show", Button).label = Content(
            self.it("records.problems.show"))
        self._render_list()

    def _set_options(self, selector: str, prompt: str, options: list[tuple[str, str]]) -> None:
        """(Re)label a filter; the blank choice (shown as ``prompt``) means "any".

        Labels are rich ``Text``: catalog names are shown literally.
        """
        select: Select[str] = self.query_one(selector, Select)
        value = select.value
        with select.prevent(Select.Changed):
            select.prompt = prompt
            select.set_options([(RichText(label), v) for label, v in options])
            if isinstance(value, str) and value in {v for _, v in options}:
                select.value = value

    # ------------------------------------------------------------ searching
    def filters(self) -> dict[str, Any]:
        """The current search arguments for ``Store.search`` (None: any)."""
        def value(name: str) -> str | None:
            v = self.query_one(f"#filter-{name}", Select).value
            return v if isinstance(v, str) else None

        date = value("date")
        return {
            "query": self.query_one("#records-search", Input).value,
            "since": date_since(date if date in DATE_RANGES else "all"),
            "region": value("region"),
            "field": value("field"),
            "actor": value("actor"),
        }

    def refresh_records(self, *, debounce: bool = True) -> None:
        self._search(self.filters(), DEBOUNCE if debounce else 0.0)

    @work(thread=True, exclusive=True, group="records", exit_on_error=False)
    def _search(self, args: dict[str, Any], delay: float) -> None:
        worker = get_current_worker()
        if delay:
            time.sleep(delay)
            if worker.is_cancelled:
                return
        store = self.intake.store
        try:
            total = store.count()
            problems = store.problems()
            query = args.pop("query")
            hits = search_records(store, query, self.kyodo.catalog, limit=PAGE, **args)
        except (OSError, KyodoInputError) as exc:
            found = exc.problems if isinstance(exc, KyodoInputError) else [
                Problem(str(store.root), 0, str(exc) or type(exc).__name__)]
            self.app.call_from_thread(self._show, [], 0, list(found))
            return
        if worker.is_cancelled:
            return
        self.app.call_from_thread(self._show, hits, total, problems)

    def _show(self, hits: Sequence[SearchHit], total: int, problems: list[Problem]) -> None:
        if not self.is_mounted:
            return
        self.hits = list(hits)
        self.total = total
        self.problems = problems
        self._searched = True
        self._render_list()

    def _row(self, hit: SearchHit) -> Content:
        s = hit.session
        lang = self.lang
        p = s.placement
        letter = p.letter if p is not None and p.placed and p.letter else "-"
        label = s.label.strip() or s.id
        mode = {"intake": ("受付", "intake"), "standard": ("通常", "standard"),
                "kiosk": ("キオスク", "kiosk"), "workshop": ("WS", "workshop")}.get(
            s.mode, (s.mode, s.mode))
        kind = {"individual": ("個人", "individual"), "group": ("団体", "group")}.get(
            s.kind, (s.kind, s.kind))
        pick = 0 if is_japanese(lang) else 1
        first = Content.assemble(
            (f" {letter} ", "bold reverse $accent" if letter != "-" else "$text-muted"),
            " ",
            Content(label).stylize("bold"),
            (f"  {local_time(s.created)}  {mode[pick]}/{kind[pick]}", "$text-muted"),
        )
        if s.party:
            side = self.it("pair.citizen" if s.party == "citizen" else "pair.government")
            first = Content.assemble(first, (f"  [{side}]", "$secondary"))
        second: list[Content] = []
        actor = self.kyodo.catalog.actors.get(p.actor or "") if p is not None else None
        if actor is not None:
            second.append(Content(actor.name.get(lang)))
        if s.confirm_later:
            second.append(Content(self.it("review.later_count", n=len(s.confirm_later)))
                          .stylize("$warning"))
        if hit.matched:
            where = self.it(f"records.matched.{hit.matched}")
            second.append(Content(self.it("records.matched", where=where)).stylize("$accent"))
        if s.notes.strip():
            note = " ".join(s.notes.split())
            second.append(Content(note[:60]).stylize("italic"))
        tail = Content("  ").join(second) if second else Content("")
        return Content.assemble(first, "\n     ", tail)

    def _render_list(self) -> None:
        records = self.query_one("#records-list", RecordList)
        current = self.current()
        highlighted_id = current.id if current is not None else None
        records.set_options([Option(self._row(h), id=h.session.id) for h in self.hits])
        if self.hits:
            ids = [h.session.id for h in self.hits]
            records.highlighted = ids.index(highlighted_id) if highlighted_id in ids else 0
        if not self._searched:
            count = ""
        elif self.total == 0:
            count = self.it("records.empty")
        elif not self.hits:
            count = self.it("records.none_match")
        elif len(self.hits) == self.total:
            count = self.it("records.count", n=self.total)
        else:
            count = self.it("records.count_of", n=len(self.hits), total=self.total)
        self.query_one("#records-count", Label).update(Content(count))
        pair = ""
        if self.pair_first is not None:
            pair = self.it("records.pair.pending",
                           label=self.pair_first.label.strip() or self.pair_first.id)
        self.query_one("#records-pair", Label).update(Content(pair))
        problems = self.query_one("#records-problems", Label)
        show = self.query_one("#records-problems-show", Button)
        problems.display = show.display = bool(self.problems)
        problems.update(Content(self.it("records.problems", n=len(self.problems))))
        has = bool(self.hits)
        for button_id, _key, _string, _action in ACTIONS:
            self.query_one(f"#{button_id}", Button).disabled = not has

    # ------------------------------------------------------------ events
    @on(Input.Changed, "#records-search")
    def _query_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.refresh_records()

    @on(Input.Submitted, "#records-search")
    def _query_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._focus_list()

    @on(Select.Changed)
    def _filter_changed(self, event: Select.Changed) -> None:
        event.stop()
        self.refresh_records(debounce=False)

    @on(OptionList.OptionSelected, "#records-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def on_key(self, event: Any) -> None:
        if event.key == "down" and isinstance(self.focused, Input):
            event.stop()
            self._focus_list()

    def _focus_list(self) -> None:
        records = self.query_one("#records-list", RecordList)
        records.focus()
        if records.option_count and records.highlighted is None:
            records.highlighted = 0

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "records-problems-show":
            event.stop()
            self.app.push_screen(ProblemsModal(self.lang, self.problems))
            return
        for button_id, _key, _string, action in ACTIONS:
            if event.button.id == button_id:
                event.stop()
                getattr(self, f"action_{action}")()
                return

    # ------------------------------------------------------------ actions
    def current(self) -> Session | None:
        """The highlighted record."""
        if not self.is_mounted:
            return None
        records = self.query_one("#records-list", RecordList)
        index = records.highlighted
        if index is None or not 0 <= index < len(self.hits):
            return None
        return self.hits[index].session

    def _need(self) -> Session | None:
        session = self.current()
        if session is None:
            self.notify(self.it("records.no_selection"), severity="warning", markup=False)
        return session

    def action_focus_search(self) -> None:
        self.query_one("#records-search", Input).focus()

    def action_open(self) -> None:
        session = self._need()
        if session is not None:
            self.intake.show_record(session)

    def action_edit(self) -> None:
        session = self._need()
        if session is not None:
            self.intake.edit_record(session)

    def action_reassess(self) -> None:
        session = self._need()
        if session is not None:
            self.intake.reassess(session)

    def action_handoff(self) -> None:
        session = self._need()
        if session is not None:
            self.intake.show_handoff(session)

    def action_pair(self) -> None:
        session = self._need()
        if session is None:
            return
        first = self.pair_first
        if first is None:
            self.pair_first = session
            self._render_list()
            self.notify(self.it("records.pair.first", label=session.label.strip() or session.id),
                        markup=False)
            return
        if first.id == session.id:
            self.pair_first = None
            self.notify(self.it("records.pair.cancelled"), markup=False)
            self._render_list()
            return
        self.pair_first = None
        self._render_list()
        self.intake.pair_records(first, session)

    def action_delete(self) -> None:
        session = self._need()
        if session is None:
            return
        label = session.label.strip() or session.id

        def answered(yes: object) -> None:
            if yes:
                self.intake.delete_record(session)
                self.refresh_records(debounce=False)

        self.app.push_screen(ConfirmModal(
            self.it("records.delete.title"),
            self.it("records.delete.body", label=label, id=session.id),
            self.it("records.delete.yes"), self.it("no")), answered)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {a for _b, _k, _s, a in ACTIONS} and not self.hits:
            return None  # shown dimmed: nothing to act on
        return super().check_action(action, parameters)


class RecordScreen(SessionView):
    """One saved record: placement, answers, marks, notes; edit, re-assess, hand-off,
    the two-party view (when paired), how it moved (when re-assessed), delete."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "records.edit"),
        Binding("r", "reassess", "records.reassess"),
        Binding("t", "handoff", "records.handoff"),
        Binding("p", "pair_view", "bar.pair"),
        Binding("m", "movement", "bar.movement"),
        Binding("o", "officer", "records.officer"),
        Binding("d", "delete", "records.delete"),
    ]
    ACTIONS = (
        ("rec-edit", "e", "records.edit", "edit"),
        ("rec-reassess", "r", "records.reassess", "reassess"),
        ("rec-handoff", "t", "records.handoff", "handoff"),
        ("rec-pair-view", "p", "bar.pair", "pair_view"),
        ("rec-movement", "m", "bar.movement", "movement"),
        ("rec-officer", "o", "records.officer", "officer"),
        ("rec-delete", "d", "records.delete", "delete"),
    )

    def __init__(self, session: Session, *, previous: Session | None = None,
                 pair: Session | None = None) -> None:
        super().__init__(session, previous=previous)
        self.pair = pair

    def title_text(self) -> str:
        return self.it("record.title", label=self.session.label.strip() or self.session.id)

    def watch_lang(self, lang: str) -> None:
        super().watch_lang(lang)
        self.query_one("#rec-pair-view", Button).display = self.pair is not None
        self.query_one("#rec-movement", Button).display = self.previous is not None

    def status(self) -> str:
        parts = []
        if self.session.pair and self.pair is None:
            parts.append(self.it("record.pair_missing", id=self.session.pair))
        if self.session.previous and self.previous is None:
            parts.append(self.it("record.previous_missing", id=self.session.previous))
        return "  ".join(parts)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pair_view":
            return self.pair is not None
        if action == "movement":
            return self.previous is not None
        return super().check_action(action, parameters)

    def action_edit(self) -> None:
        self.intake.edit_record(self.session)

    def action_reassess(self) -> None:
        self.intake.reassess(self.session)

    def action_handoff(self) -> None:
        self.intake.show_handoff(self.session)

    def action_pair_view(self) -> None:
        if self.pair is not None:
            self.intake.show_pair(self.session, self.pair)

    def action_movement(self) -> None:
        if self.previous is not None:
            self.intake.show_movement(self.previous, self.session)

    def action_officer(self) -> None:
        self.intake.show_officer(self.session, self.pair)

    def on_screen_resume(self) -> None:
        # the officer screen may have saved this record (its ``officer`` table): hold
        # the saved revision, so that editing it next is not refused as a conflict
        fresh = self.intake.load_quietly(self.session.id)
        if fresh is not None and fresh.revision != self.session.revision:
            self.session = fresh

    def action_delete(self) -> None:
        label = self.session.label.strip() or self.session.id

        def answered(yes: object) -> None:
            if yes and self.intake.delete_record(self.session):
                self.dismiss()

        self.app.push_screen(ConfirmModal(
            self.it("records.delete.title"),
            self.it("records.delete.body", label=label, id=self.session.id),
            self.it("records.delete.yes"), self.it("no")), answered)

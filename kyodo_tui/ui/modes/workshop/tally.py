"""Counting a show of hands, one question at a time, for one group.

The question is large at the top; under it one row per choice (and 「分からない」)
with its number of hands: type digits, or press + and - (or use the buttons).
Up and down move between choices, n and p between questions. The totals and,
on wide screens, the live room picture beside follow every key. Every count is
stored by the core (``set_count``); the picture is the core's too.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, HorizontalGroup, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Label, Static
from textual.worker import get_current_worker

from kyodo_tui.core.langs import is_japanese
from kyodo_tui.core.model import UNKNOWN
from kyodo_tui.ui.modes.workshop.base import WorkshopScreen
from kyodo_tui.ui.widgets.room_picture import RoomPicture, stats_text

if TYPE_CHECKING:
    from kyodo_tui.core.model import Lang, Question
    from kyodo_tui.core.workshop import Workshop
    from kyodo_tui.ui.modes.workshop.common import RoomView

#: the largest count one row takes
MAX_COUNT = 9999
#: cells of the bar beside each count
BAR_WIDTH = 10


class HandCounter(HorizontalGroup, can_focus=True):
    """One choice and its number of hands. Digits type, + and - (or left/right) count."""

    DEFAULT_CSS = """
    HandCounter {
        height: auto;
        margin: 0 0 1 0;
        padding: 0 1;
    }
    HandCounter:focus {
        background: $accent 20%;
    }
    HandCounter:focus > .hc-label {
        text-style: bold underline;
    }
    HandCounter > .hc-number {
        width: 3;
        color: $foreground-muted;
    }
    HandCounter > .hc-label {
        width: 1fr;
        height: auto;
    }
    HandCounter > Button {
        width: 3;
        min-width: 3;
        height: 1;
        border: none;
        margin: 0 1;
        text-style: bold;
    }
    HandCounter > .hc-value {
        width: 5;
        text-align: right;
        text-style: bold;
    }
    HandCounter > .hc-bar {
        width: 12;
        padding: 0 0 0 2;
    }
    """

    class Changed(Message):
        """The count of a choice was changed by the user. The question and choice
        are taken when the key is pressed: the row may show another one by the
        time the message is handled."""

        def __init__(self, counter: HandCounter, value: int) -> None:
            super().__init__()
            self.counter = counter
            self.question_id = counter.question_id
            self.choice_id = counter.choice_id
            self.value = value

        @property
        def control(self) -> HandCounter:
            return self.counter

    def __init__(self) -> None:
        super().__init__(classes="hand-counter")
        self.question_id = ""
        self.choice_id = ""
        self._number = ""
        self._label = ""
        self.value = 0
        self._top = 0
        self._typing = False

    def compose(self) -> ComposeResult:
        yield Label("", classes="hc-number", markup=False)
        yield Label("", classes="hc-label")
        minus = Button("-", classes="hc-minus", compact=True)
        minus.can_focus = False
        yield minus
        yield Label("0", classes="hc-value", markup=False)
        plus = Button("+", classes="hc-plus", compact=True)
        plus.can_focus = False
        yield plus
        yield Static("", classes="hc-bar")

    def bind_choice(self, number: str, question_id: str, choice_id: str, label: str,
                    value: int) -> None:
        """Show one choice (the screen keeps a fixed set of rows and rebinds them:
        no widget is mounted between questions, so no key is lost to a new row)."""
        self.question_id, self.choice_id = question_id, choice_id
        self._number, self._label = number, label
        self.value = value
        self._typing = False
        for widget in self.query(".hc-number").results(Label):
            widget.update(number)
        for widget in self.query(".hc-label").results(Label):
            widget.update(Content(label))
        self._show()

    def set_value(self, value: int, top: int) -> None:
        """Show ``value`` (from the record) and its bar against the largest ``top``."""
        self.value = value
        self._top = top
        self._show()

    def on_mount(self) -> None:
        self.query_one(".hc-number", Label).update(self._number)
        self.query_one(".hc-label", Label).update(Content(self._label))
        self._show()

    def _show(self) -> None:
        values = self.query(".hc-value").results(Label)
        bars = self.query(".hc-bar").results(Static)
        for label in values:
            label.update(str(self.value))
        top = self._top
        filled = 0 if top <= 0 else max(1 if self.value else 0,
                                        round(BAR_WIDTH * self.value / top))
        for bar in bars:
            bar.update(Content(" " * filled).stylize("on $primary"))

    def _emit(self, value: int) -> None:
        value = max(0, min(MAX_COUNT, value))
        if value == self.value:
            return
        # shown at once: the next key builds on it before the record round-trips
        self.value = value
        self._show()
        self.post_message(self.Changed(self, value))

    def on_focus(self) -> None:
        self._typing = False

    def on_blur(self) -> None:
        self._typing = False

    def bump(self, delta: int) -> None:
        self._typing = False
        self._emit(self.value + delta)

    def type_digit(self, digit: int) -> None:
        """A digit typed: the first one after arriving replaces the count."""
        value = min(MAX_COUNT, self.value * 10 + digit) if self._typing else digit
        self._typing = True
        self._emit(value)

    def erase(self) -> None:
        """Backspace: drop the last digit."""
        self._typing = True
        self._emit(self.value // 10)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.focus()
        self.bump(+1 if event.button.has_class("hc-plus") else -1)


class WorkshopTallyScreen(WorkshopScreen):
    """Hands per choice for one group, question by question."""

    TITLE_KEY = "tally.title"

    BINDINGS: ClassVar[list[BindingType]] = [
        # priority: handled as each key arrives, so a key typed right after already
        # goes to the newly focused row (and the scrolling container never takes them)
        Binding("n", "move(1)", "key.next", key_display="n", priority=True),
        Binding("p", "move(-1)", "key.prev", key_display="p", priority=True),
        Binding("pagedown", "move(1)", show=False, priority=True),
        Binding("pageup", "move(-1)", show=False, priority=True),
        Binding("down", "row(1)", show=False, priority=True),
        Binding("up", "row(-1)", show=False, priority=True),
        # counting keys too: a row is rebound to the next question at once, so its
        # keys must be handled in the order they were typed, not from its own queue
        *(Binding(str(d), f"digit({d})", show=False, priority=True) for d in range(10)),
        Binding("plus,equals_sign,right", "bump(1)", show=False, priority=True),
        Binding("minus,left", "bump(-1)", show=False, priority=True),
        Binding("backspace", "erase", show=False, priority=True),
        Binding("enter", "row(1)", show=False),
        # priority: in order with the counting keys, so what follows `m` goes to the note
        Binding("m", "note", "tally.note", priority=True),
        Binding("u", "undo", "key.undo"),
        Binding("r", "room", "tally.room"),
    ]

    def __init__(self, group_id: str, question_id: str | None = None) -> None:
        super().__init__()
        self.group_id = group_id
        self.index = 0
        self._start_at = question_id
        self._built_for: str | None = None

    # ------------------------------------------------------------ data
    @property
    def questions(self) -> list[Question]:
        """The questions a show of hands can answer (not free text), in order."""
        return [q for q in sorted(self.wapp.catalog.questions, key=lambda q: q.order)
                if q.kind != "text" and q.choices]

    @property
    def question(self) -> Question | None:
        qs = self.questions
        return qs[self.index] if 0 <= self.index < len(qs) else None

    def title_text(self) -> str:
        return f"{self.t('tally.title')}：{self.wapp.group_label(self.group_id)}" \
            if is_japanese(self.lang) else \
            f"{self.t('tally.title')}: {self.wapp.group_label(self.group_id)}"

    def _rows(self, question: Question) -> list[tuple[str, str, str]]:
        """(number, choice id, label) per row, 「分からない」 last as 0."""
        rows = [(str(n) if n <= 9 else "", c.id, c.label.get(self.lang))
                for n, c in enumerate((c for c in question.choices if c.id != UNKNOWN),
                                      start=1)]
        if question.allow_unknown:
            rows.append(("0", UNKNOWN, self.t("unknown")))
        return rows

    # ------------------------------------------------------------ compose
    def compose_body(self) -> ComposeResult:
        with Vertical(id="tally-screen"):
            with Horizontal(id="tally-main"):
                with Vertical(id="tally-left"):
                    yield Label("", id="tally-progress", markup=False)
                    yield Static("", id="tally-prompt")
                    yield Static("", id="tally-hint")
                    with VerticalScroll(id="tally-rows", can_focus=False):
                        for _ in range(self._row_count()):
                            yield HandCounter()
                    yield Static("", id="tally-total")
                    yield Static("", id="tally-live")
                with VerticalScroll(id="tally-side", can_focus=False):
                    yield RoomPicture(id="tally-picture")
            with HorizontalGroup(id="nav"):
                yield Button("", id="tally-prev")
                yield Button("", id="tally-note")
                yield Button("", id="tally-undo")
                yield Label("", classes="spacer")
                yield Button("", id="tally-room")
                yield Button("", id="tally-next", variant="primary")

    def on_mount(self) -> None:
        ids = [q.id for q in self.questions]
        if self._start_at in ids:
            self.index = ids.index(self._start_at)

    def watch_lang(self, lang: str) -> None:
        self.label_button("tally-prev", "p", "tally.prev")
        self.query_one("#tally-prev", Button).label = Content("p < " + self.t("tally.prev"))
        self.label_button("tally-note", "m", "tally.note")
        self.label_button("tally-undo", "u", "tally.undo")
        self.label_button("tally-room", "r", "tally.room")
        self.label_button("tally-next", "n", "tally.next", " >")
        self._build(force=True)

    def on_workshop_change(self) -> None:
        if self.wapp.workshop is None or self.workshop.group(self.group_id) is None:
            return
        self._build()

    # ------------------------------------------------------------ render
    def _build(self, *, force: bool = False) -> None:
        question = self.question
        if question is None:
            self.query_one("#tally-prompt", Static).update(Content(self.t("tally.no_questions")))
            return
        total = len(self.questions)
        self.query_one("#tally-progress", Label).update(
            self.t("tally.progress", n=self.index + 1, total=total))
        self.query_one("#tally-prompt", Static).update(Content(question.prompt.get(self.lang)))
        key = f"{question.id}:{self.lang}"
        if force or key != self._built_for:
            new_question = self._built_for is None or \
                not self._built_for.startswith(question.id + ":")
            self._built_for = key
            self._bind_rows(question, focus_first=new_question)
        self._update_counts()
        self._render_hint(question)
        self._refresh_picture()

    def _row_count(self) -> int:
        """Rows enough for the question with the most choices (and 「分からない」)."""
        return max((len(self._rows(q)) for q in self.questions), default=0)

    def _bind_rows(self, question: Question, *, focus_first: bool) -> None:
        """Show ``question``'s choices in the fixed rows, synchronously."""
        rows = self._rows(question)
        counters = list(self.query_one("#tally-rows").query(HandCounter))
        for i, counter in enumerate(counters):
            if i < len(rows):
                number, cid, label = rows[i]
                counter.bind_choice(number, question.id, cid, label,
                                    self.wapp.count_of(self.group_id, question.id, cid))
                counter.display = True
            else:
                counter.display = False
        if focus_first and rows:
            self.query_one("#tally-rows", VerticalScroll).scroll_home(animate=False)
            self.set_focus(counters[0])

    def counters(self) -> list[HandCounter]:
        """The rows showing the current question's choices."""
        return [c for c in self.query_one("#tally-rows").query(HandCounter) if c.display]

    def _update_counts(self) -> None:
        question = self.question
        if question is None:
            return
        counters = self.counters()
        values = {c.choice_id: self.wapp.count_of(self.group_id, question.id, c.choice_id)
                  for c in counters}
        top = max(values.values(), default=0)
        for counter in counters:
            counter.set_value(values[counter.choice_id], top)
        self._render_total(question, sum(values.values()))

    def _render_hint(self, question: Question) -> None:
        lang = self.lang
        parts = [self.t("tally.multi" if question.kind == "multi" else "tally.single")]
        cond = question.show_if
        if cond is not None:
            parent = self.wapp.catalog.question(cond.question)
            if parent is not None:
                sep = "・" if is_japanese(lang) else ", "
                labels = [c.label.get(lang) for c in parent.choices if c.id in cond.any_of]
                parts.append(self.t("tally.only_if", choices=sep.join(labels)))
        group = self.workshop.group(self.group_id)
        notes = len(group.notes.get(question.id, ())) if group else 0
        if notes:
            parts.append(self.t("tally.notes", n=notes))
        parts.append(self.t("tally.keys"))
        self.query_one("#tally-hint", Static).update(Content("  ".join(parts[:-1]) + "\n"
                                                             + parts[-1]))

    def _render_total(self, question: Question, hands: int) -> None:
        from kyodo_tui.core.workshop import group_hands, question_people

        group = self.workshop.group(self.group_id)
        people = 0
        if group is not None:
            people = question_people(self.wapp.catalog, group_hands(self.wapp.catalog, group),
                                     question)
        sep = "　／　" if is_japanese(self.lang) else "  /  "
        text = self.t("tally.total", hands=hands) + sep + self.t("tally.people", n=people)
        self.query_one("#tally-total", Static).update(Content(text))

    # ------------------------------------------------------------ picture
    def _refresh_picture(self) -> None:
        app = self.wapp
        if app.workshop is None:
            return
        self._compute(self.group_id, app.workshop, app.workshop_version, app.ui_lang)

    @work(thread=True, exclusive=True, group="tally-view", exit_on_error=False)
    def _compute(self, gid: str, workshop: Workshop, version: int, lang: Lang) -> None:
        view = self.wapp.room_view(gid, workshop, version, lang)
        if get_current_worker().is_cancelled:
            return
        self.app.call_from_thread(partial(self._show_view, view))

    def _show_view(self, view: RoomView) -> None:
        if not self.is_attached or view.version != self.wapp.workshop_version:
            return
        self.query_one("#tally-picture", RoomPicture).show(view.picture)
        # narrow screens have no room for the picture: its numbers in one line
        self.query_one("#tally-live", Static).update(
            Content(stats_text(view.picture, self.lang)))

    # ------------------------------------------------------------ actions
    @on(HandCounter.Changed)
    def _changed(self, event: HandCounter.Changed) -> None:
        event.stop()
        self.wapp.set_count(self.group_id, event.question_id, event.choice_id, event.value)

    def _focused_counter(self) -> HandCounter | None:
        focused = self.focused
        return focused if isinstance(focused, HandCounter) and focused.display else None

    def action_digit(self, digit: int) -> None:
        counter = self._focused_counter()
        if counter is not None:
            counter.type_digit(digit)

    def action_bump(self, delta: int) -> None:
        counter = self._focused_counter()
        if counter is not None:
            counter.bump(delta)

    def action_erase(self) -> None:
        counter = self._focused_counter()
        if counter is not None:
            counter.erase()

    def action_move(self, delta: int) -> None:
        n = self.index + delta
        if 0 <= n < len(self.questions):
            self.index = n
            self._build()

    def action_row(self, delta: int) -> None:
        counters = self.counters()
        if not counters:
            return
        focused = self.focused
        i = counters.index(focused) if isinstance(focused, HandCounter) and \
            focused in counters else -1
        j = max(0, min(len(counters) - 1, i + delta)) if i >= 0 else 0
        self.set_focus(counters[j])  # at once, not after the queued keys

    def action_note(self) -> None:
        from kyodo_tui.ui.modes.workshop.dialogs import TextDialog

        question = self.question
        if question is None:
            return

        def added(text: str | None) -> None:
            if text and question is not None:
                self.wapp.add_note(self.group_id, question.id, text)
                self.notify(self.t("note.added"), markup=False)

        self.app.push_screen(TextDialog(self.t("note.title"), self.t("note.intro"),
                                        self.t("note.add")), added)

    def action_undo(self) -> None:
        if not self.wapp.undo():
            self.notify(self.t("room.nothing_to_undo"), markup=False)

    def action_room(self) -> None:
        self.wapp.show_room()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions: dict[str, Callable[[], None]] = {"tally-prev": partial(self.action_move, -1),
                   "tally-next": partial(self.action_move, 1),
                   "tally-note": self.action_note, "tally-undo": self.action_undo,
                   "tally-room": self.action_room}
        if event.button.id in actions:
            event.stop()
            actions[event.button.id]()

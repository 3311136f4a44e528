"""One question per screen: single choice, multiple choice or free text.

Answers are recorded in the app as they change (``app.set_answer``), so
conditional questions appear and disappear at once, the progress (n / N,
visible questions only) follows, and answers to questions that become hidden
are cleared by the core (``prune_hidden``).

Keys, the same on every kind of question: 1-9 and then a, b, c... pick (single)
or tick/untick (multi) a choice (the key is shown in its row), Space picks or
ticks the highlighted row, 0 answers 「分からない」, Enter goes on (on a single
question it takes the highlighted row first; after 0 no row is highlighted, so
Enter goes on with 「分からない」), right arrow is Next, left arrow and Esc are
Back. Every action is also a button for touch screens. A text answer is capped
at :data:`TEXT_LIMIT` characters, with a counter under it.

While a free-text answer is typed, matching activities appear under it: the
search runs in a thread worker (exclusive, debounced) and never blocks a key.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import HorizontalGroup, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from kyodo_tui.core.langs import is_japanese
from kyodo_tui.core.model import UNKNOWN
from kyodo_tui.ui.screens.base import KyodoScreen
from kyodo_tui.ui.widgets.match_list import MatchList, MatchRow
from kyodo_tui.ui.widgets.update import set_text

if TYPE_CHECKING:
    from kyodo_tui.core.model import Choice, Question

#: how long typing must pause before matching runs (seconds)
DEBOUNCE = 0.1
#: how many matching activities to show under a text answer
MATCH_LIMIT = 8
#: the longest text answer (a pasted page is cut here; the counter shows it)
TEXT_LIMIT = 400
#: how much of a text answer the live matching reads (a long answer is searched by
#: its last words, so a paste never holds the matcher for seconds)
MATCH_QUERY_LIMIT = 120
#: the keys that pick choice 1, 2, ...: digits, then letters (0 is 「分からない」)
CHOICE_KEYS: tuple[str, ...] = tuple("123456789abcdefghijklmnopqrstuvwxyz")


def _highlighter() -> Any:
    from kyodo_tui.core.matching import highlight_spans

    return highlight_spans


class ChoiceList(OptionList):
    """The choices of a single/multi question. Space picks/ticks the highlighted row,
    Enter goes on (the screen decides what that means)."""

    DEFAULT_CSS = """
    ChoiceList {
        height: 1fr;
        border: round $panel-lighten-2;
        padding: 0 1;
        background: $surface;
    }
    ChoiceList:focus {
        border: round $primary;
    }
    ChoiceList > .option-list--option {
        padding: 0 1;
    }
    """

    # the list would scroll sideways on left/right; here they mean Back and Next
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right", "screen.next", "next", key_display="->"),
        Binding("left", "screen.back", show=False),
        Binding("space", "screen.toggle_highlighted", show=False),
        Binding("enter", "screen.enter", show=False),
    ]


class TextAnswer(Input):
    """A text answer capped at ``max_length``: a paste longer than the room left is
    cut to fit (a plain Input would refuse the whole paste)."""

    def replace(self, text: str, start: int, end: int) -> None:
        if self.max_length:
            start, end = sorted((start, end))
            room = self.max_length - (len(self.value) - (end - start))
            if len(text) > room:
                text = text[:max(room, 0)]
                if not text and start == end:
                    self.restricted()
                    return
        super().replace(text, start, end)


class QuestionScreen(KyodoScreen):
    """Asks one question. ``return_to``: set when editing from review/results."""

    TITLE_KEY = "app.title"
    HEADER_BACK: ClassVar[bool] = False  # the nav row has its own Back button

    # The answering keys are priority bindings: they act in the order typed, before the
    # next key is looked at (a key passed on to the list was acted on later, and the
    # keys typed after Enter went to this question instead of the next one). check_action
    # hands a key on to the focused widget where it means something else there (letters
    # and arrows in a text answer, Enter on a focused button).
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(key, f"pick({n})", show=False, priority=True)
          for n, key in enumerate(CHOICE_KEYS)),
        Binding("0", "unknown", show=False, priority=True),
        Binding("space", "toggle_highlighted", show=False, priority=True),
        Binding("enter", "enter", show=False, priority=True),
        Binding("right", "next", "next", key_display="->", priority=True),
        Binding("left", "arrow_back", show=False, priority=True),
        Binding("escape", "back", "back", key_display="Esc", priority=True),
        Binding("down", "focus_matches", show=False),
    ]

    def __init__(self, qid: str, return_to: str | None = None) -> None:
        super().__init__()
        self.qid = qid
        self.return_to = return_to
        self._matches: list[Any] = []
        self._query = ""

    # ------------------------------------------------------------------ data
    @property
    def question(self) -> Question:
        q = self.kyodo.catalog.question(self.qid)
        assert q is not None, self.qid
        return q

    def _choices(self) -> list[Choice]:
        """The choices offered (starting as a group/individual limits the actor question)."""
        allowed = self.kyodo.allowed_choice_ids(self.question)
        return [c for c in self.question.choices
                if c.id != UNKNOWN and (allowed is None or c.id in allowed)]

    def _value(self) -> Any:
        return self.kyodo.answers.get(self.qid)

    def _chosen(self) -> list[str]:
        value = self._value()
        if isinstance(value, list):
            return [v for v in value if v != UNKNOWN]
        if isinstance(value, str) and value != UNKNOWN:
            return [value]
        return []

    def _is_unknown(self) -> bool:
        value = self._value()
        return bool(value == UNKNOWN or value == [UNKNOWN])

    def _allows_unknown(self) -> bool:
        return self.question.kind != "text" and self.question.allow_unknown

    # ------------------------------------------------------------------ compose
    def compose_body(self) -> ComposeResult:
        q = self.question
        with Vertical(id="question-body"):
            with Vertical(classes="page", id="question"), Vertical(classes="column"):
                with HorizontalGroup(classes="progress-row"):
                    yield Label("", id="progress-label", markup=False)
                    yield ProgressBar(id="progress-bar", show_eta=False,
                                      show_percentage=False)
                yield Static("", id="prompt")
                yield Static("", id="limited-note")
                yield Static("", id="help")
                if q.kind == "text":
                    yield TextAnswer(id="text-answer", select_on_focus=False,
                                     max_length=TEXT_LIMIT)
                    yield Static("", id="text-counter")
                    yield MatchList(id="matches")
                else:
                    yield ChoiceList(id="choices", markup=False)
            with HorizontalGroup(id="nav"):
                yield Button("", id="nav-back")
                yield Button("", id="nav-skip")
                if self._allows_unknown():
                    yield Button("", id="nav-unknown")
                yield Label("", classes="spacer")
                yield Button("", id="nav-next", variant="primary")

    def on_mount(self) -> None:
        q = self.question
        self._preselect_for_kind()
        if q.kind == "text":
            text_input = self.query_one("#text-answer", Input)
            value = self._value()
            text_input.value = value if isinstance(value, str) else ""
            text_input.cursor_position = len(text_input.value)
            text_input.focus()
            self.query_one("#matches", MatchList).display = q.match
            if q.match and text_input.value.strip():
                self._search(text_input.value)
        else:
            choices = self.query_one("#choices", ChoiceList)
            chosen = self._chosen()
            ids = [c.id for c in self._choices()]
            choices.focus()
            if chosen and chosen[0] in ids:
                choices.highlighted = ids.index(chosen[0])
            elif self._is_unknown():
                choices.highlighted = None  # Enter goes on with 「分からない」

    def _preselect_for_kind(self) -> None:
        """Starting as a group/individual: if only one actor choice is left, choose it."""
        if self.qid in self.kyodo.answers or self.return_to is not None:
            return
        if self.kyodo.allowed_choice_ids(self.question) is None:
            return
        actor_choices = [c for c in self._choices() if c.actor]
        if len(actor_choices) == 1:
            self.kyodo.set_answer(self.qid, actor_choices[0].id)

    # ------------------------------------------------------------------ render
    def watch_lang(self, lang: str) -> None:
        lang = self.lang
        q = self.question
        self.query_one("#prompt", Static).update(Content(q.prompt.get(lang)))
        hint_key = {"single": "question.single_hint", "multi": "question.multi_hint",
                    "text": "question.text_hint"}[q.kind]
        help_text = q.help.get(lang) if q.help else ""
        actor = self._search_context().get("actor")
        extra = q.help_for.get(actor) if isinstance(actor, str) else None
        if extra is not None:  # e.g. the hint for municipal officers, only for them
            help_text = f"{help_text} {extra.get(lang)}".strip()
        self.query_one("#help", Static).update(Content.assemble(
            Content(help_text), ("  " if help_text else "", ""),
            (self.t(hint_key), "")))
        limited = self.kyodo.allowed_choice_ids(q) is not None
        note = self.query_one("#limited-note", Static)
        note.display = limited
        if limited:
            key = ("question.limited_group" if self.kyodo.kind == "group"
                   else "question.limited_individual")
            note.update(Content(self.t(key)))
        if q.kind == "text":
            self.query_one("#text-answer", Input).placeholder = self.t(
                "question.text_placeholder")
            self._render_counter()
            self.query_one("#matches", MatchList).border_title = self.t("question.matches")
            self._render_matches()
        else:
            self._render_choices()
        self._render_nav()
        self._render_progress()

    def _render_counter(self) -> None:
        """「12/400 文字」 under a text answer (full: says so)."""
        n = len(self.query_one("#text-answer", Input).value)
        key = "question.text_full" if n >= TEXT_LIMIT else "question.text_count"
        counter = self.query_one("#text-counter", Static)
        counter.update(Content(self.t(key, n=n, limit=TEXT_LIMIT)))
        counter.set_class(n >= TEXT_LIMIT, "-full")

    def _render_progress(self) -> None:
        visible = [q.id for q in self.kyodo.visible_questions()]
        total = len(visible)
        n = visible.index(self.qid) + 1 if self.qid in visible else total
        set_text(self.query_one("#progress-label", Label),
                 Content(self.t("question.progress", n=n, total=total)))
        self.query_one("#progress-bar", ProgressBar).update(total=max(total, 1), progress=n)

    def _render_nav(self) -> None:
        self.query_one("#nav-back", Button).label = Content("< " + self.t("back"))
        self.query_one("#nav-skip", Button).label = Content(self.t("skip"))
        if self._allows_unknown():
            unknown = self.query_one("#nav-unknown", Button)
            unknown.label = Content("0 " + self.t("unknown"))
            unknown.set_class(self._is_unknown(), "-chosen")
            unknown.variant = "warning" if self._is_unknown() else "default"
        nxt = self.query_one("#nav-next", Button)
        key = self._next_key()
        nxt.label = Content(self.t(key) if key == "done" else self.t(key) + " >")
        self.refresh_bindings()  # the footer names the same step as the button

    def _next_key(self) -> str:
        """What Next does here: finish an edit, go to the review, or the next question."""
        if self.return_to is not None:
            return "done"
        if self.kyodo.next_question_after(self.qid) is None:
            return "question.to_review"
        return "next"

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The footer's Next says what the Next button says (確認へ on the last
        question, 完了 when editing), not always 次へ."""
        out = super().active_bindings
        if not self.is_mounted:
            return out
        label = self.t(self._next_key())
        for key, active in out.items():
            if active.binding.action in ("next", "screen.next"):
                out[key] = active._replace(
                    binding=replace(active.binding, description=label))
        return out

    def _choice_prompt(self, n: int, choice: Choice, chosen: bool) -> Content:
        multi = self.question.kind == "multi"
        if multi:
            mark = "[x]" if chosen else "[ ]"
        else:
            mark = "(*)" if chosen else "( )"
        number = f"{CHOICE_KEYS[n - 1]} " if n <= len(CHOICE_KEYS) else "  "
        label = Content(choice.label.get(self.lang))
        if chosen:
            label = label.stylize("bold")
        return Content.assemble(
            (number, "$text-muted"),
            (mark + " ", "bold" if chosen else "$text-muted"),
            label,
        )

    def _render_choices(self) -> None:
        choices = self.query_one("#choices", ChoiceList)
        chosen = set(self._chosen())
        options = [Option(self._choice_prompt(n, c, c.id in chosen), id=c.id)
                   for n, c in enumerate(self._choices(), start=1)]
        highlighted = choices.highlighted
        if choices.option_count == len(options):
            for option in options:
                assert option.id is not None
                choices.replace_option_prompt(option.id, option.prompt)
        else:
            choices.set_options(options)
            # fill the space left under the prompt, but no more than the choices need
            choices.styles.max_height = len(options) + 2
            if options and not self._is_unknown():
                # a single question starts with no row highlighted: row 1 is not an
                # answer the person gave (Enter goes on without one; arrows pick)
                default = 0 if self.question.kind == "multi" else None
                choices.highlighted = highlighted if highlighted is not None else default

    # ------------------------------------------------------------------ answering
    def _set(self, value: Any) -> None:
        self.kyodo.set_answer(self.qid, value)
        if self.question.kind != "text":
            self._render_choices()
        self._render_nav()
        self._render_progress()

    def _toggle_choice(self, choice_id: str) -> None:
        """Pick a choice (single) or tick/untick it (multi)."""
        if self.question.kind == "multi":
            from kyodo_tui.core.placement import toggle_choice

            self._set(toggle_choice(self.question, self._chosen(), choice_id) or None)
        else:
            self._set(choice_id)

    @on(OptionList.OptionSelected, "#choices")
    def _choice_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        choice_id = event.option.id
        if choice_id is None:
            return
        if self.question.kind == "single" and self._chosen() == [choice_id]:
            self.action_next()  # Enter (or a tap) on the chosen answer continues
            return
        self._toggle_choice(choice_id)

    def choice_keys(self) -> list[str]:
        """The key that picks each offered choice, in order (shown in its row)."""
        return list(CHOICE_KEYS[:len(self._choices())])

    def action_toggle_highlighted(self) -> None:
        """Space: pick (single) or tick/untick (multi) the highlighted row."""
        index = self.query_one("#choices", ChoiceList).highlighted
        if index is not None:
            self.action_pick(index)

    def action_enter(self) -> None:
        """Enter goes on. On a single question a highlighted row that is not the
        answer yet is taken first (arrows then Enter); after 0 nothing is
        highlighted, so the answer stays 「分からない」."""
        if self.question.kind == "text":
            # the letters typed before Enter are taken first (see _after_typing)
            self._after_typing(self.action_next)
            return
        if self.question.kind == "single":
            index = self.query_one("#choices", ChoiceList).highlighted
            choices = self._choices()
            if (index is not None and 0 <= index < len(choices)
                    and self._chosen() != [choices[index].id]):
                self._toggle_choice(choices[index].id)
        self.action_next()

    def action_pick(self, index: int) -> None:
        choices = self._choices()
        if 0 <= index < len(choices):
            self.query_one("#choices", ChoiceList).highlighted = index
            self._toggle_choice(choices[index].id)

    def action_unknown(self) -> None:
        if not self._allows_unknown():
            return
        if self._is_unknown():
            self._set(None)
        else:
            self._set(UNKNOWN)
            # no row highlighted: Enter goes on with 「分からない」, not with row 1
            self.query_one("#choices", ChoiceList).highlighted = None

    def _after_typing(self, action: Any) -> None:
        """Run ``action`` once the text answer has taken the letters already typed
        (they wait in its queue); the keys typed after are held until then."""
        text_input = self.query_one("#text-answer", Input)
        app = self.kyodo
        app.hold_keys()

        def run() -> None:
            try:
                if self.is_current:
                    action()
            finally:
                app.release_keys()

        text_input.call_later(run)

    def _commit_text(self) -> None:
        if self.question.kind == "text" and self.is_mounted:
            value = self.query_one("#text-answer", Input).value
            self.kyodo.set_answer(self.qid, value if value.strip() else None)

    # ------------------------------------------------------------------ navigation
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        kind = self.question.kind
        focused = self.focused
        if action in ("pick", "toggle_highlighted") and kind == "text":
            return False
        if action in ("toggle_highlighted", "enter") and not isinstance(
                focused, (ChoiceList, Input)):
            return False  # Enter/Space on a focused button (or match) presses that
        if action == "arrow_back" and isinstance(focused, Input):
            return False  # the left arrow moves the cursor in the text
        if (action == "pick" and parameters and isinstance(parameters[0], int)
                and parameters[0] >= len(self._choices())):
            return False  # a letter past the last choice types nothing, does nothing
        if action == "unknown" and not self._allows_unknown():
            return False
        if action == "focus_matches" and kind != "text":
            return False
        if action == "next" and kind == "text" and isinstance(self.focused, Input):
            return False  # the Input uses the right arrow (moves the cursor there)
        return super().check_action(action, parameters)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        button_id = event.button.id
        if button_id == "nav-back":
            event.stop()
            self.action_back()
        elif button_id == "nav-skip":
            event.stop()
            self.action_skip()
        elif button_id == "nav-unknown":
            event.stop()
            self.action_unknown()
        elif button_id == "nav-next":
            event.stop()
            self.action_next()

    @on(Input.Submitted, "#text-answer")
    def _text_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_next()

    def action_arrow_back(self) -> None:
        self.action_back()

    def action_back(self) -> None:
        if self.question.kind == "text":
            # the letters typed before Esc are kept in this answer first
            self._after_typing(self._back_now)
        else:
            self._back_now()

    def _back_now(self) -> None:
        self._commit_text()
        if self.return_to is not None:
            self.dismiss()
            return
        self.kyodo.go_back()

    def action_skip(self) -> None:
        if self.question.kind == "text":
            self.query_one("#text-answer", Input).value = ""
        self.kyodo.set_answer(self.qid, None)
        self._advance()

    def action_next(self) -> None:
        self._commit_text()
        self._advance()

    def _advance(self) -> None:
        app = self.kyodo
        if self.return_to is not None:
            # editing: first ask what this answer newly opened, then go back
            follow = [q for q in app.visible_questions()
                      if q.show_if is not None and q.show_if.question == self.qid
                      and q.id not in app.answers]
            if follow:
                app.switch_screen(app.question_screen(follow[0].id, self.return_to))
            else:
                self.dismiss()
            return
        nxt = app.next_question_after(self.qid)
        if nxt is None:
            app.show_review()
        else:
            app.show_question(nxt.id)

    # ------------------------------------------------------------------ live matching
    def action_focus_matches(self) -> None:
        matches = self.query_one("#matches", MatchList)
        if matches.display and matches.rows:
            matches.focus()
            if matches.highlighted is None:
                matches.highlighted = 0

    @on(MatchList.LeaveUp)
    def _leave_matches(self) -> None:
        self.query_one("#text-answer", Input).focus()

    @on(Input.Changed, "#text-answer")
    def _text_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._render_counter()
        if not self.question.match:
            return
        if event.value.strip():
            self._search(event.value)
        else:
            self.workers.cancel_group(self, "match")
            self._query = ""
            self._matches = []
            self._render_matches()

    def _search_context(self) -> dict[str, Any]:
        """The actor chosen so far, to rank activities that suit it first."""
        actor_q = self.kyodo.actor_question()
        if actor_q is None:
            return {}
        value = self.kyodo.answers.get(actor_q.id)
        choice = actor_q.choice(value) if isinstance(value, str) else None
        return {"actor": choice.actor} if choice is not None and choice.actor else {}

    @work(thread=True, exclusive=True, group="match", exit_on_error=False)
    def _search(self, query: str) -> None:
        worker = get_current_worker()
        time.sleep(DEBOUNCE)  # debounce: a newer keystroke cancels this worker
        if worker.is_cancelled:
            return
        context = self._search_context()
        # a long answer is searched by its last words: a paste never holds the matcher
        words = query[-MATCH_QUERY_LIMIT:]
        matches = self.kyodo.visible_matches(
            self.kyodo.matcher.search(words, limit=MATCH_LIMIT, **context))
        if worker.is_cancelled:
            return
        self.app.call_from_thread(self._show_matches, query, matches)

    def _show_matches(self, query: str, matches: list[Any]) -> None:
        if not self.is_mounted:
            return
        if self.query_one("#text-answer", Input).value != query:
            return  # stale: the text changed since
        self._query = query
        self._matches = list(matches)
        self._render_matches()

    def _render_matches(self) -> None:
        match_list = self.query_one("#matches", MatchList)
        lang = self.lang
        rows = []
        for m in self._matches:
            activity = m.activity
            note = ""
            if activity.fields:
                field = self.kyodo.catalog.fields.get(activity.fields[0])
                if field is not None:
                    note = field.name.get(lang)
            rows.append(MatchRow(activity.id, activity.title.get(lang), note,
                                 bool(getattr(m, "weak", False)), activity.reading))
        empty = self.t("question.no_matches") if self._query else ""
        match_list.show_matches(rows, self._query, _highlighter(), empty)
        match_list.display = self.question.match and bool(self._query)

    @on(MatchList.Picked)
    def _picked(self, event: MatchList.Picked) -> None:
        event.stop()
        activity = self.kyodo.catalog.activities.get(event.activity_id)
        if activity is None:
            return
        title = activity.title.get(self.lang)
        text_input = self.query_one("#text-answer", Input)
        current = text_input.value.strip()
        if is_japanese(self.lang) and current.isascii() and not self.kyodo.picked.get(self.qid):
            # romaji typed at a kiosk without an IME is a search, not the answer:
            # the picked title replaces it
            current = ""
        if title not in current:
            sep = "、" if is_japanese(self.lang) else ", "
            text_input.value = f"{current}{sep}{title}" if current else title
            text_input.cursor_position = len(text_input.value)
        self.kyodo.pick_activity(self.qid, activity.id)
        self._commit_text()
        text_input.focus()

"""The Textual app: ``make_app(...)`` (shared by the CLI, tests and snapshot apps) and
``KyodoApp``, which holds the session's state and navigates between screens.

The app holds no domain logic: placement, pruning and matching are the core's
(``kyodo_tui.core``). Screens read the app's state (``catalog``, ``answers``,
``kind``, ``lang``, ``matcher``) and call its methods.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Input, TextArea

from kyodo_tui.core.langs import LANG_CODES, normalize
from kyodo_tui.ui import strings
from kyodo_tui.ui.themes import CYCLE, DEFAULT_THEME, THEMES

if TYPE_CHECKING:
    from kyodo_tui.core.matching import Matcher
    from kyodo_tui.core.model import Catalog, Question

Answers = dict[str, Any]  # question id -> choice id, list of ids, text or "unknown"
Kind = Literal["individual", "group"]
ReturnTo = Literal["results", "review"]

START_SCREENS = ("welcome", "results", "browse", "review", "learn")
#: signals that end the app the orderly way: the mode's own clean-up (save, wipe),
#: then Textual's exit, which restores the terminal (alt screen, mouse, cursor)
TERMINATE_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
#: seconds the app keeps taking the keys typed just before a terminate signal
#: (still in the terminal's buffer or in a widget's queue) before it acts on it
SIGNAL_GRACE = 0.3
QUIT_ACTIONS = frozenset({"quit", "help_quit", "suspend_process"})
#: the longest a key waits for a screen to come up (a screen that never does must
#: not swallow the keyboard)
KEY_HOLD_LIMIT = 5.0


UI_DIR = Path(__file__).parent


def stylesheets(mode: str | None = None, *first: str) -> list[str]:
    """Every stylesheet an app of ``mode`` uses, read once at start-up, in order:
    app.tcss, the mode's own ``first`` ones, the screens' (beside each screen), then
    the mode's screens'. A screen's CSS_PATH names its own file; Textual re-parses
    the whole stylesheet and restyles the app the first time it meets a screen
    file it has not read, so the app reads them all up front. The order keeps a
    base screen's file before a subclass's (screens/results before kiosk/results).
    """
    sheets = [UI_DIR / "app.tcss"]
    if mode is not None:
        sheets += [UI_DIR / "modes" / mode / name for name in first]
    sheets += sorted((UI_DIR / "screens").rglob("*.tcss"))
    if mode is not None:
        sheets += [p for p in sorted((UI_DIR / "modes" / mode).glob("*.tcss"))
                   if p.name not in first]
    return [str(p) for p in sheets]


class KyodoApp(App[None]):
    """The kyodo_tui app. Build it with :func:`make_app`."""

    CSS_PATH: ClassVar[Any] = stylesheets()
    TITLE = "kyodo"
    ENABLE_COMMAND_PALETTE = False
    #: narrow (80 columns) and wide layouts; screens style `.-wide` in app.tcss
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # noqa: RUF012 - Textual's API

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "toggle_lang", "lang.switch.short", key_display="F2"),
        Binding("f3", "cycle_theme", "theme", key_display="F3"),
        Binding("ctrl+q", "quit", "quit", show=False, priority=True),
        # Tab moves the focus in the order the keys arrive: a burst of typing never
        # lands in the field being left (priority: handled before the next key is
        # passed to the focused widget)
        Binding("tab", "focus_next", show=False, priority=True),
        Binding("shift+tab", "focus_previous", show=False, priority=True),
    ]

    #: the display language, "ja" or "en"; kept for the whole session
    lang: reactive[str] = reactive("ja")
    #: bumped every time the answers change: screens may watch it to re-compute
    answers_version: reactive[int] = reactive(0)

    def __init__(
        self,
        catalog: Catalog,
        *,
        lang: str = "ja",
        theme: str | None = None,
        mode: str = "standard",
        data_dir: Path | None = None,
        answers: Answers | None = None,
        start: str = "welcome",
        kind: Kind = "individual",
        config: Path | None = None,
    ) -> None:
        super().__init__()
        self.catalog: Catalog = catalog
        self.mode: str = mode
        self.data_dir: Path | None = data_dir
        #: a mode's config file (``--config``: kiosk.toml, workshop…); None: the mode's default
        self.config_path: Path | None = config
        self.kind: Kind = kind
        self.answers: Answers = dict(answers or {})
        self.start: str = start
        #: activities picked from the live matches under a text answer: qid -> ids
        self.picked: dict[str, list[str]] = {}
        self._matcher: Matcher | None = None
        self._matcher_lock = threading.Lock()
        for th in THEMES:
            self.register_theme(th)
        self.theme = theme or DEFAULT_THEME
        self.set_reactive(KyodoApp.lang, normalize(lang))
        if "TEXTUAL_ANIMATIONS" not in os.environ:
            # no motion: a screen changes at once (the tab bar's underline, hidden by our
            # CSS, still slid for 0.3 s on every tab switch, redrawing the screen as it
            # went). TEXTUAL_ANIMATIONS=full brings Textual's animations back.
            self.animation_level = "none"
        if self.answers:
            self.answers = self._prune_answers(self.answers)
        #: the terminate signal received before the event loop could take it
        self._pending_signal: int | None = None
        self._terminating = False
        #: keys that arrived while a screen was coming up, replayed in order (see on_event)
        self._held_keys: deque[events.Key] = deque()
        self._key_holds = 0
        self._coming_up: Screen[Any] | None = None
        self._in_flight: object | None = None
        self._watching_screens = False
        self._held_since = 0.0

    # ---------------------------------------------------------------- signals
    def run(self, *args: Any, **kwargs: Any) -> Any:
        """Run the app; SIGTERM and SIGHUP end it through :meth:`on_terminate_signal`
        (the default action would end the process at once, the terminal left in the
        alternate screen with mouse reporting on and nothing saved)."""
        if threading.current_thread() is not threading.main_thread():
            return super().run(*args, **kwargs)
        previous = {sig: signal.signal(sig, self._signal_received) for sig in TERMINATE_SIGNALS}
        try:
            return super().run(*args, **kwargs)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _signal_received(self, signum: int, _frame: object) -> None:
        """The signal handler: hand the signal to the event loop (never work here)."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self._pending_signal = signum  # taken once the app is ready
            return
        loop.call_soon_threadsafe(self._take_signal, signum)

    def on_ready(self) -> None:
        # the matcher is built once the first screen is drawn (a thread building it
        # during start-up held the GIL the first paint needed); a screen that needs
        # it sooner (results as the start screen) builds it itself
        self.run_worker(self._warm_matcher, thread=True, group="matcher", exit_on_error=False)
        if self._pending_signal is not None:
            self._take_signal(self._pending_signal)

    def _take_signal(self, signum: int) -> None:
        if self._terminating:
            return
        self._terminating = True
        self.run_worker(self._terminate(signum), group="terminate", exit_on_error=False)

    async def _terminate(self, signum: int) -> None:
        try:
            await asyncio.sleep(SIGNAL_GRACE)
            await self.on_terminate_signal(signum)
        finally:
            self.exit(return_code=128 + signum)

    async def on_terminate_signal(self, signum: int) -> None:
        """A mode's clean-up before the app exits on SIGTERM/SIGHUP (save, wipe).
        Nothing here by default: the exit itself restores the terminal."""

    # ---------------------------------------------------------------- strings
    def t(self, key: str, **params: object) -> str:
        """The UI string ``key`` in the current language (``str.format``-ed with params)."""
        text = strings.t(key, self.lang)
        return text.format(**params) if params else text

    # ---------------------------------------------------------------- matcher
    @property
    def matcher(self) -> Matcher:
        """The core Matcher over the catalog's activities, built once.

        A thread worker builds it right after start-up; a screen asking before
        it is ready waits for it (or builds it) here.
        """
        if self._matcher is None:
            with self._matcher_lock:
                if self._matcher is None:
                    from kyodo_tui.core.matching import Matcher

                    self._matcher = Matcher.from_catalog(self.catalog)
        return self._matcher

    def visible_matches(self, matches: Sequence[Any]) -> list[Any]:
        """The live matches a screen may show (a kiosk shows only strong ones)."""
        return list(matches)

    def _warm_matcher(self) -> None:
        with contextlib.suppress(Exception):  # surfaced again when a screen needs it
            self.matcher  # noqa: B018 - builds it

    # ---------------------------------------------------------------- keys in order
    # A terminal hands over keys typed fast all at once. Textual passes each key on to
    # the focused widget's queue and goes on with the next key at once; a key that
    # changes the screen (Enter on a question, Esc in a dialog) is acted on later, so
    # the keys typed after it went to the screen being left, or to a screen not yet
    # mounted. Here the keys are taken one at a time, in the order typed:
    # - a key passed on to a widget holds the next ones until it has been dealt with
    #   (it has gone up the widget's parents to the app, twice: once for the key, once
    #   for what its binding posted, such as a button's Pressed);
    # - a screen change holds them until the new screen is up (mounted, focus set);
    # - a screen may hold them while it finishes a key itself (hold_keys/release_keys:
    #   a text answer takes the letters typed before Enter first).
    # Held keys are replayed in order. A hold never lasts more than KEY_HOLD_LIMIT.

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            if not self._watching_screens:  # here, not in on_mount: a mode may replace that
                self._watching_screens = True
                self.screen_change_signal.subscribe(self, self._screen_changed, immediate=True)
            if self._held_keys or self._keys_held():
                self._held_keys.append(event)
                return
            await self._take_key(event)
            return
        await super().on_event(event)

    async def _take_key(self, event: events.Key) -> None:
        target = self.focused or self.screen
        await super().on_event(event)
        if not event.is_forwarded:
            return  # a priority binding took it, here and now
        if event.is_printable and isinstance(target, (Input, TextArea)):
            return  # a letter typed into a text field: the field takes it, nothing moves
        self._follow_key(target)  # passed on to the focused widget: wait for it

    def _follow_key(self, target: Any) -> None:
        """Hold the keys until ``key`` has gone up from ``target`` to the app twice."""
        token = object()
        self._in_flight = token
        self._held_since = time.monotonic()
        nodes = list(target.ancestors_with_self)
        if not nodes or nodes[-1] is not self:
            nodes.append(self)

        def hop(i: int, round_: int) -> None:
            if self._in_flight is not token:
                return
            if i >= len(nodes):
                if round_ == 0:
                    hop(0, 1)
                    return
                self._in_flight = None
                self.call_later(self._replay_keys)
                return
            node = nodes[i]
            if not node.call_later(hop, i + 1, round_):
                hop(i + 1, round_)  # gone (a closed screen): on to its parent

        hop(0, 0)

    def _keys_held(self) -> bool:
        if not (self._key_holds or self._coming_up is not None or self._in_flight is not None):
            return False
        if time.monotonic() - self._held_since > KEY_HOLD_LIMIT:
            # never lose the keyboard to a screen that did not come up
            self._key_holds = 0
            self._coming_up = None
            self._in_flight = None
            self.call_later(self._replay_keys)
            return False
        return True

    def hold_keys(self) -> None:
        """Keep the keys that arrive from now on until :meth:`release_keys`."""
        self._held_since = time.monotonic()  # the limit is per wait
        self._key_holds += 1

    def release_keys(self) -> None:
        """Undo one :meth:`hold_keys`; the keys held are replayed when nothing holds them."""
        self._key_holds = max(0, self._key_holds - 1)
        self.call_later(self._replay_keys)

    def _screen_changed(self, screen: Screen[Any]) -> None:
        self._held_since = time.monotonic()  # the limit is per wait
        self._coming_up = screen
        # a new screen runs its queue only after its compose and on_mount: a callback
        # there runs once it is mounted (a resumed screen is mounted already)
        if screen.is_mounted or not screen.call_later(self._screen_mounted, screen):
            self._screen_mounted(screen)

    def _screen_mounted(self, screen: Screen[Any]) -> None:
        # its on_mount has asked for the focus: that is set in this app's queue first
        self.call_later(self._screen_up, screen)

    def _screen_up(self, screen: Screen[Any]) -> None:
        if self._coming_up is screen:
            self._coming_up = None
            self.call_later(self._replay_keys)

    async def _replay_keys(self) -> None:
        while self._held_keys and not self._keys_held():
            await self._take_key(self._held_keys.popleft())

    # ---------------------------------------------------------------- lifecycle
    def on_mount(self) -> None:
        self.title = self.t("app.title")
        self.push_screen(self._make_screen("welcome"))
        if self.start != "welcome":
            self.push_screen(self._make_screen(self.start))

    def watch_lang(self, lang: str) -> None:
        self.title = self.t("app.title")

    def _make_screen(self, name: str) -> Screen[Any]:
        if name == "welcome":
            from kyodo_tui.ui.screens.welcome import WelcomeScreen

            return WelcomeScreen()
        if name == "learn":
            from kyodo_tui.ui.screens.learn import LearnScreen

            return LearnScreen()
        if name == "review":
            from kyodo_tui.ui.screens.review import ReviewScreen

            return ReviewScreen()
        if name == "results":
            from kyodo_tui.ui.screens.results import ResultsScreen

            return ResultsScreen()
        if name == "browse":
            from kyodo_tui.ui.screens.browse import BrowseScreen

            return BrowseScreen()
        if name.startswith("question:"):
            return self.question_screen(name.split(":", 1)[1])
        raise ValueError(f"unknown start screen: {name!r}")

    def question_screen(self, qid: str, return_to: ReturnTo | None = None) -> Screen[Any]:
        """The screen that asks question ``qid`` in this mode (a mode may ask its own way)."""
        from kyodo_tui.ui.screens.question import QuestionScreen

        return QuestionScreen(qid, return_to=return_to)

    # ---------------------------------------------------------------- answers
    def _prune_answers(self, answers: Answers) -> Answers:
        from kyodo_tui.core.placement import prune_hidden

        return dict(prune_hidden(self.catalog, answers))

    def visible_questions(self) -> list[Question]:
        """The questions shown for the current answers, in order (core logic)."""
        from kyodo_tui.core.placement import visible_questions

        return list(visible_questions(self.catalog, self.answers))

    def set_answer(self, qid: str, value: object | None) -> None:
        """Record an answer (``None``: skipped) and drop answers to questions now hidden."""
        answers = dict(self.answers)
        if value is None or value == [] or value == "":
            answers.pop(qid, None)
        else:
            answers[qid] = list(value) if isinstance(value, (list, tuple)) else value
        answers = self._prune_answers(answers)
        if answers != self.answers:
            self.answers = answers
            self.answers_version += 1

    def pick_activity(self, qid: str, activity_id: str) -> None:
        """Record an activity picked from the live matches of text question ``qid``."""
        ids = self.picked.setdefault(qid, [])
        if activity_id not in ids:
            ids.append(activity_id)

    def reset_session(self, kind: Kind = "individual") -> None:
        """Forget every answer and start over as ``kind``."""
        self.kind = kind
        self.answers = {}
        self.picked = {}
        self.answers_version += 1

    def actor_question(self) -> Question | None:
        """The "who are you" question: the first question whose choices name actors."""
        for q in self.catalog.questions:
            if any(c.actor for c in q.choices):
                return q
        return None

    def allowed_choice_ids(self, question: Question) -> set[str] | None:
        """Choice ids a question offers given ``kind`` (None: all of them).

        Starting as a group limits the actor question to group actors; starting as an
        individual to individual ones. Choices without an actor are always kept.
        """
        if question.kind == "text" or not any(c.actor for c in question.choices):
            return None
        # a municipality answering counts as an organisation
        wanted = {"group", "government"} if self.kind == "group" else {"individual"}
        allowed = set()
        for choice in question.choices:
            actor = self.catalog.actors.get(choice.actor) if choice.actor else None
            if actor is None or actor.kind in wanted:
                allowed.add(choice.id)
        # never leave a question without choices: then offer them all
        return allowed if any(c.id in allowed for c in question.choices if c.actor) else None

    # ---------------------------------------------------------------- navigation
    def start_flow(self, kind: Kind) -> None:
        """Start the questions as an individual or a group (from the welcome screen)."""
        self.reset_session(kind)
        questions = self.visible_questions()
        if not questions:
            self.notify(self.t("catalog.empty"), severity="error")
            return
        self.push_screen(self.question_screen(questions[0].id))

    def next_question_after(self, qid: str) -> Question | None:
        """The next visible question after ``qid`` (given the current answers)."""
        visible = self.visible_questions()
        ids = [q.id for q in visible]
        if qid in ids:
            i = ids.index(qid)
            return visible[i + 1] if i + 1 < len(visible) else None
        question = self.catalog.question(qid)
        order = question.order if question is not None else -1
        for q in visible:
            if q.order > order:
                return q
        return None

    def show_question(self, qid: str) -> None:
        self.push_screen(self.question_screen(qid))

    def show_review(self) -> None:
        from kyodo_tui.ui.screens.review import ReviewScreen

        for screen in self.screen_stack:
            if isinstance(screen, ReviewScreen):
                self._pop_to(screen)
                return
        self.push_screen(ReviewScreen())

    def show_results(self) -> None:
        """Open the results screen (re-computed from the current answers)."""
        self.push_screen(self._make_screen("results"))

    def show_browse(self) -> None:
        self.push_screen(self._make_screen("browse"))

    def show_learn(self) -> None:
        self.push_screen(self._make_screen("learn"))

    def edit_question(self, qid: str, return_to: ReturnTo = "results") -> None:
        """Open one question to change its answer; Done returns to ``return_to``.

        The screen returned to re-computes at once: it is resumed, and
        ``answers_version`` has changed if the answer did.
        """
        self.push_screen(self.question_screen(qid, return_to))

    def go_home(self) -> None:
        """Back to the welcome screen (answers are kept until a new start)."""
        from kyodo_tui.ui.screens.welcome import WelcomeScreen

        for screen in self.screen_stack:
            if isinstance(screen, WelcomeScreen):
                self._pop_to(screen)
                return

    def _pop_to(self, target: Screen[Any]) -> None:
        while len(self.screen_stack) > 1 and self.screen is not target:
            self.pop_screen()

    def go_back(self) -> None:
        """Esc / the Back button: the previous screen (never past the first one)."""
        if len(self.screen_stack) > 2:
            self.pop_screen()

    # ---------------------------------------------------------------- actions
    def action_toggle_lang(self) -> None:
        """F2: the next language of core.langs.LANG_CODES (ja, en, ja-easy, pt, ja ...)."""
        codes = LANG_CODES
        i = codes.index(self.lang) if self.lang in codes else -1
        self.action_set_lang(codes[(i + 1) % len(codes)])

    def action_set_lang(self, lang: str) -> None:
        if lang in LANG_CODES:
            # one frame for the whole switch: every widget that follows ``lang`` updates
            # (synchronously, in its watcher) before the screen is drawn again
            with self.batch_update():
                self.lang = lang

    def action_cycle_theme(self) -> None:
        names = list(CYCLE)
        i = names.index(self.theme) if self.theme in names else -1
        self.theme = names[(i + 1) % len(names)]

    def action_help_quit(self) -> None:
        """Ctrl+C (Textual's reminder that it does not quit), in the app's language."""
        self.notify(self.t("quit.how"), title=self.t("quit.how.title"), markup=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (self.mode == "kiosk" and action in QUIT_ACTIONS)


def app_class_for(mode: str) -> type[KyodoApp]:
    """The App class for a mode: ``standard`` is :class:`KyodoApp`; every other mode
    lives in ``kyodo_tui.ui.modes.<mode>`` as ``APP_CLASS`` (a KyodoApp subclass)."""
    if mode == "standard":
        return KyodoApp
    module = importlib.import_module(f"kyodo_tui.ui.modes.{mode}")
    app_class: type[KyodoApp] = module.APP_CLASS
    return app_class


def make_app(
    *,
    catalog_dirs: Sequence[Path] = (),
    lang: str = "ja",
    theme: str | None = None,
    mode: str = "standard",
    data_dir: Path | None = None,
    answers: Answers | None = None,
    start: str = "welcome",
    catalog: Catalog | None = None,
    kind: Kind = "individual",
    include_user: bool = True,
    config: Path | None = None,
) -> KyodoApp:
    """Build the app. Loads the catalog (built-in + user + ``catalog_dirs``) unless
    ``catalog`` is given. ``start``: "welcome", "results", "browse", "review",
    "learn" or "question:<id>"; ``answers`` pre-fills the session; ``config`` is the
    mode's config file (``--config``; kiosk mode reads kiosk.toml from it).

    Raises ``CatalogError`` if the catalog has problems.
    """
    if start not in START_SCREENS and not start.startswith("question:"):
        raise ValueError(f"unknown start screen: {start!r}")
    if catalog is None:
        from kyodo_tui.core.catalog import load_catalog

        catalog = load_catalog(list(catalog_dirs), include_user=include_user)
    if start.startswith("question:") and catalog.question(start.split(":", 1)[1]) is None:
        raise ValueError(f"no such question: {start!r}")
    app_class = app_class_for(mode)
    return app_class(
        catalog,
        lang=lang,
        theme=theme,
        mode=mode,
        data_dir=data_dir,
        answers=answers,
        start=start,
        kind=kind,
        config=config,
    )

"""Kiosk mode: ``kyodo --mode kiosk`` on an unattended community-centre terminal.

One resident after another uses it, often by touch. The next person must never
see the last one's answers, and nobody walking by can leave the app or break it.

- **Sessions.** Each resident's session is its own Textual screen-stack mode
  (a blank base screen under a fresh welcome screen). Ending a session (idle
  timeout, 「終わる」, a fault) switches to a new mode and removes the old one
  with every screen in it, then resets the app's state (answers, picked
  activities, kind, language, theme, clipboard, notifications). Old screens
  are never resumed, so nothing of the last session is drawn again.
- **Idle.** The core's :class:`~kyodo_tui.core.kiosk.IdleWatch`: every key,
  mouse or touch event reaching the app (``on_event``) is a touch; a timer looks
  at the phase and shows 「まだ使っていますか？」 (:class:`CountdownScreen`), then
  wipes. A pristine welcome screen is never counted down.
- **Locked.** ``inherit_bindings=False`` drops Textual's ctrl+q / ctrl+c bindings,
  the command palette is off, ``check_action`` and ``run_action`` refuse quit,
  suspend, palette, copy and screenshot actions whatever their namespace, and
  ``run()`` clears ``TEXTUAL_ALLOW_SIGNALS`` so ctrl+c/ctrl+z arrive as keys (that
  do nothing). No URL is opened, and copying never reaches the terminal's
  clipboard (OSC 52), where the next resident could paste it. Staff leave with the
  configured exit key (a Binding id remapped by the keymap) and the PIN (core
  :class:`~kyodo_tui.core.kiosk.PinGuard`).
- **Faults.** ``_handle_exception`` (Textual's private hook, 8.2.8, for every unhandled error in a
  handler, timer, worker or compose) logs the traceback in the data dir (core
  ``log_kiosk_error``), starts a fresh session and apologises instead of exiting;
  errors raised in the app's own message loop are caught in ``_dispatch_message``
  so that loop keeps running. Repeated faults (5 within a minute) leave a
  persistent apology until a retry a minute later.
- **Hours, size.** Outside opening hours (core ``is_open``, checked every minute)
  a pristine kiosk shows the closed notice; a terminal under 60×20 shows a plain
  「画面を大きくしてください」.

Nothing is saved in this mode: no drafts, no sessions, no screenshots. Only
anonymous statistics, when the config turns them on (core ``record_stat``).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.actions import ActionError
from textual.actions import parse as parse_action
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen

from kyodo_tui.core.kiosk import (
    APOLOGY,
    DEFAULT_EXIT_CHORD,
    IdleWatch,
    KioskConfig,
    PinGuard,
    closed_notice,
    is_open,
    load_kiosk_config,
    log_kiosk_error,
    require_kiosk_ready,
)
from kyodo_tui.core.kiosk.pin import pin_state_path
from kyodo_tui.ui.app import KyodoApp, stylesheets
from kyodo_tui.ui.modes.kiosk.strings import S

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.driver import Driver

    from kyodo_tui.core.model import Catalog
    from kyodo_tui.ui.modes.kiosk.countdown import CountdownScreen
    from kyodo_tui.ui.modes.kiosk.notices import EnlargeScreen

#: the id of the staff key's binding (its key comes from the config, via the keymap)
STAFF_BINDING = "kiosk.staff"
#: below this the kiosk asks for a larger screen (columns, lines)
MIN_SIZE = (60, 20)
#: actions a resident must never reach, in any namespace
BLOCKED_ACTIONS = frozenset({
    "quit", "help_quit", "suspend_process", "command_palette", "copy_text",
    "screenshot", "deliver_screenshot", "change_theme", "show_help_panel",
})
#: faults within FAULT_WINDOW seconds that make the apology persistent
MAX_FAULTS = 5
FAULT_WINDOW = 60.0
#: seconds before a persistent apology tries a fresh session again
FAULT_RETRY = 60.0
#: how often opening hours are re-checked (seconds)
HOURS_EVERY = 60.0
#: the longest pause between two looks at the idle watch (seconds)
TICK = 0.5
#: what counts as someone touching the kiosk
_TOUCH_EVENTS = (events.Key, events.MouseEvent, events.Paste)


class KioskApp(KyodoApp, inherit_bindings=False):
    """The kiosk: KyodoApp locked down, with idle wipe, staff exit, takeaway and fault recovery.

    ``kiosk_config``: the config (tests build one; otherwise it is read from the
    ``config`` path, or ``kiosk.toml`` in the config dir). ``clock``: monotonic
    seconds for the idle watch and the PIN guard; ``now``: wall-clock time for
    the opening hours. Both are injectable so that tests never sleep long.
    """

    #: the standard layout, the screens' and the kiosk's stylesheets (read once)
    CSS_PATH: ClassVar[Any] = stylesheets("kiosk")
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "toggle_lang", "lang.switch.short", key_display="F2"),
        Binding("f3", "cycle_theme", "theme", key_display="F3"),
        # the staff key: a priority binding, so no screen or text field can take it;
        # its key is the config's exit_chord, through the app's keymap (by its id)
        Binding(DEFAULT_EXIT_CHORD, "staff_prompt", show=False, priority=True,
                id=STAFF_BINDING),
    ]

    def __init__(
        self,
        catalog: Catalog,
        *,
        kiosk_config: KioskConfig | None = None,
        clock: Callable[[], float] | None = None,
        now: Callable[[], datetime] | None = None,
        **kwargs: Any,
    ) -> None:
        # a kiosk always starts empty, on the welcome screen
        kwargs.update(mode="kiosk", answers=None, start="welcome", kind="individual")
        super().__init__(catalog, **kwargs)
        config = (kiosk_config if kiosk_config is not None
                  else load_kiosk_config(self.config_path))
        self.kiosk_config: KioskConfig = config
        self._clock: Callable[[], float] = clock or time.monotonic
        self._now: Callable[[], datetime] = now or self._wall_clock
        self.idle = IdleWatch.from_config(config, clock=self._clock)
        #: None when no PIN is set (launching refuses that; tests may build one)
        self.pin_guard: PinGuard | None = (
            PinGuard(config.pin_hash, clock=self._clock, state_path=pin_state_path())
            if config.pin_hash else None)
        self.home_lang: str = config.lang
        self.home_theme: str = (config.theme if config.theme in self.available_themes
                                else self.theme)
        self.set_reactive(KyodoApp.lang, self.home_lang)
        self.theme = self.home_theme
        self.set_keymap({STAFF_BINDING: config.exit_chord})
        #: the kiosk's own clipboard (wiped with the session), see copy_to_clipboard
        self._kiosk_clipboard = ""
        #: exit() was called: a fault from now on is not recovered from
        self._leaving = False
        self.session_number = 0
        #: sessions ended (idle, 終わる, fault)
        self.sessions_ended = 0
        #: unexpected errors recovered from
        self.faults_recovered = 0
        self._fault_times: list[float] = []
        self._session_mode: str | None = None
        self._countdown: CountdownScreen | None = None
        self._enlarge: EnlargeScreen | None = None
        self._wipe_pending = False
        self._wiping = False
        self.persistent_fault = False

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver, but on Linux/macOS one whose pastes are text only
        (:mod:`kyodo_tui.ui.modes.kiosk.driver`)."""
        driver_class = super().get_driver_class()
        if driver_class.__name__ == "LinuxDriver":
            from kyodo_tui.ui.modes.kiosk.driver import KioskDriver

            return KioskDriver
        return driver_class

    def _wall_clock(self) -> datetime:
        hours = self.kiosk_config.hours
        return datetime.now(hours.tz) if hours is not None else datetime.now().astimezone()

    # ------------------------------------------------------------ starting
    def run(self, *args: Any, **kwargs: Any) -> Any:
        """Refuse to start without a staff PIN; make ctrl+c/ctrl+z keys, not signals."""
        require_kiosk_ready(self.kiosk_config)
        os.environ.pop("TEXTUAL_ALLOW_SIGNALS", None)
        return super().run(*args, **kwargs)

    async def on_mount(self, event: events.Mount) -> None:  # type: ignore[override]
        # instead of KyodoApp.on_mount: the welcome screen goes in a session's own mode
        event.prevent_default()
        self.title = self.t("app.title")
        self.run_worker(self._warm_matcher, thread=True, group="matcher", exit_on_error=False)
        await self._start_session()
        tick = min(TICK, self.idle.idle_seconds / 4, self.idle.countdown_seconds / 4)
        self.set_interval(tick, self._tick, name="kiosk-idle")
        self.set_interval(HOURS_EVERY, self.check_hours, name="kiosk-hours")
        self._after_session_start()

    def _make_screen(self, name: str) -> Screen[Any]:
        if name == "welcome":
            from kyodo_tui.ui.modes.kiosk.welcome import KioskWelcomeScreen

            return KioskWelcomeScreen()
        if name == "results":
            from kyodo_tui.ui.modes.kiosk.results import KioskResultsScreen

            return KioskResultsScreen()
        return super()._make_screen(name)

    async def _start_session(self, *, welcome: bool = True) -> None:
        """A new screen-stack mode for a new session; the old one is removed, screens and all."""
        old = self._session_mode
        self.session_number += 1
        name = f"kiosk-session-{self.session_number}"
        self.add_mode(name, Screen)
        await self.switch_mode(name)
        self._session_mode = name
        self._countdown = None
        self._enlarge = None
        if old is not None:
            await self.remove_mode(old)
        self._reset_state()
        if welcome:
            await self.push_screen(self._make_screen("welcome"))
        self.idle.touch()

    def _reset_state(self) -> None:
        """Forget everything of the last session that lives on the app."""
        self.reset_session("individual")
        self.answers = {}
        self.picked = {}
        self._kiosk_clipboard = ""
        self.clear_notifications()
        self.lang = self.home_lang
        self.theme = self.home_theme

    def _after_session_start(self) -> None:
        self.sync_size()
        self.check_hours()

    # ------------------------------------------------------------ ending a session
    def finish_session(self) -> None:
        """「終わる」: wipe every answer now and start a fresh session."""
        self._schedule_wipe(record=True)

    def _schedule_wipe(self, *, record: bool) -> None:
        if self._wipe_pending or self._wiping:
            return
        self._wipe_pending = True
        self.call_later(self.wipe, record=record)

    async def wipe(self, *, record: bool = True, apology: bool = False) -> None:
        """End the session: statistics (if on), a new session, nothing of the old one kept."""
        if self._wiping:
            return
        self._wiping = True
        try:
            if record:
                self._record_stat()
            persistent = apology and self.persistent_fault
            await self._start_session(welcome=not persistent)
            if apology:
                from kyodo_tui.ui.modes.kiosk.notices import ApologyScreen

                text = S["apology.persistent"] if persistent else APOLOGY
                await self.push_screen(ApologyScreen(text, persistent=persistent))
            self.sessions_ended += 1
        finally:
            self._wiping = False
            self._wipe_pending = False
        self._after_session_start()

    def _record_stat(self) -> None:
        """One anonymous line per finished session, only when statistics are on."""
        if not self.kiosk_config.stats.enabled or not self.answers:
            return
        try:
            from kyodo_tui.core.kiosk import record_stat
            from kyodo_tui.core.placement import place

            answers = dict(self.answers)
            record_stat(self.kiosk_data_dir, place(self.catalog, answers), answers,
                        self.catalog, config=self.kiosk_config)
        except Exception as exc:  # noqa: BLE001 - statistics must never stop a wipe
            self.log_error(exc)

    # ------------------------------------------------------------ idle
    async def on_event(self, event: events.Event) -> None:
        # every key, click and touch is a sign of life, except on the countdown,
        # which decides for itself (「つづける」, any key, a touch outside its buttons)
        if (isinstance(event, _TOUCH_EVENTS) and not getattr(event, "is_forwarded", False)
                and not (self._countdown is not None and self.screen is self._countdown)):
            self.idle.touch()
        await super().on_event(event)

    @property
    def countdown_shown(self) -> bool:
        return self._countdown is not None and self._countdown in self.screen_stack

    def is_pristine(self) -> bool:
        """Nothing to wipe: a fresh welcome (maybe under a notice), no answers, home settings."""
        from kyodo_tui.ui.modes.kiosk.notices import ApologyScreen, ClosedScreen, EnlargeScreen
        from kyodo_tui.ui.modes.kiosk.welcome import KioskWelcomeScreen

        calm = (KioskWelcomeScreen, ClosedScreen, ApologyScreen, EnlargeScreen)
        return (all(isinstance(s, calm) for s in self.screen_stack[1:])
                and not self.answers and not any(self.picked.values())
                and self.lang == self.home_lang and self.theme == self.home_theme)

    def _tick(self) -> None:
        self._take_unlock()
        if self._wiping or self._wipe_pending:
            return
        self.sync_size()
        if self.is_pristine():
            self.idle.touch()
            return
        phase = self.idle.phase()
        if phase == "active":
            self._close_countdown()
        elif phase == "countdown":
            self._show_countdown(self.idle.countdown_left())
        else:
            self._schedule_wipe(record=True)

    def _show_countdown(self, left: int) -> None:
        if self.countdown_shown:
            assert self._countdown is not None
            self._countdown.set_left(left)
            return
        if self._enlarge is not None and self.screen is self._enlarge:
            return  # nobody can read it: the wipe still comes
        from kyodo_tui.ui.modes.kiosk.countdown import CountdownScreen

        self._countdown = CountdownScreen(left)
        self.push_screen(self._countdown)

    def _close_countdown(self) -> None:
        if self._countdown is None:
            return
        if self._countdown not in self.screen_stack:
            self._countdown = None
        elif self.screen is self._countdown:
            self._countdown = None
            self.pop_screen()

    def keep_going(self) -> None:
        """「つづける」: the session goes on."""
        if self._wiping or self._wipe_pending:
            return
        self.idle.touch()
        self._close_countdown()

    # ------------------------------------------------------------ staff exit
    def _take_unlock(self) -> None:
        """Staff ran ``kyodo kiosk unlock``: clear the PIN lockout (core
        :mod:`~kyodo_tui.core.kiosk.unlock`; a resident cannot reach it)."""
        from kyodo_tui.core.kiosk.unlock import take_unlock_request

        if take_unlock_request(self.kiosk_data_dir) and self.pin_guard is not None:
            self.pin_guard.reset()
            from kyodo_tui.ui.modes.kiosk.pin import PinScreen

            for screen in self.screen_stack:
                if isinstance(screen, PinScreen):
                    screen.refresh_lock()

    def action_staff_prompt(self) -> None:
        """The exit key: the staff PIN prompt (the PIN, not the key, lets staff out)."""
        from kyodo_tui.ui.modes.kiosk.pin import PinScreen

        if isinstance(self.screen, PinScreen):
            return
        self.keep_going()  # staff are here: no countdown under the prompt
        self.push_screen(PinScreen())

    async def on_terminate_signal(self, signum: int) -> None:
        """SIGTERM or SIGHUP: wipe the session (nothing of the resident left on any
        screen or in memory), then the app exits and restores the terminal."""
        self._wipe_pending = True  # no countdown, no idle wipe from now on
        self._wiping = True
        try:
            await self._start_session(welcome=False)  # a blank screen, no answers
        finally:
            self._wiping = False

    def staff_exit(self) -> None:
        """The right PIN: forget the session and leave kiosk mode."""
        self.reset_session("individual")
        self.exit()

    # ------------------------------------------------------------ locked
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in BLOCKED_ACTIONS:
            return False
        return super().check_action(action, parameters)

    async def run_action(self, action: str | Any, default_namespace: DOMNode | None = None,
                         namespaces: Mapping[str, DOMNode] | None = None) -> bool:
        """Refuse a blocked action whatever its namespace (``screen.``, a widget's):
        Textual asks only the target's ``check_action``, not the app's."""
        if isinstance(action, str):
            try:
                _namespace, name, _params = parse_action(action)
            except ActionError:  # super() reports it as usual
                name = ""
        else:
            _namespace, name, _params = action
        if name in BLOCKED_ACTIONS:
            return False
        return await super().run_action(action, default_namespace, namespaces)

    def visible_matches(self, matches: Sequence[Any]) -> list[Any]:
        """Only strong matches under a text answer: the kiosk screen is public, and
        a keyword hit on what a resident types can name something sensitive."""
        from kyodo_tui.core.recommend import is_strong

        return [m for m in matches if is_strong(m)]

    def copy_to_clipboard(self, text: str) -> None:
        """Only the app's own clipboard (wiped with the session), never the terminal's:
        the next resident could paste it with the terminal's own paste key."""
        self._kiosk_clipboard = text

    @property
    def clipboard(self) -> str:
        """What was copied in this session (Input and TextArea paste from here)."""
        return self._kiosk_clipboard

    def exit(self, *args: Any, **kwargs: Any) -> None:
        self._leaving = True
        super().exit(*args, **kwargs)

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        """A kiosk never opens a browser (a way out of the app)."""
        self.log.warning(f"kiosk: not opening {url!r}")

    # ------------------------------------------------------------ size and hours
    async def on_resize(self, event: events.Resize) -> None:
        self.call_later(self.sync_size)

    def sync_size(self) -> None:
        """Ask for a larger screen below MIN_SIZE; take the notice away once it is large enough."""
        from kyodo_tui.ui.modes.kiosk.notices import EnlargeScreen

        width, height = self.size
        small = width < MIN_SIZE[0] or height < MIN_SIZE[1]
        shown = self._enlarge is not None and self._enlarge in self.screen_stack
        if small and not shown:
            self._enlarge = EnlargeScreen(MIN_SIZE)
            self.push_screen(self._enlarge)
        elif not small and shown and self.screen is self._enlarge:
            self._enlarge = None
            self.pop_screen()
            self.check_hours()

    def check_hours(self) -> None:
        """Outside opening hours a pristine kiosk shows the closed notice; open again, it goes."""
        from kyodo_tui.ui.modes.kiosk.notices import ClosedScreen

        hours = self.kiosk_config.hours
        if hours is None or self._wiping:
            return
        now = self._now()
        closed = next((s for s in self.screen_stack if isinstance(s, ClosedScreen)), None)
        if not is_open(hours, now):
            notice = closed_notice(hours, now)
            if closed is not None:
                closed.set_notice(notice)
            elif self.is_pristine() and not (self._enlarge is not None
                                             and self.screen is self._enlarge):
                week = {lang: hours.describe(lang) for lang in ("ja", "en")}
                self.push_screen(ClosedScreen(notice, week))
        elif closed is not None and self.screen is closed:
            self.pop_screen()

    # ------------------------------------------------------------ faults
    @property
    def kiosk_data_dir(self) -> Path:
        if self.data_dir is not None:
            return Path(self.data_dir)
        from kyodo_tui.core.locations import data_dir

        return data_dir()

    def log_error(self, error: BaseException) -> Path:
        """Append ``error`` to the kiosk's error log (core; never raises)."""
        return log_kiosk_error(self.kiosk_data_dir, error)

    def _recovering(self) -> bool:
        return self.is_running and not self._leaving and self._session_mode is not None

    # Private Textual API, Textual 8.2.8: App has no public hook for an unhandled
    # error (in a handler, timer, worker or compose) other than exiting; this is the
    # method every such error reaches. Revisit when Textual offers one.
    def _handle_exception(self, error: Exception) -> None:
        """An unexpected error: log it, apologise, start afresh — never exit."""
        if not self._recovering():
            super()._handle_exception(error)
            return
        self.log_error(error)  # the core never raises for a logging failure
        now = self._clock()
        self._fault_times = [f for f in self._fault_times if now - f < FAULT_WINDOW] + [now]
        self.faults_recovered += 1
        if len(self._fault_times) >= MAX_FAULTS and not self.persistent_fault:
            self.persistent_fault = True
            self.set_timer(FAULT_RETRY, self._retry_after_faults)
        self.call_later(self._recover)

    async def _recover(self) -> None:
        if self._wiping:
            return
        self._wipe_pending = True
        await self.wipe(record=False, apology=True)

    async def _retry_after_faults(self) -> None:
        self.persistent_fault = False
        self._fault_times.clear()
        await self.wipe(record=False)

    # Private Textual API, Textual 8.2.8: an error raised in the app's own message
    # loop ends that loop (and the app) before any handler sees it; no public hook.
    async def _dispatch_message(self, message: Message) -> None:
        # an error in the app's own loop would end that loop, and the app with it
        try:
            await super()._dispatch_message(message)
        except Exception as error:
            if not self._recovering():
                raise
            self._handle_exception(error)


APP_CLASS = KioskApp

"""The participant's app (see the package docstring)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalGroup, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Static

from kyodo_tui.ui import app as app_module
from kyodo_tui.ui.app import KyodoApp
from kyodo_tui.ui.modes.participant.strings import STRINGS as PSTRINGS
from kyodo_tui.ui.screens.base import KyodoScreen
from kyodo_tui.ui.screens.review import ReviewScreen


def ptext(key: str, lang: str, **params: object) -> str | None:
    """Participant mode's own text for ``key`` (None: the app's usual one)."""
    if key not in PSTRINGS:
        return None
    ja, en = PSTRINGS[key]
    text = ja if lang == "ja" else en
    return text.format(**params) if params else text


class _Texts:
    """Screens of this mode read its own texts first (e.g. the review's button)."""

    def t(self, key: str, **params: object) -> str:
        text = ptext(key, self.lang, **params)  # type: ignore[attr-defined]
        return text if text is not None else super().t(key, **params)  # type: ignore[misc]


class ParticipantReviewScreen(_Texts, ReviewScreen):
    """The usual review; its button sends the answers to the room."""


class ParticipantStartScreen(_Texts, KyodoScreen):
    """What happens to the answers, and one button to start."""

    TITLE_KEY = "participant.title"
    SHOW_BACK = False
    BINDINGS: ClassVar[list[BindingType]] = [Binding("1", "start", show=False)]

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(classes="page", id="participant-start"), \
                VerticalGroup(classes="column"):
            yield Static("", id="participant-intro", classes="intro")
            yield Button("", id="participant-go", variant="primary")
            yield Static("", id="participant-keys", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#participant-go", Button).focus()

    def watch_lang(self, lang: str) -> None:
        self.query_one("#participant-intro", Static).update(
            Content(self.t("participant.intro")))
        self.query_one("#participant-go", Button).label = Content(
            "1  " + self.t("participant.start"))
        self.query_one("#participant-keys", Static).update(Content(self.t("participant.keys")))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "participant-go":
            event.stop()
            self.action_start()

    def action_start(self) -> None:
        self.kyodo.start_flow("individual")


class ParticipantSentScreen(_Texts, KyodoScreen):
    """Sent: thanks, where the answers place this person, and a fresh start."""

    TITLE_KEY = "participant.sent.title"
    SHOW_BACK = False
    BINDINGS: ClassVar[list[BindingType]] = [Binding("1", "again", show=False)]

    def __init__(self, letter: str | None) -> None:
        super().__init__()
        self.letter = letter

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(classes="page", id="participant-sent"), \
                VerticalGroup(classes="column"):
            yield Static("", id="participant-thanks", classes="heading")
            yield Static("", id="participant-where", classes="intro")
            yield Button("", id="participant-again")

    def on_mount(self) -> None:
        self.query_one("#participant-again", Button).focus()

    def watch_lang(self, lang: str) -> None:
        from kyodo_tui.ui.screens.results import letter_label

        self.query_one("#participant-thanks", Static).update(
            Content(self.t("participant.sent")))
        where = (self.t("participant.where", letter=self.letter,
                        label=letter_label(self.letter, lang))
                 if self.letter else self.t("participant.unplaced"))
        self.query_one("#participant-where", Static).update(Content(where))
        self.query_one("#participant-again", Button).label = Content(
            "1  " + self.t("participant.again"))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "participant-again":
            event.stop()
            self.action_again()

    def action_again(self) -> None:
        self.kyodo.reset_session("individual")
        self.kyodo.go_home()


class ParticipantApp(KyodoApp):
    """Questions for everybody in the room; the answers go to the workshop's inbox."""

    #: KyodoApp's stylesheet (a relative CSS_PATH would be looked up beside this module)
    CSS_PATH: ClassVar[Any] = [str(Path(app_module.__file__).with_name("app.tcss")),
                               str(Path(__file__).with_name("participant.tcss"))]
    ENABLE_COMMAND_PALETTE = False

    def __init__(self, catalog: Any, **kwargs: Any) -> None:
        super().__init__(catalog, **kwargs)
        from kyodo_tui.core.workshop.inbox import INBOX_ENV, check_code

        self.inbox_code = check_code(os.environ.get(INBOX_ENV, ""))
        self._inbox: Any = None

    def t(self, key: str, **params: object) -> str:
        text = ptext(key, self.lang, **params)
        return text if text is not None else super().t(key, **params)

    def show_review(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, ReviewScreen):
                self._pop_to(screen)
                return
        self.push_screen(ParticipantReviewScreen())

    def _make_screen(self, name: str) -> Screen[Any]:
        if name == "welcome":
            return ParticipantStartScreen()
        return super()._make_screen(name)

    def go_home(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, ParticipantStartScreen):
                self._pop_to(screen)
                return

    def allowed_choice_ids(self, question: Any) -> set[str] | None:
        # a room holds residents, association members and municipal staff alike
        return None

    def inbox(self) -> Any:
        if self._inbox is None:
            from kyodo_tui.core.workshop.inbox import open_inbox

            self._inbox = open_inbox(self.inbox_code, self.data_dir)
        return self._inbox

    def show_results(self) -> None:
        """The review's button: send the answers (once), then the thank-you screen."""
        from kyodo_tui.core.placement import place

        answers = dict(self.answers)
        if not answers:
            return
        try:
            self.inbox().post(answers)
        except Exception:  # noqa: BLE001 - a busy or unreachable database: say so, keep answers
            self.notify(self.t("participant.failed"), severity="error", markup=False)
            return
        placement = place(self.catalog, answers, what_if=False)
        self.reset_session("individual")  # nothing of this person stays in the process
        self.go_home()
        self.push_screen(ParticipantSentScreen(placement.letter if placement.placed else None))

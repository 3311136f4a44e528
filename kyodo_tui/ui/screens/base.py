"""``KyodoScreen``: the base of every screen.

It gives a one-line header (a Back button where it makes sense, the screen's
title, the 日本語/English switch) and a Footer whose key descriptions follow the
language. Screens put their content in ``compose_body()``.

The display language is state the screen follows: ``lang`` is a reactive of the
screen that mirrors the app's ``lang`` while the screen is shown (a screen under
another one catches up when it is shown again, so F2 re-renders only what is on
the terminal). A screen re-renders its texts in ``watch_lang`` (Textual's watcher:
called when ``lang`` changes; the base also calls it once on mount).

    class MyScreen(KyodoScreen):
        TITLE_KEY = "results.title"       # a key of ui/strings.py, or override title_text()
        SHOW_BACK = True

        def compose_body(self) -> ComposeResult:
            yield Static(id="body")

        def watch_lang(self, lang: str) -> None:
            self.query_one("#body", Static).update(...)
"""

from __future__ import annotations

from dataclasses import replace
import contextlib
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import HorizontalGroup
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Button, Label

from kyodo_tui.core.langs import normalize
from kyodo_tui.core.model import Lang, Text
from kyodo_tui.ui import strings
from kyodo_tui.ui.widgets.footer import KeysFooter
from kyodo_tui.ui.widgets.lang_switch import LangSwitch

if TYPE_CHECKING:
    from kyodo_tui.ui.app import KyodoApp


class HeaderBar(HorizontalGroup):
    """The top row: [← Back]  title ............ [日本語][English]"""

    DEFAULT_CSS = """
    HeaderBar {
        dock: top;
        height: 1;
        background: $panel;
    }
    HeaderBar #back {
        width: auto;
        min-width: 0;
        height: 1;
        border: none;
        padding: 0 1;
        margin: 0 1 0 0;
        background: $secondary 40%;
        color: $text;
    }
    HeaderBar #back:hover { background: $secondary; }
    HeaderBar #back:focus { text-style: bold reverse; }
    HeaderBar #title {
        width: 1fr;
        height: 1;
        padding: 0 1;
        text-style: bold;
        color: $text;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, show_back: bool) -> None:
        super().__init__(id="header-bar")
        self._show_back = show_back

    def compose(self) -> ComposeResult:
        if self._show_back:
            yield Button("< 戻る", id="back", compact=True, action="screen.back")
        yield Label("", id="title", markup=False)
        yield LangSwitch()


class KyodoScreen(Screen[Any]):
    """Base screen: header (Back, title, language switch), body, Footer."""

    #: a key of ui/strings.py for the title (or override ``title_text``)
    TITLE_KEY: ClassVar[str] = "app.title"
    #: show a Back button (and bind Esc to it)
    SHOW_BACK: ClassVar[bool] = True
    #: binding descriptions that are a screen's own strings (not in ui/strings.py)
    BINDING_TEXTS: ClassVar[dict[str, Text]] = {}
    #: the Back button in the header (off when the screen has its own)
    HEADER_BACK: ClassVar[bool] = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "back", key_display="Esc"),
    ]

    @property
    def kyodo(self) -> KyodoApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    #: the display language shown (the app's ``lang`` while the screen is shown)
    lang: reactive[Lang] = reactive("ja", init=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # composed in the app's language from the start (a screen is built by the app)
        # Textual's NoActiveAppError (a RuntimeError): built outside an app
        with contextlib.suppress(RuntimeError):
            self.set_reactive(KyodoScreen.lang, self._app_lang())

    def _app_lang(self) -> Lang:
        return normalize(getattr(self.app, "lang", "ja"))  # type: ignore[return-value]

    def t(self, key: str, **params: object) -> str:
        """The UI string ``key`` in the current language."""
        text = strings.t(key, self.lang)
        return text.format(**params) if params else text

    # --------------------------------------------------------------- composing
    def compose(self) -> ComposeResult:
        yield HeaderBar(self.SHOW_BACK and self.HEADER_BACK)
        yield from self.compose_body()
        yield KeysFooter()

    def compose_body(self) -> ComposeResult:
        """The screen's content (override)."""
        yield from ()

    def title_text(self) -> str | Content:
        """The header title (override for a dynamic one). A str here is shown literally."""
        return self.t(self.TITLE_KEY)

    def on_mount(self) -> None:
        # Textual calls every class's own on_mount along the MRO: subclasses keep this one
        self.watch(self.app, "lang", self._app_lang_changed, init=False)
        self.set_reactive(KyodoScreen.lang, self._app_lang())
        self._render_chrome()
        self.watch_lang(self.lang)

    def on_screen_resume(self) -> None:
        # shown again: catch up with a language switched while another screen was on top
        # (Textual calls every class's own handler along the MRO)
        self.lang = self._app_lang()

    def _app_lang_changed(self, _lang: str) -> None:
        if self._shown():
            self.lang = self._app_lang()

    def _shown(self) -> bool:
        """On the terminal: the top screen, or under modal screens only."""
        stack = self.app.screen_stack
        if self not in stack:
            return False
        return all(screen.is_modal for screen in stack[stack.index(self) + 1:])

    def _watch_lang(self, lang: str) -> None:
        self._render_chrome()

    def _render_chrome(self) -> None:
        title_text = self.title_text()
        if isinstance(title_text, str):
            title_text = Content(title_text)
        for title in self.query("#header-bar #title").results(Label):
            title.update(title_text)
        for back in self.query("#header-bar #back").results(Button):
            back.label = Content("< " + self.t("back"))
        self.refresh_bindings()

    def refresh_title(self) -> None:
        """Re-render the header (after ``title_text`` changed)."""
        self._render_chrome()

    def watch_lang(self, lang: str) -> None:
        """Re-render the screen's texts in ``lang`` (override; Textual calls it when
        ``lang`` changes, the base once on mount)."""

    # --------------------------------------------------------------- bindings
    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """Bindings with descriptions translated: a description that is a key of the
        screen's ``BINDING_TEXTS`` or of ui/strings.py is shown in the current language."""
        out: dict[str, ActiveBinding] = {}
        for key, active in super().active_bindings.items():
            desc = active.binding.description
            own = self.BINDING_TEXTS.get(desc)
            if own is not None or desc in strings.STRINGS:
                text = own.get(self.lang) if own is not None else strings.t(desc, self.lang)
                active = active._replace(binding=replace(active.binding, description=text))
            out[key] = active
        return out

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "back" and not self.SHOW_BACK)

    def action_back(self) -> None:
        """Esc / Back: the previous screen."""
        if not self.SHOW_BACK:
            return
        self.kyodo.go_back()

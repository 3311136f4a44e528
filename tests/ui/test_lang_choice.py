"""Choosing the language (issue 17): the welcome's and the kiosk's large buttons, the
header's chooser, F2; the kiosk wipe puts the kiosk's own language back; the takeaway
and the saved session use the chosen language."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from textual.widgets import Button, Static

from kyodo_tui.core.kiosk import KioskConfig, hash_pin
from kyodo_tui.core.langs import LANG_CODES, NATIVE_NAMES
from kyodo_tui.ui.modes.kiosk import KioskApp
from kyodo_tui.ui.modes.kiosk.results import KioskResultsScreen
from kyodo_tui.ui.modes.kiosk.takeaway import TakeawayScreen
from kyodo_tui.ui.modes.kiosk.welcome import KioskWelcomeScreen
from kyodo_tui.ui.screens.welcome import WelcomeScreen
from kyodo_tui.ui.widgets.lang_switch import LangChooser
from tests.ui.conftest import build_app, builtin_catalog

SIZE = (80, 24)
ANSWERS: dict[str, Any] = {
    "who": "resident", "fields": ["environment"], "now": ["local-events"],
    "lead": "we-supported", "reach": "neighbours", "carry": "each-other",
}


def kiosk(tmp_path: Path, lang: str = "ja") -> KioskApp:
    config = dataclasses.replace(KioskConfig(pin_hash=hash_pin("482913")), lang=lang,
                                 idle_seconds=600, countdown_seconds=60)
    return KioskApp(builtin_catalog(), kiosk_config=config, data_dir=tmp_path / "data")


async def test_welcome_has_a_large_button_per_language_named_in_itself() -> None:
    app = build_app(lang="ja")
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, WelcomeScreen)
        for code in LANG_CODES:
            button = app.screen.query_one(f"#welcome-lang-{code}", Button)
            assert NATIVE_NAMES[code] in str(button.label)
            assert button.outer_size.height == 3
        await pilot.click("#welcome-lang-pt")
        assert app.lang == "pt"
        assert str(app.screen.query_one("#welcome-heading", Static).content).startswith(
            "Boas-vindas")
        assert str(app.screen.query_one("#welcome-lang-pt", Button).label) == "> Português"
        await pilot.click("#welcome-lang-ja-easy")
        assert app.lang == "ja-easy"
        assert "いっしょに" in str(app.screen.query_one("#welcome-heading", Static).content)


async def test_f2_steps_through_every_language_and_back() -> None:
    app = build_app(lang="ja")
    async with app.run_test(size=SIZE) as pilot:
        seen = []
        for _ in LANG_CODES:
            await pilot.press("f2")
            seen.append(app.lang)
        assert seen == ["en", "ja-easy", "pt", "ja"]


async def test_the_header_button_opens_a_chooser() -> None:
    app = build_app(lang="en", start="question:who")
    async with app.run_test(size=SIZE) as pilot:
        switch = app.screen.query_one("#lang-switch", Button)
        assert str(switch.label) == "English"
        await pilot.click("#lang-switch")
        await pilot.pause()
        assert isinstance(app.screen, LangChooser)
        await pilot.press("4")  # Português
        await pilot.pause()
        assert app.lang == "pt" and not isinstance(app.screen, LangChooser)
        assert str(app.screen.query_one("#lang-switch", Button).label) == "Português"
        await pilot.click("#lang-switch")
        await pilot.pause()
        await pilot.press("escape")  # closes, language kept
        await pilot.pause()
        assert app.lang == "pt" and not isinstance(app.screen, LangChooser)
        await pilot.click("#lang-switch")
        await pilot.pause()
        await pilot.click("#lang-ja-easy")
        await pilot.pause()
        assert app.lang == "ja-easy"


async def test_kiosk_wipe_puts_the_kiosks_language_back(tmp_path: Path) -> None:
    app = kiosk(tmp_path, lang="ja")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, KioskWelcomeScreen)
        for code in LANG_CODES:
            assert app.screen.query_one(f"#kiosk-lang-{code}", Button).outer_size.height == 3
        await pilot.click("#kiosk-lang-pt")
        assert app.lang == "pt"
        for qid, value in ANSWERS.items():
            app.set_answer(qid, value)
        app.show_results()
        await pilot.pause()
        assert isinstance(app.screen, KioskResultsScreen)
        assert str(app.screen.query_one("#act-home", Button).label) == "Terminar"
        await pilot.click("#act-home")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, KioskWelcomeScreen)
        assert app.lang == "ja" and app.answers == {}
        assert str(app.screen.query_one("#kiosk-lang-ja", Button).label) == "> 日本語"


async def test_kiosk_takeaway_is_in_the_chosen_language(tmp_path: Path) -> None:
    app = kiosk(tmp_path, lang="ja")
    async with app.run_test(size=(120, 45)) as pilot:
        await pilot.click("#kiosk-lang-ja-easy")
        for qid, value in ANSWERS.items():
            app.set_answer(qid, value)
        app.show_results()
        await pilot.pause()
        await pilot.click("#act-save")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TakeawayScreen)
        assert "もってかえる" in " ".join(str(s.content) for s in screen.query(Static))
        # the QR summary is the core's text: Japanese for やさしい日本語 (its fallback)
        assert "位置: " in screen.summary
        await pilot.press("f2")  # ja-easy -> pt: the summary follows, in English
        await pilot.pause()
        assert app.lang == "pt" and "Place: " in screen.summary


async def test_a_saved_session_keeps_the_chosen_language(tmp_path: Path) -> None:
    from kyodo_tui.core.storage import Store

    app = build_app(lang="pt", data_dir=tmp_path, answers=ANSWERS, start="results")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.click("#agree")
        await pilot.pause()
    sessions, problems = Store.default(tmp_path).list()
    assert not problems and sessions and sessions[0].lang == "pt"

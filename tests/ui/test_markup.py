"""Whatever a user types is shown literally, never run as markup."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Input, OptionList

from kyodo_tui.ui.app import KyodoApp
from kyodo_tui.ui.screens.question import QuestionScreen
from kyodo_tui.ui.screens.review import ReviewScreen

CLICK = "[@click=app.quit]x[/]"
BOLD = "[b]"


async def test_markup_typed_into_a_text_answer_is_literal(
    kyodo_app: Callable[..., KyodoApp],
) -> None:
    app = kyodo_app(lang="ja", start="question:goal_text")
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, QuestionScreen)
        await pilot.press(*CLICK)
        await pilot.press("space", *BOLD)
        typed = f"{CLICK} {BOLD}"
        assert app.screen.query_one("#text-answer", Input).value == typed
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running and app.return_code is None  # the app did not quit
        assert app.answers["goal_text"] == typed

        app.show_review()
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        review = app.screen.query_one("#review-list", OptionList)
        rows = [str(review.get_option_at_index(i).prompt) for i in range(review.option_count)]
        assert any(typed in row for row in rows), rows
        # clicking the row does not trigger the typed @click either
        visible = [q.id for q in app.visible_questions()]
        row = visible.index("goal_text")
        review.highlighted = row
        await pilot.pause()
        await pilot.click("#review-list", offset=(12, 2 + 2 * row))
        await pilot.pause()
        assert app.is_running and app.return_code is None


async def test_markup_in_the_catalog_is_literal(kyodo_app: Callable[..., KyodoApp]) -> None:
    """A catalog text holding markup-like brackets is printed as is."""
    from dataclasses import replace

    from kyodo_tui.core.model import Text
    from kyodo_tui.ui.app import make_app

    base = kyodo_app().catalog
    questions = tuple(
        replace(q, prompt=Text(f"{CLICK} {BOLD}", f"{CLICK} {BOLD}")) if q.id == "who" else q
        for q in base.questions
    )
    app = make_app(catalog=replace(base, questions=questions), start="question:who")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        prompt = app.screen.query_one("#prompt")
        assert str(prompt.content) == f"{CLICK} {BOLD}"  # type: ignore[attr-defined]
        await pilot.click("#prompt", offset=(20, 0))
        await pilot.pause()
        assert app.is_running

"""Issue 10, answering: every key does what the footer and README say, tried the way a
new user presses them (keys in order, fast)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Static

from kyodo_tui.core.model import UNKNOWN
from kyodo_tui.ui.app import KyodoApp
from kyodo_tui.ui.screens.question import ChoiceList, QuestionScreen

SIZE = (80, 24)
MakeApp = Callable[..., KyodoApp]


def qid(app: KyodoApp) -> str | None:
    screen = app.screen
    return screen.qid if isinstance(screen, QuestionScreen) else None


async def goto(pilot: Pilot[Any], app: KyodoApp, target: str) -> None:
    """Answer with the first choice until ``target`` is on screen."""
    for _ in range(30):
        if qid(app) == target:
            return
        screen = app.screen
        assert isinstance(screen, QuestionScreen), type(screen)
        if screen.question.kind == "text":
            await pilot.press("enter")
        else:
            if not screen._chosen():
                await pilot.press("1")
            await pilot.press("right")
        await pilot.pause()
    raise AssertionError(f"never reached {target}")


async def test_unknown_then_enter_records_unknown_on_single(kyodo_app: MakeApp) -> None:
    app = kyodo_app(lang="ja", start="question:lead")
    async with app.run_test(size=SIZE) as pilot:
        assert qid(app) == "lead"
        await pilot.press("0", "enter")
        assert app.answers.get("lead") == UNKNOWN  # not row 1 「自分たちだけで進める」
        assert qid(app) != "lead"  # Enter goes on with the answer given
        # and back again: the answer is still 分からない
        await pilot.press("escape")
        assert qid(app) == "lead" and app.answers["lead"] == UNKNOWN


async def test_unknown_then_enter_on_multi(kyodo_app: MakeApp) -> None:
    app = kyodo_app(lang="ja", start="question:now")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("0", "enter")
        assert app.answers.get("now") == UNKNOWN
        assert qid(app) != "now"


async def test_multi_number_then_enter_goes_on_ticked(kyodo_app: MakeApp) -> None:
    for q in ("fields", "now", "offer", "want"):
        app = kyodo_app(lang="ja", start=f"question:{q}")
        async with app.run_test(size=SIZE) as pilot:
            assert qid(app) == q
            await pilot.press("2", "enter")
            second = app.catalog.question(q).choices[1].id  # type: ignore[union-attr]
            assert app.answers.get(q) == [second], q  # still ticked
            assert qid(app) != q, q  # Enter went on


async def test_multi_space_toggles_highlighted_row(kyodo_app: MakeApp) -> None:
    app = kyodo_app(lang="en", start="question:fields")
    async with app.run_test(size=SIZE) as pilot:
        choices = app.catalog.question("fields").choices  # type: ignore[union-attr]
        await pilot.press("down", "down", "space")
        assert app.answers.get("fields") == [choices[2].id]
        await pilot.press("space")
        assert not app.answers.get("fields")
        await pilot.press("space", "down", "space")
        assert app.answers.get("fields") == [choices[2].id, choices[3].id]
        await pilot.press("enter")
        assert qid(app) != "fields"
        assert app.answers["fields"] == [choices[2].id, choices[3].id]


async def test_single_space_picks_highlighted_row(kyodo_app: MakeApp) -> None:
    app = kyodo_app(lang="en", start="question:lead")
    async with app.run_test(size=SIZE) as pilot:
        choices = app.catalog.question("lead").choices  # type: ignore[union-attr]
        await pilot.press("down", "down", "space")  # nothing highlighted at first
        assert app.answers.get("lead") == choices[1].id
        assert qid(app) == "lead"  # Space picks, Enter goes on
        await pilot.press("enter")
        assert qid(app) != "lead" and app.answers["lead"] == choices[1].id


async def test_every_choice_of_fields_reachable_without_arrows(kyodo_app: MakeApp) -> None:
    app = kyodo_app(lang="ja", start="question:fields")
    async with app.run_test(size=SIZE) as pilot:
        q = app.catalog.question("fields")
        assert q is not None and len(q.choices) > 9
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        keys = screen.choice_keys()
        assert len(keys) == len(q.choices)
        # each key is shown in its row
        choices = screen.query_one("#choices", ChoiceList)
        for i, key in enumerate(keys):
            prompt = str(choices.get_option_at_index(i).prompt)
            assert prompt.startswith(f"{key} "), (key, prompt)
        for key in keys:
            await pilot.press(key)
        assert app.answers["fields"] == [c.id for c in q.choices]
        assert qid(app) == "fields"


async def test_long_paste_is_capped_with_a_counter(kyodo_app: MakeApp) -> None:
    from kyodo_tui.ui.screens.question import TEXT_LIMIT

    app = kyodo_app(lang="ja", start="question:now_text")
    async with app.run_test(size=SIZE) as pilot:
        text_input = app.screen.query_one("#text-answer", Input)
        counter = app.screen.query_one("#text-counter", Static)
        assert f"0/{TEXT_LIMIT}" in str(counter.content)
        text_input.insert_text_at_cursor("あ" * 2000)
        await pilot.pause()
        assert len(text_input.value) == TEXT_LIMIT
        assert f"{TEXT_LIMIT}/{TEXT_LIMIT}" in str(counter.content)
        await pilot.press("enter")
        assert app.answers["now_text"] == "あ" * TEXT_LIMIT
        assert qid(app) == "goal_text"
        # typing on lands in this question's answer, not the previous one
        await pilot.press(*"abc")
        assert app.screen.query_one("#text-answer", Input).value == "abc"
        await pilot.press("escape")
        assert qid(app) == "now_text"
        assert app.answers["now_text"] == "あ" * TEXT_LIMIT


async def test_resident_does_not_see_the_officer_hint(kyodo_app: MakeApp) -> None:
    app = kyodo_app(lang="ja", start="question:who")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "enter")  # a resident
        assert app.answers["who"] == "resident"
        await goto(pilot, app, "want")
        help_text = str(app.screen.query_one("#help", Static).content)
        assert "職員" not in help_text
    app = kyodo_app(lang="ja", answers={"who": "government"}, start="question:want")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.answers["who"] == "government"  # a municipal officer
        help_text = str(app.screen.query_one("#help", Static).content)
        assert "職員" in help_text


async def test_enter_on_an_untouched_single_question_records_nothing(
        kyodo_app: MakeApp) -> None:
    """Row 1 is not an answer the person gave: Enter on an untouched question goes
    on without one; arrows then Enter takes the row they moved to."""
    app = kyodo_app(lang="ja", start="question:lead")
    async with app.run_test(size=SIZE) as pilot:
        assert app.screen.query_one("#choices", ChoiceList).highlighted is None
        await pilot.press("enter")
        assert "lead" not in app.answers
        assert qid(app) != "lead"
        await pilot.press("escape")
        assert qid(app) == "lead"
        await pilot.press("down", "down", "enter")
        choices = app.catalog.question("lead").choices  # type: ignore[union-attr]
        assert app.answers["lead"] == choices[1].id


async def test_learn_screen_explains_the_regions_in_the_towns_words(tmp_path: Any) -> None:
    """The learn screen's A-E lines say the town's office (役場 for a town), not 行政."""
    from pathlib import Path

    from kyodo_tui.core.catalog import load_catalog
    from kyodo_tui.ui.app import make_app

    town = Path(tmp_path) / "town"
    town.mkdir()
    (town / "town.toml").write_text(
        '[municipality]\nname = { ja = "美幌町", en = "Bihoro" }\nkind = "town"\n', "utf-8")
    catalog = load_catalog([town], include_user=False)
    for lang, office in (("ja", "役場"), ("en", "town hall")):
        app = make_app(catalog=catalog, lang=lang, start="learn")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            texts = " ".join(str(s.content) for s in app.screen.query(Static))
            assert f"{office}が主導し" in texts if lang == "ja" else "Led by the town hall" in texts
            assert "{office}" not in texts and "行政が主導" not in texts

"""Pilot tests of the results screen: the answers that moved you (and changing one),
the what-if, forms, roles, activities, principles, the next step, the empty state,
the language switch, saving a screenshot, and catalog text shown literally."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Button, OptionList, Static, TabbedContent

from kyodo_tui.core.placement import place
from kyodo_tui.ui.app import KyodoApp
from kyodo_tui.ui.screens.question import QuestionScreen
from kyodo_tui.ui.screens.results import (
    AsciiCheckbox,
    ResultsScreen,
    WhyList,
    contribution_rows,
    margin_text,
    what_if_text,
)
from kyodo_tui.ui.widgets.activity_card import ActivityCard
from kyodo_tui.ui.widgets.spectrum import SpectrumWidget
from tests.ui.conftest import build_app, builtin_catalog

SIZE = (80, 24)
WIDE = (120, 40)
ANSWERS: dict[str, Any] = {
    "who": "association",
    "group_size": "some",
    "fields": ["environment", "safety"],
    "now": ["local-events"],
    "now_text": "josetsu",
    "lead": "we-supported",
    "reach": "neighbours",
    "carry": "each-other",
    "stage": "issue",
}


def option_ids(option_list: OptionList) -> list[str]:
    return [option_list.get_option_at_index(i).id or ""
            for i in range(option_list.option_count)]


def option_texts(option_list: OptionList) -> list[str]:
    return [str(option_list.get_option_at_index(i).prompt)
            for i in range(option_list.option_count)]


def texts(screen: Any, selector: str) -> str:
    """All the plain text of the Statics under ``selector``."""
    return "\n".join(str(w.content) for w in screen.query(f"{selector} Static").results(Static))


async def settle(pilot: Any) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def results(app: KyodoApp) -> ResultsScreen:
    assert isinstance(app.screen, ResultsScreen), type(app.screen)
    return app.screen


# ---------------------------------------------------------------- pure helpers


def test_plain_words_for_contributions() -> None:
    placement = place(builtin_catalog(), ANSWERS)
    rows = contribution_rows(placement, "ja")
    assert rows and all(qid for qid, _ in rows)
    first = str(rows[0][1])
    assert "「" in first and ("A" in first or "E" in first or "C" in first)
    english = str(contribution_rows(placement, "en")[0][1])
    assert "moved you" in english or "added to" in english or "middle" in english


def test_what_if_and_margin_in_plain_words() -> None:
    placement = place(builtin_catalog(), ANSWERS)
    assert placement.what_if is not None
    ja = what_if_text(builtin_catalog(), placement, "ja")
    assert placement.what_if.letter in ja and "になります" in ja
    en = what_if_text(builtin_catalog(), placement, "en")
    assert en.startswith("If you")
    assert margin_text(placement, "en")


# ---------------------------------------------------------------- the screen


async def test_results_show_placement_and_sections() -> None:
    app = build_app(answers=ANSWERS, start="results")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = results(app)
        placement = screen.placement
        assert placement is not None and placement.letter is not None
        spectrum = screen.query_one("#results-spectrum", SpectrumWidget)
        assert spectrum.position == pytest.approx(placement.position)
        summary = str(screen.query_one("#results-summary", Static).content)
        assert f"あなたは{placement.letter}" in summary
        # why: the what-if first, then one line per answer that moved the position
        why = screen.query_one("#why-list", WhyList)
        ids = option_ids(why)
        assert ids[0].startswith("w:")
        assert "もしも" in option_texts(why)[0]
        moved = {c.question_id for c in placement.region_contributions}
        assert moved <= {i.removeprefix("q:") for i in ids if i.startswith("q:")}
        # forms with effect, cautions, responsibility; why not the others (each tab's
        # page is built when the tab is first shown)
        recs = screen.recommendations
        assert recs is not None and recs.forms
        await pilot.press("2")
        await settle(pilot)
        forms_text = texts(screen, "#forms-pane")
        assert recs.forms[0].form.name.ja in forms_text
        assert "効果：" in forms_text and "留意点：" in forms_text and "責任：" in forms_text
        assert "近いけれど選ばなかった形" in forms_text
        # roles for the actor type
        await pilot.press("3")
        await settle(pilot)
        roles_text = texts(screen, "#roles-pane")
        actor = app.catalog.actors["association"]
        assert actor.name.ja in roles_text and actor.roles[0].ja in roles_text
        # the next step
        await pilot.press("6")
        await settle(pilot)
        next_text = texts(screen, "#next-pane")
        assert recs.next_step is not None and recs.next_step.step.name.ja in next_text


async def test_choosing_a_contribution_edits_that_answer_and_recomputes() -> None:
    app = build_app(answers=ANSWERS, start="results")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = results(app)
        before = screen.placement
        assert before is not None
        why = screen.query_one("#why-list", WhyList)
        why.focus()
        ids = option_ids(why)
        index = ids.index("q:lead")
        why.highlighted = index
        await pilot.press("enter")
        await settle(pilot)
        question = app.screen
        assert isinstance(question, QuestionScreen)
        assert question.qid == "lead" and question.return_to == "results"
        # change the answer to "the municipality alone", then come back
        app.set_answer("lead", "municipality-alone")
        app.pop_screen()
        await settle(pilot)
        screen = results(app)
        after = screen.placement
        assert after is not None and before.position is not None
        assert after.position is not None and after.position > before.position
        spectrum = screen.query_one("#results-spectrum", SpectrumWidget)
        assert spectrum.position == pytest.approx(after.position)


async def test_what_if_line_jumps_to_its_question() -> None:
    app = build_app(answers=ANSWERS, start="results")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = results(app)
        assert screen.placement is not None and screen.placement.what_if is not None
        why = screen.query_one("#why-list", WhyList)
        why.focus()
        why.highlighted = 0
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, QuestionScreen)
        assert app.screen.qid == screen.placement.what_if.question_id


async def test_number_keys_switch_tabs_and_focus_inside() -> None:
    app = build_app(answers=ANSWERS, start="results")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = results(app)
        tabs = screen.query_one("#results-tabs", TabbedContent)
        await pilot.press("5")
        await settle(pilot)
        assert tabs.active == "principles"
        assert isinstance(screen.focused, AsciiCheckbox)
        first = screen.focused
        await pilot.press("space")
        await settle(pilot)
        assert first.value is True
        await pilot.press("down")
        assert screen.focused is not first and isinstance(screen.focused, AsciiCheckbox)
        await pilot.press("2")
        await settle(pilot)
        assert tabs.active == "forms"


async def test_principle_ticks_survive_a_recompute() -> None:
    app = build_app(answers=ANSWERS, start="results")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = results(app)
        await pilot.press("5")
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        ticked = {b.name for b in screen.query(AsciiCheckbox).results(AsciiCheckbox) if b.value}
        assert len(ticked) == 1
        app.set_answer("lead", "together")
        screen.recompute()
        await settle(pilot)
        again = {b.name for b in screen.query(AsciiCheckbox).results(AsciiCheckbox) if b.value}
        assert again == ticked


async def test_activities_are_cards_with_reasons() -> None:
    app = build_app(answers=ANSWERS, start="results")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = results(app)
        await pilot.press("4")
        await settle(pilot)
        cards = list(screen.query(ActivityCard).results(ActivityCard))
        assert cards, "the josetsu text answer should find activities"
        assert cards[0].activity is not None and "除雪" in cards[0].activity.title.ja
        assert cards[0].why
        # a card opens the detail
        cards[0].focus()
        await pilot.press("enter")
        await settle(pilot)
        from kyodo_tui.ui.screens.browse import ActivityDetailScreen

        assert isinstance(app.screen, ActivityDetailScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)


async def test_no_answers_says_so_and_offers_questions() -> None:
    app = build_app(answers={}, start="results")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = results(app)
        assert screen.has_class("-empty")
        assert "まだ結果がありません" in str(screen.query_one("#empty-title", Static).content)
        await pilot.click("#empty-answer")
        await settle(pilot)
        assert isinstance(app.screen, QuestionScreen)


async def test_language_switch_rerenders() -> None:
    app = build_app(answers=ANSWERS, start="results")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = results(app)
        await pilot.press("f2")
        await settle(pilot)
        assert app.lang == "en"
        tabs = screen.query_one("#results-tabs", TabbedContent)
        assert str(tabs.get_tab("why").label) == "1 Why"  # the number key that opens it
        summary = str(screen.query_one("#results-summary", Static).content)
        assert summary.startswith("You are around")
        assert "What if" in option_texts(screen.query_one("#why-list", WhyList))[0]
        assert str(screen.query_one("#act-save", Button).label) == "s Save image"


async def test_wide_screen_has_two_columns() -> None:
    app = build_app(answers=ANSWERS, start="results")
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = results(app)
        assert screen.has_class("-two-col")
        tabs = screen.query_one("#results-tabs", TabbedContent)
        assert tabs.active != "why"
        side = screen.query_one("#why-list-side", WhyList)
        assert side.display and side.region.width > 0
        assert option_ids(side)[0].startswith("w:")
        left = screen.query_one("#results-left")
        right = screen.query_one("#results-right")
        assert left.region.x < right.region.x


async def test_save_screenshot(tmp_path: Path) -> None:
    app = build_app(answers=ANSWERS, start="results")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = results(app)
        screen.screenshot_dir = tmp_path
        await pilot.click("#act-save")
        await settle(pilot)
        files = list(tmp_path.glob("*.svg"))
        assert len(files) == 1 and "<svg" in files[0].read_text(encoding="utf-8")[:200]


async def test_catalog_markup_is_shown_literally(tmp_path: Path) -> None:
    layer = tmp_path / "layer"
    layer.mkdir()
    (layer / "markup.toml").write_text(
        """
[[activity]]
id = "markup-test"
title = { ja = "[b]x[/b] じょせつ", en = "[@click=app.quit]y[/] josetsu" }
reading = "じょせつ"
keywords = { ja = ["除雪"], en = ["snow"] }
description = { ja = "[i]説明[/i]", en = "[i]text[/i]" }
fields = ["welfare"]
regions = ["A", "B"]
triad = { self = 0.2, mutual = 0.7, public = 0.1 }
actors = ["association"]
forms = []
source = "test"
""",
        encoding="utf-8",
    )
    for lang, title in (("ja", "[b]x[/b] じょせつ"), ("en", "[@click=app.quit]y[/] josetsu")):
        app = build_app(answers=ANSWERS, start="results", lang=lang, catalog=None,
                        catalog_dirs=[layer], include_user=False)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            screen = results(app)
            await pilot.press("4")
            await settle(pilot)
            titles = [str(c.title_content()) for c in
                      screen.query(ActivityCard).results(ActivityCard)]
            assert title in titles
            assert app.is_running


async def test_results_and_browse_can_be_stacked_twice() -> None:
    """results -> browse -> results -> browse: no duplicate screen ids."""
    app = build_app(answers=ANSWERS, start="results")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        app.show_results()
        await settle(pilot)
        app.show_browse()
        await settle(pilot)
        names = [type(s).__name__ for s in app.screen_stack]
        assert names.count("ResultsScreen") == 2 and names.count("BrowseScreen") == 2


async def test_standard_results_save_only_after_consent(tmp_path: Path) -> None:
    from kyodo_tui.core.storage import Store
    from kyodo_tui.ui.screens.save_consent import SaveConsentScreen

    data = tmp_path / "data"
    app = build_app(answers=ANSWERS, start="results", data_dir=data)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert results(app).query_one("#act-keep", Button).display
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SaveConsentScreen)
        await pilot.click("#decline")  # 「保存しない」: nothing is written
        await settle(pilot)
        assert not data.exists() or Store(data).list()[0] == []
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.click("#agree")
        await settle(pilot)
        sessions, problems = Store(data).list()
        assert problems == [] and len(sessions) == 1
        assert sessions[0].answers == ANSWERS and sessions[0].mode == "standard"


async def test_other_modes_have_no_standard_save_button() -> None:
    app = build_app(answers=ANSWERS, start="results", mode="intake")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not app.screen.query_one("#act-keep", Button).display

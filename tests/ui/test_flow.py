"""Pilot tests of the question flow: individual and group, ja and en, back and edit,
conditional questions appearing and disappearing, review, live matching."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, ClassVar

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Input, Label, OptionList, Static

from kyodo_tui.core.model import UNKNOWN
from kyodo_tui.ui.app import KyodoApp
from kyodo_tui.ui.screens.learn import LearnScreen
from kyodo_tui.ui.screens.question import ChoiceList, QuestionScreen
from kyodo_tui.ui.screens.review import ReviewScreen
from kyodo_tui.ui.screens.welcome import WelcomeScreen
from kyodo_tui.ui.strings import STRINGS
from kyodo_tui.ui.widgets.match_list import MatchList

SIZE = (80, 24)
MakeApp = Callable[..., KyodoApp]


def qid(app: KyodoApp) -> str | None:
    screen = app.screen
    return screen.qid if isinstance(screen, QuestionScreen) else None


def offered(app: KyodoApp) -> list[str]:
    """The choice ids the current question screen shows."""
    choices = app.screen.query_one("#choices", ChoiceList)
    return [choices.get_option_at_index(i).id or "" for i in range(choices.option_count)]


def review_rows(app: KyodoApp) -> list[str]:
    review = app.screen.query_one("#review-list", OptionList)
    return [str(review.get_option_at_index(i).prompt) for i in range(review.option_count)]


def plain(widget: Static | Label) -> str:
    return str(widget.content)


async def answer_rest(pilot: Pilot[Any], app: KyodoApp, text: str = "") -> None:
    """Answer every remaining question with its first choice (or ``text``) until review."""
    for _ in range(40):
        if isinstance(app.screen, ReviewScreen):
            return
        screen = app.screen
        assert isinstance(screen, QuestionScreen), type(screen)
        if screen.question.kind == "text":
            if text:
                await pilot.press(*text)
            await pilot.press("enter")
        else:
            if not screen._chosen():
                await pilot.press("1")
            await pilot.press("right")
        await pilot.pause()
    raise AssertionError("the flow never reached the review screen")


async def test_individual_flow_ja(kyodo_app: MakeApp) -> None:
    app = kyodo_app(lang="ja")
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("1")  # start as an individual
        assert app.kind == "individual"
        assert qid(app) == "who"
        assert offered(app) == ["resident", "volunteer"]  # limited to individuals
        assert "個人" in plain(app.screen.query_one("#limited-note", Static))
        assert "質問 1 /" in plain(app.screen.query_one("#progress-label", Label))

        await pilot.press("2")
        assert app.answers["who"] == "volunteer"
        await pilot.press("enter")  # Enter on the chosen answer continues
        assert qid(app) == "fields"

        await pilot.press("escape")  # back keeps the answer
        assert qid(app) == "who" and app.answers["who"] == "volunteer"
        await pilot.press("right")
        assert qid(app) == "fields"
        await pilot.press("1", "3", "3", "9")  # tick, tick, untick, tick
        assert app.answers["fields"] == ["welfare", "environment"]
        await pilot.press("right")
        assert qid(app) == "now"
        await pilot.press("0")  # 分からない
        assert app.answers["now"] == UNKNOWN
        await pilot.click("#nav-next")
        assert qid(app) == "now_text"
        await pilot.press(*"kawa no souji")
        await pilot.press("enter")
        assert app.answers["now_text"] == "kawa no souji"
        assert qid(app) == "goal_text"
        await pilot.click("#nav-skip")  # skip: distinct from 分からない
        assert "goal_text" not in app.answers
        await answer_rest(pilot, app)

        assert isinstance(app.screen, ReviewScreen)
        rows = review_rows(app)
        visible = [q.id for q in app.visible_questions()]
        assert len(rows) == len(visible)
        now_row = rows[visible.index("now")]
        goal_row = rows[visible.index("goal_text")]
        assert STRINGS["review.unknown"][0] in now_row
        assert STRINGS["review.skipped"][0] in goal_row
        assert "kawa no souji" in rows[visible.index("now_text")]

        # edit one answer from the review: Done returns to the review, updated
        review = app.screen.query_one("#review-list", OptionList)
        review.highlighted = visible.index("fields")
        await pilot.press("enter")
        assert qid(app) == "fields"
        assert isinstance(app.screen, QuestionScreen) and app.screen.return_to == "review"
        assert str(app.screen.query_one("#nav-next", Button).label) == "完了"
        await pilot.press("1")  # untick welfare
        await pilot.press("right")
        assert isinstance(app.screen, ReviewScreen)
        assert app.answers["fields"] == ["environment"]
        assert "福祉" not in review_rows(app)[visible.index("fields")]

        await pilot.click("#nav-results")
        assert type(app.screen).__name__ == "ResultsScreen"


async def test_group_flow_en_conditional_question(kyodo_app: MakeApp) -> None:
    app = kyodo_app(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#start-group")
        assert app.kind == "group"
        assert qid(app) == "who"
        assert offered(app) == ["association", "group", "business", "government"]
        assert "group" in plain(app.screen.query_one("#limited-note", Static))

        await pilot.press("1", "right")
        assert qid(app) == "group_size"  # appears for groups
        total_with = len(app.visible_questions())
        assert f"Question 2 of {total_with}" == plain(
            app.screen.query_one("#progress-label", Label))
        await pilot.press("2")
        assert app.answers["group_size"] == "some"

        await pilot.press("escape")
        assert qid(app) == "who"
        await pilot.press("4")  # a municipal officer: group_size disappears
        assert "group_size" not in app.answers  # its answer is cleared
        ids = [q.id for q in app.visible_questions()]
        assert "group_size" not in ids and "officer_need" in ids
        assert len(ids) != total_with or "officer_need" in ids
        await pilot.press("right")
        assert qid(app) == "officer_need"

        await pilot.press("1")  # back to an association: group_size comes back, empty
        await pilot.press("escape", "1")
        assert "officer_need" not in app.answers
        await pilot.press("right")
        assert qid(app) == "group_size" and "group_size" not in app.answers

        # switching the language keeps the session and re-renders (F2 steps en, ja-easy,
        # pt, ja)
        await pilot.press("f2", "f2", "f2")
        assert app.lang == "ja"
        assert plain(app.screen.query_one("#prompt", Static)) == \
            app.catalog.question("group_size").prompt.ja  # type: ignore[union-attr]
        await pilot.click("#lang-switch")  # the header's button opens the chooser
        await pilot.click("#lang-en")
        assert app.lang == "en"
        await answer_rest(pilot, app, text="river")
        assert isinstance(app.screen, ReviewScreen)

        # edit "who" from the review to another group: the follow-up question is asked
        app.set_answer("who", "business")
        assert "group_size" in app.answers  # still visible for a business
        app.edit_question("who", return_to="review")
        await pilot.pause()
        await pilot.press("1")  # association again
        await pilot.click("#nav-next")
        assert isinstance(app.screen, ReviewScreen)


async def test_edit_opens_newly_visible_question(kyodo_app: MakeApp) -> None:
    app = kyodo_app(lang="en", kind="group", start="review",
                    answers={"who": "government", "officer_need": ["cohost"]})
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, ReviewScreen)
        app.edit_question("who", return_to="review")
        await pilot.pause()
        await pilot.press("1", "right")  # association: group_size newly visible
        assert qid(app) == "group_size"
        assert "officer_need" not in app.answers
        await pilot.press("3", "right")
        assert isinstance(app.screen, ReviewScreen)
        assert app.answers["group_size"] == "many"


async def test_back_from_first_question_returns_to_welcome(kyodo_app: MakeApp) -> None:
    app = kyodo_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        assert qid(app) == "who"
        await pilot.click("#nav-back")
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("escape")  # nothing before the welcome screen
        assert isinstance(app.screen, WelcomeScreen)


async def test_learn_screen_reads_the_catalog(kyodo_app: MakeApp) -> None:
    app = kyodo_app(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        assert isinstance(app.screen, LearnScreen)
        await pilot.press("3")
        texts = " ".join(str(s.content) for s in app.screen.query("#learn-forms Static"))
        for form in app.catalog.forms.values():
            assert form.name.en in texts
        await pilot.press("f2")
        texts = " ".join(str(s.content) for s in app.screen.query("#learn-forms Static"))
        assert next(iter(app.catalog.forms.values())).name.ja in texts
        await pilot.press("escape")
        assert isinstance(app.screen, WelcomeScreen)


async def test_theme_switch(kyodo_app: MakeApp) -> None:
    app = kyodo_app()
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme == "kyodo-calm"
        await pilot.press("f3")
        assert app.theme == "kyodo-high-contrast"
    assert kyodo_app(theme="kyodo-high-contrast").theme == "kyodo-high-contrast"


# ---------------------------------------------------------------- live matching


async def wait_for_matches(pilot: Pilot[Any], app: KyodoApp) -> MatchList:
    for _ in range(50):
        await app.workers.wait_for_complete()
        await pilot.pause()
        matches = app.screen.query_one("#matches", MatchList)
        if matches.rows:
            return matches
        await pilot.pause(0.05)
    raise AssertionError("no matches appeared")


async def test_live_matching_romaji(kyodo_app: MakeApp) -> None:
    pytest.importorskip("kyodo_tui.core.matching")
    app = kyodo_app(lang="ja", start="question:now_text")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"seisou")
        matches = await wait_for_matches(pilot, app)
        assert any("清掃" in row.title for row in matches.rows), matches.rows
        # the matched part (here of the reading: せいそう) is highlighted
        index = next(i for i, row in enumerate(matches.rows) if "清掃" in row.title)
        prompt = matches.get_option_at_index(index).prompt
        marked = [str(prompt)[s.start:s.end] for s in prompt.spans  # type: ignore[union-attr]
                  if "underline" in str(s.style)]
        assert "せいそう" in marked, marked

        # pick one: it is added to the answer
        await pilot.press("down")
        assert app.focused is matches
        matches.highlighted = index
        await pilot.press("enter")
        title = matches.rows[index].title
        text = app.screen.query_one("#text-answer", Input).value
        assert text == title  # the romaji search word is replaced by the pick
        assert app.answers["now_text"] == text
        assert matches.rows[index].activity_id in app.picked["now_text"]
        assert isinstance(app.focused, Input)


async def test_matching_never_blocks_typing(kyodo_app: MakeApp) -> None:
    """Matching runs in a worker thread: keystrokes land while a search is still running."""
    app = kyodo_app(lang="en", start="question:now_text")
    gate = threading.Event()

    class BlockedMatcher:
        calls: ClassVar[list[tuple[str, bool]]] = []

        def search(self, query: str, **kwargs: Any) -> list[Any]:
            self.calls.append((query, threading.current_thread() is threading.main_thread()))
            gate.wait(10)  # held until the test has typed everything
            return []

    blocked = BlockedMatcher()
    app._matcher = blocked  # type: ignore[assignment]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"clean")
        await pilot.pause(0.3)  # let the debounce start a search, which now blocks
        await pilot.press(*"ing")
        assert app.screen.query_one("#text-answer", Input).value == "cleaning"
        gate.set()
        await app.workers.wait_for_complete()
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        assert blocked.calls, "no search ran"
        assert not any(on_ui for _, on_ui in blocked.calls), "a search ran on the UI thread"
        # debounced: far fewer searches than keystrokes, and the last one is the full text
        assert blocked.calls[-1][0] == "cleaning"
        assert len(blocked.calls) < len("cleaning")


# ---------------------------------------------------------------- launching


def test_broken_catalog_exits_2_before_textual(
    tmp_path: Any, capsys: pytest.CaptureFixture[str],
) -> None:
    from kyodo_tui.cli import main

    (tmp_path / "bad.toml").write_text('[[activity]]\nid = "x"\ntitle = "oops"\n',
                                       encoding="utf-8")
    assert main(["--catalog", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kyodo: ") and "bad.toml:1: " in err
    assert "Traceback" not in err


def test_unknown_theme_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    from kyodo_tui.cli import main

    assert main(["--theme", "no-such-theme"]) == 2
    assert "kyodo-high-contrast" in capsys.readouterr().err


def test_make_app_rejects_unknown_start(kyodo_app: MakeApp) -> None:
    with pytest.raises(ValueError):
        kyodo_app(start="nowhere")
    with pytest.raises(ValueError):
        kyodo_app(start="question:no-such-question")


async def test_kiosk_mode_refuses_quit(kyodo_app: MakeApp) -> None:
    app = kyodo_app(mode="kiosk")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.is_running and app.return_code is None


async def test_edit_from_results_returns_there(kyodo_app: MakeApp) -> None:
    app = kyodo_app(lang="ja", start="results",
                    answers={"who": "resident", "lead": "we-alone"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        results = app.screen
        version = app.answers_version
        app.edit_question("lead", return_to="results")
        await pilot.pause()
        assert qid(app) == "lead"
        assert str(app.screen.query_one("#nav-next", Button).label) == "完了"
        await pilot.press("4", "enter")  # Enter on the chosen answer: Done
        await pilot.pause()
        assert app.screen is results
        assert app.answers["lead"] == "municipality-with-us"
        assert app.answers_version > version


def footer_next(app: KyodoApp) -> str:
    """The footer's description of the right-arrow (Next) key on a question screen."""
    bindings = app.screen.active_bindings
    return str(bindings["right"].binding.description)


async def test_footer_next_says_what_the_button_says(kyodo_app: MakeApp) -> None:
    app = kyodo_app(lang="ja", start="question:who")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert footer_next(app) == "次へ"
        await answer_rest(pilot, app)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("escape")  # back to the last question
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert str(app.screen.query_one("#nav-next", Button).label) == "確認へ >"
        assert footer_next(app) == "確認へ"
        app.action_toggle_lang()
        await pilot.pause()
        assert footer_next(app) == "Review"
        app.edit_question("who", return_to="results")
        await pilot.pause()
        assert str(app.screen.query_one("#nav-next", Button).label) == "Done"
        assert footer_next(app) == "Done"

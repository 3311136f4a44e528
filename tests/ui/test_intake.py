"""Intake mode (受付) Pilot tests at 80x24: a coordinator answers on someone's behalf,
marks 「後で確認」, adds notes, records consent before contact details, saves only when
the person agrees; drafts are kept as it goes and offered again after a restart.

The helpers at the top are shared by test_records.py and test_two_party.py.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, Input, OptionList, Static, TextArea

from kyodo_tui.core.intake import snapshot
from kyodo_tui.core.storage import Session, Store
from kyodo_tui.ui.modes.intake import IntakeApp
from kyodo_tui.ui.modes.intake.details import IntakeDetailsScreen
from kyodo_tui.ui.modes.intake.handoff import HandoffScreen
from kyodo_tui.ui.modes.intake.home import IntakeHomeScreen
from kyodo_tui.ui.modes.intake.modals import ConfirmModal, ResumeDraftModal
from kyodo_tui.ui.modes.intake.question import IntakeQuestionScreen
from kyodo_tui.ui.modes.intake.results import IntakeResultsScreen
from kyodo_tui.ui.modes.intake.review import IntakeReviewScreen
from kyodo_tui.ui.screens.save_consent import SaveConsentScreen
from tests.ui.conftest import build_app, builtin_catalog

SIZE = (80, 24)
CLICK = "[@click=app.quit]x[/]"
BOLD = "[b]x[/b]"


# ---------------------------------------------------------------- helpers


def intake_app(data_dir: Path, **kwargs: Any) -> IntakeApp:
    app = build_app(mode="intake", data_dir=data_dir, **kwargs)
    assert isinstance(app, IntakeApp)
    return app


def store_of(data_dir: Path) -> Store:
    return Store(data_dir)


@lru_cache(maxsize=1)
def matcher() -> Any:
    from kyodo_tui.core.matching import Matcher

    return Matcher(builtin_catalog().activities.values())


def seed(data_dir: Path, answers: dict[str, Any], **kwargs: Any) -> Session:
    """A saved record (placement and matched activities computed by the core), as
    another session would leave it."""
    store = store_of(data_dir)
    notes = kwargs.pop("notes", "")
    marks = kwargs.pop("confirm_later", ())
    session = store.new_session(**{"mode": "intake", **kwargs}, answers=answers)
    session = session.evolve(notes=notes, confirm_later=tuple(marks))
    return store.save(snapshot(session, builtin_catalog(), matcher()))


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def answer_to_review(pilot: Pilot[Any], app: IntakeApp, key: str = "1",
                           text: str = "") -> None:
    """Answer every remaining question (choice ``key`` or ``text``) until the review."""
    for _ in range(40):
        screen = app.screen
        if isinstance(screen, IntakeReviewScreen):
            return
        assert isinstance(screen, IntakeQuestionScreen), type(screen)
        if screen.question.kind == "text":
            if text:
                await pilot.press(*text)
            await pilot.press("enter")
        else:
            if not screen._chosen():
                await pilot.press(key)
            await pilot.press("right")
        await pilot.pause()
    raise AssertionError("never reached the review")


async def agree_to_save(pilot: Pilot[Any], app: IntakeApp) -> None:
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert isinstance(app.screen, SaveConsentScreen)
    await pilot.click("#agree")
    await pilot.pause()


def plain_texts(app: Any) -> list[str]:
    """The plain text of every Static on the current screen (Content: literal)."""
    return [str(s.content) for s in app.screen.query(Static)]


# ---------------------------------------------------------------- the flow


async def test_intake_flow_marks_notes_consent_contact_and_save(tmp_path: Path) -> None:
    app = intake_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, IntakeHomeScreen)
        await pilot.press("2")  # new intake, group
        assert isinstance(app.screen, IntakeQuestionScreen) and app.screen.qid == "who"
        await pilot.press("1", "f4")  # association; 後で確認
        assert app.is_marked("who")
        assert "-on" in app.screen.query_one("#bar-later", Button).classes
        await pilot.press("right")
        await pilot.pause()
        assert app.screen.qid == "group_size"  # type: ignore[attr-defined]
        await pilot.click("#bar-later")  # the button does the same, unanswered here
        await pilot.press("right")
        await pilot.pause()
        await answer_to_review(pilot, app, text="kawa")
        assert app.marked() == ("who", "group_size")

        review = app.screen.query_one("#review-list", OptionList)
        rows = {review.get_option_at_index(i).id: str(review.get_option_at_index(i).prompt)
                for i in range(review.option_count)}
        assert "自治会・町内会・PTA [後で確認]" in rows["who"]
        assert "後で確認（まだ答えていません）" in rows["group_size"]
        assert "(とばしました)" not in rows["group_size"]  # marked, apart from skipped
        assert "後で確認: 2件" in str(app.screen.query_one("#review-intro", Static).content)

        # notes and contact: contact locked until consent is recorded
        await pilot.press("f6")
        await pilot.pause()
        details = app.screen
        assert isinstance(details, IntakeDetailsScreen)
        assert details.query_one("#phone", Input).disabled
        await pilot.press(*"川沿い自治会")
        details.query_one("#coordinator", Input).value = "Sato"
        details.query_one("#notes", TextArea).text = f"nagai {CLICK} {BOLD}"
        await pilot.pause()
        details.query_one("#consent", Checkbox).focus()
        await pilot.press("space")  # tick consent; the focus stays on the box
        await pilot.pause()
        assert details.query_one("#consent", Checkbox).value
        assert not details.query_one("#phone", Input).disabled
        assert app.session is not None and app.session.consented
        assert app.session.consent is not None and app.session.consent.by == "Sato"
        await pilot.press("tab", *"Yamada", "tab", *"090-1234-5678")
        await pilot.pause()
        await pilot.click("#details-done")
        await pilot.pause()
        assert isinstance(app.screen, IntakeReviewScreen)

        await pilot.press("r")  # results
        await pilot.pause()
        assert isinstance(app.screen, IntakeResultsScreen)
        assert not store_of(tmp_path).list()[0]  # nothing saved yet
        await agree_to_save(pilot, app)
        assert isinstance(app.screen, IntakeResultsScreen)
        assert app.save_state == "saved"

    records, problems = store_of(tmp_path).list()
    assert problems == [] and len(records) == 1
    record = records[0]
    assert record.mode == "intake" and record.kind == "group"
    assert record.label == "川沿い自治会"
    assert record.confirm_later == ("who", "group_size")
    assert record.notes == f"nagai {CLICK} {BOLD}"
    assert record.consented and record.contact is not None
    assert (record.contact.name, record.contact.phone) == ("Yamada", "090-1234-5678")
    assert record.placement is not None and record.placement.actor == "association"
    assert record.answers["now_text"] == "kawa"
    assert "intake_at" not in record.extra  # the draft's position is not kept
    assert store_of(tmp_path).drafts()[0] == []  # saving removed the draft


async def test_declining_saves_nothing_and_updates_need_no_new_ask(tmp_path: Path) -> None:
    app = intake_app(tmp_path, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        await answer_to_review(pilot, app)
        await pilot.press("ctrl+s")  # save from the review too
        await pilot.pause()
        assert isinstance(app.screen, SaveConsentScreen)
        assert "Tell the person" in plain_texts(app)[1]
        await pilot.press("enter")  # the focus starts on "Don't save"
        await pilot.pause()
        assert not isinstance(app.screen, SaveConsentScreen)
        assert store_of(tmp_path).list()[0] == []

        await agree_to_save(pilot, app)
        first = store_of(tmp_path).list()[0]
        assert len(first) == 1 and first[0].revision == 1
        app.set_answer("lead", "together")  # a change after saving: kept as a draft
        await pilot.pause()
        assert app.save_state == "changed"
        assert [d.id for d in store_of(tmp_path).drafts()[0]] == [first[0].id]
        await pilot.press("ctrl+s")  # an update of the agreed record: no second dialog
        await pilot.pause()
        assert not isinstance(app.screen, SaveConsentScreen)
    records = store_of(tmp_path).list()[0]
    assert len(records) == 1 and records[0].revision == 2
    assert records[0].answers["lead"] == "together"


async def test_contact_without_consent_is_never_kept(tmp_path: Path) -> None:
    app = intake_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "1")
        await pilot.press("f6")
        await pilot.pause()
        details = app.screen
        assert isinstance(details, IntakeDetailsScreen)
        phone = details.query_one("#phone", Input)
        assert phone.disabled
        phone.value = "090"  # even if a value got in, it is not stored
        await pilot.pause()
        assert app.session is not None and app.session.contact is None
        # consent, contact, then withdraw: the contact details go
        details.query_one("#consent", Checkbox).focus()
        await pilot.press("space")
        await pilot.pause()
        details.query_one("#email", Input).value = "a@example.jp"
        await pilot.pause()
        assert app.session.contact is not None and app.session.contact.email == "a@example.jp"
        await pilot.press("space")  # untick: asks first
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.click("#yes")
        await pilot.pause()
        assert app.session.contact is None and not app.session.consented
        assert details.query_one("#email", Input).value == ""
        assert details.query_one("#email", Input).disabled


# ---------------------------------------------------------------- drafts


async def test_draft_saved_as_it_goes_and_resumed_after_restart(tmp_path: Path) -> None:
    app = intake_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "2", "f4")  # volunteer, marked
        await pilot.press("right")
        await pilot.pause()
        await pilot.press("1")  # first field
        await pilot.pause()
        drafts = store_of(tmp_path).drafts()[0]
        assert len(drafts) == 1  # written after every answer change, no save asked
        assert drafts[0].answers == {"who": "volunteer", "fields": ["welfare"]}
        assert drafts[0].confirm_later == ("who",)
        await pilot.press("right")
        await pilot.pause()
        assert app.screen.qid == "now"  # type: ignore[attr-defined]
        # the terminal closes here: nothing saved as a record, the draft stays
    assert store_of(tmp_path).list()[0] == []

    app2 = intake_app(tmp_path)
    async with app2.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app2.screen, ResumeDraftModal)
        await pilot.press("enter")  # 再開する has the focus
        await pilot.pause()
        assert isinstance(app2.screen, IntakeQuestionScreen)
        assert app2.screen.qid == "now"  # back where it was
        assert app2.answers == {"who": "volunteer", "fields": ["welfare"]}
        assert app2.is_marked("who")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app2.screen, IntakeReviewScreen)  # the review underneath


async def test_draft_later_and_discard(tmp_path: Path) -> None:
    store = store_of(tmp_path)
    draft = store.save_draft(store.new_session(mode="intake", label="下書き",
                                               answers={"who": "resident"}))
    app = intake_app(tmp_path, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeDraftModal)
        assert "下書き" in plain_texts(app)[1]
        await pilot.click("#later")
        await pilot.pause()
        assert isinstance(app.screen, IntakeHomeScreen)
        assert not app.screen.query_one("#home-resume", Button).disabled
        assert store.drafts()[0][0].id == draft.id

    app2 = intake_app(tmp_path)
    async with app2.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app2.screen, ResumeDraftModal)
        await app2.workers.wait_for_complete()
        await pilot.pause()  # laid out before the click (slow under load)
        await pilot.click("#discard")
        await pilot.pause()
        assert isinstance(app2.screen, ConfirmModal)  # discarding asks first
        await pilot.click("#yes")
        await pilot.pause()
        assert isinstance(app2.screen, IntakeHomeScreen)
        assert app2.screen.query_one("#home-resume", Button).disabled
    assert store.drafts()[0] == []


async def test_typed_text_reaches_the_draft_without_pressing_next(tmp_path: Path) -> None:
    app = intake_app(tmp_path, start="question:now_text", answers={"who": "resident"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"kawa no souji")
        await pilot.pause(1.0)  # typing paused
        drafts = store_of(tmp_path).drafts()[0]
        assert drafts and drafts[0].answers.get("now_text") == "kawa no souji"


# ---------------------------------------------------------------- literal text


async def test_markup_in_notes_and_label_is_literal(tmp_path: Path) -> None:
    record = seed(tmp_path, {"who": "resident", "lead": "we-alone"},
                  label=f"{BOLD} {CLICK}", notes=f"memo {CLICK}\n{BOLD}")
    app = intake_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.show_handoff(record)
        await settle(pilot)
        assert isinstance(app.screen, HandoffScreen)
        texts = plain_texts(app)
        assert f"memo {CLICK}\n{BOLD}" in texts
        assert CLICK in app.screen.title_text()
        await pilot.click("#view")
        assert app.is_running and app.return_code is None


@pytest.mark.parametrize("lang", ["ja", "en"])
async def test_handoff_view_and_export(tmp_path: Path, lang: str) -> None:
    record = seed(tmp_path, {"who": "resident", "lead": "we-supported"}, label="山田",
                  confirm_later=("lead",))
    app = intake_app(tmp_path, lang=lang)
    app.export_dir = tmp_path / "elsewhere"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.show_handoff(record)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HandoffScreen)
        folder = screen.query_one("#handoff-folder", Input)
        assert folder.value == str(tmp_path / "elsewhere")
        folder.value = str(tmp_path / "handoffs")  # the coordinator picks the folder
        await pilot.press("x")
        await pilot.pause()
        await pilot.click("#handoff-export")  # again: a new file, never the same one
        await pilot.pause()
    files = sorted((tmp_path / "handoffs").iterdir())
    assert [f.name for f in files] == [f"kyodo-handoff-{record.id}-2.md",
                                       f"kyodo-handoff-{record.id}.md"]
    text = files[1].read_text(encoding="utf-8")
    heading = "# 引き継ぎメモ: 山田" if lang == "ja" else "# Hand-off summary: 山田"
    assert text.startswith(heading)
    assert ("後で確認" if lang == "ja" else "to confirm") in text


# ---------------------------------------------------------------- strings


def test_intake_strings_complete_and_safe_for_cjk_terminals() -> None:
    """Every key the intake screens use exists in both languages, and no string holds
    an East-Asian-ambiguous glyph (CJK terminals draw those two cells wide)."""
    import re
    import unicodedata

    from kyodo_tui.ui import strings as base_strings
    from kyodo_tui.ui.modes.intake import strings as intake_strings

    for key, (ja, en) in intake_strings.STRINGS.items():
        assert ja.strip() and en.strip(), key
        for text in (ja, en):
            bad = [ch for ch in text if unicodedata.east_asian_width(ch) == "A"]
            assert not bad, (key, bad)
    root = Path(__file__).resolve().parents[2] / "kyodo_tui"
    sources = [*(path for path in sorted((root / "ui" / "modes" / "intake").glob("*.py"))
                 if path.name != "strings.py"),
               root / "ui" / "screens" / "save_consent.py"]
    used: set[str] = set()
    for path in sources:
        used |= set(re.findall(r"""\bit\((?:lang, |self\.lang, )?["']([a-z_.]+)["']""",
                               path.read_text(encoding="utf-8")))
    assert used, "no keys found"
    # the save-consent dialog's save.* live with the app's strings (the standard mode uses it)
    missing = sorted(k for k in used
                     if k not in intake_strings.STRINGS and k not in base_strings.STRINGS)
    assert missing == []


async def test_offer_save_in_the_standard_mode(tmp_path: Path) -> None:
    """The building block for the standard results screen: ask, then a "standard" record."""
    from kyodo_tui.ui.screens.save_consent import offer_save

    app = build_app(data_dir=tmp_path, lang="en", start="results",
                    answers={"who": "resident", "lead": "we-alone"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        offer_save(app)
        await pilot.pause()
        assert isinstance(app.screen, SaveConsentScreen)
        assert "No name or contact details are saved" in plain_texts(app)[1]
        await pilot.click("#decline")
        await pilot.pause()
        assert store_of(tmp_path).list()[0] == []
        offer_save(app)
        await pilot.pause()
        await pilot.click("#agree")
        await pilot.pause()
    records = store_of(tmp_path).list()[0]
    assert len(records) == 1 and records[0].mode == "standard"
    assert records[0].placement is not None and records[0].placement.letter == "A"

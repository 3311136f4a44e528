"""The intake mode (受付): ``kyodo --mode intake``.

A volunteer coordinator answers on someone's behalf. On top of the standard
flow the intake app keeps one :class:`~kyodo_tui.core.storage.Session` in
progress (``app.session``) holding what the standard app does not: 「後で確認」
marks, notes, the record's name, consent and contact details, and links
(``previous`` for a re-assessment, ``party``/``pair`` for two parties).

- **Drafts.** After every change (an answer, a mark, a note) the session is
  written as a draft through core storage (atomically). On start, a waiting
  draft is offered: resume / discard / later.
- **Saving** is the person's decision: 「保存する」 asks in plain words first
  (:class:`SaveConsentScreen`); an already saved record is updated.
- **Records**: search, filter, open, edit, re-assess, hand-off, pair, delete.

The app holds no domain logic: placement, storage, comparison and movement are
core calls (:mod:`kyodo_tui.core.storage`, :mod:`kyodo_tui.core.intake`).
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any, ClassVar

from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer

from kyodo_tui.core.errors import KyodoInputError
from kyodo_tui.core.model import Text
from kyodo_tui.core.storage import ContactInfo, Session, Store
from kyodo_tui.ui.app import Kind, KyodoApp, ReturnTo, stylesheets
from kyodo_tui.ui.modes.intake import strings as intake_strings

#: seconds typing must pause before the draft is written (answers are written at once)
TYPING_DRAFT_DELAY = 0.5
#: the key in a draft that remembers the question on screen (not kept in records)
POSITION_KEY = "intake_at"


class IntakeApp(KyodoApp):
    """The coordinator's app: the standard flow plus records, drafts and hand-offs."""

    #: the standard layout, the screens' and intake's stylesheets (read once)
    CSS_PATH: ClassVar[Any] = stylesheets("intake")

    #: bumped whenever the session in progress changes (marks, notes, saved, and so on)
    session_version: reactive[int] = reactive(0)

    def __init__(self, catalog: Any, **kwargs: Any) -> None:
        super().__init__(catalog, **kwargs)
        self.store: Store = Store.default(self.data_dir)
        #: the intake in progress (None until one starts)
        self.session: Session | None = None
        #: the first party's saved record while the other party answers
        self.pending_pair: Session | None = None
        #: the record a re-assessment started from (to show the movement)
        self.previous_record: Session | None = None
        #: who records consent ("by"): the coordinator's name, typed once per run
        self.coordinator: str = ""
        #: where hand-offs are exported (default: the current folder); the screen can change it
        self.export_dir: Path | None = None
        #: "new", "draft", "saved" or "changed"
        self.save_state: str = "new"
        #: the record as last saved or opened (a draft is kept only when it differs)
        self._saved_copy: Session | None = None
        self._drafts_on = True
        self._draft_error_shown = False
        self._draft_timer: Timer | None = None
        if self.answers:
            self.session = self.store.new_session(mode="intake", kind=self.kind,
                                                  lang=self.lang, answers=self.answers)

    # ---------------------------------------------------------------- strings
    def it(self, key: str, **params: object) -> str:
        text = intake_strings.t(key, self.lang)
        return text.format(**params) if params else text

    def say(self, message: str, **kwargs: Any) -> None:
        """A notification shown literally (messages may carry ids, paths, file text)."""
        self.notify(message, markup=False, **kwargs)

    # ---------------------------------------------------------------- screens
    def _make_screen(self, name: str) -> Screen[Any]:
        if name == "welcome":
            from kyodo_tui.ui.modes.intake.home import IntakeHomeScreen

            return IntakeHomeScreen()
        if name == "review":
            from kyodo_tui.ui.modes.intake.review import IntakeReviewScreen

            return IntakeReviewScreen()
        if name == "results":
            from kyodo_tui.ui.modes.intake.results import IntakeResultsScreen

            return IntakeResultsScreen()
        return super()._make_screen(name)

    def question_screen(self, qid: str, return_to: ReturnTo | None = None) -> Screen[Any]:
        """Intake asks with its own question screen (later-marks, details, save)."""
        from kyodo_tui.ui.modes.intake.question import IntakeQuestionScreen

        return IntakeQuestionScreen(qid, return_to=return_to)

    def show_review(self) -> None:
        from kyodo_tui.ui.screens.review import ReviewScreen

        for screen in self.screen_stack:
            if isinstance(screen, ReviewScreen):
                self._pop_to(screen)
                return
        self.push_screen(self._make_screen("review"))

    def show_results(self) -> None:
        """The results: back to the one already on the stack (it re-computes on resume),
        or a new one. (Two ResultsScreens would share the id "results".)"""
        from kyodo_tui.ui.screens.results import ResultsScreen

        for screen in self.screen_stack:
            if isinstance(screen, ResultsScreen):
                self._pop_to(screen)
                return
        self.push_screen(self._make_screen("results"))

    def go_home(self) -> None:
        from kyodo_tui.ui.modes.intake.home import IntakeHomeScreen

        for screen in self.screen_stack:
            if isinstance(screen, IntakeHomeScreen):
                self._pop_to(screen)
                return

    def show_details(self) -> None:
        from kyodo_tui.ui.modes.intake.details import IntakeDetailsScreen

        self.ensure_session()
        self.push_screen(IntakeDetailsScreen())

    def show_records(self) -> None:
        from kyodo_tui.ui.modes.intake.records import RecordsScreen

        self.push_screen(RecordsScreen())

    def show_record(self, record: Session) -> None:
        """Open a saved record (with its previous record and its pair, when there)."""
        from kyodo_tui.ui.modes.intake.records import RecordScreen

        previous = self.load_quietly(record.previous) if record.previous else None
        pair = self.load_quietly(record.pair) if record.pair else None
        self.push_screen(RecordScreen(record, previous=previous, pair=pair))

    def pair_records(self, a: Session, b: Session) -> None:
        """Link two saved records as the two parties (citizen, municipality) and show them."""
        from kyodo_tui.core.intake import order_pair

        a = self.load_quietly(a.id) or a
        b = self.load_quietly(b.id) or b
        citizen, government = order_pair(a, b, self.catalog)
        try:
            citizen, government = self.store.link_pair(citizen, government)
        except (OSError, KyodoInputError) as exc:
            self.say(self.it("save.failed", error=_error_text(exc)), severity="error")
        else:
            self.say(self.it("save.paired"))
        self.push_screen(self._pair_screen(citizen, government))

    def delete_record(self, record: Session) -> bool:
        """Delete a saved record (the screens ask first); True when it is gone."""
        try:
            self.store.delete(record.id)
        except (OSError, KyodoInputError) as exc:
            self.say(self.it("records.delete.failed", error=_error_text(exc)),
                     severity="error")
            return False
        self.say(self.it("records.deleted", id=record.id))
        if self.session is not None and self.session.id == record.id:
            self.store.discard_draft(record.id)
            self.session = None
            self.save_state = "new"
            self.session_version += 1
        return True

    def show_handoff(self, record: Session | None = None) -> None:
        """The hand-off summary of ``record`` (default: the intake in progress)."""
        from kyodo_tui.ui.modes.intake.handoff import HandoffScreen

        previous = None
        if record is None:
            record = self.snapshot_now()
            previous = self.previous_record
        elif record.previous:
            previous = self.load_quietly(record.previous)
        self.push_screen(HandoffScreen(record, previous=previous))

    def show_pair(self, a: Session, b: Session) -> None:
        from kyodo_tui.core.intake import order_pair
        from kyodo_tui.ui.modes.intake.two_party import TwoPartyScreen

        citizen, government = order_pair(a, b, self.catalog)
        self.push_screen(TwoPartyScreen(citizen, government, kind="pair"))

    def show_officer(self, record: Session, pair: Session | None = None) -> None:
        """The officer's tools (協働の検討) for a saved record (issue 16)."""
        from kyodo_tui.ui.screens.officer.screen import OfficerScreen

        try:
            screen = OfficerScreen(record, self.store, pair=pair, export_dir=self.handoff_dir())
        except KyodoInputError as exc:
            self.say(self.it("save.failed", error=_error_text(exc)), severity="error")
            return
        self.push_screen(screen)

    def show_movement(self, old: Session | None = None, new: Session | None = None) -> None:
        """How the placement moved from ``old`` to ``new`` (default: the previous
        record and the re-assessment in progress)."""
        from kyodo_tui.ui.modes.intake.two_party import TwoPartyScreen

        if old is None:
            old = self.previous_record
        if new is None:
            new = self.snapshot_now()
        if old is None:
            return
        self.push_screen(TwoPartyScreen(old, new, kind="movement"))

    # ---------------------------------------------------------------- lifecycle
    def on_mount(self) -> None:
        # the standard on_mount (KyodoApp's) pushes the first screens after this
        self.call_after_refresh(self._offer_draft)

    def latest_draft(self) -> Session | None:
        """The newest intake draft other than the one in progress."""
        try:
            drafts, _ = self.store.drafts()
        except (OSError, KyodoInputError):
            return None
        current = self.session.id if self.session is not None else None
        for draft in drafts:
            if draft.mode == "intake" and draft.id != current:
                return draft
        return None

    def _offer_draft(self) -> None:
        from kyodo_tui.ui.modes.intake.modals import ResumeDraftModal

        draft = self.latest_draft()
        if draft is None:
            return
        label = draft.label.strip() or self.it("resume.unnamed")
        from kyodo_tui.ui.modes.intake.common import local_time

        when = local_time(draft.updated)
        self.push_screen(ResumeDraftModal(self.lang, label, when, len(draft.answers)),
                         lambda choice: self._draft_choice(draft, choice))

    def _draft_choice(self, draft: Session, choice: object) -> None:
        if choice == "resume":
            self.resume_draft(draft)
        elif choice == "discard":
            from kyodo_tui.ui.modes.intake.modals import ConfirmModal

            def confirmed(yes: object) -> None:
                if yes:
                    self.store.discard_draft(draft.id)
                    self.say(self.it("resume.discarded"))
                    self._refresh_home()
                else:
                    self._offer_draft()

            self.push_screen(ConfirmModal(self.it("resume.discard.title"),
                                          self.it("resume.discard.body"),
                                          self.it("resume.discard.yes"), self.it("no")),
                             confirmed)

    def _refresh_home(self) -> None:
        from kyodo_tui.ui.modes.intake.home import IntakeHomeScreen

        for screen in self.screen_stack:
            if isinstance(screen, IntakeHomeScreen):
                screen.on_screen_resume()

    # ---------------------------------------------------------------- the session
    def ensure_session(self) -> Session:
        """The intake in progress; a new one if none has started."""
        if self.session is None:
            self.session = self.store.new_session(mode="intake", kind=self.kind,
                                                  lang=self.lang)
        return self.session

    def current_session(self) -> Session:
        """The session with the app's current answers, kind, language and clean marks."""
        from kyodo_tui.core.intake import clean_marks

        session = self.ensure_session()
        answers = dict(self.answers)
        return session.evolve(answers=answers, kind=self.kind, lang=self.lang,
                              confirm_later=clean_marks(self.catalog, answers,
                                                        session.confirm_later))

    def snapshot_now(self) -> Session:
        """The session in progress with its placement and recommendations (not saved)."""
        from kyodo_tui.core.intake import snapshot

        return snapshot(self._without_position(self.current_session()), self.catalog,
                        self.matcher)

    @staticmethod
    def _without_position(session: Session) -> Session:
        if POSITION_KEY not in session.extra:
            return session
        return session.evolve(extra={k: v for k, v in session.extra.items()
                                     if k != POSITION_KEY})

    def _changed(self) -> None:
        """The session changed: keep the draft, tell the screens."""
        self.save_draft()
        self.session_version += 1

    def update_session(self, **changes: Any) -> None:
        """Change fields of the session in progress (label, notes, contact) as they are
        typed: the draft is written once typing pauses (:data:`TYPING_DRAFT_DELAY`)."""
        self.session = self.ensure_session().evolve(**changes)
        self.schedule_draft()
        self.session_version += 1

    def schedule_draft(self, delay: float | None = None) -> None:
        """Write the draft after ``delay`` seconds unless another change comes first."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(
            TYPING_DRAFT_DELAY if delay is None else delay, self.save_draft)

    def flush_draft(self) -> None:
        """Write a scheduled draft now (leaving a screen, quitting)."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
            self.save_draft()

    async def action_quit(self) -> None:
        """Ctrl+Q: with an intake in progress, the draft is written first and the
        coordinator is asked (Ctrl+Q again, or 「終了する」, quits); else quit at once."""
        from kyodo_tui.ui.modes.intake.modals import ConfirmModal

        self.flush_draft()
        if isinstance(self.screen, ConfirmModal) and self.screen.id == "quit-confirm":
            await super().action_quit()
            return
        if not self._in_progress():
            await super().action_quit()
            return
        self.save_draft()

        def answered(yes: object) -> None:
            if yes:
                self.exit()

        modal = ConfirmModal(self.it("quit.title"), self.it("quit.body"),
                             self.it("quit.yes"), self.it("quit.no"), danger=False)
        modal.id = "quit-confirm"
        self.push_screen(modal, answered)

    def _in_progress(self) -> bool:
        """An intake with unsaved content (answers, notes, contact ...)."""
        if self.session is None or self.save_state == "saved":
            return False
        return self._has_content(self.current_session())

    def record_consent(self, given: bool) -> None:
        """Record (or withdraw) the person's consent to keep contact details."""
        by = self.coordinator.strip() or self.it("details.by_default")
        session = self.ensure_session().with_consent(by, given=given)
        if given and session.contact is None:
            # re-assessing: the details the person agreed to before come back only now
            prev = self.previous_record
            earlier = (prev.contact if prev is not None and prev.consented
                       and session.previous == prev.id else None)
            session = session.evolve(contact=earlier or ContactInfo())
        if not given and session.revision > 0:
            session = self._withdraw_from_record(session, by)
        self.session = session
        self._changed()

    def _withdraw_from_record(self, session: Session, by: str) -> Session:
        """Withdrawal reaches the saved record at once (only its consent and contact
        change; other edits in progress wait for 「保存する」)."""
        try:
            record = self.store.load(session.id)
            saved = self.store.save(record.withdraw_consent(by))
        except (OSError, KyodoInputError) as exc:
            self.say(self.it("save.failed", error=_error_text(exc)), severity="error")
            return session
        if self._saved_copy is not None and self._saved_copy.id == saved.id:
            self._saved_copy = saved
        return session.evolve(revision=saved.revision)

    def marked(self) -> tuple[str, ...]:
        """The questions marked 「後で確認」 (still shown), in order."""
        if self.session is None:
            return ()
        from kyodo_tui.core.intake import clean_marks

        return clean_marks(self.catalog, self.answers, self.session.confirm_later)

    def is_marked(self, qid: str) -> bool:
        return self.session is not None and qid in self.session.confirm_later

    def toggle_confirm_later(self, qid: str) -> bool:
        """Mark or unmark ``qid`` 「後で確認」; return whether it is marked now."""
        session = self.ensure_session()
        marks = list(session.confirm_later)
        if qid in marks:
            marks.remove(qid)
        else:
            marks.append(qid)
        self.session = session.evolve(confirm_later=tuple(marks))
        self._changed()
        return qid in marks

    def note_position(self, qid: str) -> None:
        """Remember the question on screen (a resumed draft opens it again)."""
        if self.session is None or self.session.extra.get(POSITION_KEY) == qid:
            return
        self.session = self.session.evolve(extra={**self.session.extra, POSITION_KEY: qid})
        self.save_draft()

    def watch_answers_version(self, _version: int) -> None:
        if self.session is not None:
            self._changed()

    # ---------------------------------------------------------------- drafts
    def _has_content(self, session: Session) -> bool:
        return bool(session.revision > 0 or session.answers or session.notes.strip()
                    or session.label.strip() or session.confirm_later or session.has_contact)

    def save_draft(self) -> None:
        """Write the session in progress as a draft (atomic; replaces only its own draft)."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        if not self._drafts_on or self.session is None:
            return
        session = self.current_session()
        if not self._has_content(session):
            return
        if self._same_as_saved(session):
            # a saved record looked through (Esc back, reopened): nothing to resume
            self._discard_own_draft(session.id)
            self.save_state = "saved"
            return
        try:
            saved = self.store.save_draft(session)
        except (OSError, KyodoInputError) as exc:
            if not self._draft_error_shown:
                self._draft_error_shown = True
                self.say(self.it("draft.failed", error=_error_text(exc)), severity="error")
            return
        self.session = saved
        self.save_state = "changed" if session.revision > 0 else "draft"

    @staticmethod
    def _content(session: Session) -> tuple[Any, ...]:
        extra = {k: v for k, v in session.extra.items() if k != POSITION_KEY}
        return (dict(session.answers), session.notes, session.label,
                tuple(session.confirm_later), session.contact if session.consented else None,
                session.consented, session.kind, extra)

    def _same_as_saved(self, session: Session) -> bool:
        saved = self._saved_copy
        return (saved is not None and session.revision > 0 and saved.id == session.id
                and saved.revision == session.revision
                and self._content(saved) == self._content(session))

    def _discard_own_draft(self, session_id: str) -> None:
        with contextlib.suppress(OSError, KyodoInputError):
            self.store.discard_draft(session_id)

    def _load(self, session: Session, *, state: str) -> None:
        """Make ``session`` the intake in progress (answers into the flow)."""
        self._drafts_on = False
        try:
            self.session = session
            self.kind = "group" if session.kind == "group" else "individual"
            self.answers = self._prune_answers(dict(session.answers))
            self.picked = {}
            self.answers_version += 1
        finally:
            self._drafts_on = True
        self.save_state = state
        self._saved_copy = session if state == "saved" else None
        self.session_version += 1

    def resume_draft(self, draft: Session) -> None:
        """Continue a draft: back where it was (review underneath, its question on top)."""
        self._load(draft, state="changed" if draft.revision > 0 else "draft")
        self.pending_pair = None
        self.previous_record = self.load_quietly(draft.previous) if draft.previous else None
        self.go_home()
        self.show_review()
        at = draft.extra.get(POSITION_KEY)
        if isinstance(at, str) and at in {q.id for q in self.visible_questions()}:
            self.show_question(at)
        self.say(self.it("resume.resumed"))

    # ---------------------------------------------------------------- flows
    def start_flow(self, kind: Kind, *, party: str | None = None) -> None:
        """A new intake as ``kind`` (``party``: the first of two parties)."""
        self.session = None  # the previous intake stays as it was (a draft, if any)
        self.go_home()  # a fresh stack: home, then the questions
        self.reset_session(kind)
        self.session = self.store.new_session(mode="intake", kind=kind, lang=self.lang,
                                              party=party)
        self.pending_pair = None
        self.previous_record = None
        self.save_state = "new"
        self.session_version += 1
        self._first_question()

    def _first_question(self) -> None:
        questions = self.visible_questions()
        if not questions:
            self.say(self.t("catalog.empty"), severity="error")
            return
        self.show_question(questions[0].id)

    def edit_record(self, record: Session) -> None:
        """Load a saved record into the flow; saving updates that record."""
        self._load(record, state="saved")
        self.pending_pair = None
        self.previous_record = self.load_quietly(record.previous) if record.previous else None
        self.show_review()

    def reassess(self, record: Session) -> None:
        """Run a record again later: its answers pre-filled, ``previous`` linked."""
        from kyodo_tui.core.intake import reassessment

        # notes, marks and the name's reading come along; contact only after consent again
        session = reassessment(self.store, record, self.lang)
        self._load(session, state="new")
        self.pending_pair = None
        self.previous_record = record
        self._first_question()

    def can_start_second_party(self) -> bool:
        """After saving the first party (and not being the second one)."""
        s = self.session
        return (s is not None and s.revision > 0 and s.pair is None
                and self.pending_pair is None and self.save_state == "saved")

    def start_second_party(self) -> None:
        """The other party answers the same questionnaire next; saving pairs them."""
        from kyodo_tui.core.intake import party_of

        first = self.session
        if first is None or first.revision == 0:
            return
        other = "government" if party_of(first, self.catalog) == "citizen" else "citizen"
        self.start_flow("group", party=other)
        self.pending_pair = first

    def movement_now(self) -> Text | None:
        """How the re-assessment in progress moved from its previous record."""
        if self.previous_record is None or self.previous_record.placement is None:
            return None
        from kyodo_tui.core.intake import movement_text
        from kyodo_tui.core.storage import movement

        return movement_text(movement(self.previous_record, self.snapshot_now(), self.catalog))

    def load_quietly(self, session_id: str) -> Session | None:
        try:
            return self.store.load(session_id)
        except (OSError, KyodoInputError):
            return None

    # ---------------------------------------------------------------- saving
    def intake_title(self) -> str:
        """「受付: 山田さん」 (the record's name as typed, shown literally by the header)."""
        label = self.session.label.strip() if self.session is not None else ""
        title = self.it("home.title")
        return f"{title}: {label}" if label else title

    def status_text(self, *, marks: bool = True) -> str:
        """"Not saved" / "Draft kept" / "Saved" / "Changed since saved" (and the marks)."""
        key = {"new": "status.new", "draft": "status.draft", "saved": "status.saved",
               "changed": "status.changed"}.get(self.save_state, "status.new")
        text = self.it(key)
        n = len(self.marked()) if marks else 0
        if n:
            text = f"{self.it('bar.marked', n=n)}  {text}"
        return text

    def request_save(self) -> None:
        """「保存する」: ask for the person's agreement, then save (an update needs no new ask)."""
        from kyodo_tui.ui.screens.save_consent import SaveConsentScreen

        if not self.answers:
            self.say(self.it("save.nothing"), severity="warning")
            return
        if self.ensure_session().revision > 0:
            self.save_now()
            return
        self.push_screen(SaveConsentScreen(self.lang, "coordinator"), self._save_answered)

    def _save_answered(self, agreed: object) -> None:
        if agreed:
            self.save_now()
        else:
            self.say(self.it("save.cancelled"))

    def save_now(self) -> Session | None:
        """Save the session as a record (the person agreed); return the saved copy."""
        session = self.snapshot_now()
        updating = session.revision > 0
        try:
            saved = self.store.save(session)
        except (OSError, KyodoInputError) as exc:
            self.say(self.it("save.failed", error=_error_text(exc)), severity="error",
                        timeout=8)
            return None
        self.session = saved
        self.save_state = "saved"
        self._saved_copy = saved
        self.say(self.it("save.updated" if updating else "save.done", id=saved.id))
        pending = self.pending_pair
        if pending is not None and pending.id != saved.id:
            self._link_pair(pending, saved)
        self.session_version += 1
        return self.session

    def _link_pair(self, first: Session, second: Session) -> None:
        first_now = self.load_quietly(first.id) or first
        citizen, government = ((first_now, second) if second.party == "government"
                               else (second, first_now))
        try:
            a, b = self.store.link_pair(citizen, government)
        except (OSError, KyodoInputError) as exc:
            self.say(self.it("save.failed", error=_error_text(exc)), severity="error")
            self.show_pair(citizen, government)
            return
        self.session = a if a.id == second.id else b
        self.pending_pair = None
        self.say(self.it("save.paired"))
        self.push_screen(self._pair_screen(a, b))

    def _pair_screen(self, citizen: Session, government: Session) -> Screen[Any]:
        from kyodo_tui.ui.modes.intake.two_party import TwoPartyScreen

        return TwoPartyScreen(citizen, government, kind="pair")

    def handoff_dir(self) -> Path:
        """Where hand-offs are exported: ``export_dir``, else the data dir's ``exports``
        folder (0700, files 0600, like the records; never the working directory, since
        a hand-off holds a name and a phone number)."""
        if self.export_dir is not None:
            return self.export_dir
        from kyodo_tui.core.export import exports_dir

        return exports_dir(self.store.root)


def _error_text(exc: BaseException) -> str:
    problems = getattr(exc, "problems", None)
    if problems:
        return "; ".join(str(p) for p in problems)
    return str(exc)


APP_CLASS = IntakeApp

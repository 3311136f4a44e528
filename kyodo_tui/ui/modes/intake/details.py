"""Notes and contact details of the intake in progress.

The record's name has a reading (よみ), so a search in romaji or kana finds a name
written in kanji. Contact fields are locked until the consent box is ticked: ticking records the
person's consent (when, and by which coordinator) in the session; unticking asks
first and then withdraws it, which removes the contact details. Every change goes
into the session at once, so the draft keeps it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup, VerticalGroup, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Checkbox, Input, Label, Static, TextArea

from kyodo_tui.core.intake import READING_KEY
from kyodo_tui.core.storage import ContactInfo
from kyodo_tui.ui.modes.intake.common import IntakeScreenMixin, local_time
from kyodo_tui.ui.modes.intake.modals import ConfirmModal
from kyodo_tui.ui.screens.base import KyodoScreen
from kyodo_tui.ui.widgets.ascii_toggle import AsciiCheckbox

#: this module's stylesheet (absolute: a relative CSS_PATH resolves beside a subclass)
TCSS = Path(__file__).with_name("details.tcss")


CONTACT_FIELDS: tuple[str, ...] = ("name", "phone", "email", "address")


class ConsentBox(AsciiCheckbox):
    """Drawn as ``[x]`` / ``[ ]``: readable without colour, no half-block glyphs."""

    MARKS = (("[", "x", "] "), ("[", " ", "] "))


class IntakeDetailsScreen(IntakeScreenMixin, KyodoScreen):
    """Record name, coordinator, notes, consent, contact."""

    CSS_PATH: ClassVar[Any] = [TCSS]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "done", "details.done", key_display="^S", show=False),
    ]

    def title_text(self) -> str:
        return self.it("details.title")

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="details"):
            yield Static("", id="label-label", classes="field-label")
            yield Input(id="label", max_length=200)
            with HorizontalGroup(classes="row"):
                yield Label("", id="reading-label", markup=False)
                yield Input(id="reading", max_length=100)
            yield Static("", id="coordinator-label", classes="field-label")
            yield Input(id="coordinator", max_length=100)
            yield Static("", id="notes-label", classes="field-label")
            yield TextArea(id="notes", soft_wrap=True, compact=True, show_line_numbers=False)
            yield ConsentBox("", id="consent", compact=True)
            yield Static("", id="consent-help", classes="muted")
            with VerticalGroup(id="contact-box"):
                yield Static("", id="contact-label", classes="field-label")
                for key in CONTACT_FIELDS:
                    with HorizontalGroup(classes="row"):
                        yield Label("", id=f"{key}-label", markup=False)
                        yield Input(id=key, max_length=200)
        with HorizontalGroup(id="details-nav"):
            yield Button("", id="details-done", compact=True, variant="primary")

    def on_mount(self) -> None:
        session = self.intake.ensure_session()
        self.query_one("#label", Input).value = session.label
        reading = session.extra.get(READING_KEY)
        self.query_one("#reading", Input).value = reading if isinstance(reading, str) else ""
        self.query_one("#coordinator", Input).value = self.intake.coordinator
        self.query_one("#notes", TextArea).text = session.notes
        self.query_one("#consent", Checkbox).value = session.consented
        contact = session.contact or ContactInfo()
        for key in CONTACT_FIELDS:
            self.query_one(f"#{key}", Input).value = getattr(contact, key)
        self._lock_contact(not session.consented)
        self.query_one("#label", Input).focus()

    def watch_lang(self, lang: str) -> None:
        for key, string in (("label-label", "details.label"),
                            ("coordinator-label", "details.coordinator"),
                            ("notes-label", "details.notes"),
                            ("contact-label", "details.contact")):
            self.query_one(f"#{key}", Static).update(Content(self.it(string)))
        self.query_one("#label", Input).placeholder = self.it("details.label.placeholder")
        self.query_one("#reading-label", Label).update(Content(self.it("details.reading")))
        self.query_one("#reading", Input).placeholder = self.it("details.reading.placeholder")
        self.query_one("#coordinator", Input).placeholder = self.it(
            "details.coordinator.placeholder")
        self.query_one("#consent", Checkbox).label = Content(self.it("details.consent"))
        for key in CONTACT_FIELDS:
            self.query_one(f"#{key}-label", Label).update(Content(self.it(f"details.{key}")))
        self.query_one("#details-done", Button).label = Content("< " + self.it("details.done"))
        self._render_consent_help()

    def _render_consent_help(self) -> None:
        session = self.intake.ensure_session()
        text = self.it("details.consent.help")
        if session.consent is not None and session.consent.given:
            text = self.it("details.consent.at", at=local_time(session.consent.at),
                           by=session.consent.by)
        self.query_one("#consent-help", Static).update(Content(text))

    def _lock_contact(self, locked: bool) -> None:
        self.query_one("#contact-box").set_class(locked, "-locked")
        for key in CONTACT_FIELDS:
            self.query_one(f"#{key}", Input).disabled = locked

    # ------------------------------------------------------------ changes
    # Programmatic changes (loading, clearing) come back as Changed messages too:
    # each handler compares with the session, so they are no-ops.
    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        field = event.input.id or ""
        app = self.intake
        session = app.ensure_session()
        if field == "label":
            if event.value != session.label:
                app.update_session(label=event.value)
        elif field == "reading":
            if event.value != session.extra.get(READING_KEY, ""):
                extra = {k: v for k, v in session.extra.items() if k != READING_KEY}
                if event.value.strip():
                    extra[READING_KEY] = event.value
                app.update_session(extra=extra)
        elif field == "coordinator":
            app.coordinator = event.value
        elif field in CONTACT_FIELDS:
            if not session.consented:
                return  # locked: never stored without consent
            values = {k: self.query_one(f"#{k}", Input).value for k in CONTACT_FIELDS}
            contact = ContactInfo(**values)
            if contact != (session.contact or ContactInfo()):
                app.update_session(contact=contact)

    @on(TextArea.Changed, "#notes")
    def _notes_changed(self, event: TextArea.Changed) -> None:
        text = event.text_area.text
        if text != self.intake.ensure_session().notes:
            self.intake.update_session(notes=text)

    @on(Checkbox.Changed, "#consent")
    def _consent_changed(self, event: Checkbox.Changed) -> None:
        app = self.intake
        session = app.ensure_session()
        if event.value and not session.consented:
            app.record_consent(True)
            self._lock_contact(False)
            contact = app.ensure_session().contact or ContactInfo()
            for key in CONTACT_FIELDS:  # a re-assessment brings back the agreed details
                self.query_one(f"#{key}", Input).value = getattr(contact, key)
            self._render_consent_help()
            # the focus stays on the box: Tab goes on to 名前, the next field
        elif not event.value and session.consented:
            self.app.push_screen(ConfirmModal(
                self.it("details.withdraw.title"), self.it("details.withdraw.body"),
                self.it("details.withdraw.yes"), self.it("details.withdraw.no")),
                self._withdraw_answered)

    def _withdraw_answered(self, withdraw: object) -> None:
        if withdraw:
            self.intake.record_consent(False)
            for key in CONTACT_FIELDS:
                self.query_one(f"#{key}", Input).value = ""
            self._lock_contact(True)
        else:
            self.query_one("#consent", Checkbox).value = True
        self._render_consent_help()

    # ------------------------------------------------------------ leaving
    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "details-done":
            event.stop()
            self.action_done()

    def on_unmount(self) -> None:
        self.intake.flush_draft()

    def action_done(self) -> None:
        self.dismiss()

    def action_back(self) -> None:
        self.dismiss()

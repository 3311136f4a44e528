"""The hand-off summary: one page a coordinator gives to the next coordinator or
to the resident, on screen and exported as Markdown (never overwriting a file).

Placement, answers (with 「後で確認」 marks), what to confirm, notes, recommended
forms and activities, the next step, and contact details only with consent.
The content is the core's (:func:`kyodo_tui.core.intake.build_handoff`); this
screen only lays it out. Every string a person typed is shown literally.

:class:`SessionView` is also the base of the records screen's "open" view.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup, VerticalGroup, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static

from kyodo_tui.core.errors import KyodoInputError
from kyodo_tui.core.intake import Handoff, build_handoff, export_handoff
from kyodo_tui.core.intake import L as HANDOFF_LABELS
from kyodo_tui.ui.modes.intake.common import IntakeScreenMixin
from kyodo_tui.ui.screens.base import KyodoScreen
from kyodo_tui.ui.widgets.spectrum import SpectrumWidget
from kyodo_tui.ui.widgets.triad_bar import TriadBar

if TYPE_CHECKING:
    from kyodo_tui.core.storage import Session

#: this module's stylesheet (absolute: a relative CSS_PATH resolves beside a subclass)
TCSS = Path(__file__).with_name("handoff.tcss")


def heading(text: str) -> Static:
    return Static(Content(text), classes="view-heading")


def line(content: Content | str, classes: str = "view-line") -> Static:
    return Static(content if isinstance(content, Content) else Content(content),
                  classes=classes)


class SessionView(IntakeScreenMixin, KyodoScreen):
    """A saved (or in-progress) session laid out as its hand-off summary."""

    CSS_PATH: ClassVar[Any] = [TCSS]
    #: (button id, key shown, intake string key, action name)
    ACTIONS: ClassVar[tuple[tuple[str, str, str, str], ...]] = ()

    def __init__(self, session: Session, *, previous: Session | None = None) -> None:
        super().__init__()
        self.session = session
        self.previous = previous
        self.handoff: Handoff | None = None

    def title_text(self) -> str:
        return self.it("handoff.title", label=self.session.label.strip() or self.session.id)

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="view"):
            yield Static("", id="view-summary")
            yield SpectrumWidget(id="view-spectrum")
            yield TriadBar(id="view-triad")
            yield VerticalGroup(id="view-sections")
        with HorizontalGroup(id="view-actions"):
            for button_id, _key, _string, _action in self.ACTIONS:
                yield Button("", id=button_id, compact=True)
            yield from self.compose_actions_extra()
            yield Label("", classes="spacer")
            yield Label("", id="view-status", markup=False)

    def compose_actions_extra(self) -> ComposeResult:
        """More widgets for the action row, after the buttons (override)."""
        yield from ()

    def on_mount(self) -> None:
        self.query_one("#view", VerticalScroll).focus()

    def watch_lang(self, lang: str) -> None:
        for button_id, key, string, _action in self.ACTIONS:
            self.query_one(f"#{button_id}", Button).label = Content(f"{key} {self.it(string)}")
        self.render_view()

    def render_view(self) -> None:
        """Build the summary from the core and lay it out in the current language."""
        self.handoff = build_handoff(self.session, self.kyodo.catalog, previous=self.previous)
        h = self.handoff
        lang = self.lang
        p = self.session.placement
        self.query_one("#view-summary", Static).update(Content(h.placement.get(lang)))
        spectrum = self.query_one("#view-spectrum", SpectrumWidget)
        triad = self.query_one("#view-triad", TriadBar)
        if p is not None:
            spectrum.set_placement(p.position if p.placed else None, p.spread, p.letter)
            triad.set_triad(p.triad, p.triad_placed)
        else:
            spectrum.set_placement(None, 0.0)
            triad.set_triad((1 / 3, 1 / 3, 1 / 3), False)
        sections = self.query_one("#view-sections", VerticalGroup)
        sections.remove_children()
        sections.mount_all(self.section_widgets(h))
        self.query_one("#view-status", Label).update(Content(self.status()))

    def status(self) -> str:
        return ""

    def g(self, key: str) -> str:
        """A hand-off label (the core's, shared with the Markdown export)."""
        return HANDOFF_LABELS[key].get(self.lang)

    def section_widgets(self, h: Handoff) -> list[Widget]:
        lang = self.lang
        out: list[Widget] = []
        if h.movement is not None:
            move = h.movement.get(lang)
            if h.triad_movement is not None:
                move += " / " + h.triad_movement.get(lang)
            out.append(line(Content(f"{self.g('movement')}: {move}").stylize("bold $accent")))
        out += [line(Content(f"{k.get(lang)}: {v.get(lang)}"), "view-muted") for k, v in h.facts]
        out.append(heading(self.g("answers")))
        for n, row in enumerate(h.answers, start=1):
            out.append(line(Content.assemble((f"{n:>2}. ", "$text-muted"),
                                             Content(row.prompt.get(lang)).stylize("bold"))))
            style = "$text-muted" if row.skipped else "$accent"
            answer = Content(row.answer.get(lang)).stylize(style)
            if row.confirm_later:
                answer = Content.assemble(
                    answer, Content(f"  [{self.g('confirm_mark')}]").stylize("bold $warning"))
            out.append(line(Content("    ") + answer))
        out.append(heading(self.g("confirm_later")))
        out += self._items(h.confirm_later, "view-mark")
        out.append(heading(self.g("notes")))
        if h.notes.strip():
            out.append(line(Content(h.notes), "view-indent"))
        else:
            out.append(line(self.g("none"), "view-muted"))
        out.append(heading(self.g("forms")))
        out += self._items(h.forms)
        out.append(heading(self.g("activities")))
        out += self._items(h.activities)
        if h.next_step is not None or h.desk:
            out.append(heading(self.g("next")))
            if h.next_step is not None:
                out.append(line(Content(h.next_step.get(lang)), "view-indent"))
            if h.desk:
                out.append(line(Content(f"{self.g('desk')}:"), "view-indent"))
                out += self._items(h.desk)
        if h.contact:
            out.append(heading(self.g("contact")))
            out += [line(Content(f"{k.get(lang)}: ") + Content(v), "view-indent")
                    for k, v in h.contact]
        if h.consent is not None:
            out.append(line(Content(f"{self.g('consent')}: {h.consent.get(lang)}"),
                            "view-muted"))
        return out

    def _items(self, items: Sequence[Any], classes: str = "view-indent") -> list[Widget]:
        if not items:
            return [line(self.g("none"), "view-muted")]
        return [line(Content("- ") + Content(t.get(self.lang)), classes) for t in items]

    def on_button_pressed(self, event: Button.Pressed) -> None:
        for button_id, _key, _string, action in self.ACTIONS:
            if event.button.id == button_id:
                event.stop()
                getattr(self, f"action_{action}")()
                return


class HandoffScreen(SessionView):
    """The hand-off summary, with 「Markdown で書き出す」 (x) into the folder shown
    (editable) beside the button."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("x", "export", "handoff.export", key_display="x"),
    ]
    ACTIONS = (("handoff-export", "x", "handoff.export", "export"),)

    def __init__(self, session: Session, *, previous: Session | None = None) -> None:
        super().__init__(session, previous=previous)
        #: the last file written (for tests and the status line)
        self.exported: Path | None = None

    def compose_actions_extra(self) -> ComposeResult:
        yield Label("", id="handoff-to", markup=False)
        yield Input(str(self._default_folder()), id="handoff-folder", compact=True)

    def watch_lang(self, lang: str) -> None:
        super().watch_lang(lang)
        self.query_one("#handoff-to", Label).update(Content(self.it("handoff.to")))

    @on(Input.Submitted, "#handoff-folder")
    def _folder_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_export()

    def status(self) -> str:
        if self.exported is not None:
            return self.it("handoff.exported", path=self.exported.name)
        return ""

    def _default_folder(self) -> Path:
        folder = getattr(self.app, "handoff_dir", None)
        if callable(folder):
            return Path(folder())
        return Path.cwd()

    def _folder(self) -> Path:
        for box in self.query("#handoff-folder").results(Input):
            if box.value.strip():
                return Path(box.value.strip()).expanduser()
        return self._default_folder()

    def action_export(self) -> None:
        if self.handoff is None:
            return
        try:
            folder = self._folder()
            if folder == self._default_folder():
                from kyodo_tui.core.export import private_dir

                private_dir(folder)  # the app's own folder: 0700 like the records
            path = export_handoff(self.handoff, folder, self.lang)
        except KyodoInputError as exc:
            message = "; ".join(str(p) for p in exc.problems)
            self.notify(self.it("handoff.export_failed", error=message), severity="error",
                        timeout=8, markup=False)
            return
        self.exported = path
        self.query_one("#view-status", Label).update(Content(self.status()))
        self.notify(self.it("handoff.exported", path=str(path)), timeout=8, markup=False)

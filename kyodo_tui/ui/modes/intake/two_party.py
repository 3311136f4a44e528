"""Two sessions side by side: the two-party view and a re-assessment's movement.

``kind="pair"``: a citizen group and a municipal officer answered the same
questionnaire separately. Their two placements (A-E spectrum, 自助・共助・公助)
side by side, then every question they answered differently: the conversation
to have before a 協働 agreement.

``kind="movement"``: an earlier record and its re-assessment: how the placement
moved (letters, position, triad shares) and the answers that changed.

Comparison and movement are the core's (``storage.compare`` / ``storage.movement``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalGroup, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from kyodo_tui.core.intake import diff_rows, movement_text, triad_shift_text
from kyodo_tui.core.storage import compare, movement
from kyodo_tui.ui.modes.intake.common import IntakeScreenMixin
from kyodo_tui.ui.screens.base import KyodoScreen
from kyodo_tui.ui.screens.officer.sections import pair_section
from kyodo_tui.ui.widgets.spectrum import SpectrumWidget
from kyodo_tui.ui.widgets.triad_bar import TriadBar

#: this module's stylesheet (absolute: a relative CSS_PATH resolves beside a subclass)
TCSS = Path(__file__).with_name("two_party.tcss")


if TYPE_CHECKING:
    from kyodo_tui.core.storage import Session


class TwoPartyScreen(IntakeScreenMixin, KyodoScreen):
    """Placements side by side, then the questions answered differently."""

    CSS_PATH: ClassVar[Any] = [TCSS]

    def __init__(self, a: Session, b: Session, *,
                 kind: Literal["pair", "movement"] = "pair") -> None:
        super().__init__()
        self.a = a
        self.b = b
        self.kind = kind

    # ------------------------------------------------------------ texts
    def title_text(self) -> str:
        return self.it("pair.title" if self.kind == "pair" else "move.title")

    def side_names(self) -> tuple[str, str]:
        if self.kind == "pair":
            return self.it("pair.citizen"), self.it("pair.government")
        return self.it("move.before"), self.it("move.after")

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="pair-page"):
            yield Static("", id="pair-heading")
            with Horizontal(id="parties"):
                for side in ("a", "b"):
                    with VerticalGroup(classes="party", id=f"party-{side}"):
                        yield Static("", classes="party-name", id=f"name-{side}")
                        yield SpectrumWidget(id=f"spectrum-{side}")
                        yield TriadBar(id=f"triad-{side}")
            yield Static("", id="pair-gap")
            yield VerticalGroup(id="pair-diffs")

    def on_mount(self) -> None:
        self.query_one("#pair-page", VerticalScroll).focus()

    def watch_lang(self, lang: str) -> None:
        catalog = self.kyodo.catalog
        names = self.side_names()
        heading = "pair.heading" if self.kind == "pair" else "move.heading"
        self.query_one("#pair-heading", Static).update(Content(self.it(heading)))
        for side, session, name in (("a", self.a, names[0]), ("b", self.b, names[1])):
            label = session.label.strip() or self.it("pair.unnamed")
            p = session.placement
            letter = p.letter if p is not None and p.placed and p.letter else "-"
            self.query_one(f"#name-{side}", Static).update(Content.assemble(
                (f"{name}: ", "$accent"), Content(label), (f"  ({session.created[:10]})",
                                                           "$text-muted")))
            spectrum = self.query_one(f"#spectrum-{side}", SpectrumWidget)
            spectrum.caption = f"{name}: {letter}"
            triad = self.query_one(f"#triad-{side}", TriadBar)
            if p is not None:
                spectrum.set_placement(p.position if p.placed else None, p.spread, p.letter)
                triad.set_triad(p.triad, p.triad_placed)
            else:
                spectrum.set_placement(None, 0.0)
                triad.set_triad((1 / 3, 1 / 3, 1 / 3), False)

        widgets: list[Widget] = []
        if self.kind == "pair":
            comparison = compare(self.a, self.b, catalog)
            if comparison.position_gap is None:
                gap = self.it("pair.gap.none")
            elif comparison.letter_a == comparison.letter_b:
                gap = (self.it("pair.same_letter", letter=comparison.letter_a) + "  "
                       + self.it("pair.gap", gap=f"{abs(comparison.position_gap):.2f}"))
            else:
                gap = (f"{comparison.letter_a} / {comparison.letter_b}  "
                       + self.it("pair.gap", gap=f"{abs(comparison.position_gap):.2f}"))
            rows = diff_rows(catalog, comparison)
            agree = len(comparison.agree)
            heading_key, none_key = "pair.differ", "pair.none"
        else:
            move = movement(self.a, self.b, catalog)
            gap = movement_text(move).get(self.lang)
            shift = triad_shift_text(move)
            if shift is not None:
                widgets.append(Static(Content(self.it("move.triad", shift=shift.get(self.lang))),
                                      classes="pair-sub"))
            if move.days >= 1:
                widgets.append(Static(Content(self.it("move.days", days=int(move.days))),
                                      classes="pair-sub"))
            rows = diff_rows(catalog, move)
            agree = -1
            heading_key, none_key = "move.changed", "move.none"
        self.query_one("#pair-gap", Static).update(Content(gap))

        widgets.append(Static(Content(self.it(heading_key, n=len(rows))), classes="diff-heading"))
        if not rows:
            widgets.append(Static(Content(self.it(none_key)), classes="diff-answer"))
        for row in rows:
            widgets.append(Static(Content(row.prompt.get(self.lang)), classes="diff-prompt"))
            for name, value in ((names[0], row.a), (names[1], row.b)):
                widgets.append(Static(Content.assemble((f"{name}: ", "$text-muted"),
                                                       Content(value.get(self.lang))),
                                      classes="diff-answer"))
        if agree >= 0:
            widgets.append(Static(Content(self.it("pair.agree", n=agree)), classes="pair-sub"))
        if self.kind == "pair":  # the officer's partner checklists and evaluations (issue 16)
            widgets += pair_section(catalog, self.a, self.b, self.lang)
        diffs = self.query_one("#pair-diffs", VerticalGroup)
        diffs.remove_children()
        diffs.mount_all(widgets)

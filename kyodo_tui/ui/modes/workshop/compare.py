"""Two groups side by side: two tables, or before and after the discussion.

Left and right are room pictures; under them the core's comparison (its summary
sentence, the share of each letter in both and the change, the change in
自助・共助・公助, the questions whose answers moved most). ``a`` and ``b`` change
the left and right group; ``k`` keeps the pair in the record (the export then
carries the comparison).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, HorizontalGroup, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Label, Static
from textual.worker import get_current_worker

from kyodo_tui.core.langs import is_japanese
from kyodo_tui.core.model import REGIONS, TRIAD, UNKNOWN
from kyodo_tui.core.text import whole_percentages
from kyodo_tui.ui.modes.workshop.base import WorkshopScreen
from kyodo_tui.ui.widgets.room_picture import RoomPicture
from kyodo_tui.ui.widgets.spectrum import pad_cells

if TYPE_CHECKING:
    from kyodo_tui.core.model import Lang
    from kyodo_tui.core.workshop import Comparison, Workshop


def signed_points(value: float) -> str:
    """A change of share in percentage points, as the export writes it: ``+12``."""
    return f"{value * 100:+.0f}"


class WorkshopCompareScreen(WorkshopScreen):
    """Compare two groups."""

    TITLE_KEY = "compare.title"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "cycle(0)", "compare.cycle_a"),
        Binding("b", "cycle(1)", "compare.cycle_b"),
        Binding("k", "keep", "compare.keep"),
    ]

    def __init__(self, first: str | None = None, second: str | None = None) -> None:
        super().__init__()
        self.pair: list[str] = [first or "", second or ""]
        self.comparison: Comparison | None = None

    # ------------------------------------------------------------ compose
    def compose_body(self) -> ComposeResult:
        with Vertical(id="compare-screen"):
            with VerticalScroll(id="compare-body"):
                yield Static("", id="compare-summary")
                with Horizontal(id="compare-pictures"):
                    yield RoomPicture(id="compare-a", classes="compare-side", keep_dots=True)
                    yield RoomPicture(id="compare-b", classes="compare-side", keep_dots=True)
                yield Static("", id="compare-letters-heading", classes="ws-heading")
                yield Static("", id="compare-letters")
                yield Static("", id="compare-triad")
                yield Static("", id="compare-changed-heading", classes="ws-heading")
                yield Static("", id="compare-changed")
            with HorizontalGroup(id="nav"):
                yield Button("", id="compare-a-button")
                yield Button("", id="compare-b-button")
                yield Label("", classes="spacer")
                yield Button("", id="compare-keep", variant="primary")

    def on_mount(self) -> None:
        ids = [g.id for g in self.workshop.groups]
        if self.pair[0] not in ids or self.pair[1] not in ids:
            if self.workshop.comparisons:
                self.pair = list(self.workshop.comparisons[-1])
            elif len(ids) >= 2:
                self.pair = [ids[0], ids[1]]

    def watch_lang(self, lang: str) -> None:
        self.label_button("compare-a-button", "a", "compare.cycle_a")
        self.label_button("compare-b-button", "b", "compare.cycle_b")
        self.label_button("compare-keep", "k", "compare.keep")
        self._refresh()

    def on_workshop_change(self) -> None:
        self._refresh()

    # ------------------------------------------------------------ data
    def _refresh(self) -> None:
        app = self.wapp
        if app.workshop is None or "" in self.pair:
            return
        self._compute(tuple(self.pair), app.workshop, app.workshop_version, app.ui_lang)

    @work(thread=True, exclusive=True, group="compare", exit_on_error=False)
    def _compute(self, pair: tuple[str, str], workshop: Workshop, version: int,
                 lang: Lang) -> None:
        from kyodo_tui.core.workshop import compare

        a = self.wapp.room_view(pair[0], workshop, version, lang).picture
        b = self.wapp.room_view(pair[1], workshop, version, lang).picture
        comparison = compare(a, b)
        if get_current_worker().is_cancelled:
            return
        self.app.call_from_thread(partial(self._show, pair, version, comparison))

    def _show(self, pair: tuple[str, str], version: int, comparison: Comparison) -> None:
        if not self.is_attached or version != self.wapp.workshop_version \
                or list(pair) != self.pair:
            return
        self.comparison = comparison
        lang = self.wapp.ui_lang
        self.query_one("#compare-summary", Static).update(Content(comparison.summary.text(lang)))
        self.query_one("#compare-a", RoomPicture).show(comparison.a)
        self.query_one("#compare-b", RoomPicture).show(comparison.b)
        self.query_one("#compare-letters-heading", Static).update(
            Content(self.t("compare.letters")))
        self.query_one("#compare-letters", Static).update(self.letters_table(comparison, lang))
        self.query_one("#compare-triad", Static).update(Content(self.triad_text(comparison,
                                                                                lang)))
        self.query_one("#compare-changed-heading", Static).update(
            Content(self.t("compare.changed")))
        self.query_one("#compare-changed", Static).update(self.changed_text(comparison, lang))

    # ------------------------------------------------------------ texts
    def letters_table(self, comparison: Comparison, lang: Lang) -> Content:
        """Letters A–E: each side's share and the change (percentage points)."""
        rows = [(comparison.a.label, [f"{p}%" for p in whole_percentages(comparison.a.shares)]),
                (comparison.b.label, [f"{p}%" for p in whole_percentages(comparison.b.shares)]),
                (self.t("compare.shift"), [signed_points(s) for s in comparison.letter_shift])]
        lw = min(18, max(cell_len(label) for label, _ in rows)) + 2
        header = Content(" " * lw + "".join(f"{letter:>6}" for letter in REGIONS)).stylize(
            "bold")
        lines = [header]
        for n, (label, cells) in enumerate(rows):
            line = Content.assemble(Content(pad_cells(label, lw)),
                                    "".join(f"{c:>6}" for c in cells))
            if n == 2:
                line = line.stylize("bold")
            lines.append(line)
        return Content("\n").join(lines)

    def triad_text(self, comparison: Comparison, lang: Lang) -> str:
        from kyodo_tui.core.placement import TRIAD_NAMES

        if comparison.triad_shift is None:
            return ""
        sep = "　" if is_japanese(lang) else ",  "
        colon = "：" if is_japanese(lang) else ": "
        parts = sep.join(f"{TRIAD_NAMES[k].get(lang)} {signed_points(v)}"
                         for k, v in zip(TRIAD, comparison.triad_shift, strict=True))
        return f"{self.t('compare.triad')}{colon}{parts}"

    def changed_text(self, comparison: Comparison, lang: Lang) -> Content:
        changed = [s for s in comparison.questions if s.distance > 0][:3]
        if not changed:
            return Content(self.t("compare.no_change")).stylize("$foreground-muted")
        lines: list[Content] = []
        sep = "、" if is_japanese(lang) else ", "
        for n, shift in enumerate(changed, start=1):
            moves = sorted(shift.share_shift.items(), key=lambda kv: -abs(kv[1]))[:3]
            parts = []
            for cid, value in moves:
                if abs(value) <= 1e-9:
                    continue
                if cid == UNKNOWN:
                    label = self.t("unknown")
                else:
                    choice = shift.question.choice(cid)
                    label = choice.label.get(lang) if choice is not None else cid
                parts.append(f"{label} {signed_points(value)}")
            lines.append(Content.assemble(
                f"{n}．" if is_japanese(lang) else f"{n}. ",
                Content(shift.question.prompt.get(lang)).stylize("bold")))
            lines.append(Content("   " + sep.join(parts)).stylize("$foreground-muted"))
        return Content("\n").join(lines)

    # ------------------------------------------------------------ actions
    def action_cycle(self, side: int) -> None:
        ids = [g.id for g in self.workshop.groups]
        if len(ids) < 2:
            return
        other = self.pair[1 - side]
        current = self.pair[side]
        i = ids.index(current) if current in ids else -1
        for step in range(1, len(ids) + 1):
            candidate = ids[(i + step) % len(ids)]
            if candidate != other:
                self.pair[side] = candidate
                break
        self._refresh()

    def action_keep(self) -> None:
        if "" in self.pair:
            return
        self.wapp.keep_comparison(self.pair[0], self.pair[1])
        self.notify(self.t("compare.kept"), markup=False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions: dict[str, Callable[[], None]] = {"compare-a-button": partial(self.action_cycle, 0),
                   "compare-b-button": partial(self.action_cycle, 1),
                   "compare-keep": self.action_keep}
        if event.button.id in actions:
            event.stop()
            actions[event.button.id]()

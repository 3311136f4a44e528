"""``Checklist``: rows of items, each with one of a few options, one line per row.

Keys: up/down move between rows; left/right or space change the row's option;
1-9 pick an option directly. A click on a row moves there and steps its option.
Posts :class:`Checklist.Changed` after every change. Labels are shown literally.

    Checklist([ChecklistRow("needs", "ニーズに応えられるか", LEVEL_OPTIONS, "unknown")])
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

from rich.cells import cell_len
from textual import events
from textual.binding import Binding, BindingType
from textual.containers import ScrollableContainer
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


@dataclass(frozen=True, slots=True)
class ChecklistRow:
    id: str
    label: str
    #: (value, label) pairs
    options: tuple[tuple[str, str], ...]
    value: str
    #: a longer explanation of the item (the screen may show the current row's)
    help: str = ""


class Checklist(Widget, can_focus=True):
    """One focusable list of rows; each row holds one of its options."""

    DEFAULT_CSS = """
    Checklist {
        height: auto;
        text-wrap: nowrap;
        text-overflow: clip;
        padding: 0 1 0 0;
    }
    Checklist:focus { background: $boost; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", show=False),
        Binding("down", "move(1)", show=False),
        Binding("right,space", "step(1)", show=False),
        Binding("left", "step(-1)", show=False),
        *(Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, 10)),
    ]

    cursor: reactive[int] = reactive(0)

    class Changed(Message):
        def __init__(self, checklist: Checklist, row_id: str, value: str) -> None:
            super().__init__()
            self.checklist = checklist
            self.row_id = row_id
            self.value = value

        @property
        def control(self) -> Checklist:
            return self.checklist

    class Highlighted(Message):
        """The cursor moved to ``row`` (also sent when the rows are replaced)."""

        def __init__(self, checklist: Checklist, row: ChecklistRow | None) -> None:
            super().__init__()
            self.checklist = checklist
            self.row = row

        @property
        def control(self) -> Checklist:
            return self.checklist

    def __init__(self, rows: list[ChecklistRow], *, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._rows = list(rows)

    # ------------------------------------------------------------ data
    @property
    def rows(self) -> list[ChecklistRow]:
        return list(self._rows)

    @property
    def values(self) -> dict[str, str]:
        return {row.id: row.value for row in self._rows}

    def set_rows(self, rows: list[ChecklistRow]) -> None:
        """New rows (e.g. labels in another language); the cursor stays in range."""
        self._rows = list(rows)
        self.cursor = min(self.cursor, max(0, len(self._rows) - 1))
        self.refresh(layout=True)
        self._highlighted()

    @property
    def current(self) -> ChecklistRow | None:
        return self._rows[self.cursor] if 0 <= self.cursor < len(self._rows) else None

    def _highlighted(self) -> None:
        self.post_message(self.Highlighted(self, self.current))

    def set_value(self, row_id: str, value: str) -> None:
        for n, row in enumerate(self._rows):
            if row.id == row_id and value in (v for v, _ in row.options):
                if row.value != value:
                    self._rows[n] = replace(row, value=value)
                    self.refresh()
                    self.post_message(self.Changed(self, row_id, value))
                return

    # ------------------------------------------------------------ keys
    def action_move(self, step: int) -> None:
        if self._rows:
            self.cursor = (self.cursor + step) % len(self._rows)

    def action_step(self, step: int) -> None:
        if not self._rows:
            return
        row = self._rows[self.cursor]
        values = [v for v, _ in row.options]
        i = values.index(row.value) if row.value in values else -1
        self.set_value(row.id, values[(i + step) % len(values)])

    def action_pick(self, index: int) -> None:
        if not self._rows:
            return
        row = self._rows[self.cursor]
        if 0 <= index < len(row.options):
            self.set_value(row.id, row.options[index][0])

    def on_click(self, event: events.Click) -> None:
        y = event.get_content_offset(self)
        if y is None or not (0 <= y.y < len(self._rows)):
            return
        self.focus()
        if self.cursor == y.y:
            self.action_step(1)
        else:
            self.cursor = y.y

    def watch_cursor(self) -> None:
        self.refresh()
        self._highlighted()
        self.call_after_refresh(self._show_cursor)

    def _show_cursor(self) -> None:
        """Scroll the nearest scrolling ancestor so the cursor's row is in view."""
        if not self.is_mounted or not self._rows:
            return
        container = next((n for n in self.ancestors if isinstance(n, ScrollableContainer)),
                         None)
        if container is None:
            return
        row = Region(self.content_region.x, self.content_region.y + self.cursor,
                     self.content_region.width, 1)
        offset = container.scroll_offset - container.content_region.offset
        container.scroll_to_region(row.translate(offset), animate=False, immediate=True)

    # ------------------------------------------------------------ render
    def render(self) -> Content:
        lines: list[Content] = []
        for n, row in enumerate(self._rows):
            # rows with the same options line up; each row is as wide as its own options
            width = max((cell_len(text) for _, text in row.options), default=0)
            label = dict(row.options).get(row.value, row.value)
            pad = " " * (width - cell_len(label))
            mark = ">" if n == self.cursor and self.has_focus else " "
            style = "bold reverse" if n == self.cursor and self.has_focus else "bold"
            value_style = {"yes": "$success", "no": "$error",
                           "partly": "$warning"}.get(row.value, "$text-muted")
            lines.append(Content.assemble(
                (f"{mark} ", "bold $accent"),
                (f"[{label}{pad}]", f"{value_style} {style}" if n == self.cursor and
                 self.has_focus else value_style),
                " ", Content(row.label)))
        return Content("\n").join(lines)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

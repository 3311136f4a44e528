"""Live, fzf-like list of matching activities, shown under a free-text answer.

The screen computes matches off the UI thread (core ``Matcher``) and hands them
to :meth:`MatchList.show_matches`; this widget only renders them, with the
matched part of each title highlighted (core ``highlight_spans``), and posts
:class:`MatchList.Picked` when one is chosen (Enter, click or tap).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.cells import cell_len
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

Highlighter = Callable[[str, str], "list[tuple[int, int]]"]


@dataclass(frozen=True, slots=True)
class MatchRow:
    """What one row shows: an activity's id, title and a short note, in one language."""

    activity_id: str
    title: str
    note: str
    weak: bool = False
    #: the hiragana reading: shown (highlighted) when a romaji/kana query
    #: matched it rather than the title
    reading: str = ""


def highlighted(text: str, spans: Sequence[tuple[int, int]], style: str) -> Content:
    """``text`` (shown literally) with ``spans`` styled."""
    content = Content(text)
    for start, end in spans:
        start, end = max(0, start), min(len(text), end)
        if end > start:
            content = content.stylize(style, start, end)
    return content


class MatchList(OptionList):
    """Matching activities; Enter / click picks one."""

    DEFAULT_CSS = """
    MatchList {
        height: auto;
        max-height: 8;
        border: round $panel-lighten-2;
        border-title-color: $text-muted;
        padding: 0 1;
        background: $surface;
    }
    MatchList:focus {
        border: round $primary;
    }
    MatchList.-empty {
        max-height: 3;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up_or_leave", show=False),
    ]

    HIGHLIGHT_STYLE = "bold underline $accent"

    class Picked(Message):
        """An activity was picked from the list."""

        def __init__(self, match_list: MatchList, activity_id: str) -> None:
            super().__init__()
            self.match_list = match_list
            self.activity_id = activity_id

        @property
        def control(self) -> MatchList:
            return self.match_list

    class LeaveUp(Message):
        """Up was pressed on the first row: focus should go back to the input."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(markup=False, **kwargs)
        self.rows: list[MatchRow] = []

    def show_matches(
        self,
        rows: Sequence[MatchRow],
        query: str,
        highlight: Highlighter | None,
        empty_text: str,
    ) -> None:
        """Replace the rows; highlight the part of each title that matches ``query``."""
        self.rows = list(rows)
        # one line per row: the reading and the note are left out when they do not fit
        width = (self.scrollable_content_region.width or 76) - 1
        options: list[Option] = []
        for row in self.rows:
            spans = highlight(row.title, query) if highlight and query else []
            title = highlighted(row.title, spans, self.HIGHLIGHT_STYLE)
            if row.weak:
                title = title.stylize("$text-muted")
            parts: list[Content | tuple[str, str]] = [title]
            room = width - title.cell_length
            if not spans and row.reading and highlight and query:
                reading_spans = highlight(row.reading, query)
                reading = highlighted(row.reading, reading_spans, self.HIGHLIGHT_STYLE)
                if reading_spans and reading.cell_length + 2 <= room:
                    parts += [("  ", ""), reading.stylize_before("$text-muted")]
                    room -= reading.cell_length + 2
            if row.note and cell_len(row.note) + 2 <= room:
                parts.append(("  " + row.note, "$text-muted"))
            options.append(Option(Content.assemble(*parts), id=row.activity_id))
        highlighted_index = self.highlighted
        self.set_options(options)
        self.set_class(not options, "-empty")
        if not options:
            self.add_option(Option(Content(empty_text).stylize("$text-muted"), disabled=True))
        elif highlighted_index is not None:
            self.highlighted = min(highlighted_index, len(options) - 1)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Picked(self, event.option.id))

    def action_cursor_up_or_leave(self) -> None:
        if self.highlighted in (None, 0):
            self.post_message(self.LeaveUp())
        else:
            self.action_cursor_up()

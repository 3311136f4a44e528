"""The numbered entry menu shared by the welcome screens (standard, intake, workshop).

Each entry is a row: a button "n  label" and a help line beside it. Screens keep their
own ``ENTRIES`` (button id, string key) and number-key bindings; these helpers compose
the rows, label them in the current language and map a pressed button to its index.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from textual.containers import HorizontalGroup
from textual.content import Content
from textual.dom import DOMNode
from textual.widgets import Button, Label

from kyodo_tui.ui.widgets.ja_wrap import ja

Entries = Sequence[tuple[str, str]]


def entry_rows(entries: Entries, *, primary: int = 2,
               compact: bool = False) -> Iterator[HorizontalGroup]:
    """One row per entry; the first ``primary`` buttons are primary."""
    for n, (button_id, _key) in enumerate(entries, start=1):
        yield HorizontalGroup(
            Button("", id=button_id, classes="entry-button", compact=compact,
                   variant="primary" if n <= primary else "default"),
            Label("", id=f"{button_id}-help", classes="entry-help", markup=False),
            classes="entry",
        )


def label_entries(node: DOMNode, entries: Entries, text: Callable[[str], str]) -> None:
    """Set every button's "n  label" and help line (``key`` and ``key.help``)."""
    for n, (button_id, key) in enumerate(entries, start=1):
        node.query_one(f"#{button_id}", Button).label = Content(f"{n}  {text(key)}")
        node.query_one(f"#{button_id}-help", Label).update(ja(Content(text(key + ".help"))))


def entry_index(entries: Entries, button_id: str | None) -> int | None:
    """The index of the entry whose button this is, or None."""
    for i, (entry_id, _key) in enumerate(entries):
        if entry_id == button_id:
            return i
    return None

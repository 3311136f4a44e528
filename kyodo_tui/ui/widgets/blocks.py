"""A page of text blocks (headings, paragraphs, bulleted lines) drawn by one widget.

A results tab used to mount a Static (or a Horizontal of two) for every heading,
paragraph and bullet: a hundred widgets a tab, each styled, laid out and
restyled whenever the focus moved. :class:`BlocksView` draws the same page as one
widget: each :class:`Block` is wrapped the Japanese way (``ja_wrap``) to the width
left after its indent and marker, so a bullet's wrapped lines stay aligned after
its marker, and a block may leave blank lines above it::

    BlocksView([
        Block(Content("Heading"), style="bold $primary"),
        Block(Content("A paragraph"), indent=2),
        Block(Content("A point"), marker="-", indent=2),
    ])

Every string is plain ``Content`` (never markup); ``str(view.content)`` is the
page's text, without its layout.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.cells import cell_len
from textual.content import Content
from textual.style import Style
from textual.widgets import Static

from kyodo_tui.ui.widgets.ja_wrap import JaContent, prewrap


@dataclass(frozen=True)
class Block:
    """One block of a page.

    ``indent``: cells before it (and before its marker); ``marker``: a bullet drawn
    in ``marker_style`` in a column ``marker_width`` wide (wrapped lines start after
    it); ``gap``: blank lines above it; ``style``: the style of the whole block's text.
    """

    content: Content
    indent: int = 0
    marker: str = ""
    marker_width: int = 0
    marker_style: str = "$accent"
    gap: int = 0
    style: str = ""
    #: drawn in the view's ``blocks--muted`` colour (app.tcss: ``$text-muted``, as a
    #: Static of class ``muted`` would be; a Content style can't compute it)
    muted: bool = False


class BlocksContent(JaContent):
    """The blocks, laid out for a width when rendered (see the module docstring)."""

    def __init__(self, blocks: Sequence[Block], muted: Style | str = "") -> None:
        plain = plain_text(blocks)
        super().__init__(plain.plain, list(plain.spans), strip_control_codes=False)
        self._blocks = tuple(blocks)
        self._muted = muted

    def _prewrapped(self, width: int) -> Content:
        wrapped = self._wrapped.get(width)
        if wrapped is None:
            wrapped = self.laid_out(width)
            if len(self._wrapped) > 8:
                self._wrapped.clear()
            self._wrapped[width] = wrapped
        return wrapped

    def laid_out(self, width: int) -> Content:
        """The page as lines no wider than ``width`` (indents and markers in place)."""
        lines: list[Content] = []
        for block in self._blocks:
            lines.extend(Content("") for _ in range(block.gap))
            lead = block.indent + (max(block.marker_width, cell_len(block.marker))
                                   if block.marker or block.marker_width else 0)
            body = block.content.stylize_before(block.style) if block.style else block.content
            if block.muted and self._muted:
                body = body.stylize_before(self._muted)
            wrapped = prewrap(body, max(1, width - lead)).split("\n", allow_blank=True)
            for n, line in enumerate(wrapped):
                if n == 0 and (block.marker or block.marker_width):
                    pad = lead - block.indent - cell_len(block.marker)
                    mark = block.marker + " " * pad
                    prefix = Content.assemble(" " * block.indent, (mark, block.marker_style))
                else:
                    prefix = Content(" " * lead)
                lines.append(prefix + line if lead else line)
        return Content("\n").join(lines)


def plain_text(blocks: Sequence[Block]) -> Content:
    """The blocks' text, one block a line, without the layout."""
    return Content("\n").join([b.content for b in blocks]) if blocks else Content("")


class BlocksView(Static):
    """One widget drawing a page of :class:`Block` s (replace them with :meth:`set_blocks`).

    ``content`` is the page's text (for reading it back); what is drawn is laid out
    by :class:`BlocksContent` for the widget's width.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"blocks--muted"}

    def __init__(self, blocks: Sequence[Block] = (), **kwargs: Any) -> None:
        super().__init__(plain_text(blocks), markup=False, **kwargs)
        self._blocks = tuple(blocks)
        self._page: BlocksContent | None = None
        self._page_muted: Style | None = None

    def set_blocks(self, blocks: Sequence[Block]) -> None:
        self._blocks = tuple(blocks)
        self._page = None
        self.update(plain_text(blocks))

    def render(self) -> BlocksContent:
        muted = self.get_visual_style("blocks--muted")
        if self._page is None or muted != self._page_muted:
            self._page = BlocksContent(self._blocks, muted)
            self._page_muted = muted
        return self._page

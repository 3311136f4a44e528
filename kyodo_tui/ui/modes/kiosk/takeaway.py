"""The takeaway screen: the result as a QR code drawn in the terminal, the summary beside it.

The summary and its QR code are the core's (:func:`~kyodo_tui.core.qr.takeaway_summary`,
:func:`~kyodo_tui.core.qr.qr_matrix`): catalog texts and numbers only, never an
answer's text. This screen only fits them to the terminal: it asks the core for
a shorter summary (``max_bytes``) until the code fits beside the text, and
redraws on a resize or a language change. The code is drawn black on white
whatever the theme, quiet zone included, so a phone camera reads it.

With ``[printer]`` in the kiosk config a 「印刷する」 button sends the full
summary to the printer command (core :func:`~kyodo_tui.core.kiosk.print_takeaway`,
an argv list with a timeout) in a thread worker; a failure is a polite notice
(and a line in the error log), never an error.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup, Vertical, VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.widgets import Button, Static

from kyodo_tui.core.langs import is_japanese
from kyodo_tui.core.model import Lang
from kyodo_tui.core.qr import DEFAULT_BORDER, QrMode, qr_matrix, render_matrix, takeaway_summary
from kyodo_tui.ui.modes.kiosk.strings import bi, t
from kyodo_tui.ui.screens.base import KyodoScreen

#: this module's stylesheet (absolute: a relative CSS_PATH resolves beside a subclass)
TCSS = Path(__file__).with_name("takeaway.tcss")


if TYPE_CHECKING:
    from kyodo_tui.core.kiosk import PrintResult
    from kyodo_tui.core.model import Catalog
    from kyodo_tui.core.placement import Placement
    from kyodo_tui.core.recommend import Recommendations
    from kyodo_tui.ui.modes.kiosk.app import KioskApp

#: summary sizes (UTF-8 bytes) tried in turn until the code fits: the first is the core's
BYTE_STEPS: tuple[int, ...] = (300, 260, 220, 190, 160, 140, 120, 100, 84, 70, 56)
#: the narrowest quiet zone tried when the configured one does not fit
MIN_BORDER = 2
#: columns kept for the summary beside the code
SIDE_MIN = 30


@dataclass(frozen=True, slots=True)
class FittedQr:
    """A summary and the drawing of its QR code, sized for the terminal."""

    summary: str
    lines: list[str]
    modules: int
    border: int


def qr_cells(modules: int, style: QrMode) -> tuple[int, int]:
    """Columns and lines a code of ``modules`` × ``modules`` takes when drawn in ``style``."""
    if style == "half":
        return modules, math.ceil(modules / 2)
    return 2 * modules, modules


def fit_qr(catalog: Catalog, placement: Placement, recs: Recommendations, lang: Lang, *,
           style: QrMode, border: int, max_width: int, max_height: int) -> FittedQr | None:
    """The longest summary whose QR code fits ``max_width`` × ``max_height`` cells.

    The configured quiet zone first; if nothing fits with it, a narrower one
    (at least :data:`MIN_BORDER` modules). None when no code fits at all.
    """
    borders = list(dict.fromkeys((border, min(border, MIN_BORDER))))
    tried: dict[tuple[str, int], FittedQr | None] = {}
    for quiet in borders:
        for max_bytes in BYTE_STEPS:
            summary = takeaway_summary(catalog, placement, recs, lang, max_bytes=max_bytes)
            key = (summary, quiet)
            if key not in tried:
                matrix = qr_matrix(summary, border=quiet)
                width, height = qr_cells(len(matrix), style)
                tried[key] = (FittedQr(summary, render_matrix(matrix, style), len(matrix), quiet)
                              if width <= max_width and height <= max_height else None)
            if tried[key] is not None:
                return tried[key]
    return None


class QrView(Static):
    """A QR code drawn as text lines, black on white (the quiet zone is white too)."""

    DEFAULT_CSS = """
    QrView {
        width: auto;
        height: auto;
        background: white;
        color: black;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("", markup=False, **kwargs)
        self.lines: list[str] = []

    def show_lines(self, lines: list[str]) -> None:
        self.lines = list(lines)
        self.update(Content("\n".join(lines)))
        self.display = bool(lines)


class TakeawayScreen(KyodoScreen):
    """結果を持ち帰る: QR code + summary, 印刷する (optional), もどる, 終わる."""

    SHOW_BACK = True

    CSS_PATH: ClassVar[Any] = [TCSS]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "print", show=False),
        Binding("f", "finish", show=False),
    ]

    def __init__(self, placement: Placement, recommendations: Recommendations) -> None:
        super().__init__(id="kiosk-takeaway")
        self.placement = placement
        self.recommendations = recommendations
        #: what the QR code on screen holds (and the text beside it)
        self.summary: str = ""
        self.fitted: FittedQr | None = None
        self.printing = False
        self._status: tuple[str, str] | None = None  # (ja, en)

    @property
    def kiosk(self) -> KioskApp:
        return self.app  # type: ignore[return-value]

    def title_text(self) -> str:
        return t("takeaway.title", self.lang)

    def compose_body(self) -> ComposeResult:
        with HorizontalGroup(id="takeaway-main"):
            yield QrView(id="takeaway-qr")
            with Vertical(id="takeaway-side"), VerticalScroll(id="takeaway-scroll"):
                yield Static("", id="takeaway-scan")
                yield Static("", id="takeaway-summary")
                yield Static("", id="takeaway-status")
                with HorizontalGroup(id="takeaway-buttons"):
                    if self.kiosk.kiosk_config.printer is not None:
                        yield Button("", id="takeaway-print", variant="primary")
                    yield Button("", id="takeaway-back")
                    yield Button("", id="takeaway-finish", variant="warning")

    def on_mount(self) -> None:
        focus = self.query("#takeaway-print").results(Button)
        next(iter(focus), self.query_one("#takeaway-finish", Button)).focus()

    def watch_lang(self, lang: str) -> None:
        self.query_one("#takeaway-scan", Static).update(Content(t("takeaway.scan", self.lang)))
        for button_id, key in (("takeaway-print", "takeaway.print"),
                               ("takeaway-back", "takeaway.back"),
                               ("takeaway-finish", "takeaway.finish")):
            for button in self.query(f"#{button_id}").results(Button):
                button.label = Content(t(key, self.lang))
        self._render_status()
        self.refit()

    def on_resize(self, event: Resize) -> None:
        self.refit()

    # ------------------------------------------------------------ the code
    def refit(self) -> None:
        """Fit the summary and its code to the terminal as it is now."""
        config = self.kiosk.kiosk_config.takeaway
        catalog = self.kiosk.catalog
        width, height = self.app.size
        fitted = None
        if config.qr:
            fitted = fit_qr(catalog, self.placement, self.recommendations, self.lang,
                            style=config.style, border=config.border,
                            max_width=width - SIDE_MIN - 1, max_height=height - 1)
        self.fitted = fitted
        if fitted is not None:
            self.summary = fitted.summary
            note = ""
        else:
            self.summary = takeaway_summary(catalog, self.placement, self.recommendations,
                                            self.lang)
            note = t("takeaway.no_qr" if config.qr else "takeaway.qr_off", self.lang)
        self.query_one("#takeaway-qr", QrView).show_lines(fitted.lines if fitted else [])
        self.query_one("#takeaway-summary", Static).update(Content(self.summary))
        scan = t("takeaway.scan", self.lang) if fitted is not None else note
        self.query_one("#takeaway-scan", Static).update(Content(scan))

    # ------------------------------------------------------------ printing
    def _render_status(self) -> None:
        text = ""
        if self._status is not None:
            text = self._status[1] if not is_japanese(self.lang) else self._status[0]
        self.query_one("#takeaway-status", Static).update(Content(text))

    def _set_status(self, ja: str, en: str) -> None:
        self._status = (ja, en)
        self._render_status()

    def action_print(self) -> None:
        printer = self.kiosk.kiosk_config.printer
        if printer is None or self.printing:
            return
        self.printing = True
        for button in self.query("#takeaway-print").results(Button):
            button.disabled = True
        self._set_status(t("takeaway.printing", "ja"), t("takeaway.printing", "en"))
        # paper has room: the full summary, in the language on screen
        full = takeaway_summary(self.kiosk.catalog, self.placement, self.recommendations,
                                self.lang)
        border = self.kiosk.kiosk_config.takeaway.border or DEFAULT_BORDER
        self._print(full, border)

    @work(thread=True, exclusive=True, group="kiosk-print", exit_on_error=False)
    def _print(self, summary: str, border: int) -> None:
        from kyodo_tui.core.kiosk import print_takeaway

        printer = self.kiosk.kiosk_config.printer
        assert printer is not None
        result = print_takeaway(printer, summary, border=border)
        self.app.call_from_thread(self._printed, result)

    def _printed(self, result: PrintResult) -> None:
        self.printing = False
        for button in self.query("#takeaway-print").results(Button):
            button.disabled = False
        self._set_status(bi(result.message, "ja"), bi(result.message, "en"))
        if not result.ok:
            self.kiosk.log_error(RuntimeError(result.detail or "printing failed"))

    # ------------------------------------------------------------ buttons
    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "takeaway-print":
            self.action_print()
        elif event.button.id == "takeaway-back":
            self.action_back()
        elif event.button.id == "takeaway-finish":
            self.action_finish()

    def action_finish(self) -> None:
        self.kiosk.finish_session()

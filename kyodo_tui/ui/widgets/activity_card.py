"""One example activity as a card: title (with highlighted matches), fields, regions,
help level, a short description and the reasons it was suggested.

::

    川の清掃活動
    自然・環境保全  |  領域 A・B  |  共助が中心
    地域の川のごみを拾う。
    - 「清掃」に合っています

Every catalog or user string is put in :class:`~textual.content.Content` as plain
text: a title such as ``[b]x[/b]`` shows literally.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from kyodo_tui.core.langs import is_japanese
from kyodo_tui.core.model import Activity, Text
from kyodo_tui.ui.locales import UIText
from kyodo_tui.ui.widgets.ja_wrap import ja

if TYPE_CHECKING:
    from kyodo_tui.core.model import Catalog

Spans = Sequence[tuple[int, int]]
Highlighter = Callable[[str], Spans]

REGIONS_LABEL = UIText("widgets", "card.regions")
TRIAD_MAIN: tuple[UIText, UIText, UIText] = tuple(  # type: ignore[assignment]
    UIText("widgets", f"card.main.{k}") for k in ("self", "mutual", "public"))
TRIAD_MIXED = UIText("widgets", "card.mixed")
TRIAD_TWO = UIText("widgets", "card.two")
TRIAD_NAMES: tuple[UIText, UIText, UIText] = tuple(  # type: ignore[assignment]
    UIText("widgets", f"card.name.{k}") for k in ("self", "mutual", "public"))
SEP = "  |  "


def text_of(value: object, lang: str) -> str:
    """A reason, a :class:`Text` or a plain string as a string in ``lang``."""
    if isinstance(value, (Text, UIText)):
        return value.get(lang)  # type: ignore[arg-type]
    render = getattr(value, "text", None)
    if callable(render):
        return str(render(lang))
    return str(value)


def triad_phrase(triad: Sequence[float], lang: str) -> str:
    """"mostly mutual aid"; "mostly self-help and mutual aid" when two are close (within
    10 points); "a mix of ..." when all three are."""
    if len(triad) != 3 or sum(triad) <= 0:
        return ""
    total = sum(triad)
    shares = [t / total for t in triad]
    order = sorted(range(3), key=lambda i: -shares[i])
    top, second, third = order
    if shares[top] - shares[third] < 0.15:
        return TRIAD_MIXED.get(lang)  # type: ignore[arg-type]
    if shares[top] - shares[second] <= 0.10 + 1e-9:
        a, b = sorted((top, second))
        return TRIAD_TWO.get(lang).format(  # type: ignore[arg-type]
            a=TRIAD_NAMES[a].get(lang), b=TRIAD_NAMES[b].get(lang))  # type: ignore[arg-type]
    return TRIAD_MAIN[top].get(lang)  # type: ignore[arg-type]


def highlighted(text: str, spans: Iterable[tuple[int, int]], style: str) -> Content:
    """``text`` as plain Content with ``style`` over each (start, end) span."""
    content = Content(text)
    n = len(text)
    for start, end in spans:
        start, end = max(0, int(start)), min(n, int(end))
        if end > start:
            content = content.stylize(style, start, end)
    return content


class ActivityCard(Widget, can_focus=True):
    """An activity: title, fields, regions, help level, description and why lines."""

    DEFAULT_CSS = """
    ActivityCard {
        height: auto;
        width: 1fr;
        padding: 0 1;
        margin: 0 0 1 0;
        background: $surface;
    }
    ActivityCard:hover {
        background: $boost;
    }
    ActivityCard:focus {
        background: $primary 25%;
    }
    ActivityCard.-selected {
        background: $primary 35%;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "select", show=False),
        Binding("space", "select", "select", show=False),
    ]

    class Selected(Message):
        """The card was clicked or Enter was pressed on it."""

        def __init__(self, card: ActivityCard, activity: Activity) -> None:
            super().__init__()
            self.card = card
            self.activity = activity

        @property
        def control(self) -> ActivityCard:
            return self.card

    activity: reactive[Activity | None] = reactive(None, layout=True)
    #: spans of the title (in the current language) to highlight
    title_spans: reactive[tuple[tuple[int, int], ...]] = reactive((), layout=True)
    #: reasons this activity was suggested: Text, reason objects or strings
    why: reactive[tuple[Any, ...]] = reactive((), layout=True)
    show_description: reactive[bool] = reactive(True, layout=True)
    lang: reactive[str] = reactive("ja", layout=True)

    def __init__(
        self,
        activity: Activity | None = None,
        *,
        catalog: Catalog | None = None,
        why: Sequence[Any] = (),
        title_spans: Spans = (),
        highlighter: Highlighter | None = None,
        show_description: bool = True,
        lang: str | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.catalog = catalog
        self.highlighter = highlighter
        self._follow_app = lang is None
        self.set_reactive(ActivityCard.activity, activity)
        self.set_reactive(ActivityCard.why, tuple(why))
        self.set_reactive(ActivityCard.title_spans, tuple(title_spans))
        self.set_reactive(ActivityCard.show_description, show_description)
        if lang is not None:
            self.set_reactive(ActivityCard.lang, lang)

    def on_mount(self) -> None:
        if self._follow_app and hasattr(self.app, "lang"):
            self.watch(self.app, "lang", self._app_lang, init=True)

    def _app_lang(self, lang: str) -> None:
        self.lang = lang

    # -------------------------------------------------------------- content
    def _field_names(self, activity: Activity) -> list[str]:
        names = []
        for fid in activity.fields:
            field = self.catalog.fields.get(fid) if self.catalog is not None else None
            names.append(field.name.get(self.lang) if field else fid)  # type: ignore[arg-type]
        return names

    def title_content(self) -> Content:
        activity = self.activity
        if activity is None:
            return Content("")
        title = activity.title.get(self.lang)  # type: ignore[arg-type]
        spans: Spans = self.title_spans
        if self.highlighter is not None:
            try:
                spans = tuple(self.highlighter(title))
            except Exception:  # noqa: BLE001 - a highlight is never worth a crash
                spans = ()
        return highlighted(title, spans, "bold underline $accent").stylize_before("bold")

    def meta_content(self) -> Content:
        activity = self.activity
        if activity is None:
            return Content("")
        lang = self.lang
        sep = "・" if is_japanese(lang) else ", "
        # names hold 「・」 themselves (災害救助・地域安全): join them with 「、」
        names_sep = "、" if is_japanese(lang) else ", "
        parts = [names_sep.join(self._field_names(activity))]
        parts.append(f"{REGIONS_LABEL.get(lang)} {sep.join(activity.regions)}")  # type: ignore[arg-type]
        phrase = triad_phrase(activity.triad, lang)
        if phrase:
            parts.append(phrase)
        return Content(SEP.join(p for p in parts if p)).stylize("$foreground-muted")

    def body_content(self) -> Content:
        activity = self.activity
        if activity is None:
            return Content("")
        lines = [self.title_content(), self.meta_content()]
        if self.show_description:
            lines.append(Content(activity.description.get(self.lang)))  # type: ignore[arg-type]
        for reason in self.why:
            text = text_of(reason, self.lang)
            if text:
                lines.append(Content.assemble(("- ", "$accent"), Content(text)))
        return Content("\n").join(lines)

    def render(self) -> Content:
        return ja(self.body_content())

    # -------------------------------------------------------------- actions
    def action_select(self) -> None:
        if self.activity is not None:
            self.post_message(self.Selected(self, self.activity))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.focus()
        self.action_select()

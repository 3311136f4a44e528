"""Browse every example activity: a live fuzzy filter, field / region / actor filters,
and a detail pane.

The search box uses the same core ``Matcher`` as the CLI (romaji works:
``josetsu`` finds 除雪), in a thread worker so a keystroke never waits for it;
the matched part of each title is highlighted (core ``highlight_spans``). With
an empty box every activity is listed in catalog order.

At wide widths (>= 110 columns) the detail sits beside the list and follows the
highlighted row; at 80 columns Enter / tap opens it as a modal.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup, Vertical, VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.worker import get_current_worker

from kyodo_tui.core.langs import is_japanese, normalize
from kyodo_tui.core.model import REGIONS, Activity, Text
from kyodo_tui.ui.screens.base import KyodoScreen
from kyodo_tui.ui import locales
from kyodo_tui.ui.widgets.activity_card import triad_phrase
from kyodo_tui.ui.widgets.ja_wrap import Prose, ja
from kyodo_tui.ui.widgets.match_list import MatchList, MatchRow, highlighted
from kyodo_tui.ui.widgets.spectrum import SpectrumWidget
from kyodo_tui.ui.widgets.triad_bar import TriadBar

#: this module's stylesheet (absolute: a relative CSS_PATH resolves beside a subclass)
TCSS = Path(__file__).with_name("browse.tcss")


if TYPE_CHECKING:
    from kyodo_tui.core.model import Catalog

#: the width from which the detail pane sits beside the list
WIDE_AT = 110
#: how long typing must pause before matching runs (seconds)
DEBOUNCE = 0.08

T = Text
#: this screen's own UI strings (kyodo_tui/ui/locales/*.toml, [browse])
S = locales.table("browse")


#: the seed documents (DOMAIN.md) by file name, for "source" lines; a local layer's
#: own sources are shown as written
SOURCES: dict[str, Text] = {
    "000_57015c5ace657278.txt": T("美幌町 協働のまちづくりリーフレット",
                                  "Bihoro town: leaflet on community building together"),
    "001_e4791ceb8fe1bce1.txt": T("砂川市 協働のまちづくり指針（概要）",
                                  "Sunagawa city: collaboration guideline (summary)"),
    "002_a1cd37cd4cb5aac4.txt": T("江別市 協働のまちづくり方針（2002年）",
                                  "Ebetsu city: collaboration policy (2002)"),
    "003_8ed48260a1390f10.txt": T("大泉町 協働のまちづくり指針（2011年）",
                                  "Oizumi town: collaboration guideline (2011)"),
    "004_1ae8934df4fb64d0.txt": T("北海道 協働の指針", "Hokkaido: collaboration guideline"),
    # an everyday activity the seeds do not name (docs/catalog-format.md)
    "local-example": T("地域でよくある活動の例（出典資料にはない）",
                       "A common local activity (not in the source documents)"),
}


def source_name(source: str, lang: str) -> str:
    known = SOURCES.get(source)
    return known.get(lang) if known is not None else source  # type: ignore[arg-type]


def s(key: str, lang: str, **params: object) -> str:
    text = S[key].get(lang)  # type: ignore[arg-type]
    return text.format(**params) if params else text


def _highlighter() -> Any:
    from kyodo_tui.core.matching import highlight_spans

    return highlight_spans


# ---------------------------------------------------------------- detail


class ActivityDetail(VerticalScroll):
    """One activity in full: description, fields, regions on A–E, help level,
    actors, forms by name, source. Everything from the catalog is plain text."""

    DEFAULT_CSS = """
    ActivityDetail {
        height: 1fr;
        padding: 0 1;
        background: $surface;
        scrollbar-size-vertical: 1;
    }
    ActivityDetail:focus {
        background: $surface-lighten-1;
    }
    ActivityDetail > .detail-title {
        text-style: bold;
        color: $accent;
        height: auto;
        margin: 0 0 1 0;
    }
    ActivityDetail > .detail-label {
        text-style: bold;
        color: $primary;
        height: auto;
        margin: 1 0 0 0;
    }
    ActivityDetail > .detail-text {
        height: auto;
    }
    ActivityDetail > .detail-muted {
        height: auto;
        color: $text-muted;
    }
    ActivityDetail > .detail-indent {
        padding: 0 0 0 2;
    }
    ActivityDetail > SpectrumWidget, ActivityDetail > TriadBar {
        margin: 0;
    }
    """

    def __init__(self, activity: Activity | None = None, *, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.activity = activity

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._lang_changed, init=False)
        self.show(self.activity)

    def _lang_changed(self, lang: str) -> None:
        self.show(self.activity)

    @property
    def lang(self) -> str:
        return str(getattr(self.app, "lang", "ja"))

    def show(self, activity: Activity | None) -> None:
        """Show ``activity`` (None: a hint to choose one)."""
        self.activity = activity
        lang = self.lang
        catalog: Catalog = self.app.catalog  # type: ignore[attr-defined]
        widgets: list[Any] = []
        if activity is None:
            widgets.append(Prose(Content(s("detail.empty", lang)), classes="detail-muted"))
        else:
            sep = "・" if is_japanese(lang) else ", "
            # field and actor names hold 「・」 themselves (自治会・町内会・PTA): 「、」
            names_sep = "、" if is_japanese(lang) else ", "
            widgets.append(Prose(Content(activity.title.get(lang)),  # type: ignore[arg-type]
                                  classes="detail-title"))
            widgets.append(Prose(Content(activity.description.get(lang)),  # type: ignore[arg-type]
                                  classes="detail-text"))
            fields = [catalog.fields[f].name.get(lang) if f in catalog.fields else f  # type: ignore[arg-type]
                      for f in activity.fields]
            widgets.append(Prose(Content(s("detail.fields", lang)), classes="detail-label"))
            widgets.append(Prose(Content(names_sep.join(fields)), classes="detail-text"))
            widgets.append(Prose(Content(s("detail.regions", lang) + "  "
                                          + sep.join(activity.regions)),
                                  classes="detail-label"))
            widgets.append(SpectrumWidget(highlight=activity.regions, show_marker=False,
                                          lang=lang))
            widgets.append(Prose(Content(s("detail.triad", lang) + "  "
                                          + triad_phrase(activity.triad, lang)),
                                  classes="detail-label"))
            widgets.append(TriadBar(activity.triad, lang=lang))
            actors = [catalog.actors[a].name.get(lang) if a in catalog.actors else a  # type: ignore[arg-type]
                      for a in activity.actors]
            widgets.append(Prose(Content(s("detail.actors", lang)), classes="detail-label"))
            widgets.append(Prose(Content(names_sep.join(actors)), classes="detail-text"))
            widgets.append(Prose(Content(s("detail.forms", lang)), classes="detail-label"))
            if activity.forms:
                for form_id in activity.forms:
                    form = catalog.forms.get(form_id)
                    if form is None:
                        widgets.append(Prose(Content(form_id), classes="detail-text"))
                        continue
                    widgets.append(Prose(Content.assemble(
                        ("- ", "$accent"),
                        Content(form.name.get(lang)).stylize("bold"),  # type: ignore[arg-type]
                        ("  " + sep.join(form.regions), "$foreground-muted"),
                    ), classes="detail-text"))
                    widgets.append(Prose(Content(form.description.get(lang)),  # type: ignore[arg-type]
                                         classes="detail-muted detail-indent"))
            else:
                widgets.append(Prose(Content(s("detail.no_forms", lang)),
                                      classes="detail-muted"))
            widgets.append(Prose(Content(s("detail.source", lang)), classes="detail-label"))
            for source in activity.source:
                widgets.append(Prose(Content(source_name(source, lang)), classes="detail-muted"))
        with self.app.batch_update():
            self.remove_children()
            self.mount_all(widgets)
        self.scroll_home(animate=False)


class ActivityDetailScreen(ModalScreen[None]):
    """An activity's detail as a modal (narrow screens, and from the results)."""

    CSS_PATH: ClassVar[Any] = [TCSS]

    # a modal screen shuts out the app's own keys: F2 / F3 work here too
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "close", show=False),
        Binding("q", "close", show=False),
        Binding("f2", "app.toggle_lang", show=False),
        Binding("f3", "app.cycle_theme", show=False),
    ]

    def __init__(self, activity: Activity) -> None:
        super().__init__()
        self.activity = activity

    def compose(self) -> ComposeResult:
        with Vertical():
            with HorizontalGroup(id="detail-bar"):
                yield Label("", id="detail-heading")
                yield Button("", id="detail-close", compact=True)
            yield ActivityDetail(self.activity, id="detail-modal")

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._render_bar)
        self.query_one("#detail-modal", ActivityDetail).focus()

    def _render_bar(self, lang: str) -> None:
        lang = normalize(lang)
        self.query_one("#detail-heading", Label).update(Content(s("title", lang)))
        self.query_one("#detail-close", Button).label = Content(
            "x " + s("detail.close", lang) + " (Esc)")

    @on(Button.Pressed, "#detail-close")
    def _close_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss()

    def action_close(self) -> None:
        self.dismiss()


# ---------------------------------------------------------------- the list


class BrowseList(MatchList):
    """Every activity that passes the filters, best match first (the core MatchList).

    A romaji query (``josetsu``) matches the hiragana reading, not the kanji title:
    then the reading is shown after the title with the matched part highlighted.
    """

    DEFAULT_CSS = """
    BrowseList {
        height: 1fr;
        scrollbar-gutter: stable;
        max-height: 100%;
        border: none;
        padding: 0 1;
        background: $surface;
    }
    BrowseList:focus {
        border: none;
        background: $surface-lighten-1;
    }
    BrowseList.-empty {
        max-height: 100%;
    }
    """

    #: colour-free, so it shows on the highlighted row in every theme
    HIGHLIGHT_STYLE = "bold underline"

    def show_activities(self, results: Sequence[tuple[Activity, bool]], query: str,
                        lang: str, notes: Sequence[str], empty_text: str,
                        weak_text: str = "", keep: bool = False) -> None:
        """Replace the rows: title (highlighted), the matched reading if only it
        matched, and a muted note (field, regions)."""
        from textual.widgets.option_list import Option

        highlight = _highlighter() if query else None
        options: list[Option] = []
        self.rows = []
        strong = any(not weak for _, weak in results)
        for (activity, weak), note in zip(results, notes, strict=True):
            if weak and strong:
                strong = False  # once: a line between good and weak matches
                options.append(Option(Content(weak_text).stylize("dim italic"),
                                      disabled=True))
            title_text = activity.title.get(lang)  # type: ignore[arg-type]
            spans = highlight(title_text, query) if highlight else []
            title = highlighted(title_text, spans, self.HIGHLIGHT_STYLE)
            parts: list[Any] = [title]
            if highlight and not spans and not weak and activity.reading:
                reading_spans = highlight(activity.reading, query)
                if reading_spans:
                    reading = highlighted(activity.reading, reading_spans, self.HIGHLIGHT_STYLE)
                    parts += [("  ", ""), reading.stylize_before("dim")]
            if weak:
                parts = [Content.assemble(*parts).stylize("dim")]
            if note:
                parts.append(("  " + note, "dim"))
            options.append(Option(ja(Content.assemble(*parts)), id=activity.id))
            self.rows.append(MatchRow(activity.id, title_text, note, weak))
        previous = self.highlighted_option.id if self.highlighted_option is not None else None
        self.set_options(options)
        self.set_class(not options, "-empty")
        if not options:
            self.add_option(Option(Content(empty_text).stylize("dim"), disabled=True))
            return
        ids = [o.id for o in options]
        # the same list again (a language switch): stay on the same activity
        self.highlighted = ids.index(previous) if keep and previous in ids else 0


class RegionToggle(Button):
    """One A–E toggle button; ``-on`` when it filters."""

    DEFAULT_CSS = """
    RegionToggle {
        min-width: 3;
        width: 3;
        margin: 0 1 0 0;
        background: $panel;
        text-style: bold;
    }
    RegionToggle:hover {
        background: $panel-lighten-2;
    }
    RegionToggle.-on {
        background: $accent;
        color: $background;
        text-style: bold;
    }
    """


def _fix_select_arrows(select: Select[Any]) -> None:
    """Swap Select's ▼ / ▲ (East-Asian ambiguous) for ASCII."""
    for widget, glyph in ((".down-arrow", "v"), (".up-arrow", "^")):
        for arrow in select.query(widget).results(Static):
            arrow.update(glyph)


# ---------------------------------------------------------------- the screen


class BrowseScreen(KyodoScreen):
    """All activities: search, filter, read."""

    TITLE_KEY = "browse.title"

    CSS_PATH: ClassVar[Any] = [TCSS]

    BINDINGS: ClassVar[list[BindingType]] = [
        # priority: "/" focuses the search and is never typed into it
        Binding("slash", "focus_search", "browse.search", key_display="/", priority=True),
        Binding("ctrl+l", "clear", "browse.clear", key_display="^L", show=False),
    ]
    BINDING_TEXTS: ClassVar[dict[str, Text]] = {
        "browse.search": S["key.search"],
        "browse.clear": S["key.clear"],
        # Textual's own Select menu
        "Dismiss menu": T("メニューを閉じる", "Close menu"),
    }

    def __init__(self) -> None:
        super().__init__()
        self._query = ""
        self._results: list[tuple[Activity, bool]] = []
        self._regions: set[str] = set()
        self._field: str | None = None
        self._actor: str | None = None
        self._searching = False
        #: bumped on every change of query or filter; stale results are dropped
        self._generation = 0

    # -------------------------------------------------------------- strings
    def s(self, key: str, **params: object) -> str:
        return s(key, self.lang, **params)

    def title_text(self) -> str:
        return self.s("title")


    # -------------------------------------------------------------- layout
    def compose_body(self) -> ComposeResult:
        with Vertical(id="browse-top"):
            yield Input(id="browse-search", compact=True)
            with HorizontalGroup(id="browse-filters"):
                yield Select[str]([], id="browse-field", compact=True)
                yield Select[str]([], id="browse-actor", compact=True)
                yield Label("", id="browse-region-label")
                for letter in REGIONS:
                    yield RegionToggle(letter, id=f"region-{letter}", compact=True)
                yield Button("", id="browse-clear", compact=True)
        yield Prose("", id="browse-count")
        with Vertical(id="browse-main"):
            yield BrowseList(id="browse-list")
            yield ActivityDetail(id="browse-detail")

    def on_mount(self) -> None:
        for select in self.query(Select).results(Select):
            _fix_select_arrows(select)
        self._apply_width(self.app.size.width)
        self.query_one("#browse-search", Input).focus()
        self.refilter()

    def on_resize(self, event: Resize) -> None:
        self._apply_width(self.app.size.width)

    def on_screen_resume(self) -> None:
        self._apply_width(self.app.size.width)

    def _apply_width(self, width: int) -> None:
        wide = width >= WIDE_AT
        if wide != self.wide:
            self.set_class(wide, "-two-col")
            if self.is_mounted:
                self._render_list(keep=True)

    @property
    def wide(self) -> bool:
        return self.has_class("-two-col")

    def watch_lang(self, lang: str) -> None:
        catalog: Catalog = self.app.catalog  # type: ignore[attr-defined]
        search = self.query_one("#browse-search", Input)
        search.placeholder = self.s("search.placeholder")
        field_select = self.query_one("#browse-field", Select)
        field_options = [(Content(f.name.get(lang)), f.id)  # type: ignore[arg-type]
                         for f in sorted(catalog.fields.values(),
                                         key=lambda f: (f.kind != "field",))]
        self._set_select(field_select, field_options, self.s("field.all"))
        actor_select = self.query_one("#browse-actor", Select)
        actor_options = [(Content(a.name.get(lang)), a.id)  # type: ignore[arg-type]
                         for a in catalog.actors.values()]
        self._set_select(actor_select, actor_options, self.s("actor.all"))
        self.query_one("#browse-region-label", Label).update(Content(self.s("region")))
        for letter in REGIONS:
            self.query_one(f"#region-{letter}", RegionToggle).tooltip = self.s("region.tooltip")
        self.query_one("#browse-clear", Button).label = Content(self.s("clear"))
        self._render_list(keep=True)

    def _set_select(self, select: Select[str], options: Sequence[tuple[Content, str]],
                    prompt: str) -> None:
        value = select.value
        with select.prevent(Select.Changed):
            select.prompt = prompt
            select.set_options(options)  # type: ignore[arg-type]
            if value is not Select.NULL and any(v == value for _, v in options):
                select.value = value
        _fix_select_arrows(select)

    # -------------------------------------------------------------- filtering
    def _passes(self, activity: Activity) -> bool:
        if self._field and self._field not in activity.fields:
            return False
        if self._actor and self._actor not in activity.actors:
            return False
        return not (self._regions and not self._regions.intersection(activity.regions))

    def refilter(self) -> None:
        """Re-run the search/filters for the current query (a worker when searching)."""
        self._generation += 1
        catalog: Catalog = self.app.catalog  # type: ignore[attr-defined]
        query = self.query_one("#browse-search", Input).value.strip()
        if not query:
            self.workers.cancel_group(self, "browse")
            self._query = ""
            self._searching = False
            self._results = [(a, False) for a in catalog.activities.values() if self._passes(a)]
            self._render_list()
            return
        self._searching = True
        self._render_count()
        self._search(query, self._generation)

    @work(thread=True, exclusive=True, group="browse", exit_on_error=False)
    def _search(self, query: str, generation: int) -> None:
        worker = get_current_worker()
        time.sleep(DEBOUNCE)  # a newer keystroke cancels this worker meanwhile
        if worker.is_cancelled:
            return
        app: Any = self.app
        total = len(app.catalog.activities)
        fields = (self._field,) if self._field else ()
        matches = app.matcher.search(query, limit=total, fields=fields, actor=self._actor)
        if worker.is_cancelled:
            return
        app.call_from_thread(self._show_results, query, generation, matches)

    def _show_results(self, query: str, generation: int, matches: Sequence[Any]) -> None:
        if not self.is_mounted or generation != self._generation:
            return  # stale: the query or a filter changed since
        self._query = query
        self._searching = False
        # a score of 0 shares nothing with the query: not worth a row
        self._results = [(m.activity, bool(getattr(m, "weak", False))) for m in matches
                         if self._passes(m.activity) and getattr(m, "score", 1.0) > 0]
        self._render_list()

    # -------------------------------------------------------------- rendering
    def _render_count(self) -> None:
        total = len(self.app.catalog.activities)  # type: ignore[attr-defined]
        weak = sum(1 for _, w in self._results if w)
        if self._searching:
            text = self.s("count.searching")
        elif weak:
            text = self.s("count.weak", n=len(self._results) - weak, weak=weak, total=total)
        else:
            text = self.s("count", n=len(self._results), total=total)
        self.query_one("#browse-count", Static).update(Content(text))

    def _render_list(self, keep: bool = False) -> None:
        lang = self.lang
        notes = []
        sep = "・" if is_japanese(lang) else ", "
        for activity, _weak in self._results:
            notes.append(sep.join(activity.regions))
        browse_list = self.query_one("#browse-list", BrowseList)
        browse_list.show_activities(self._results, self._query, lang, notes, self.s("none"),
                                    self.s("weak"), keep=keep)
        self._render_count()
        if self.wide:
            self._show_highlighted()

    def _activity(self, activity_id: str | None) -> Activity | None:
        if activity_id is None:
            return None
        return self.app.catalog.activities.get(activity_id)  # type: ignore[attr-defined, no-any-return]

    def _show_highlighted(self) -> None:
        browse_list = self.query_one("#browse-list", BrowseList)
        option = browse_list.highlighted_option
        activity = self._activity(option.id if option is not None else None)
        detail = self.query_one("#browse-detail", ActivityDetail)
        if activity is not detail.activity:
            detail.show(activity)

    # -------------------------------------------------------------- events
    @on(Input.Changed, "#browse-search")
    def _query_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.refilter()

    @on(Input.Submitted, "#browse-search")
    def _query_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#browse-list", BrowseList).focus()

    @on(Select.Changed, "#browse-field")
    def _field_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._field = None if event.value is Select.NULL else str(event.value)
        self.refilter()

    @on(Select.Changed, "#browse-actor")
    def _actor_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._actor = None if event.value is Select.NULL else str(event.value)
        self.refilter()

    @on(Button.Pressed, "RegionToggle")
    def _region_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        letter = str(event.button.id or "").removeprefix("region-")
        if letter in self._regions:
            self._regions.discard(letter)
        else:
            self._regions.add(letter)
        event.button.set_class(letter in self._regions, "-on")
        self.refilter()

    @on(Button.Pressed, "#browse-clear")
    def _clear_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_clear()

    @on(OptionList.OptionHighlighted, "#browse-list")
    def _row_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if self.wide:
            self._show_highlighted()

    @on(MatchList.Picked, "#browse-list")
    def _row_picked(self, event: MatchList.Picked) -> None:
        event.stop()
        activity = self._activity(event.activity_id)
        if activity is None:
            return
        if self.wide:
            detail = self.query_one("#browse-detail", ActivityDetail)
            detail.show(activity)
            detail.focus()
        else:
            self.app.push_screen(ActivityDetailScreen(activity))

    @on(MatchList.LeaveUp)
    def _leave_up(self, event: MatchList.LeaveUp) -> None:
        event.stop()
        self.query_one("#browse-search", Input).focus()

    def on_key(self, event: Any) -> None:
        # down from the search box goes to the list
        if event.key == "down" and isinstance(self.focused, Input):
            event.stop()
            self.query_one("#browse-list", BrowseList).focus()

    # -------------------------------------------------------------- actions
    def action_focus_search(self) -> None:
        self.query_one("#browse-search", Input).focus()

    def action_clear(self) -> None:
        """Clear the search text and every filter."""
        self._regions.clear()
        for toggle in self.query(RegionToggle).results(RegionToggle):
            toggle.remove_class("-on")
        for select_id in ("#browse-field", "#browse-actor"):
            select = self.query_one(select_id, Select)
            with select.prevent(Select.Changed):
                select.clear()
        self._field = None
        self._actor = None
        search = self.query_one("#browse-search", Input)
        with search.prevent(Input.Changed):
            search.value = ""
        self.refilter()
        search.focus()

"""The results: where the answers put you, why, and what fits.

Top: a one-line summary, the A–E spectrum and the 自助・共助・公助 bar. Below,
tabs (number keys 1-6, or left/right on the tab row):

1. 理由 / Why - each answer that moved you, in plain words; choose one to change
   it (the results re-compute on return), and the what-if: the smallest change
   that would move you to another letter.
2. 関わり方 / Forms - recommended forms with effect, cautions and who carries
   responsibility, and why the nearest others were not chosen.
3. 役割 / Roles - what your actor type can do, and what 協働 brings it.
4. 活動 / Activities - matching example activities with why (cards).
5. 原則 / Principles - a checklist; the ones your answers put at stake first.
6. 次の一歩 / Next - the next step in the collaboration cycle, and the desk.

At wide widths (>= 110 columns) the screen has two columns: placement and why
on the left, the other tabs on the right.

A tab's page is built when the tab is shown (and again only after the answers or
the language changed); the text pages (forms, roles, next step) are each one
:class:`~kyodo_tui.ui.widgets.blocks.BlocksView`, not a widget per line, so a tab
switch or F2 restyles and lays out a handful of widgets (issue 11).

All domain logic is the core's: ``placement.place`` and ``recommend.recommend``.
Every catalog or answer string is shown as plain text (``Content``), never markup.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup, Vertical, VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.widget import Widget
from textual.widgets import (
    Button,
    Checkbox,
    OptionList,
    Static,
    TabbedContent,
    TabPane,
    Tabs,
)
from textual.widgets.option_list import Option

from kyodo_tui.core.langs import is_japanese
from kyodo_tui.core.model import REGIONS, Text
from kyodo_tui.ui.screens.base import KyodoScreen
from kyodo_tui.ui import locales
from kyodo_tui.ui.locales import UIText
from kyodo_tui.ui.widgets.activity_card import ActivityCard, text_of, triad_phrase
from kyodo_tui.ui.widgets.ascii_toggle import AsciiCheckbox
from kyodo_tui.ui.widgets.blocks import Block, BlocksView
from kyodo_tui.ui.widgets.ja_wrap import Prose, ja
from kyodo_tui.ui.widgets.spectrum import BAND_LABELS, SpectrumWidget, letter_index
from kyodo_tui.ui.widgets.triad_bar import TriadBar

#: this module's stylesheet (absolute: a relative CSS_PATH resolves beside a subclass)
TCSS = Path(__file__).with_name("results.tcss")

if TYPE_CHECKING:
    from kyodo_tui.core.model import Catalog
    from kyodo_tui.core.placement import Contribution, Placement
    from kyodo_tui.core.recommend import Recommendations

#: the width from which the screen uses two columns (the app's "-wide" breakpoint)
WIDE_AT = 110
#: the tabs, in order (pane ids); number keys 1-6 select them
TABS: tuple[str, ...] = ("why", "forms", "roles", "activities", "principles", "next")
#: the tabs whose page is built when first shown (the why list is always shown)
PAGE_TABS: frozenset[str] = frozenset(TABS[1:])
#: place + recommend take ~10 ms (first time ~55 ms, with the matcher being built), so
#: they run on the UI thread; a compute slower than this (seconds) is logged
SLOW = 0.1

T = Text
#: reasons (core codes) that speak for a form: a recommended form shows these, a
#: "why not" form the others
GOOD_REASONS = frozenset({"form.region_fit", "form.asked", "form.actor_ok"})
#: this screen's own UI strings (ja, en)
#: this screen's own UI strings (kyodo_tui/ui/locales/*.toml, [results])
S = locales.table("results")
#: 自助・共助・公助 names for sentences
TRIAD_WORDS: tuple[UIText, UIText, UIText] = (
    UIText("results", "triad.self"), UIText("results", "triad.mutual"),
    UIText("results", "triad.public"),
)
def letter_label(letter: str, lang: str, tier: int = 0) -> str:
    return BAND_LABELS[letter][tier].get(lang)  # type: ignore[arg-type]


# ---------------------------------------------------------------- plain words


def region_phrase(contribution: Contribution, lang: str) -> str:
    """How one answer moved the position, in plain words (measured from the result)."""
    if contribution.effect is not None:
        return contribution.effect.text(lang)  # type: ignore[arg-type]
    shift = contribution.shift
    if abs(shift) < 0.02:
        text = S["why.middle"].get(lang)  # type: ignore[arg-type]
    else:
        direction = S["why.toward_a" if shift < 0 else "why.toward_e"].get(lang)  # type: ignore[arg-type]
        size = abs(shift)
        strength = (S["why.strong"].get(lang) if size >= 0.5  # type: ignore[arg-type]
                    else "" if size >= 0.2 else S["why.slight"].get(lang))  # type: ignore[arg-type]
        text = S["why.moved_ja"].get(lang).format(dir=direction, strength=strength)  # type: ignore[arg-type]
    return text


def triad_phrase_of(contribution: Contribution, lang: str) -> str:
    """How an answer set 自助・共助・公助, in plain words (measured from the result)."""
    if contribution.effect is not None:
        return contribution.effect.text(lang)  # type: ignore[arg-type]
    shifts = contribution.triad_shift
    top = max(range(3), key=lambda i: shifts[i])
    if shifts[top] < 0.02:
        return ""
    return S["why.triad"].get(lang).format(name=TRIAD_WORDS[top].get(lang))  # type: ignore[arg-type]


def contribution_rows(placement: Placement, lang: str) -> list[tuple[str, Content]]:
    """One (question id, two-line Content) per answer that moved you, biggest first."""
    by_q: dict[str, list[Contribution | None]] = {}
    for c in placement.region_contributions:
        by_q.setdefault(c.question_id, [None, None])[0] = c
    for c in placement.triad_contributions:
        by_q.setdefault(c.question_id, [None, None])[1] = c
    rows: list[tuple[str, Content]] = []
    for qid, (region, triad) in by_q.items():
        first = region or triad
        if first is None:
            continue
        phrases = []
        if region is not None:
            phrases.append(region_phrase(region, lang))
        if triad is not None:
            phrase = triad_phrase_of(triad, lang)
            if phrase:
                phrases.append(phrase)
        if not phrases:
            continue
        sentence = S["why.join"].get(lang).join(phrases)  # type: ignore[arg-type]
        if is_japanese(lang):
            sentence += "。"
        answer = S["why.answer"].get(lang).format(answer=first.answer.get(lang))  # type: ignore[arg-type]
        alone = ""
        # the letters the answer fits, unless its effect already names them
        says_fits = region is not None and region.effect is not None and region.effect.code in (
            "effect.alone", "effect.none", "effect.outweighed")
        if region is not None and region.letters and not says_fits:
            open_, close = ("（", "）") if is_japanese(lang) else (" (", ")")
            alone = open_ + S["why.alone"].get(lang).format(  # type: ignore[arg-type]
                letter=("・" if is_japanese(lang) else "/").join(region.letters)) + close
        content = Content.assemble(
            Content(first.prompt.get(lang)).stylize("dim"),  # type: ignore[arg-type]
            "\n",
            Content(answer).stylize("bold"),
            (alone, "dim"),
            "\n",
            Content(sentence),
        )
        rows.append((qid, content))
    return rows


def what_if_text(catalog: Catalog, placement: Placement, lang: str) -> str:
    """The smallest change that moves the letter, in plain words."""
    wi = placement.what_if
    if placement.letter is None:
        return ""
    if wi is None:
        return S["whatif.none"].get(lang).format(letter=placement.letter)  # type: ignore[arg-type]
    question = catalog.question(wi.question_id)
    prompt = question.prompt.get(lang) if question else wi.question_id  # type: ignore[arg-type]
    choice = question.choice(wi.choice_id) if question else None
    label = choice.label.get(lang) if choice else wi.choice_id  # type: ignore[arg-type]
    return S[f"whatif.{wi.change}"].get(lang).format(  # type: ignore[arg-type]
        prompt=prompt, choice=label, letter=wi.letter, label=letter_label(wi.letter, lang))


def margin_text(placement: Placement, lang: str) -> str:
    """How close the position is to the nearest letter boundary, in plain words."""
    pos, margin, letter = placement.position, placement.margin, placement.letter
    if pos is None or margin is None or letter is None:
        return ""
    boundary = min((0.5, 1.5, 2.5, 3.5), key=lambda b: abs(pos - b))
    i = letter_index(pos)
    other = REGIONS[letter_index(boundary + (0.01 if pos < boundary else -0.01))]
    if other == letter:  # at the very edge of A or E
        other = REGIONS[max(0, min(4, i + (1 if pos < boundary else -1)))]
    a, b = sorted((letter, other))
    if margin < 0.15:
        key = "margin.close"
    elif margin < 0.35:
        key = "margin.some"
    else:
        key = "margin.far"
    return S[key].get(lang).format(a=a, b=b, m=margin, letter=letter)  # type: ignore[arg-type]


# ---------------------------------------------------------------- small widgets


def heading(text: str, classes: str = "") -> Static:
    """A section heading (our own string, shown literally)."""
    return Prose(Content(text), classes=f"section-heading {classes}".strip())


def para(content: Content, classes: str = "") -> Static:
    """A paragraph of plain Content; ``indent`` gives it a hanging indent of 2."""
    return Prose(content, classes=f"para {classes}".strip())


def bullet(content: Content, *, marker: str = "-", muted: bool = False,
           width: int = 2) -> HorizontalGroup:
    """A bulleted line whose wrapped lines stay aligned after the marker."""
    mark = Static(Content(marker), classes="bullet-mark")
    mark.styles.width = width
    text = Prose(content, classes="bullet-text")
    return HorizontalGroup(mark, text, classes="bullet -muted" if muted else "bullet")


#: the style of a tab page's headings (as the class section-heading)
HEADING_STYLE = "bold $primary"


def heading_block(text: str, *, gap: int = 0) -> Block:
    """A section heading in a tab page (our own string, shown literally)."""
    return Block(Content(text), style=HEADING_STYLE, gap=gap)


def para_block(content: Content, *, indent: int = 0, gap: int = 0, muted: bool = False) -> Block:
    """A paragraph of plain Content in a tab page."""
    return Block(content, indent=indent, gap=gap, muted=muted)


def bullet_block(content: Content, *, marker: str = "-", muted: bool = False, width: int = 2,
                 indent: int = 2) -> Block:
    """A bulleted line whose wrapped lines stay aligned after the marker."""
    return Block(content, indent=indent, marker=marker, marker_width=width, muted=muted)


def replace_children(container: Any, widgets: Sequence[Any]) -> None:
    """Swap a container's children for ``widgets`` in one batch."""
    with container.app.batch_update():
        container.remove_children()
        container.mount_all(widgets)



class StepScroll(VerticalScroll, can_focus=False):
    """A scrolling pane of focusable items (cards, checkboxes): up/down move between them."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "step(1)", show=False),
        Binding("up", "step(-1)", show=False),
    ]

    def action_step(self, delta: int) -> None:
        items = [w for w in self.query("*") if w.focusable]
        if not items:
            self.scroll_relative(y=delta)
            return
        focused = self.screen.focused
        if focused in items:
            index = items.index(focused) + delta
        else:
            index = 0 if delta > 0 else len(items) - 1
        if 0 <= index < len(items):
            items[index].focus()
            if index == 0:
                self.scroll_home(animate=False)
        else:
            self.scroll_relative(y=delta)


class WhyList(OptionList):
    """The answers that moved you, then the what-if; Enter / tap edits that answer."""

    DEFAULT_CSS = """
    WhyList {
        height: 1fr;
        scrollbar-gutter: stable;
        background: $surface;
        border: none;
        padding: 0 1;
    }
    WhyList {
        border-left: outer $surface;
    }
    WhyList:focus {
        border: none;
        border-left: outer $primary;
        background: $surface-lighten-1;
    }

    """


# ---------------------------------------------------------------- the screen


class ResultsScreen(KyodoScreen):
    """Placement, reasons, what-if, forms, roles, activities, principles, next step."""

    TITLE_KEY = "results.title"

    CSS_PATH: ClassVar[Any] = [TCSS]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "review", "results.review"),
        Binding("b", "browse", "results.browse", show=False),
        Binding("s", "save_screenshot", "results.save", show=False),
        Binding("ctrl+s", "keep", "results.keep", key_display="^S"),
        Binding("h", "home", "results.home", show=False),
        *(Binding(str(n), f"show_tab({n - 1})", show=False) for n in range(1, len(TABS) + 1)),
    ]
    #: binding descriptions that are this screen's own strings
    BINDING_TEXTS: ClassVar[dict[str, Text]] = {
        "results.review": S["action.review"],
        "results.browse": S["action.browse"],
        "results.save": S["action.save"],
        "results.keep": S["action.keep"],
        "results.home": S["action.home"],
    }

    def __init__(self) -> None:
        super().__init__()
        self.placement: Placement | None = None
        self.recommendations: Recommendations | None = None
        self.compute_seconds: float = 0.0
        self._version: int | None = None
        self._checked: set[str] = set()
        self._rendered_lang: str | None = None
        #: the tab pages not built for the current answers and language yet
        self._stale: set[str] = set(PAGE_TABS)
        #: the directory "save image" writes to (None: the data dir)
        self.screenshot_dir: Path | None = None

    # -------------------------------------------------------------- strings
    def s(self, key: str, **params: object) -> str:
        text = S[key].get(self.lang)  # type: ignore[arg-type]
        return text.format(**params) if params else text

    def title_text(self) -> str:
        return self.s("title")


    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # with nothing to show, only the empty state's own actions make sense
        if action == "keep" and not self._can_keep():
            return False
        return not (self.has_class("-empty")
                    and action in ("review", "save_screenshot", "show_tab", "keep"))

    def _can_keep(self) -> bool:
        """Saving a result (with consent) is the standard flow's; other modes have their own."""
        return getattr(self.app, "mode", "standard") == "standard"

    # -------------------------------------------------------------- layout
    def compose_body(self) -> ComposeResult:
        with Vertical(id="results-empty"):
            yield Prose("", id="empty-title", classes="section-heading")
            yield Prose("", id="empty-body")
            with HorizontalGroup():
                yield Button("", id="empty-answer", variant="primary")
                yield Button("", id="empty-browse")
        with Vertical(id="results-main"):
            with Vertical(id="results-left"):
                yield Prose("", id="results-summary")
                yield SpectrumWidget(id="results-spectrum")
                yield TriadBar(id="results-triad")
                with Vertical(id="why-side", classes="pane"):
                    yield Prose("", classes="section-heading why-heading")
                    yield Prose("", classes="muted why-hint")
                    yield WhyList(id="why-list-side", classes="why-list")
            with Vertical(id="results-right"), TabbedContent(id="results-tabs"):
                with TabPane("", id="why"), Vertical(classes="pane"):
                    yield Prose("", classes="muted why-hint")
                    yield WhyList(id="why-list", classes="why-list")
                with TabPane("", id="forms"), VerticalScroll(classes="pane", id="forms-pane"):
                    yield BlocksView(id="forms-page")
                with TabPane("", id="roles"), VerticalScroll(classes="pane", id="roles-pane"):
                    yield BlocksView(id="roles-page")
                with TabPane("", id="activities"):
                    yield StepScroll(classes="pane", id="activities-pane")
                with TabPane("", id="principles"):
                    yield StepScroll(classes="pane", id="principles-pane")
                with TabPane("", id="next"), VerticalScroll(classes="pane", id="next-pane"):
                    yield BlocksView(id="next-page")
        with HorizontalGroup(id="results-actions"):
            yield Button("", id="act-review", compact=True)
            yield Button("", id="act-browse", compact=True)
            yield Button("", id="act-save", compact=True)
            # the standard flow's consent-first save; intake has its own, kiosk never saves
            yield Button("", id="act-keep", compact=True)
            yield Button("", id="act-home", compact=True)

    def on_mount(self) -> None:
        self.query_one("#act-keep", Button).display = self._can_keep()
        self.recompute()
        # the list on show: focusing the one in the (hidden) why tab would switch to it
        wide = self.app.size.width >= WIDE_AT
        self.query_one("#why-list-side" if wide else "#why-list", WhyList).focus()
        self._apply_width(self.app.size.width)
        self.call_after_refresh(lambda: self._apply_width(self.app.size.width))

    def on_screen_resume(self) -> None:
        self.lang = self._app_lang()  # before the recompute (the base would do it after)
        self._apply_width(self.app.size.width)
        if self._version != getattr(self.app, "answers_version", None):
            self.recompute()

    def on_resize(self, event: Resize) -> None:
        self._apply_width(self.app.size.width)

    def _apply_width(self, width: int) -> None:
        """Two columns from WIDE_AT columns: the why list moves to the left column."""
        wide = width >= WIDE_AT
        self.set_class(wide, "-two-col")
        tabs = self.query_one("#results-tabs", TabbedContent)
        why_tab = tabs.get_tab("why")
        if wide and why_tab.display:
            tabs.hide_tab("why")
        elif not wide and not why_tab.display:
            tabs.show_tab("why")
        if wide and tabs.active in ("why", ""):
            tabs.active = "forms"
            self._render_shown_page()
        if isinstance(self.focused, WhyList) or self.focused is None:
            self.query_one("#why-list-side" if wide else "#why-list", WhyList).focus()

    # -------------------------------------------------------------- computing
    def recompute(self) -> None:
        """Place and recommend from the app's current answers, then show them."""
        from kyodo_tui.core.placement import place
        from kyodo_tui.core.recommend import recommend

        app: Any = self.app
        started = time.perf_counter()
        answers = dict(app.answers)
        placement = place(app.catalog, answers)
        matcher = app.matcher
        self.recommendations = self.shown_recommendations(
            recommend(app.catalog, answers, placement, matcher, limit=10))
        self.placement = placement
        self.compute_seconds = time.perf_counter() - started
        if self.compute_seconds > SLOW:
            self.log.warning(f"results computed in {self.compute_seconds:.3f}s")
        self._version = getattr(app, "answers_version", 0)
        self._render_all()

    def shown_recommendations(self, recs: Recommendations) -> Recommendations:
        """What this screen shows of ``recs`` (a kiosk shows less: it is public)."""
        return recs

    # -------------------------------------------------------------- rendering
    def watch_lang(self, lang: str) -> None:
        tabs = self.query_one("#results-tabs", TabbedContent)
        for n, pane in enumerate(TABS, start=1):  # the number key that opens it, shown
            tabs.get_tab(pane).label = Content.assemble(
                (f"{n} ", "$text-muted"), self.s(f"tab.{pane}"))
        for button_id, key, shown in (
                ("act-review", "action.review", "e"), ("act-browse", "action.browse", "b"),
                ("act-save", "action.save", "s"), ("act-keep", "action.keep", "^S"),
                ("act-home", "action.home", "h"),
                ("empty-answer", "empty.answer", ""), ("empty-browse", "empty.browse", "")):
            label = self.s(key)
            self.query_one(f"#{button_id}", Button).label = Content(
                f"{shown} {label}" if shown else label)
        self.query_one("#empty-title", Static).update(Content(self.s("empty.title")))
        self.query_one("#empty-body", Static).update(Content(self.s("empty.body")))
        if self.placement is not None and self._rendered_lang != lang:
            self._render_all()

    def _render_all(self) -> None:
        placement = self.placement
        if placement is None:
            return
        self._rendered_lang = self.lang
        nothing = placement.answered == 0 and placement.unknown == 0 and not placement.placed
        if nothing != self.has_class("-empty"):
            self.set_class(nothing, "-empty")
            self.refresh_bindings()
        if nothing:
            self.query_one("#empty-answer", Button).focus()
        self._render_placement(placement)
        self._render_why(placement)
        # a tab's page is built when it is shown: the others wait, marked stale
        self._stale = set(PAGE_TABS)
        self._render_shown_page()

    def _render_shown_page(self) -> None:
        """Build the page of the tab on show if it is stale (answers or language changed)."""
        recs = self.recommendations
        pane = self.query_one("#results-tabs", TabbedContent).active
        if recs is None or pane not in self._stale:
            return
        self._stale.discard(pane)
        getattr(self, f"_render_{pane}")(recs)

    @on(TabbedContent.TabActivated, "#results-tabs")
    def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        event.stop()
        self._render_shown_page()

    def _render_placement(self, placement: Placement) -> None:
        lang = self.lang
        spectrum = self.query_one("#results-spectrum", SpectrumWidget)
        spectrum.lang = lang
        spectrum.set_placement(placement.position, placement.spread, placement.letter)
        triad = self.query_one("#results-triad", TriadBar)
        triad.lang = lang
        triad.set_triad(placement.triad, placement.triad_placed)
        if placement.letter is None:
            # 「まだ位置は決まっていません」 and the question that would place you (core)
            summary = Content(placement.summary.text(lang))  # type: ignore[arg-type]
        else:
            text = self.s("summary.placed", letter=placement.letter,
                          label=letter_label(placement.letter, lang))
            if placement.triad_placed:
                # Japanese sentences follow each other without a space after 。
                text += ("" if is_japanese(lang) else " ") + self.s(
                    "summary.triad", phrase=triad_phrase(placement.triad, lang))
            summary = Content(text)
        self.query_one("#results-summary", Static).update(summary)

    def _render_why(self, placement: Placement) -> None:
        lang = self.lang
        catalog = self.app.catalog  # type: ignore[attr-defined]
        for heading in self.query(".why-heading").results(Static):
            heading.update(Content(self.s("why.heading")))
        for hint in self.query(".why-hint").results(Static):
            hint.update(Content(self.s("why.hint")))
        options: list[Option] = []
        if placement.letter is not None:
            title = Content(self.s("whatif.heading")).stylize("bold underline")
            body = Content(what_if_text(catalog, placement, lang))
            margin = Content(margin_text(placement, lang)).stylize("dim")
            what_if = Content.assemble(title, "\n", body, "\n", margin)
            wi = placement.what_if
            if wi is not None:
                options.append(Option(ja(what_if), id=f"w:{wi.question_id}"))
            else:
                options.append(Option(ja(what_if), disabled=True))
        for qid, content in contribution_rows(placement, lang):
            options.append(Option(ja(content), id=f"q:{qid}"))
        if not placement.region_contributions and not placement.triad_contributions:
            options.append(Option(Content(self.s("why.none")).stylize("dim"),
                                  disabled=True))
        notes: list[str] = []
        if placement.unknown:
            notes.append(self.s("why.unknown", n=placement.unknown))
        if placement.low is not None and placement.high is not None:
            low = REGIONS[letter_index(placement.low)]
            high = REGIONS[letter_index(placement.high)]
            if low != high:
                notes.append(self.s("why.range", low=low, high=high))
        if notes:
            joined = ("" if is_japanese(lang) else " ").join(notes)
            options.append(Option(ja(Content(joined).stylize("dim")),
                                  disabled=True))
        for why_list in self.query(".why-list").results(WhyList):
            highlighted = why_list.highlighted
            why_list.set_options(options)
            if why_list.option_count:
                first = 0
                why_list.highlighted = (
                    min(highlighted, why_list.option_count - 1)
                    if highlighted is not None else first
                )

    def _label_value(self, key: str, value: Text | str) -> Content | None:
        """"効果：…" as one unbroken run in Japanese (it wraps by character), "Effect: …"."""
        text = value.get(self.lang) if isinstance(value, Text) else value  # type: ignore[arg-type]
        if not text:
            return None
        colon = "：" if is_japanese(self.lang) else ": "
        return Content.assemble((self.s(key) + colon, "bold $foreground-muted"), Content(text))

    def _render_forms(self, recs: Recommendations) -> None:
        lang = self.lang
        sep = "・" if is_japanese(lang) else ", "
        rows: list[Block] = [heading_block(self.s("forms.heading"))]
        if not recs.forms:
            rows.append(para_block(Content(self.s("forms.none")), muted=True))
        for note in recs.notes:
            rows.append(para_block(Content(note.text(lang)).stylize("italic"), indent=2))  # type: ignore[arg-type]
        for n, fit in enumerate(recs.forms, start=1):
            form = fit.form
            rows.append(para_block(Content.assemble(
                (f"{n}. ", "bold $accent"),
                Content(form.name.get(lang)).stylize("bold"),  # type: ignore[arg-type]
                (f"  {self.s('forms.regions')} {sep.join(form.regions)}", "$foreground-muted"),
            ), gap=1))
            rows.append(para_block(Content(form.description.get(lang)), indent=2))  # type: ignore[arg-type]
            for key, value in (
                ("forms.effect", form.effect),
                ("forms.cautions", form.cautions),
                ("forms.responsibility", form.responsibility),
                ("forms.leads", form.leads),
                ("forms.citizens", form.citizens_bring),
                ("forms.government", form.government_brings),
            ):
                content = self._label_value(key, value)
                if content is not None:
                    rows.append(para_block(content, indent=2))
            for reason in [r for r in fit.reasons if r.code in GOOD_REASONS][:3]:
                rows.append(bullet_block(Content(reason.text(lang))))  # type: ignore[arg-type]
        if recs.why_not:
            rows.append(heading_block(self.s("forms.why_not"), gap=1))
            for fit in recs.why_not:
                form = fit.form
                rows.append(para_block(Content.assemble(
                    Content(form.name.get(lang)).stylize("bold"),  # type: ignore[arg-type]
                    (f"  {self.s('forms.regions')} {sep.join(form.regions)}", "$foreground-muted"),
                ), gap=1))
                for reason in [r for r in fit.reasons if r.code not in GOOD_REASONS][:2]:
                    rows.append(bullet_block(Content(reason.text(lang)), muted=True))  # type: ignore[arg-type]
        self.query_one("#forms-page", BlocksView).set_blocks(rows)

    def _render_roles(self, recs: Recommendations) -> None:
        lang = self.lang
        rows: list[Block] = []
        answered = [r for r in recs.roles if r.answered]
        if answered:
            role_sets = answered
        else:
            role_sets = list(recs.roles)
            rows.append(heading_block(self.s("roles.all")))
            rows.append(para_block(Content(self.s("roles.all_hint")), muted=True))
        for role_set in role_sets:
            name = role_set.actor.name.get(lang)  # type: ignore[arg-type]
            if answered:
                rows.append(heading_block(self.s("roles.heading", actor=name)))
            else:
                rows.append(para_block(Content(name).stylize("bold"), gap=1))
            for role in role_set.roles:
                rows.append(bullet_block(Content(role.get(lang))))  # type: ignore[arg-type]
            if role_set.effects and answered:
                rows.append(heading_block(self.s("roles.effects"), gap=1))
                for effect in role_set.effects:
                    rows.append(bullet_block(Content(effect.get(lang))))  # type: ignore[arg-type]
        self.query_one("#roles-page", BlocksView).set_blocks(rows)

    def _render_activities(self, recs: Recommendations) -> None:
        pane = self.query_one("#activities-pane", VerticalScroll)
        widgets: list[Any] = [
            Prose(Content(self.s("activities.heading")), classes="section-heading"),
        ]
        if recs.activities:
            widgets.append(Prose(Content(self.s("activities.hint")), classes="muted block"))
            highlighter = _highlighter(recs.query)
            for match in recs.activities:
                why = [text_of(r, self.lang) for r in match.reasons]
                widgets.append(ActivityCard(
                    match.activity, catalog=self.app.catalog,  # type: ignore[attr-defined]
                    why=why, highlighter=highlighter, show_description=True,
                    classes="result-card",
                ))
        else:
            widgets.append(Prose(Content(self.s("activities.none")), classes="muted block"))
        widgets.append(Button(Content(self.s("activities.browse")), classes="activities-browse",
                              compact=True))
        replace_children(pane, widgets)

    def _render_principles(self, recs: Recommendations) -> None:
        pane = self.query_one("#principles-pane", VerticalScroll)
        lang = self.lang
        total = len(recs.principles)
        done = sum(1 for p in recs.principles if p.principle.id in self._checked)
        widgets: list[Any] = [
            Prose(Content(self.s("principles.heading")), classes="section-heading"),
            Prose(Content(self.s("principles.hint") + "  "
                           + self.s("principles.done", n=done, total=total)),
                   classes="muted block principles-count"),
        ]
        for check in recs.principles:
            principle = check.principle
            label = Content(principle.name.get(lang))  # type: ignore[arg-type]
            if check.at_stake:
                label = Content.assemble(label, ("  (" + self.s("principles.at_stake") + ")",
                                                 "$accent"))
            widgets.append(AsciiCheckbox(label, principle.id in self._checked,
                                         name=principle.id, classes="principle-box"))
            # the note and the reasons under the box: one widget
            widgets.append(BlocksView([
                para_block(Content(principle.description.get(lang)), indent=4, muted=True),  # type: ignore[arg-type]
                *(bullet_block(Content(reason.text(lang)), muted=True, indent=4)  # type: ignore[arg-type]
                  for reason in check.reasons),
            ], classes="principle-notes"))
        replace_children(pane, widgets)

    @on(Checkbox.Changed, ".principle-box")
    def _principle_ticked(self, event: Checkbox.Changed) -> None:
        event.stop()
        pid = event.checkbox.name or ""
        if event.value:
            self._checked.add(pid)
        else:
            self._checked.discard(pid)
        recs = self.recommendations
        if recs is not None:
            total = len(recs.principles)
            done = sum(1 for p in recs.principles if p.principle.id in self._checked)
            pane = self.query_one("#principles-pane", VerticalScroll)
            pane.query_one(".principles-count", Static).update(Content(
                self.s("principles.hint") + "  " + self.s("principles.done", n=done, total=total)))

    def _render_next(self, recs: Recommendations) -> None:
        lang = self.lang
        catalog = self.app.catalog  # type: ignore[attr-defined]
        rows: list[Block] = [heading_block(self.s("next.heading"))]
        nxt = recs.next_step
        if nxt is None:
            rows.append(para_block(Content(self.s("next.none")), muted=True))
        else:
            rows.append(para_block(Content(nxt.reason.text(lang))))  # type: ignore[arg-type]
            rows.append(para_block(Content.assemble(
                Content(nxt.step.stage.get(lang) + " / ").stylize("$foreground-muted"),  # type: ignore[arg-type]
                Content(nxt.step.name.get(lang)).stylize("bold $accent"),  # type: ignore[arg-type]
            ), indent=2, gap=1))
            rows.append(para_block(Content(nxt.step.description.get(lang)), indent=2))  # type: ignore[arg-type]
            rows.append(heading_block(self.s("next.cycle"), gap=1))
            now_id = nxt.current.id if nxt.current is not None else None
            marks = {now_id: self.s("next.now"), nxt.step.id: self.s("next.next")}
            width = max(_cells(f"[{m}]") for m in marks.values()) + 1
            for step in sorted(catalog.cycle, key=lambda s: s.order):
                mark = marks.get(step.id, "")
                row = Content.assemble(
                    Content(step.stage.get(lang) + " / ").stylize("$foreground-muted"),  # type: ignore[arg-type]
                    Content(step.name.get(lang)),  # type: ignore[arg-type]
                )
                if mark:
                    row = row.stylize("bold")
                rows.append(bullet_block(row, marker=f"[{mark}]" if mark else "", width=width))
        desk = catalog.contacts.get("desk") or next(iter(catalog.contacts.values()), None)
        if desk is not None:
            rows.append(heading_block(self.s("next.contact"), gap=1))
            rows.append(para_block(Content(desk.name.get(lang)).stylize("bold")))  # type: ignore[arg-type]
            rows.append(para_block(Content(desk.description.get(lang))))  # type: ignore[arg-type]
            for key, value in (("next.phone", desk.phone), ("next.email", desk.email),
                               ("next.url", desk.url)):
                content = self._label_value(key, value)
                if content is not None:
                    rows.append(para_block(content, indent=2))
        self.query_one("#next-page", BlocksView).set_blocks(rows)

    # -------------------------------------------------------------- events
    @on(OptionList.OptionSelected, ".why-list")
    def _why_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        if ":" in option_id:
            qid = option_id.split(":", 1)[1]
            self.kyodo.edit_question(qid, return_to="results")

    @on(ActivityCard.Selected)
    def _card_selected(self, event: ActivityCard.Selected) -> None:
        event.stop()
        from kyodo_tui.ui.screens.browse import ActivityDetailScreen

        self.app.push_screen(ActivityDetailScreen(event.activity))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {
            "act-review": self.action_review,
            "act-browse": self.action_browse,
            "act-save": self.action_save_screenshot,
            "act-keep": self.action_keep,
            "act-home": self.action_home,
            "empty-answer": self.action_answer,
            "empty-browse": self.action_browse,
        }
        action = actions.get(event.button.id or "")
        if event.button.has_class("activities-browse"):
            action = self.action_browse
        if action is not None:
            event.stop()
            action()

    # -------------------------------------------------------------- actions
    def action_keep(self) -> None:
        """Ask for consent in plain words, then save the answers as a record."""
        from kyodo_tui.ui.screens.save_consent import offer_save

        offer_save(self.kyodo)

    def action_review(self) -> None:
        self.kyodo.show_review()

    def action_browse(self) -> None:
        self.kyodo.show_browse()

    def action_home(self) -> None:
        self.kyodo.go_home()

    def action_answer(self) -> None:
        app: Any = self.app
        app.start_flow(getattr(app, "kind", "individual"))

    def action_show_tab(self, index: int) -> None:
        tabs = self.query_one("#results-tabs", TabbedContent)
        if 0 <= index < len(TABS):
            pane = TABS[index]
            if pane == "why" and self.has_class("-two-col"):
                self.query_one("#why-list-side", WhyList).focus()
                return
            tabs.active = pane
            self._render_shown_page()
            # focus inside the pane now (the switcher shows it at once): focusing
            # a pane activates its tab, so a focus still in flight from the old pane
            # must not be the last word
            if not self._focus_pane(pane):
                self.call_after_refresh(self._focus_pane, pane)

    @property
    def focus_chain(self) -> list[Widget]:
        """Tab order: the content first, then the tab bar right after it (one Tab
        from the list to the tabs), then the action row and the header."""
        chain = super().focus_chain
        tabs = [w for w in chain if isinstance(w, Tabs)]
        header = [w for w in chain if w.id in ("back", "lang-ja", "lang-en")]
        actions = [w for w in chain if w.id is not None and w.id.startswith("act-")]
        rest = [w for w in chain if w not in tabs and w not in header and w not in actions]
        return [*rest, *tabs, *actions, *header]

    def _focus_pane(self, pane_id: str) -> bool:
        """Focus the first focusable widget of a tab pane (a list, card, box or scroll)."""
        pane = self.query_one(f"#results-tabs #{pane_id}", TabPane)
        for widget in pane.query("*"):
            if widget.focusable:
                widget.focus()
                return True
        return False

    def action_save_screenshot(self) -> None:
        """Save the screen as an SVG under the data dir's ``exports`` folder (0600 in a
        0700 folder, like the records; or ``screenshot_dir``), and say where."""
        from kyodo_tui.core.errors import KyodoInputError
        from kyodo_tui.core.export import exports_dir, private_dir, write_new_file

        name = datetime.now().strftime("kyodo-results-%Y%m%d-%H%M%S.svg")
        try:
            directory = private_dir(self.screenshot_dir if self.screenshot_dir is not None
                                    else exports_dir(getattr(self.app, "data_dir", None)))
            path = directory / name
            n = 1
            while path.exists():
                n += 1
                path = directory / name.replace(".svg", f"-{n}.svg")
            write_new_file(path, self.app.export_screenshot().encode("utf-8"))
        except KyodoInputError as exc:
            message = "; ".join(str(p) for p in exc.problems)
            self.notify(self.s("save_failed", error=message), severity="error", markup=False)
            return
        self.last_screenshot = str(path)
        self.notify(self.s("saved", path=str(path)), markup=False, timeout=10)


def _cells(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def _highlighter(query: str) -> Any:
    if not query:
        return None
    from kyodo_tui.core.matching import highlight_spans

    def highlight(text: str) -> list[tuple[int, int]]:
        return list(highlight_spans(text, query))

    return highlight

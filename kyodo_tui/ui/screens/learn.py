"""The learn screen (「知ってみる」): the A–E spectrum, 自助・共助・公助, forms,
principles, the collaboration cycle, and words told apart (参加/協働, 共同/協同/協働,
「協働に聖域はない」, Bihoro's three patterns as B, C, D; core/officer/learn.py).
Forms, principles and the cycle are read from the catalog, so a municipality's own layer shows here too."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalGroup, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static, TabbedContent, TabPane, Tabs

from kyodo_tui.core.langs import is_japanese
from kyodo_tui.core.model import REGIONS, fill_placeholders
from kyodo_tui.ui.screens.base import KyodoScreen

#: (pane id, string key of the tab label)
TABS: tuple[tuple[str, str], ...] = (
    ("learn-spectrum", "learn.tab.spectrum"),
    ("learn-triad", "learn.tab.triad"),
    ("learn-forms", "learn.tab.forms"),
    ("learn-principles", "learn.tab.principles"),
    ("learn-cycle", "learn.tab.cycle"),
    ("learn-words", "learn.tab.words"),
)


class LearnScroll(VerticalScroll):
    """A pane's text: up/down scroll it, left/right switch tabs."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "screen.tab(-1)", show=False),
        Binding("right", "screen.tab(1)", show=False),
    ]


class LearnScreen(KyodoScreen):
    """Tabs of short explanations; 1-5 or left/right switch tabs."""

    TITLE_KEY = "learn.title"

    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(n), f"show_tab({n - 1})", show=False) for n in range(1, len(TABS) + 1)),
    ]

    def compose_body(self) -> ComposeResult:
        with TabbedContent(id="learn-tabs"):
            for pane_id, _key in TABS:
                with TabPane("", id=pane_id):
                    yield LearnScroll(classes="learn-scroll")

    def on_mount(self) -> None:
        self._focus_active()

    def _focus_active(self) -> None:
        active = self.query_one("#learn-tabs", TabbedContent).active or TABS[0][0]
        self.query_one(f"#{active} .learn-scroll", LearnScroll).focus()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self._fill_shown()
        if not isinstance(self.focused, Tabs):
            self.call_after_refresh(self._focus_active)

    def action_show_tab(self, index: int) -> None:
        self.query_one("#learn-tabs", TabbedContent).active = TABS[index][0]
        self._fill_shown()

    def action_tab(self, step: int) -> None:
        ids = [pane_id for pane_id, _ in TABS]
        active = self.query_one("#learn-tabs", TabbedContent).active
        i = ids.index(active) if active in ids else 0
        self.action_show_tab((i + step) % len(ids))

    def watch_lang(self, lang: str) -> None:
        tabbed = self.query_one("#learn-tabs", TabbedContent)
        for n, (pane_id, key) in enumerate(TABS, start=1):
            tabbed.get_tab(pane_id).label = Content(f"{n} {self.t(key)}")
        # a tab's text is built when the tab is shown: the others wait, marked stale
        self._stale = {pane_id for pane_id, _ in TABS}
        self._fill_shown()

    def _fill_shown(self) -> None:
        """Build the shown tab's text if it is stale (new, or the language changed)."""
        active = self.query_one("#learn-tabs", TabbedContent).active or TABS[0][0]
        if active not in getattr(self, "_stale", ()):
            return
        self._stale.discard(active)
        build = {
            "learn-spectrum": self._spectrum, "learn-triad": self._triad,
            "learn-forms": self._forms, "learn-principles": self._principles,
            "learn-cycle": self._cycle, "learn-words": self._words,
        }[active]
        self._fill(active, build())

    def _fill(self, pane_id: str, widgets: list[Widget]) -> None:
        scroll = self.query_one(f"#{pane_id} .learn-scroll", LearnScroll)
        with self.app.batch_update():
            scroll.remove_children()
            scroll.mount_all(widgets)

    # ------------------------------------------------------------------ items
    def _intro(self, key: str) -> Widget:
        return Static(Content(self.t(key)), classes="learn-intro")

    def _item(self, title: Content, *lines: Content) -> Widget:
        """A bold title and, under it, indented lines (wrapped with a hanging indent)."""
        body = [Static(title, classes="learn-item-title")]
        body += [Static(line, classes="learn-item-line") for line in lines if line]
        return VerticalGroup(*body, classes="learn-item")

    def _label(self, key: str, text: str) -> Content:
        colon = "：" if is_japanese(self.lang) else ": "
        return Content.assemble((self.t(key) + colon, "$text-muted"), Content(text))

    def _empty(self) -> Widget:
        return Static(Content(self.t("learn.empty")), classes="learn-intro")

    # ------------------------------------------------------------------ panes
    def _spectrum(self) -> list[Widget]:
        lang = self.lang
        sep = "、" if is_japanese(lang) else ", "
        forms = list(self.kyodo.catalog.forms.values())
        out = [self._intro("learn.spectrum.intro")]
        for letter in REGIONS:
            names = [f.name.get(lang) for f in forms if letter in f.regions]
            title = Content.assemble((f" {letter} ", "bold reverse $primary"), " ",
                                     Content(fill_placeholders(
                                         self.t(f"learn.region.{letter}"),
                                         self.kyodo.catalog.municipality.words(lang))))
            out.append(self._item(title, Content(sep.join(names)).stylize("$text-muted")))
        return out

    def _triad(self) -> list[Widget]:
        out = [self._intro("learn.triad.intro")]
        for key in ("self", "mutual", "public"):
            head, _, rest = self.t(f"learn.triad.{key}").partition(":")
            out.append(self._item(Content(head).stylize("bold $primary"),
                                  Content(rest.strip())))
        return out

    def _forms(self) -> list[Widget]:
        lang = self.lang
        forms = sorted(self.kyodo.catalog.forms.values(),
                       key=lambda f: (min((REGIONS.index(r) for r in f.regions), default=9), f.id))
        out = [self._intro("learn.forms.intro")]
        if not forms:
            out.append(self._empty())
        for form in forms:
            regions = ("・" if is_japanese(lang) else "/").join(form.regions)
            title = Content.assemble(Content(form.name.get(lang)).stylize("bold $primary"),
                                     ("  " + self.t("learn.regions") + " " + regions,
                                      "$text-muted"))
            out.append(self._item(
                title,
                Content(form.description.get(lang)),
                self._label("learn.effect", form.effect.get(lang)),
                self._label("learn.cautions", form.cautions.get(lang)),
            ))
        return out

    def _principles(self) -> list[Widget]:
        lang = self.lang
        out = [self._intro("learn.principles.intro")]
        principles = list(self.kyodo.catalog.principles.values())
        if not principles:
            out.append(self._empty())
        for n, principle in enumerate(principles, start=1):
            out.append(self._item(
                Content(f"{n}. {principle.name.get(lang)}").stylize("bold $primary"),
                Content(principle.description.get(lang)),
            ))
        return out

    def _cycle(self) -> list[Widget]:
        lang = self.lang
        out = [self._intro("learn.cycle.intro")]
        steps = sorted(self.kyodo.catalog.cycle, key=lambda s: s.order)
        if not steps:
            out.append(self._empty())
        for step in steps:
            title = Content.assemble(
                (f"{step.order}. ", "bold $primary"),
                Content(step.name.get(lang)).stylize("bold $primary"),
                ("  " + step.stage.get(lang), "$accent"),
            )
            out.append(self._item(title, Content(step.description.get(lang))))
        return out

    def _words(self) -> list[Widget]:
        from kyodo_tui.core.officer.learn import ENTRIES

        lang = self.lang
        colon = "：" if is_japanese(lang) else ": "
        out = [self._intro("learn.words.intro")]
        for entry in ENTRIES:
            lines = [Content.assemble((label.get(lang) + colon, "bold $accent"),
                                      Content(text.get(lang)))
                     if label.get(lang) else Content(text.get(lang))
                     for label, text in entry.lines]
            source = ", ".join(str(c) for c in entry.cites)
            lines.append(self._label("learn.source", source))
            out.append(self._item(Content(entry.title.get(lang)).stylize("bold $primary"),
                                  *lines))
        return out

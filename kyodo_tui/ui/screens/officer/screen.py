"""The officer's screen (協働の検討) for one saved record, in four tabs:

1 協働すべきか  the five viewpoints (004 Ⅳ-1) -> verdict, regions, forms, reasons
2 パートナー    the selection checklist (the officer's, or the partner's own view)
3 協定書        the agreement outline (003 協働への合意), exported as Markdown
4 評価          this side's evaluation, recorded into the history; both sides shown

All logic is the core's (:mod:`kyodo_tui.core.officer`); this screen only reads
the widgets, calls the core and shows what it returns. Saved through the store's
session API (the record's ``officer`` table).
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup, VerticalGroup, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static, TabbedContent, TabPane, Tabs

from kyodo_tui.core.errors import KyodoInputError
from kyodo_tui.core.model import Text
from kyodo_tui.core.officer import evaluation as ev
from kyodo_tui.core.officer import partner as pt
from kyodo_tui.core.officer import record as rec
from kyodo_tui.core.officer import viewpoints as vp
from kyodo_tui.core.officer.agreement import outline, write_new
from kyodo_tui.core.officer.common import LEVEL_TEXT, LEVELS
from kyodo_tui.core.storage import Session, Store
from kyodo_tui.ui.screens.base import KyodoScreen
from kyodo_tui.ui.screens.officer import strings as ostrings
from kyodo_tui.ui.screens.officer.sections import evaluation_rows, partner_rows
from kyodo_tui.ui.widgets.checklist import Checklist, ChecklistRow
from kyodo_tui.ui.widgets.key_button import KeyButton

TABS: tuple[tuple[str, str], ...] = (
    ("of-viewpoints", "tab.viewpoints"),
    ("of-partner", "tab.partner"),
    ("of-agreement", "tab.agreement"),
    ("of-evaluation", "tab.evaluation"),
)


def _error_text(exc: BaseException) -> str:
    problems = getattr(exc, "problems", None)
    return "; ".join(str(p) for p in problems) if problems else str(exc)


class OfficerScreen(KyodoScreen):
    """Should we collaborate, with whom, on what terms, and how did it go."""

    #: absolute: a relative CSS_PATH resolves beside a subclass's own module
    CSS_PATH = Path(__file__).with_name("officer.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "bind.save", priority=True),
    ]
    BINDING_TEXTS: ClassVar[dict[str, Text]] = {
        "bind.save": ostrings.STRINGS["bind.save"],  # type: ignore[dict-item]
    }

    def __init__(self, session: Session, store: Store, *, pair: Session | None = None,
                 export_dir: Path | None = None) -> None:
        super().__init__()
        self.session = session
        self.store = store
        self.pair = pair
        self.export_dir = export_dir if export_dir is not None else Path.cwd()
        self.side = rec.side_of(session)
        self.data = rec.officer_data(session)
        views = self.data.viewpoints
        self._levels: dict[str, dict[str, str]] = {
            "vp": {**dict.fromkeys(vp.VIEWPOINTS, "unknown"),
                   **(views.answers if views else {})},
            "pt": dict(self.data.partner.answers) if self.data.partner else {},
            "ev": {},
        }
        self._lead = views.lead if views else "unknown"
        self._traits = set(views.traits) if views else set()
        self._forms = views.forms if views else ()

    def o(self, key: str, **params: object) -> str:
        text = ostrings.t(key, self.lang)
        return text.format(**params) if params else text

    def title_text(self) -> str:
        return self.o("title", label=self.session.label.strip() or self.session.id)

    # ------------------------------------------------------------ compose
    def compose_body(self) -> ComposeResult:
        views = self.data.viewpoints or vp.ViewpointAnswers()
        check = self.data.partner or pt.PartnerCheck(side=self.side)
        with TabbedContent(id="officer-tabs"):
            with TabPane("", id="of-viewpoints"), VerticalScroll(classes="of-scroll"):
                with HorizontalGroup(classes="of-field"):
                    yield Label("", id="vp-project-label", classes="of-label")
                    yield Input(views.project, id="vp-project", max_length=200)
                with HorizontalGroup(classes="of-field"):
                    yield Label("", id="vp-purpose-label", classes="of-label")
                    yield Input(views.purpose, id="vp-purpose", max_length=2000)
                yield Static("", id="vp-heading", classes="of-heading")
                yield Checklist([], id="vp-list")
                yield Static("", id="vp-help", classes="of-help")
                yield VerticalGroup(id="vp-result")
                yield Static("", id="vp-forms-heading", classes="of-heading")
                yield Checklist([], id="vp-forms")
            with TabPane("", id="of-partner"), VerticalScroll(classes="of-scroll"):
                with HorizontalGroup(classes="of-field"):
                    yield Label("", id="pt-name-label", classes="of-label")
                    yield Input(check.name, id="pt-name", max_length=200)
                yield Static("", id="pt-heading", classes="of-heading")
                yield Checklist([], id="pt-list")
                yield Static("", id="pt-help", classes="of-help")
                yield VerticalGroup(id="pt-side")
            with TabPane("", id="of-agreement"), VerticalScroll(classes="of-scroll"):
                yield Static("", id="ag-intro", classes="of-intro")
                with HorizontalGroup(classes="of-field"):
                    yield Label("", id="ag-path-label", classes="of-label")
                    yield Input("", id="ag-path")
                yield KeyButton("", id="ag-export", compact=True)
                yield Static("", id="ag-preview")
            with TabPane("", id="of-evaluation"), VerticalScroll(classes="of-scroll"):
                yield Static("", id="ev-heading", classes="of-heading")
                yield Checklist([], id="ev-list")
                yield Static("", id="ev-help", classes="of-help")
                with HorizontalGroup(classes="of-field"):
                    yield Label("", id="ev-notes-label", classes="of-label")
                    yield Input("", id="ev-notes", max_length=5000)
                yield KeyButton("", id="ev-record", compact=True)
                yield VerticalGroup(id="ev-side")
        yield Static("", id="officer-status")

    def on_mount(self) -> None:
        self.query_one("#ag-path", Input).value = str(self.export_dir / self._default_name())
        tabbed = self.query_one("#officer-tabs", TabbedContent)
        target = self.TAB_FOCUS.get(tabbed.active or "of-viewpoints", "#vp-list")
        self.query_one(target).focus()

    #: the widget a tab's keys go to when the tab is shown
    TAB_FOCUS: ClassVar[dict[str, str]] = {
        "of-viewpoints": "#vp-list", "of-partner": "#pt-list",
        "of-agreement": "#ag-export", "of-evaluation": "#ev-list",
    }

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        """Keys go to the shown tab's checklist, unless the person is on the tab bar."""
        if isinstance(self.focused, Tabs):
            return
        self.call_after_refresh(self._focus_active)

    def _focus_active(self) -> None:
        active = self.query_one("#officer-tabs", TabbedContent).active or "of-viewpoints"
        focused = self.focused
        if focused is not None and active in {a.id for a in focused.ancestors_with_self}:
            return
        widget = self.query_one(self.TAB_FOCUS.get(active, "#vp-list"))
        if not widget.disabled:
            widget.focus()

    def _default_name(self) -> str:
        return f"kyotei-{self.session.id}.md"

    # ------------------------------------------------------------ rows
    def _level_options(self) -> tuple[tuple[str, str], ...]:
        return tuple((lv, LEVEL_TEXT[lv].get(self.lang)) for lv in LEVELS)

    def _vp_rows(self) -> list[ChecklistRow]:
        catalog = self.kyodo.catalog
        levels = self._level_options()
        rows = []
        for vid in vp.VIEWPOINTS:
            v = catalog.viewpoints.get(vid)
            rows.append(ChecklistRow(vid, v.name.get(self.lang) if v else vid, levels,
                                     self._levels["vp"].get(vid, "unknown"),
                                     v.description.get(self.lang) if v else ""))
        rows.append(ChecklistRow("lead", self.o("vp.lead"),
                                 tuple((k, vp.LEAD_TEXT[k].get(self.lang)) for k in vp.LEADS),
                                 self._lead, f"{self.o('vp.lead.help')} [{vp.C_PATTERNS}]"))
        toggle = (("off", self.o("vp.trait.off")), ("on", self.o("vp.trait.on")))
        for trait in vp.TRAITS:
            rows.append(ChecklistRow(f"trait-{trait}",
                                     self.o("vp.trait", name=vp.TRAIT_TEXT[trait].get(self.lang)),
                                     toggle, "on" if trait in self._traits else "off",
                                     f"{self.o('vp.trait.help')} [{vp.SEED_004}:392-393]"))
        return rows

    def _form_rows(self) -> list[ChecklistRow]:
        toggle = (("off", self.o("vp.trait.off")), ("on", self.o("vp.considered")))
        return [ChecklistRow(f.id, f"{f.name.get(self.lang)}  {'・'.join(f.regions)}", toggle,
                             "on" if f.id in self._forms else "off", f.leads.get(self.lang))
                for f in self.kyodo.catalog.forms.values()]

    def _pt_rows(self) -> list[ChecklistRow]:
        levels = self._level_options()
        out = []
        for c in pt.items_for(self.side):
            prompt = c.officer if self.side == "government" else (c.self_check or c.officer)
            out.append(ChecklistRow(c.id, c.name.get(self.lang), levels,
                                    self._levels["pt"].get(c.id, "unknown"),
                                    f"{prompt.get(self.lang)} [{c.cite}]"))
        return out

    def _ev_rows(self) -> list[ChecklistRow]:
        levels = self._level_options()
        out = [ChecklistRow(i.id, i.name.get(self.lang), levels,
                            self._levels["ev"].get(i.id, "unknown"),
                            f"{i.prompt.get(self.lang)} [{i.cite}]") for i in ev.ITEMS]
        out += [ChecklistRow(f"p-{p.id}", self.o("ev.principle", name=p.name.get(self.lang)),
                             levels, self._levels["ev"].get(f"p-{p.id}", "unknown"),
                             p.description.get(self.lang))
                for p in self.kyodo.catalog.principles.values()]
        return out

    # ------------------------------------------------------------ language
    def watch_lang(self, lang: str) -> None:
        tabbed = self.query_one("#officer-tabs", TabbedContent)
        for n, (pane_id, key) in enumerate(TABS, start=1):
            tabbed.get_tab(pane_id).label = Content(f"{n} {self.o(key)}")
        for label_id, key in (("vp-project-label", "vp.project"),
                              ("vp-purpose-label", "vp.purpose"),
                              ("pt-name-label", "pt.name" if self.side == "government"
                               else "pt.name.self"),
                              ("ag-path-label", "ag.path"), ("ev-notes-label", "ev.notes")):
            self.query_one(f"#{label_id}", Label).update(Content(self.o(key)))
        self.query_one("#vp-heading", Static).update(Content(self.o("vp.heading")))
        self.query_one("#pt-heading", Static).update(Content(self.o(f"pt.heading.{self.side}")))
        self.query_one("#ev-heading", Static).update(Content(self.o("ev.heading")))
        self.query_one("#ag-intro", Static).update(Content(self.o("ag.intro")))
        self.query_one("#ag-export", Button).label = Content(self.o("ag.export"))
        self.query_one("#ev-record", Button).label = Content(self.o("ev.record"))
        self.query_one("#vp-list", Checklist).set_rows(self._vp_rows())
        self.query_one("#vp-forms", Checklist).set_rows(self._form_rows())
        self.query_one("#vp-forms-heading", Static).update(Content(self.o("vp.forms.pick")))
        self.query_one("#pt-list", Checklist).set_rows(self._pt_rows())
        self.query_one("#ev-list", Checklist).set_rows(self._ev_rows())
        self._show_all()

    # ------------------------------------------------------------ state
    def viewpoint_answers(self) -> vp.ViewpointAnswers:
        return vp.ViewpointAnswers(
            project=self.query_one("#vp-project", Input).value.strip(),
            purpose=self.query_one("#vp-purpose", Input).value.strip(),
            lead=self._lead, traits=tuple(t for t in vp.TRAITS if t in self._traits),
            forms=self._forms,
            answers={k: v for k, v in self._levels["vp"].items() if k in vp.VIEWPOINTS})

    def partner_check(self) -> pt.PartnerCheck:
        notes = self.data.partner.notes if self.data.partner else {}
        return pt.PartnerCheck(self.query_one("#pt-name", Input).value.strip(), self.side,
                               {k: v for k, v in self._levels["pt"].items() if v != "unknown"},
                               dict(notes))

    def evaluation_now(self) -> ev.Evaluation:
        items = {k: v for k, v in self._levels["ev"].items()
                 if k in ev.ITEM_IDS and v != "unknown"}
        principles = {k[2:]: v for k, v in self._levels["ev"].items()
                      if k.startswith("p-") and v != "unknown"}
        return ev.Evaluation(ev.now_iso(), self.side, items, principles,
                             self.query_one("#ev-notes", Input).value.strip())

    def on_checklist_changed(self, event: Checklist.Changed) -> None:
        event.stop()
        list_id = event.checklist.id or ""
        if list_id == "vp-list":
            if event.row_id == "lead":
                self._lead = event.value
            elif event.row_id.startswith("trait-"):
                trait = event.row_id.removeprefix("trait-")
                (self._traits.add if event.value == "on" else self._traits.discard)(trait)
            else:
                self._levels["vp"][event.row_id] = event.value
            self._show_viewpoints()
        elif list_id == "vp-forms":
            chosen = set(self._forms) - {event.row_id}
            if event.value == "on":
                chosen.add(event.row_id)
            self._forms = tuple(f for f in self.kyodo.catalog.forms if f in chosen)
            self._show_viewpoints()
            self._show_agreement()
        elif list_id == "pt-list":
            self._levels["pt"][event.row_id] = event.value
            self._show_partner()
        elif list_id == "ev-list":
            self._levels["ev"][event.row_id] = event.value

    def on_checklist_highlighted(self, event: Checklist.Highlighted) -> None:
        event.stop()
        help_id = (event.checklist.id or "").replace("-list", "-help")
        for widget in self.query(f"#{help_id}").results(Static):
            widget.update(Content(event.row.help if event.row is not None else ""))

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id in ("vp-project", "vp-purpose"):
            self._show_viewpoints()
            self._show_agreement()

    # ------------------------------------------------------------ show
    def _show_all(self) -> None:
        self._show_viewpoints()
        self._show_partner()
        self._show_agreement()
        self._show_evaluation()

    def _fill(self, group_id: str, widgets: list[Widget]) -> None:
        group = self.query_one(f"#{group_id}", VerticalGroup)
        with self.app.batch_update():
            group.remove_children()
            group.mount_all(widgets)

    def _show_viewpoints(self) -> None:
        catalog = self.kyodo.catalog
        lang = self.lang
        result = vp.assess(catalog, self.viewpoint_answers())
        widgets: list[Widget] = [Static(Content(self.o(
            "vp.result", verdict=vp.VERDICT_TEXT[result.verdict].get(lang))),
            classes=f"of-verdict -{result.verdict}")]
        widgets += [Static(Content(why.render(lang)), classes="of-line")
                    for why in result.reasons]
        widgets.append(Static(Content(self.o("vp.regions")), classes="of-subheading"))
        for region in result.regions:
            for why in region.why:
                widgets.append(Static(Content.assemble((f" {region.letter} ", "bold reverse"),
                                                       " ", Content(why.render(lang))),
                                      classes="of-line"))
        if result.forms:
            widgets.append(Static(Content(self.o("vp.forms")), classes="of-subheading"))
            for fit in result.forms:
                mark = f" ({self.o('vp.considered')})" if fit.considered else ""
                widgets.append(Static(Content.assemble(
                    (fit.form.name.get(lang) + mark, "bold"),
                    (f"  {'・'.join(fit.form.regions)}  ", "$text-muted"),
                    Content(fit.why.text.get(lang)),
                    (f"  [{', '.join(fit.form.source)}]", "$text-muted")),
                    classes="of-line"))
        widgets.append(Static(Content(f"{self.o('source')}: {vp.C_VIEWPOINTS}"),
                              classes="of-source"))
        self._fill("vp-result", widgets)

    def _pair_parties(self) -> tuple[Session | None, Session | None]:
        if self.side == "citizen":
            return self.session, self.pair
        return self.pair, self.session

    def _show_partner(self) -> None:
        mine = self.partner_check()
        other = rec.officer_data(self.pair).partner if self.pair is not None else None
        g, c = (mine, other) if self.side == "government" else (other, mine)
        widgets: list[Widget] = []
        if self.pair is None:
            widgets.append(Static(Content(self.o("pair.missing")), classes="of-note"))
        widgets += partner_rows(g, c, self.lang)
        self._fill("pt-side", widgets)

    def _show_agreement(self) -> None:
        citizen, government = self._pair_parties()
        preview = self.query_one("#ag-preview", Static)
        button = self.query_one("#ag-export", Button)
        if citizen is None or government is None:
            preview.update(Content(self.o("pair.missing")))
            button.disabled = True
            return
        button.disabled = False
        if self.side == "government":
            government = rec.with_viewpoints(government, self.kyodo.catalog,
                                             self.viewpoint_answers())
        preview.update(Content(outline(self.kyodo.catalog, citizen, government, self.lang)))

    def _show_evaluation(self) -> None:
        citizen, government = self._pair_parties()
        g_hist = rec.officer_data(government).evaluations if government else []
        c_hist = rec.officer_data(citizen).evaluations if citizen else []
        self._fill("ev-side", evaluation_rows(self.kyodo.catalog, g_hist, c_hist, self.lang))

    def status(self, text: str, *, error: bool = False) -> None:
        widget = self.query_one("#officer-status", Static)
        widget.set_class(error, "-error")
        widget.update(Content(text))

    # ------------------------------------------------------------ actions
    def _save(self, session: Session) -> bool:
        try:
            self.session = self.store.save(session)
        except (OSError, KyodoInputError) as exc:
            self.status(self.o("save.failed", error=_error_text(exc)), error=True)
            return False
        self.data = rec.officer_data(self.session)
        return True

    def action_save(self) -> None:
        session = rec.with_viewpoints(self.session, self.kyodo.catalog, self.viewpoint_answers())
        session = rec.with_partner(session, self.partner_check())
        if self._save(session):
            self.status(self.o("saved") + f": {self.session.id}")
            self._show_all()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ag-export":
            event.stop()
            self.action_export()
        elif event.button.id == "ev-record":
            event.stop()
            self.action_record_evaluation()

    def action_export(self) -> None:
        citizen, government = self._pair_parties()
        if citizen is None or government is None:
            return
        if self.side == "government":
            government = rec.with_viewpoints(government, self.kyodo.catalog,
                                             self.viewpoint_answers())
        text = outline(self.kyodo.catalog, citizen, government, self.lang)
        path = Path(self.query_one("#ag-path", Input).value.strip() or self._default_name())
        try:
            write_new(path.expanduser(), text)
        except KyodoInputError as exc:
            self.status(_error_text(exc), error=True)
            return
        self.status(self.o("ag.written", path=str(path)))

    def action_record_evaluation(self) -> None:
        evaluation = self.evaluation_now()
        if not evaluation.answers and not evaluation.principles:
            self.status(self.o("ev.nothing"), error=True)
            return
        if self._save(rec.with_evaluation(self.session, evaluation)):
            self.status(self.o("ev.recorded", n=len(self.data.evaluations)))
            self._levels["ev"] = {}
            checklist = self.query_one("#ev-list", Checklist)
            checklist.set_rows(self._ev_rows())
            checklist.cursor = 0  # a fresh evaluation starts at the top
            self.query_one("#ev-notes", Input).value = ""
            self._show_evaluation()

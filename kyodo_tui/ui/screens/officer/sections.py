"""Side-by-side sections the officer screen and the two-party view share:
the partner checklist (the municipality's and the partner's own view) and the
evaluation (both sides' latest, and how each moved since its previous one).

Widgets only; the rows come from :mod:`kyodo_tui.core.officer`.
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from kyodo_tui.core.model import Catalog, Lang
from kyodo_tui.core.officer import evaluation as ev
from kyodo_tui.core.officer import partner as pt
from kyodo_tui.core.officer import record as rec
from kyodo_tui.core.officer.common import OfficerInputError, level_text
from kyodo_tui.core.storage import Session
from kyodo_tui.ui.screens.officer import strings as ostrings


def _o(lang: Lang, key: str, **params: object) -> str:
    text = ostrings.t(key, lang)
    return text.format(**params) if params else text


def _row(name: str, a: str, b: str, differ: bool) -> Widget:
    return Static(Content.assemble((name + ": ", "bold"), a, " / ", b,
                                   ("  *", "bold $warning") if differ else ""),
                  classes="side-row diff-answer")


def partner_rows(government: pt.PartnerCheck | None, citizen: pt.PartnerCheck | None,
                 lang: Lang) -> list[Widget]:
    name = government.name if government and government.name else ""
    out: list[Widget] = [Static(Content.assemble(_o(lang, "pair.partner"),
                                                 (f"  {name}" if name else "", "$accent")),
                                classes="side-heading diff-heading")]
    rows = pt.side_by_side(government, citizen)
    for row in rows:
        theirs = (level_text(row.citizen, lang) if row.criterion.self_check
                  else _o(lang, "pair.only_gov"))
        out.append(_row(row.criterion.name.get(lang), level_text(row.government, lang),
                        theirs, row.differ))
    if any(r.differ for r in rows):
        out.append(Static(Content(_o(lang, "pair.differ")), classes="side-note pair-sub"))
    out.append(Static(Content(f"{_o(lang, 'source')}: {rows[0].criterion.cite}, "
                              f"{pt.criterion('reason').cite}"), classes="side-source pair-sub"))
    return out


def evaluation_rows(catalog: Catalog, government: list[ev.Evaluation],
                    citizen: list[ev.Evaluation], lang: Lang) -> list[Widget]:
    g, c = ev.latest(government), ev.latest(citizen)
    dates = f"  {g.at[:10] if g else '-'} / {c.at[:10] if c else '-'}"
    out: list[Widget] = [Static(Content.assemble(_o(lang, "pair.evaluation"),
                                                 (dates, "$text-muted")),
                                classes="side-heading diff-heading")]
    if g is None and c is None:
        out.append(Static(Content(_o(lang, "pair.none")), classes="side-note pair-sub"))
        return out
    rows = ev.side_by_side(catalog, g, c)
    for row in rows:
        out.append(_row(row.name.get(lang), level_text(row.government, lang),
                        level_text(row.citizen, lang), row.differ))
    if any(r.differ for r in rows):
        out.append(Static(Content(_o(lang, "pair.differ")), classes="side-note pair-sub"))
    for side, history in (("government", government), ("citizen", citizen)):
        if len(history) < 2:
            continue
        out.append(Static(Content(_o(lang, "ev.history", side=_o(lang, f"side.{side}"),
                                     at=history[-2].at[:10])), classes="side-heading diff-heading"))
        moves = ev.movement(catalog, history[-2], history[-1])
        if not moves:
            out.append(Static(Content(_o(lang, "ev.nochange")), classes="side-note pair-sub"))
        for m in moves:
            delta = m.delta
            sign = "" if delta is None or delta == 0 else ("+" * delta if delta > 0
                                                           else "-" * -delta)
            out.append(Static(Content.assemble(
                (m.name.get(lang) + ": ", "bold"), level_text(m.before, lang), " > ",
                level_text(m.after, lang),
                (f" {sign}", "bold $success" if (delta or 0) > 0 else "bold $error")),
                classes="side-row diff-answer"))
    out.append(Static(Content(f"{_o(lang, 'source')}: {ev.Cite(ev.SEED_003, 1057, 1079)}, "
                              f"{ev.C_REVIEW}"), classes="side-source pair-sub"))
    return out


def pair_section(catalog: Catalog, citizen: Session, government: Session,
                 lang: Lang) -> list[Widget]:
    """For the two-party view: partner checklists and evaluations side by side,
    when either record holds any (nothing otherwise)."""
    try:
        c_data = rec.officer_data(citizen)
        g_data = rec.officer_data(government)
    except OfficerInputError as exc:
        return [Static(Content("; ".join(str(p) for p in exc.problems)),
                       classes="side-note pair-sub")]
    out: list[Widget] = []
    if c_data.partner is not None or g_data.partner is not None:
        out += partner_rows(g_data.partner, c_data.partner, lang)
    if c_data.evaluations or g_data.evaluations:
        out += evaluation_rows(catalog, g_data.evaluations, c_data.evaluations, lang)
    return out

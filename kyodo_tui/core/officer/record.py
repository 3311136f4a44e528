"""The officer's data on a saved session record: one table, ``officer``.

Stored through the storage module's public session API: ``Session.extra`` keeps
top-level tables it does not itself interpret and writes them back, so the
officer data moves with the record (and with any future storage backend)::

    [officer.viewpoints]          協働すすべきか (the government side's record)
    project, purpose, lead, traits, forms, answers = {needs = "yes", ...},
    at, verdict, regions, result_forms        (the result as it was when saved)

    [officer.partner]             the checklist: side = "government" (about the
    name, side, answers, notes    partner) or "citizen" (the partner's own view)
    at

    [[officer.evaluations]]       every evaluation of this side, oldest first
    at, side, answers, principles, notes

Pure Python, no Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kyodo_tui.core.errors import Problem
from kyodo_tui.core.model import Catalog
from kyodo_tui.core.officer import evaluation as ev
from kyodo_tui.core.officer import partner as pt
from kyodo_tui.core.officer import viewpoints as vp
from kyodo_tui.core.officer.common import OfficerInputError
from kyodo_tui.core.storage import Session, Store

OFFICER_KEY = "officer"


@dataclass(frozen=True, slots=True)
class OfficerData:
    viewpoints: vp.ViewpointAnswers | None = None
    viewpoints_at: str = ""
    partner: pt.PartnerCheck | None = None
    partner_at: str = ""
    evaluations: list[ev.Evaluation] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.viewpoints is None and self.partner is None and not self.evaluations


def side_of(session: Session) -> str:
    """"citizen" for the partner's record of a two-party view, else "government"."""
    return "citizen" if session.party == "citizen" else "government"


def officer_data(session: Session) -> OfficerData:
    """The officer data saved on ``session`` (empty if none). Bad data: OfficerInputError."""
    raw = session.extra.get(OFFICER_KEY)
    where = session.path or f"session {session.id}"
    if raw is None:
        return OfficerData()
    if not isinstance(raw, dict):
        raise OfficerInputError(Problem(where, 0, "officer must be a table"))
    views = raw.get("viewpoints")
    partner = raw.get("partner")
    evals = raw.get("evaluations", [])
    return OfficerData(
        viewpoints=None if views is None else vp.from_dict(views, where),
        viewpoints_at=str(views.get("at", "")) if isinstance(views, dict) else "",
        partner=None if partner is None else pt.from_dict(partner, where),
        partner_at=str(partner.get("at", "")) if isinstance(partner, dict) else "",
        evaluations=ev.from_list(evals, where),
    )


def _with(session: Session, key: str, value: Any) -> Session:
    raw = session.extra.get(OFFICER_KEY)
    table = dict(raw) if isinstance(raw, dict) else {}
    table[key] = value
    extra = dict(session.extra)
    extra[OFFICER_KEY] = table
    return session.evolve(extra=extra)


def with_viewpoints(session: Session, catalog: Catalog, answers: vp.ViewpointAnswers,
                    at: str | None = None) -> Session:
    """A copy of ``session`` holding the viewpoint answers and their result."""
    result = vp.assess(catalog, answers)
    data = answers.to_dict()
    data.update(at=at or ev.now_iso(), verdict=result.verdict,
                regions=[r.letter for r in result.regions],
                result_forms=[f.form.id for f in result.forms])
    return _with(session, "viewpoints", data)


def with_partner(session: Session, check: pt.PartnerCheck, at: str | None = None) -> Session:
    data = check.to_dict()
    data["at"] = at or ev.now_iso()
    return _with(session, "partner", data)


def with_evaluation(session: Session, evaluation: ev.Evaluation) -> Session:
    """A copy with ``evaluation`` added to the history (the oldest dropped past the cap)."""
    history = [e.to_dict() for e in officer_data(session).evaluations]
    history.append(evaluation.to_dict())
    return _with(session, "evaluations", history[-ev.MAX_HISTORY:])


def pair_of(store: Store, session: Session) -> Session | None:
    """The other party's record of a two-party view, or None."""
    if session.pair is None:
        return None
    return store.load(session.pair)


def parties(store: Store, session: Session) -> tuple[Session | None, Session | None]:
    """(citizen, government) records for ``session`` and its pair (missing side: None)."""
    other = pair_of(store, session)
    if side_of(session) == "citizen":
        return session, other
    return other, session


__all__ = [
    "OFFICER_KEY", "OfficerData", "officer_data", "pair_of", "parties", "side_of",
    "with_evaluation", "with_partner", "with_viewpoints",
]

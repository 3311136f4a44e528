"""Partner selection: 004's criteria as a checklist, and the partner's own view.

Seed 004 Ⅳ-1 (lines 400-410): with a civic group, weigh its capacity to carry
out the work (執行体制、財務状況、事務処理能力、専門性), its activities and track
record and how transparently it is run, as a whole; gather information all the
time, and publish the selection criteria and the result to keep it fair. Seed
003 (lines 1004-1014) adds: choose openly and fairly, and be clear why that
partner was chosen.

The municipality fills the checklist about a planned partner (on its side's
record); the partner fills the same items about itself (on the citizen side's
record); :func:`side_by_side` puts the two together for the two-party view.

Pure Python, no Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kyodo_tui.core.langs import is_japanese
from kyodo_tui.core.errors import Problem
from kyodo_tui.core.model import Lang, Text
from kyodo_tui.core.officer.common import (
    LEVEL_SCORE,
    LEVELS,
    SEED_003,
    SEED_004,
    Cite,
    InputFile,
    OfficerInputError,
    level_text,
)


@dataclass(frozen=True, slots=True)
class Criterion:
    id: str
    name: Text
    #: the question the municipality asks about the partner
    officer: Text
    #: the same question the partner asks about itself (None: the municipality's only)
    self_check: Text | None
    cite: Cite


CRITERIA: tuple[Criterion, ...] = (
    Criterion("structure", Text("執行体制", "Organisation to carry it out"),
              Text("事業を実行する体制（人手・役割・責任者）が整っているか",
                   "Does it have the people, roles and someone in charge to carry the work out?"),
              Text("私たちには事業を実行する体制（人手・役割・責任者）があるか",
                   "Do we have the people, roles and someone in charge to carry the work out?"),
              Cite(SEED_004, 403, 404)),
    Criterion("finance", Text("財務状況", "Finances"),
              Text("財務の状況は健全で、会計がはっきりしているか",
                   "Are its finances sound and its accounts clear?"),
              Text("私たちの財務は健全で、会計をはっきり示せるか",
                   "Are our finances sound, and can we show our accounts clearly?"),
              Cite(SEED_004, 403, 404)),
    Criterion("admin", Text("事務処理能力", "Administrative capacity"),
              Text("書類や報告、連絡などの事務を確実にこなせるか",
                   "Can it handle the paperwork, reports and correspondence reliably?"),
              Text("書類や報告、連絡などの事務を確実にこなせるか",
                   "Can we handle the paperwork, reports and correspondence reliably?"),
              Cite(SEED_004, 403, 404)),
    Criterion("expertise", Text("専門性", "Expertise"),
              Text("事業に必要な専門の知識や技能があるか",
                   "Does it have the specialist knowledge and skills the work needs?"),
              Text("事業に必要な専門の知識や技能が私たちにあるか",
                   "Do we have the specialist knowledge and skills the work needs?"),
              Cite(SEED_004, 403, 404)),
    Criterion("record", Text("活動内容と実績", "Activities and track record"),
              Text("これまでの活動の内容と実績が事業の目的に合っているか",
                   "Do its activities and track record fit the project's purpose?"),
              Text("これまでの私たちの活動と実績が事業の目的に合っているか",
                   "Do our activities and track record fit the project's purpose?"),
              Cite(SEED_004, 404, 405)),
    Criterion("transparency", Text("団体運営の透明性", "Transparent running"),
              Text("団体の運営（決め方・会計・活動）が外から見て分かるか",
                   "Can outsiders see how it is run: decisions, accounts, activities?"),
              Text("私たちの運営（決め方・会計・活動）を外に公開しているか",
                   "Do we make how we are run (decisions, accounts, activities) public?"),
              Cite(SEED_004, 405, 405)),
    Criterion("information", Text("日頃の情報収集", "Information gathered beforehand"),
              Text("日頃から相手の情報を集めてきたか",
                   "Have we gathered information about this partner all along?"),
              None, Cite(SEED_004, 408, 409)),
    Criterion("open", Text("選定基準と結果の公開", "Criteria and result published"),
              Text("選定の基準と結果を公開するか（公募など公平・公正な方法で選ぶか）",
                   "Will the selection criteria and the result be published (chosen fairly, "
                   "for example by open call)?"),
              None, Cite(SEED_004, 409, 410)),
    Criterion("reason", Text("選んだ理由", "Why this partner"),
              Text("なぜこの相手を選ぶのかを説明できるか",
                   "Can we say clearly why this partner was chosen?"),
              None, Cite(SEED_003, 1008, 1014)),
)
CRITERION_IDS: tuple[str, ...] = tuple(c.id for c in CRITERIA)
SELF_IDS: tuple[str, ...] = tuple(c.id for c in CRITERIA if c.self_check is not None)
SIDES: tuple[str, ...] = ("government", "citizen")


def criterion(cid: str) -> Criterion:
    for c in CRITERIA:
        if c.id == cid:
            return c
    raise KeyError(cid)


def items_for(side: str) -> tuple[Criterion, ...]:
    """The checklist a side fills: the municipality all items, the partner its own."""
    return CRITERIA if side == "government" else tuple(c for c in CRITERIA if c.self_check)


@dataclass(frozen=True, slots=True)
class PartnerCheck:
    """One side's checklist about the planned partnership."""

    #: the partner's name (the municipality's side) or the project (the partner's)
    name: str = ""
    side: str = "government"
    answers: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)

    def level(self, cid: str) -> str | None:
        return self.answers.get(cid)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "side": self.side,
                               "answers": dict(self.answers)}
        if self.notes:
            out["notes"] = dict(self.notes)
        return out


@dataclass(frozen=True, slots=True)
class Row:
    criterion: Criterion
    government: str | None
    citizen: str | None

    @property
    def differ(self) -> bool:
        """Both answered with a known level, and the levels are not the same."""
        a = LEVEL_SCORE.get(self.government or "")
        b = LEVEL_SCORE.get(self.citizen or "")
        return a is not None and b is not None and a != b


def side_by_side(government: PartnerCheck | None, citizen: PartnerCheck | None
                 ) -> list[Row]:
    """Every criterion with the municipality's and the partner's answer (None: not asked)."""
    rows: list[Row] = []
    for c in CRITERIA:
        g = government.level(c.id) if government else None
        s = citizen.level(c.id) if citizen and c.self_check else None
        rows.append(Row(c, g, s))
    return rows


def summary(check: PartnerCheck) -> dict[str, int]:
    """How many items at each level (unanswered counted as unknown)."""
    counts = dict.fromkeys(LEVELS, 0)
    for c in items_for(check.side):
        counts[check.answers.get(c.id, "unknown")] += 1
    return counts


def open_items(check: PartnerCheck) -> list[Criterion]:
    """Items not answered "yes": what to look into before choosing."""
    return [c for c in items_for(check.side) if check.answers.get(c.id) != "yes"]


def load_partner_check(path: Path | str, side: str, *, text: str | None = None
                       ) -> PartnerCheck:
    """Read a partner checklist (TOML): ``name``, ``[answers]``, optional ``[notes]``."""
    f = InputFile(path, text=text)
    f.unknown_keys(f.data, ("name", "answers", "notes"))
    name = f.string("name", limit=200)
    ids = tuple(c.id for c in items_for(side))
    answers = f.levels("answers", ids)
    notes = f.notes("notes", ids)
    f.done()
    return PartnerCheck(name, side, answers, notes)


def from_dict(data: Any, where: str) -> PartnerCheck:
    if not isinstance(data, dict):
        raise OfficerInputError(Problem(where, 0, "officer.partner must be a table"))
    side = data.get("side", "government")
    if side not in SIDES:
        raise OfficerInputError(Problem(where, 0, f"officer.partner.side: {side!r}"))
    answers = data.get("answers", {})
    if not isinstance(answers, dict) or any(
            k not in CRITERION_IDS or v not in LEVELS for k, v in answers.items()):
        raise OfficerInputError(Problem(where, 0, "officer.partner.answers: unknown item "
                                                  "or level"))
    notes = data.get("notes", {})
    if not isinstance(notes, dict) or any(not isinstance(v, str) for v in notes.values()):
        raise OfficerInputError(Problem(where, 0, "officer.partner.notes must be strings"))
    return PartnerCheck(str(data.get("name", "")), side, dict(answers), dict(notes))


def render_side_by_side(government: PartnerCheck | None, citizen: PartnerCheck | None,
                        lang: Lang) -> str:
    ja = is_japanese(lang)
    head_g = "行政" if ja else "Municipality"
    head_c = "相手の自己評価" if ja else "Partner's own view"
    lines = [("パートナーの選定" if ja else "Partner selection")
             + (f": {government.name}" if government and government.name else "")]
    lines.append(f"  {head_g} / {head_c}")
    for row in side_by_side(government, citizen):
        mark = "  *" if row.differ else ""
        c_level = level_text(row.citizen, lang) if row.criterion.self_check else (
            "（行政のみ）" if ja else "(municipality only)")
        lines.append(f"  {row.criterion.name.get(lang)}: {level_text(row.government, lang)}"
                     f" / {c_level}{mark}  [{row.criterion.cite}]")
    if any(r.differ for r in side_by_side(government, citizen)):
        lines.append("  * " + ("見方が違う項目。選定の前に話し合いましょう。" if ja else
                               "seen differently: talk it through before choosing."))
    return "\n".join(lines) + "\n"


__all__ = [
    "CRITERIA", "CRITERION_IDS", "SELF_IDS", "Criterion", "PartnerCheck", "Row",
    "criterion", "from_dict", "items_for", "load_partner_check", "open_items",
    "render_side_by_side", "side_by_side", "summary",
]

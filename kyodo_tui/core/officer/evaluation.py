"""評価: after a project, both sides evaluate it; a re-assessment shows the movement.

Seed 003 第3章 評価段階 (lines 1057-1079): check whether the project reached its
purpose and whether working together produced a synergy; evaluate on both
sides, taking the beneficiaries' views into account; publish the results.
Seed 004 (lines 427-428): evaluate and review the collaboration regularly. Each
principle of the catalog (merged from the seeds) is asked too: was it kept?

Every evaluation is kept, oldest first, on its side's record (``officer.evaluations``),
so a later one can be compared with the one before.

Pure Python, no Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kyodo_tui.core.langs import is_japanese
from kyodo_tui.core.errors import Problem
from kyodo_tui.core.model import Catalog, Lang, Text
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
class Item:
    id: str
    name: Text
    prompt: Text
    cite: Cite


ITEMS: tuple[Item, ...] = (
    Item("goal", Text("目的の達成", "Purpose reached"),
         Text("事業としての目的を達成できたか", "Did the project reach its purpose?"),
         Cite(SEED_003, 1059, 1061)),
    Item("synergy", Text("相乗効果", "Synergy"),
         Text("協働で取り組んだことで相乗効果を発揮できたか",
              "Did working together achieve more than either side alone?"),
         Cite(SEED_003, 1061, 1063)),
    Item("voice", Text("受益者の声", "Beneficiaries' voice"),
         Text("成果の受益者からの意見を聞き、評価に生かしたか",
              "Were the views of the people it served heard and used in this evaluation?"),
         Cite(SEED_003, 1067, 1069)),
    Item("publish", Text("結果の公開", "Results published"),
         Text("評価の結果を広く公開するか", "Will the results of this evaluation be published?"),
         Cite(SEED_003, 1071, 1079)),
)
ITEM_IDS: tuple[str, ...] = tuple(i.id for i in ITEMS)
C_REVIEW = Cite(SEED_004, 427, 428)
SIDES: tuple[str, ...] = ("government", "citizen")
MAX_HISTORY = 200


@dataclass(frozen=True, slots=True)
class Evaluation:
    """One side's evaluation at one time."""

    at: str
    side: str
    answers: dict[str, str] = field(default_factory=dict)
    #: principle id -> level (was the principle kept?)
    principles: dict[str, str] = field(default_factory=dict)
    notes: str = ""

    def level(self, key: str) -> str | None:
        return self.answers.get(key) if key in ITEM_IDS else self.principles.get(key)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"at": self.at, "side": self.side, "answers": dict(self.answers),
                               "principles": dict(self.principles)}
        if self.notes:
            out["notes"] = self.notes
        return out


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True, slots=True)
class Row:
    key: str
    name: Text
    cite: str
    government: str | None
    citizen: str | None

    @property
    def differ(self) -> bool:
        a = LEVEL_SCORE.get(self.government or "")
        b = LEVEL_SCORE.get(self.citizen or "")
        return a is not None and b is not None and a != b


def _keys(catalog: Catalog) -> list[tuple[str, Text, str]]:
    out = [(i.id, i.name, str(i.cite)) for i in ITEMS]
    out += [(p.id, p.name, ", ".join(p.source) or str(C_REVIEW))
            for p in catalog.principles.values()]
    return out


def side_by_side(catalog: Catalog, government: Evaluation | None,
                 citizen: Evaluation | None) -> list[Row]:
    return [Row(key, name, cite, government.level(key) if government else None,
                citizen.level(key) if citizen else None)
            for key, name, cite in _keys(catalog)]


@dataclass(frozen=True, slots=True)
class Move:
    key: str
    name: Text
    before: str | None
    after: str | None

    @property
    def delta(self) -> int | None:
        a = LEVEL_SCORE.get(self.before or "")
        b = LEVEL_SCORE.get(self.after or "")
        return None if a is None or b is None else b - a


def movement(catalog: Catalog, before: Evaluation, after: Evaluation) -> list[Move]:
    """Every item whose answer changed between two evaluations of one side."""
    out: list[Move] = []
    for key, name, _cite in _keys(catalog):
        a, b = before.level(key), after.level(key)
        if a != b:
            out.append(Move(key, name, a, b))
    return out


def latest(history: list[Evaluation]) -> Evaluation | None:
    return history[-1] if history else None


def load_evaluation(path: Path | str, catalog: Catalog, side: str, *, at: str | None = None,
                    text: str | None = None) -> Evaluation:
    """Read an evaluation (TOML): ``[answers]``, ``[principles]``, optional ``notes``."""
    f = InputFile(path, text=text)
    f.unknown_keys(f.data, ("answers", "principles", "notes"))
    answers = f.levels("answers", ITEM_IDS)
    principles = f.levels("principles", tuple(catalog.principles))
    notes = f.string("notes", limit=5000)
    if not answers and not principles:
        f.bad("answers", "nothing answered: give at least one item in [answers] or "
                         "[principles]")
    f.done()
    return Evaluation(at or now_iso(), side, answers, principles, notes)


def from_list(data: Any, where: str) -> list[Evaluation]:
    if not isinstance(data, list):
        raise OfficerInputError(Problem(where, 0, "officer.evaluations must be an array"))
    out: list[Evaluation] = []
    for n, raw in enumerate(data):
        if not isinstance(raw, dict):
            raise OfficerInputError(Problem(where, 0, f"officer.evaluations[{n}] must be a "
                                                      "table"))
        answers = raw.get("answers", {})
        principles = raw.get("principles", {})
        side = raw.get("side")
        at = raw.get("at")
        if side not in SIDES or not isinstance(at, str):
            raise OfficerInputError(Problem(where, 0, f"officer.evaluations[{n}]: side and "
                                                      "at are required"))
        for name, table in (("answers", answers), ("principles", principles)):
            if not isinstance(table, dict) or any(
                    not isinstance(k, str) or v not in LEVELS for k, v in table.items()):
                raise OfficerInputError(Problem(where, 0, f"officer.evaluations[{n}].{name}: "
                                                          "levels must be one of "
                                                          + ", ".join(LEVELS)))
        out.append(Evaluation(at, side, dict(answers), dict(principles),
                              str(raw.get("notes", ""))))
    return out


def render(catalog: Catalog, government: list[Evaluation], citizen: list[Evaluation],
           lang: Lang) -> str:
    ja = is_japanese(lang)
    g, c = latest(government), latest(citizen)
    lines = ["評価（双方）" if ja else "Evaluation (both sides)"]
    lines.append(("  行政 / 相手: " if ja else "  Municipality / partner: ")
                 + f"{g.at if g else '-'} / {c.at if c else '-'}")
    for row in side_by_side(catalog, g, c):
        mark = "  *" if row.differ else ""
        lines.append(f"  {row.name.get(lang)}: {level_text(row.government, lang)} / "
                     f"{level_text(row.citizen, lang)}{mark}  [{row.cite}]")
    for label, history in (("行政" if ja else "Municipality", government),
                           ("相手" if ja else "Partner", citizen)):
        if len(history) >= 2:
            moves = movement(catalog, history[-2], history[-1])
            lines.append("")
            lines.append(f"{label}: " + (f"前回（{history[-2].at}）からの変化" if ja else
                                         f"since the previous evaluation ({history[-2].at})"))
            if not moves:
                lines.append("  " + ("変化なし" if ja else "no change"))
            for m in moves:
                arrow = {None: "", 1: " +", 2: " ++", -1: " -", -2: " --", 0: ""}[m.delta]
                lines.append(f"  {m.name.get(lang)}: {level_text(m.before, lang)} > "
                             f"{level_text(m.after, lang)}{arrow}")
    lines.append("")
    lines.append(("出典: " if ja else "Source: ") + f"{Cite(SEED_003, 1057, 1079)}, {C_REVIEW}")
    return "\n".join(lines) + "\n"


__all__ = [
    "ITEMS", "ITEM_IDS", "Evaluation", "Move", "Row", "from_list", "latest",
    "load_evaluation", "movement", "now_iso", "render", "side_by_side",
]

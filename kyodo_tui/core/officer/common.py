"""What the officer's tools share: answer levels, seed citations, bilingual texts,
and reading a small TOML input file with every problem located by path and line.

Pure Python, no Textual.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kyodo_tui.core.errors import KyodoInputError, Problem, did_you_mean
from kyodo_tui.core.model import Lang, Text
from kyodo_tui.core.tomlfile import parse, read_text, type_name

#: how far a checklist item holds: yes, partly, no, or not known yet.
LEVELS: tuple[str, ...] = ("yes", "partly", "no", "unknown")
LEVEL_TEXT: dict[str, Text] = {
    "yes": Text("はい", "yes"),
    "partly": Text("一部", "partly"),
    "no": Text("いいえ", "no"),
    "unknown": Text("分からない", "not known"),
}
#: a level as a number for comparing two assessments (unknown: none).
LEVEL_SCORE: dict[str, int] = {"yes": 2, "partly": 1, "no": 0}

SEED_000 = "000_57015c5ace657278.txt"
SEED_001 = "001_e4791ceb8fe1bce1.txt"
SEED_002 = "002_a1cd37cd4cb5aac4.txt"
SEED_003 = "003_8ed48260a1390f10.txt"
SEED_004 = "004_1ae8934df4fb64d0.txt"


class OfficerInputError(KyodoInputError):
    """An officer's input file or saved officer data does not fit."""


@dataclass(frozen=True, slots=True)
class Cite:
    """Where a statement comes from: a seed file and its lines."""

    seed: str
    first: int
    last: int

    def __str__(self) -> str:
        lines = str(self.first) if self.first == self.last else f"{self.first}-{self.last}"
        return f"{self.seed}:{lines}"


def level_text(level: str | None, lang: Lang) -> str:
    if level is None:
        return "-"
    text = LEVEL_TEXT.get(level)
    return text.get(lang) if text else level


def key_line(text: str, key: str, table: str | None = None) -> int:
    """1-based line of ``key =`` (inside ``[table]`` when given; 0 if not found)."""
    pattern = re.compile(r"""^\s*(?:"{k}"|'{k}'|{k})\s*=""".format(k=re.escape(key)))
    header = re.compile(r"^\s*\[\s*([A-Za-z0-9_.-]+)\s*\]")
    current: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        m = header.match(line)
        if m:
            current = m.group(1)
            continue
        if current == table and pattern.match(line):
            return number
    if table is not None:
        for number, line in enumerate(text.splitlines(), start=1):
            m = header.match(line)
            if m and m.group(1) == table:
                return number
    return 0


class InputFile:
    """A parsed TOML input file and the problems found in it so far."""

    def __init__(self, path: Path | str, *, text: str | None = None) -> None:
        self.shown = str(path)
        self.text = read_text(path, self.shown, OfficerInputError) if text is None else text
        self.data: dict[str, Any] = parse(self.text, self.shown, OfficerInputError)
        self.problems: list[Problem] = []

    def bad(self, key: str, message: str, table: str | None = None) -> None:
        self.problems.append(Problem(self.shown, key_line(self.text, key, table), message))

    def unknown_keys(self, data: Mapping[str, Any], allowed: Sequence[str],
                     table: str | None = None) -> None:
        for key in data:
            if key not in allowed:
                where = f"{table}.{key}" if table else key
                self.bad(key, f"unknown key {where!r}{did_you_mean(key, allowed)}; "
                              f"expected one of: {', '.join(allowed)}", table)

    def string(self, key: str, *, limit: int = 2000) -> str:
        value = self.data.get(key, "")
        if not isinstance(value, str):
            self.bad(key, f"{key} must be a string, not {type_name(value)}")
            return ""
        if len(value) > limit:
            self.bad(key, f"{key} is longer than {limit} characters")
            return value[:limit]
        return value.strip()

    def choice(self, key: str, choices: Sequence[str], *, default: str | None = None
               ) -> str | None:
        value = self.data.get(key, default)
        if value is None:
            return None
        if not isinstance(value, str) or value not in choices:
            shown = value if isinstance(value, str) else type_name(value)
            hint = did_you_mean(value, choices) if isinstance(value, str) else ""
            self.bad(key, f"{key} must be one of {', '.join(choices)}, not {shown!r}{hint}")
            return default
        return value

    def ids(self, key: str, choices: Sequence[str]) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.bad(key, f"{key} must be an array of strings, not {type_name(value)}")
            return ()
        out: list[str] = []
        for v in value:
            if v not in choices:
                self.bad(key, f"{key}: unknown {v!r}{did_you_mean(v, choices)}")
            elif v not in out:
                out.append(v)
        return tuple(out)

    def levels(self, table: str, items: Sequence[str], *, required: bool = False
               ) -> dict[str, str]:
        """``[table]`` mapping item ids to a level; unknown items and levels are problems."""
        raw = self.data.get(table, {})
        if not isinstance(raw, dict):
            self.bad(table, f"{table} must be a table, not {type_name(raw)}")
            return {}
        out: dict[str, str] = {}
        for key, value in raw.items():
            if key not in items:
                self.bad(key, f"{table}.{key}: unknown item{did_you_mean(key, items)}; "
                              f"expected one of: {', '.join(items)}", table)
            elif not isinstance(value, str) or value not in LEVELS:
                shown = value if isinstance(value, str) else type_name(value)
                self.bad(key, f"{table}.{key} must be one of {', '.join(LEVELS)}, "
                              f"not {shown!r}", table)
            else:
                out[key] = value
        if required:
            for item in items:
                if item not in out and item not in raw:
                    self.bad(table, f"{table}.{item} is missing (answer 'unknown' if not "
                                    "known yet)", table if table in self.data else None)
        return out

    def notes(self, table: str, items: Sequence[str], *, limit: int = 2000) -> dict[str, str]:
        raw = self.data.get(table, {})
        if not isinstance(raw, dict):
            self.bad(table, f"{table} must be a table, not {type_name(raw)}")
            return {}
        out: dict[str, str] = {}
        for key, value in raw.items():
            if key not in items:
                self.bad(key, f"{table}.{key}: unknown item{did_you_mean(key, items)}", table)
            elif not isinstance(value, str):
                self.bad(key, f"{table}.{key} must be a string, not {type_name(value)}", table)
            elif value.strip():
                out[key] = value.strip()[:limit]
        return out

    def done(self) -> None:
        """Raise every problem found (sorted by line), if any."""
        if self.problems:
            raise OfficerInputError(sorted(self.problems, key=lambda p: p.line))

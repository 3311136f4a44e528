"""What the workshop app and its screens share: the room view, the saved files,
the table limit, and an error as one line. The screens import these from here,
never from :mod:`.app` (which imports the screens).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kyodo_tui.core.workshop import GroupPicture, Prompts, Workshop

__all__ = ["MAX_TABLES", "RoomView", "SavedWorkshop", "problem_text"]

#: at most this many tables from the new-workshop form
MAX_TABLES = 20


@dataclass(frozen=True, slots=True)
class RoomView:
    """What the room screen draws for one group (or the whole room): core results."""

    version: int
    group_id: str
    picture: GroupPicture
    prompts: Prompts
    #: the tables' own pictures (whole room with several groups), for the strip
    groups: tuple[GroupPicture, ...] = ()


@dataclass(frozen=True, slots=True)
class SavedWorkshop:
    """One file in the workshops folder, for the open screen."""

    path: Path
    workshop: Workshop | None
    problem: str | None
    mtime: float


def problem_text(exc: BaseException) -> str:
    """An error as one line: its ``path:line: message`` problems joined."""
    problems = getattr(exc, "problems", None)
    if problems:
        return "; ".join(str(p) for p in problems)
    return str(exc)

"""Errors the core raises for bad input. The CLI turns them into exit code 2."""

from __future__ import annotations

from collections.abc import Iterable
from kyodo_tui.core.records import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    """The CLI's exit codes are part of its API."""

    OK = 0
    FAILURE = 1
    BAD_INPUT = 2


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in an input file, located by path and 1-based line (0: whole file)."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        """``path:line: message``, safe to print: no control character from a file
        name or a value in the message reaches the terminal."""
        from kyodo_tui.core.neutral import one_line

        if self.line:
            return one_line(f"{self.path}:{self.line}: {self.message}")
        return one_line(f"{self.path}: {self.message}")


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the option closest to ``word``, or ""."""
    import difflib  # only when there is a problem to explain

    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


class KyodoInputError(Exception):
    """Bad input from a user or a file: one or more located problems."""

    def __init__(self, problems: list[Problem] | Problem) -> None:
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class CatalogError(KyodoInputError):
    """The catalog (built-in or a local layer) has problems."""


class AnswersError(KyodoInputError):
    """An answers file (or answers given in the app) does not fit the questionnaire."""

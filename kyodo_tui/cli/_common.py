"""What several sub-command modules share: picking an action, reporting a check's problems."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping, Sequence

from kyodo_tui.core.errors import ExitCode, Problem

Action = Callable[[argparse.Namespace], int]


def dispatch(args: argparse.Namespace, dest: str, prog: str,
             actions: Mapping[str, Action]) -> int:
    """Run ``actions[args.<dest>]``; an unknown action is bad input (``prog: unknown action``)."""
    action = getattr(args, dest, None)
    run = actions.get(action) if isinstance(action, str) else None
    if run is None:
        print(f"{prog}: unknown action {action!r}", file=sys.stderr)
        return ExitCode.BAD_INPUT
    return run(args)


def check_failed(problems: Sequence[Problem], what: str) -> int:
    """Print a failed check's problems (stdout) and their count (stderr); BAD_INPUT."""
    for problem in problems:
        print(problem)
    n = len(problems)
    print(f"kyodo: {what} check: {n} problem{'' if n == 1 else 's'}", file=sys.stderr)
    return ExitCode.BAD_INPUT

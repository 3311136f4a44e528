"""``kyodo catalog check|path``: validate the catalog, or list its layers.

``check`` prints ``catalog OK: …`` and exits 0, or prints every problem as
``path:line: message`` on stdout (so it can be piped) with a count on stderr,
and exits 2. ``path`` prints one layer per line: ``<label>\\t<dir>`` (and
``\\t(not present)`` for a user catalog dir that does not exist yet).
Headless: never imports Textual.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kyodo_tui.cli._common import check_failed, dispatch
from kyodo_tui.core.catalog import builtin_catalog_dir, check_catalog
from kyodo_tui.core.errors import ExitCode
from kyodo_tui.core.model import Catalog


def summary(catalog: Catalog) -> str:
    """``catalog OK: 150 activities, 13 forms, … (layers: …)``."""
    counts = [
        (len(catalog.activities), "activity", "activities"),
        (len(catalog.forms), "form", "forms"),
        (len(catalog.fields), "field", "fields"),
        (len(catalog.actors), "actor", "actors"),
        (len(catalog.principles), "principle", "principles"),
        (len(catalog.cycle), "cycle step", "cycle steps"),
        (len(catalog.viewpoints), "viewpoint", "viewpoints"),
        (len(catalog.contacts), "contact", "contacts"),
        (len(catalog.questions), "question", "questions"),
    ]
    parts = ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in counts)
    return f"catalog OK: {parts} (layers: {', '.join(catalog.layers)})"


def _check(args: argparse.Namespace) -> int:
    catalog, problems = check_catalog(list(args.catalog))
    if problems or catalog is None:
        return check_failed(problems, "catalog")
    print(summary(catalog))
    return ExitCode.OK


def _path(args: argparse.Namespace) -> int:
    from kyodo_tui.core.locations import user_catalog_dir

    rows: list[tuple[str, Path, bool]] = [("built-in", builtin_catalog_dir(), True)]
    user = user_catalog_dir()
    rows.append(("user", user, user.is_dir()))
    rows.extend(("--catalog", Path(p), Path(p).is_dir()) for p in args.catalog)
    for label, path, present in rows:
        print(f"{label}\t{path}" + ("" if present else "\t(not present)"))
    return ExitCode.OK


def run(args: argparse.Namespace) -> int:
    return dispatch(args, "catalog_command", "kyodo catalog", {"check": _check, "path": _path})

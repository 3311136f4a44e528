"""``run_app(args)``: load the catalog, then start the Textual app.

The catalog is loaded first, without Textual: a broken catalog prints
``kyodo: path:line: message`` lines and exits 2 before any screen is drawn.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kyodo_tui.core.errors import CatalogError, ExitCode


def run_app(args: argparse.Namespace) -> int:
    """Run the app for the parsed ``kyodo`` arguments; return the exit code."""
    from kyodo_tui.core.catalog import load_catalog

    catalog_dirs = [Path(p) for p in (getattr(args, "catalog", None) or [])]
    try:
        catalog = load_catalog(catalog_dirs)
    except CatalogError as exc:
        for problem in exc.problems:
            print(f"kyodo: {problem}", file=sys.stderr)
        return int(ExitCode.BAD_INPUT)

    theme = getattr(args, "theme", None)
    from kyodo_tui.ui.app import make_app

    app = make_app(
        catalog=catalog,
        lang=getattr(args, "app_lang", None) or "ja",
        mode=getattr(args, "mode", "standard") or "standard",
        data_dir=getattr(args, "data_dir", None),
        config=getattr(args, "config", None),
    )
    if theme is not None:
        # checked against the app itself: a mode registers themes of its own
        # (workshop mode's kyodo-projector)
        known = set(app.available_themes)
        if theme not in known:
            names = ", ".join(sorted(known))
            print(f"kyodo: unknown theme {theme!r} (choose from: {names})", file=sys.stderr)
            return int(ExitCode.BAD_INPUT)
        app.theme = theme
    app.run()
    return int(app.return_code or 0)

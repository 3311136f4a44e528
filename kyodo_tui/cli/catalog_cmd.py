"""``kyodo catalog check|path``: validate the catalog, or list its layers.

``check`` prints ``catalog OK: …`` and one coverage line per declared language
(``pt (Português): 812/1530 texts (53%) …``) and exits 0, or prints every problem as
``path:line: message`` on stdout (so it can be piped) with a count on stderr,
and exits 2. ``path`` prints one layer per line: ``<label>\\t<dir>`` (and
``\\t(not present)`` for a user catalog dir that does not exist yet).
Headless: never imports Textual.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kyodo_tui.cli._common import dispatch
from kyodo_tui.core.errors import ExitCode
from kyodo_tui.core.layers import builtin_catalog_dir, catalog_key, catalog_layers
from kyodo_tui.core.model import Catalog

#: the cache folder of clean check results: a catalog state that validated
#: once validates again (the key covers every layer file and the loader's code)
CHECK_CACHE = "catalog-check-v2"
_KINDS = (("activities", "activity", "activities"), ("forms", "form", "forms"),
          ("fields", "field", "fields"), ("actors", "actor", "actors"),
          ("principles", "principle", "principles"), ("cycle", "cycle step", "cycle steps"),
          ("viewpoints", "viewpoint", "viewpoints"), ("contacts", "contact", "contacts"),
          ("questions", "question", "questions"))


def _counts(catalog: Catalog) -> list[int]:
    return [len(getattr(catalog, attr)) for attr, _, _ in _KINDS]


def _summary(counts: list[int], layers: list[str] | tuple[str, ...]) -> str:
    parts = ", ".join(f"{n} {one if n == 1 else many}"
                      for n, (_, one, many) in zip(counts, _KINDS, strict=True))
    return f"catalog OK: {parts} (layers: {', '.join(layers)})"


def summary(catalog: Catalog) -> str:
    """``catalog OK: 150 activities, 13 forms, … (layers: …)``."""
    return _summary(_counts(catalog), catalog.layers)


def _check(args: argparse.Namespace) -> int:
    from kyodo_tui.core import cache

    layers = catalog_layers(list(args.catalog))
    key = catalog_key(layers)
    if key is not None:
        cached = cache.read(CHECK_CACHE, key)
        if isinstance(cached, dict):
            counts, coverage = cached.get("counts"), cached.get("coverage")
            if (isinstance(counts, list) and len(counts) == len(_KINDS)
                    and all(type(n) is int for n in counts) and isinstance(coverage, list)
                    and all(type(line) is str for line in coverage)):
                print(_summary(counts, [str(p) for p in layers]))
                _print_coverage(coverage)
                return ExitCode.OK
    from kyodo_tui.cli._common import check_failed
    from kyodo_tui.core.catalog import check_catalog, coverage_lines

    catalog, problems = check_catalog(list(args.catalog))
    if problems or catalog is None:
        return check_failed(problems, "catalog")
    coverage = coverage_lines(catalog)
    if key is not None:
        cache.write(CHECK_CACHE, key, {"counts": _counts(catalog), "coverage": coverage})
    print(summary(catalog))
    _print_coverage(coverage)
    return ExitCode.OK


def _print_coverage(lines: list[str]) -> None:
    """The languages, one line each: how many texts are written in it."""
    for line in lines:
        print(f"  language {line}")


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

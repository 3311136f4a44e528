"""``kyodo sessions list|show|export``: saved sessions, headless (never imports Textual).

- ``list [--since DATE] [--json]``: one line per record (id, created, mode, kind,
  placement, label), oldest first; ``--json``: a list of objects (no contact data).
- ``show ID [--lang]``: one record, readable (Markdown); ID may be a unique prefix.
- ``export --format csv|json|md [--since DATE] [-o FILE]``: every record;
  contact details only where consent was given. ``-o FILE`` never replaces an
  existing file (exit 2).

Files in the data dir that are not readable sessions are reported on stderr
(``kyodo: warning: path:line: message``) and skipped; the exit code stays 0.
Bad input (a bad ``--since``, an unknown id, an existing ``-o`` file) exits 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from kyodo_tui.cli._common import dispatch
from kyodo_tui.core.errors import ExitCode, KyodoInputError, Problem
from kyodo_tui.core.model import Catalog, Lang
from kyodo_tui.core.storage import Session, Store, parse_since

#: at most this many warnings are printed; the rest are counted
MAX_WARNINGS = 20


def print_problems(problems: Sequence[Problem]) -> None:
    """Report skipped files on stderr (capped), never failing the command."""
    for problem in problems[:MAX_WARNINGS]:
        print(f"kyodo: warning: {problem}", file=sys.stderr)
    rest = len(problems) - MAX_WARNINGS
    if rest > 0:
        print(f"kyodo: warning: … and {rest} more files skipped", file=sys.stderr)


def _store(args: argparse.Namespace) -> Store:
    return Store.default(getattr(args, "data_dir", None))


def _catalog(args: argparse.Namespace) -> Catalog:
    from kyodo_tui.core.catalog import load_catalog

    return load_catalog(list(getattr(args, "catalog", None) or []))


def _list_json(s: Session) -> dict[str, Any]:
    p = s.placement
    return {
        "id": s.id, "created": s.created, "updated": s.updated, "revision": s.revision,
        "mode": s.mode, "kind": s.kind, "lang": s.lang, "label": s.label,
        "letter": None if p is None else p.letter,
        "position": None if p is None else p.position,
        "party": s.party, "pair": s.pair, "previous": s.previous,
        "consent": None if s.consent is None else s.consent.given,
        "has_contact": s.has_contact,
    }


def _pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal cells (CJK characters take two)."""
    from kyodo_tui.core.qr import cell_width

    return text + " " * max(0, width - cell_width(text))


_HEAD = {"ja": ("ID", "作成 (UTC)", "モード", "種類", "位置", "名前"),
         "en": ("ID", "created (UTC)", "mode", "kind", "place", "label")}


def _list(args: argparse.Namespace) -> int:
    from kyodo_tui.core.neutral import one_line

    since = parse_since(args.since)
    sessions, problems = _store(args).list(since)
    print_problems(problems)
    if args.json:
        print(json.dumps([_list_json(s) for s in sessions], ensure_ascii=False, indent=2))
        return ExitCode.OK
    lang = "en" if getattr(args, "lang", "ja") == "en" else "ja"
    head = _HEAD[lang]
    widths = (24, 17, 8, 10, 6)
    print("  ".join(_pad(h, w) for h, w in zip(head, widths, strict=False)) + "  " + head[5])
    for s in sessions:
        p = s.placement
        place = "-" if p is None or p.position is None else f"{p.letter} {p.position:.2f}"
        when = s.created.replace("T", " ")[:16] + "Z"
        print(one_line(f"{s.id:<24}  {when:<17}  {s.mode:<8}  {s.kind:<10}  {place:<6}  "
                       f"{s.label}"))
    return ExitCode.OK


def _show(args: argparse.Namespace) -> int:
    from kyodo_tui.core.export import session_markdown

    lang: Lang = args.lang
    store = _store(args)
    session = store.load(args.session_id)
    catalog = _catalog(args)
    print("\n".join(session_markdown(session, catalog, lang, level=1)).rstrip("\n"))
    return ExitCode.OK


def _export(args: argparse.Namespace) -> int:
    from kyodo_tui.core import export

    lang: Lang = args.lang
    since = parse_since(args.since)
    output = args.output
    if output is not None and (output.exists() or output.is_symlink()):
        # refuse before doing any work
        raise KyodoInputError(Problem(str(output), 0, "already exists; not overwritten "
                                                      "(choose a new file name)"))
    sessions, problems = _store(args).list(since)
    print_problems(problems)
    if args.format == "csv":
        text = export.export_csv(sessions)
    elif args.format == "md":
        text = export.export_markdown(sessions, _catalog(args), lang)
    else:
        text = export.export_json(sessions)
    if output is None:
        sys.stdout.write(text)
        return ExitCode.OK
    # a BOM lets spreadsheet programs in Japan read a UTF-8 CSV file correctly
    data = (("\ufeff" if args.format == "csv" else "") + text).encode("utf-8")
    export.write_new_file(output, data)
    n = len(sessions)
    print(f"kyodo: exported {n} session{'' if n == 1 else 's'} to {output}", file=sys.stderr)
    return ExitCode.OK


def run(args: argparse.Namespace) -> int:
    return dispatch(args, "sessions_command", "kyodo sessions",
                    {"list": _list, "show": _show, "export": _export})

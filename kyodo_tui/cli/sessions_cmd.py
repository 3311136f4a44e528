"""``kyodo sessions list|show|export|import|backup``: saved sessions, headless (no Textual).

- ``list [--since DATE] [--json]``: one line per record (id, created, mode, kind,
  placement, label), oldest first; ``--json``: a list of objects (no contact data).
- ``show ID [--lang]``: one record, readable (Markdown); ID may be a unique prefix.
- ``export --format csv|json|md|toml [--since DATE] [-o FILE]``: every record,
  streamed (memory stays flat however many there are); contact details only
  where consent was given. ``-o FILE`` never replaces an existing file (exit 2);
  it appears whole or not at all.
- ``import DIR...``: TOML session folders (an earlier version's data dir) into
  the database; idempotent; files that cannot be read are reported as
  ``path:line: message`` and skipped; the folders are never changed.
- ``backup FILE``: a consistent copy of the SQLite database (a new file, 0600).

Records that cannot be read (written by a newer kyodo_tui) are reported on
stderr (``kyodo: warning: …``) and skipped; the exit code stays 0. Bad input
(a bad ``--since``, an unknown id, an existing output file, an unsafe data
dir) exits 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from typing import Any

from kyodo_tui.cli._common import dispatch
from kyodo_tui.core.errors import ExitCode, KyodoInputError, Problem
from kyodo_tui.core.langs import base_lang
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
    """The store, opened now: an unsafe or unreachable database stops us before any output."""
    store = Store.default(getattr(args, "data_dir", None), getattr(args, "db", None))
    store.db  # noqa: B018 - opens, checks and migrates
    return store


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
    problems: list[Problem] = []
    sessions = _store(args).iter_sessions(since, problems)
    if args.json:
        out = sys.stdout
        n = -1
        for n, s in enumerate(sessions):
            out.write(("[\n" if n == 0 else ",\n") + _indent(json.dumps(
                _list_json(s), ensure_ascii=False, indent=2)))
        out.write("[]\n" if n < 0 else "\n]\n")
        print_problems(problems)
        return ExitCode.OK
    lang = base_lang(getattr(args, "lang", "ja") or "ja")
    head = _HEAD[lang]
    widths = (24, 17, 8, 10, 6)
    print("  ".join(_pad(h, w) for h, w in zip(head, widths, strict=False)) + "  " + head[5])
    for s in sessions:
        p = s.placement
        place = "-" if p is None or p.position is None else f"{p.letter} {p.position:.2f}"
        when = s.created.replace("T", " ")[:16] + "Z"
        print(one_line(f"{s.id:<24}  {when:<17}  {s.mode:<8}  {s.kind:<10}  {place:<6}  "
                       f"{s.label}"))
    print_problems(problems)
    return ExitCode.OK


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.split("\n"))


def _show(args: argparse.Namespace) -> int:
    from kyodo_tui.core.export import session_markdown

    lang: Lang = base_lang(args.lang)  # type: ignore[assignment]
    store = _store(args)
    session = store.load(args.session_id)
    catalog = _catalog(args)
    print("\n".join(session_markdown(session, catalog, lang, level=1)).rstrip("\n"))
    return ExitCode.OK


def _export(args: argparse.Namespace) -> int:
    from kyodo_tui.core import export

    lang: Lang = base_lang(args.lang)  # type: ignore[assignment]
    since = parse_since(args.since)
    output = args.output
    if output is not None and (output.exists() or output.is_symlink()):
        # refuse before doing any work
        raise KyodoInputError(Problem(str(output), 0, "already exists; not overwritten "
                                                      "(choose a new file name)"))
    store = _store(args)
    problems: list[Problem] = []
    sessions = store.iter_sessions(since, problems)
    counted = [0]

    def counting() -> Iterator[Session]:
        for s in sessions:
            counted[0] += 1
            yield s

    if args.format == "csv":
        # a BOM lets spreadsheet programs in Japan read a UTF-8 CSV file correctly
        chunks = export.stream_csv(counting(), bom=output is not None)
    elif args.format == "md":
        chunks = export.stream_markdown(counting(), store.count(since), _catalog(args), lang)
    elif args.format == "toml":
        chunks = export.stream_toml(counting())
    else:
        chunks = export.stream_json(counting())
    if output is None:
        for chunk in chunks:
            sys.stdout.write(chunk)
        print_problems(problems)
        return ExitCode.OK
    export.write_new_file(output, (c.encode("utf-8") for c in chunks))
    print_problems(problems)
    n = counted[0]
    print(f"kyodo: exported {n} session{'' if n == 1 else 's'} to {output}", file=sys.stderr)
    return ExitCode.OK


def _import(args: argparse.Namespace) -> int:
    store = _store(args)
    total_new = total_old = 0
    for folder in args.folders:
        result = store.import_dir(folder)
        print_problems(result.problems)
        total_new += result.imported
        total_old += result.already
        print(f"kyodo: {folder}: imported {result.imported}, already there {result.already}, "
              f"skipped {len({p.path for p in result.problems})}", file=sys.stderr)
    print(f"kyodo: imported {total_new} session{'' if total_new == 1 else 's'} into "
          f"{store.location}", file=sys.stderr)
    return ExitCode.OK


def _backup(args: argparse.Namespace) -> int:
    store = _store(args)
    path = store.backup(args.output)
    print(f"kyodo: backed up {store.count()} sessions to {path}", file=sys.stderr)
    return ExitCode.OK


def run(args: argparse.Namespace) -> int:
    return dispatch(args, "sessions_command", "kyodo sessions",
                    {"list": _list, "show": _show, "export": _export, "import": _import,
                     "backup": _backup})

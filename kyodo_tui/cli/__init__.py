"""The ``kyodo`` command line.

``kyodo`` with no sub-command opens the Textual app. Every sub-command is
headless: it never imports Textual (a test enforces it), its output formats and
exit codes are an API (see README and ``kyodo_tui.core.errors.ExitCode``).

Each sub-command lives in its own module exposing ``run(args) -> int``; it is
imported only when that sub-command runs, so start-up pays only for what it uses.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kyodo_tui.core.langs import LANG_CODES
from kyodo_tui import __version__
from kyodo_tui.core.errors import ExitCode, KyodoInputError

MODES = ("standard", "intake", "kiosk", "workshop")


def _add_catalog(p: argparse.ArgumentParser, dest: str = "sub_catalog") -> None:
    p.add_argument(
        "--catalog",
        dest=dest,
        metavar="DIR",
        type=Path,
        action="append",
        default=None,
        help="a local catalog directory that adds or overrides entries by id (repeatable)",
    )


def _add_data_dir(p: argparse.ArgumentParser, dest: str = "sub_data_dir") -> None:
    p.add_argument(
        "--data-dir",
        dest=dest,
        metavar="DIR",
        type=Path,
        default=None,
        help="where sessions are saved (default: $KYODO_DATA_DIR or the user data dir)",
    )
    p.add_argument(
        "--db",
        dest="db" if dest == "data_dir" else "sub_db",
        metavar="URL",
        default=None,
        help="a shared PostgreSQL database (postgresql://user@host/dbname; default: "
             "$KYODO_DB, else the SQLite file in the data dir)",
    )


def _add_lang(p: argparse.ArgumentParser, default: str = "ja") -> None:
    p.add_argument("--lang", choices=LANG_CODES, default=default,
                   help="output language (ja-easy falls back to ja, pt to en where a text "
                        "is not translated)")


#: the sub-commands, in the order --help lists them
COMMANDS = ("catalog", "match", "questions", "assess", "sessions", "report", "officer",
            "workshop", "kiosk", "serve")
#: global options that take a value (skipped when looking for the sub-command)
_VALUE_OPTIONS = frozenset(("--catalog", "--data-dir", "--db", "--mode", "--config", "--lang",
                            "--theme"))


def command_of(argv: Sequence[str]) -> str | None:
    """The sub-command ``argv`` runs, or None (the app, --help, --version, or unclear)."""
    skip = False
    for tok in argv:
        if skip:
            skip = False
        elif tok in COMMANDS:
            return tok
        elif tok in _VALUE_OPTIONS:
            skip = True
        elif tok == "--" or not tok.startswith("-") or tok in ("-h", "--help"):
            return None
    return None


def _columns() -> int:
    """The terminal's width as :func:`shutil.get_terminal_size` finds it ($COLUMNS,
    else stdout's terminal, else 80), without importing :mod:`shutil` (and with it
    zlib, bz2 and lzma: a few ms of every start)."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter (the public ``formatter_class`` hook), sized without shutil:
    argparse makes one for every argument it adds, not only for --help."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position,
                         _columns() - 2 if width is None else width)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose sub-parsers (its ``parser_class``) share its formatter."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:  # noqa: C901 - one flat list of commands and options
    """The whole parser, or with ``only`` the parser of that one sub-command (the
    others are not built: argparse costs ~1 ms a sub-parser at every start)."""

    def want(name: str) -> bool:
        return only is None or only == name

    parser = _Parser(
        prog="kyodo",
        description="協働のまちづくり: where you stand (A-E, 自助・共助・公助) and what fits you.",
    )
    parser.add_argument("--version", action="version", version=f"kyodo {__version__}")
    _add_catalog(parser, dest="catalog")
    _add_data_dir(parser, dest="data_dir")
    parser.add_argument("--mode", choices=MODES, default="standard", help="app mode")
    parser.add_argument("--config", metavar="FILE", type=Path, default=None,
                        help="kiosk/workshop config file (TOML)")
    parser.add_argument("--lang", dest="app_lang", choices=LANG_CODES, default=None,
                        help="language the app starts in (default ja; ja-easy is やさしい日本語, "
                             "pt is Portuguese)")
    parser.add_argument("--theme", default=None, help="app theme (e.g. kyodo-high-contrast)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    # kyodo catalog check|path|export
    if want("catalog"):
        p_cat = sub.add_parser("catalog", help="check or locate the catalog")
        cat_sub = p_cat.add_subparsers(dest="catalog_command", metavar="ACTION", required=True)
        p_check = cat_sub.add_parser("check", help="validate the catalog; list every problem")
        _add_catalog(p_check)
        p_path = cat_sub.add_parser("path", help="print the catalog layers that would be loaded")
        _add_catalog(p_path)
        p_cat.set_defaults(module="catalog_cmd")

    # kyodo match QUERY|-
    if want("match"):
        p_match = sub.add_parser("match", help="fuzzy-match example activities")
        p_match.add_argument("query", help="the query, or - to read one query per line from stdin")
        p_match.add_argument("--limit", type=int, default=10, help="how many results (default 10)")
        _add_lang(p_match)
        p_match.add_argument("--json", action="store_true", help="JSON output")
        _add_catalog(p_match)
        p_match.set_defaults(module="match_cmd")

    # kyodo questions
    if want("questions"):
        p_q = sub.add_parser("questions", help="print the questionnaire")
        p_q.add_argument("--json", action="store_true", help="JSON output")
        _add_lang(p_q)
        _add_catalog(p_q)
        p_q.set_defaults(module="assess_cmd", action="questions")

    # kyodo assess --answers FILE
    if want("assess"):
        p_a = sub.add_parser("assess", help="place an answers file and recommend")
        p_a.add_argument("--answers", metavar="FILE", type=Path, required=True,
                         help="TOML file mapping question ids to answers")
        p_a.add_argument("--json", action="store_true", help="JSON output")
        p_a.add_argument("--save", action="store_true", help="record the session in the data dir")
        p_a.add_argument("--name", default=None, help="a label for the saved session")
        _add_lang(p_a)
        _add_catalog(p_a)
        _add_data_dir(p_a)
        p_a.set_defaults(module="assess_cmd", action="assess")

    if want("sessions"):
        # kyodo sessions list|show|export|import|backup
        p_s = sub.add_parser("sessions", help="list, show, export, import or back up saved sessions")
        s_sub = p_s.add_subparsers(dest="sessions_command", metavar="ACTION", required=True)
        p_sl = s_sub.add_parser("list", help="list saved sessions")
        p_sl.add_argument("--since", metavar="DATE", default=None)
        p_sl.add_argument("--json", action="store_true")
        _add_data_dir(p_sl)
        p_ss = s_sub.add_parser("show", help="show one saved session")
        p_ss.add_argument("session_id")
        _add_lang(p_ss)
        _add_data_dir(p_ss)
        _add_catalog(p_ss)
        p_se = s_sub.add_parser("export", help="export saved sessions")
        p_se.add_argument("--format", choices=("csv", "json", "md", "toml"), default="json")
        p_se.add_argument("--since", metavar="DATE", default=None)
        p_se.add_argument("--output", "-o", metavar="FILE", type=Path, default=None)
        _add_lang(p_se)
        _add_data_dir(p_se)
        _add_catalog(p_se)
        p_si = s_sub.add_parser("import", help="import TOML session folders (earlier versions' "
                                               "data dirs); idempotent, the files are not touched")
        p_si.add_argument("folders", metavar="DIR", type=Path, nargs="+")
        _add_data_dir(p_si)
        p_sb = s_sub.add_parser("backup", help="copy the SQLite sessions database to a new file "
                                               "(safe while kiosks write)")
        p_sb.add_argument("output", metavar="FILE", type=Path)
        _add_data_dir(p_sb)
        p_s.set_defaults(module="sessions_cmd")

    # kyodo report
    if want("report"):
        p_r = sub.add_parser("report", help="anonymous summary of saved sessions")
        p_r.add_argument("--since", metavar="YYYY-MM", default=None,
                         help="the first month (default: as far back as every month has "
                              "enough sessions)")
        p_r.add_argument("--until", metavar="YYYY-MM", default=None,
                         help="the last month, inclusive (default: the latest complete month "
                              "with enough sessions)")
        p_r.add_argument("--format", choices=("md", "json"), default="md")
        p_r.add_argument("--min-count", type=int, default=5,
                         help="the fewest sessions each month needs (default 5, never lower)")
        _add_lang(p_r)
        _add_data_dir(p_r)
        _add_catalog(p_r)
        p_r.set_defaults(module="report_cmd")

    # kyodo workshop show|export FILE.toml
    if want("workshop"):
        p_w = sub.add_parser("workshop", help="show or export a saved workshop record")
        w_sub = p_w.add_subparsers(dest="workshop_command", metavar="ACTION", required=True)
        p_wsh = w_sub.add_parser("show", help="summarise a workshop record in the terminal")
        p_wex = w_sub.add_parser("export",
                                 help="the workshop record as Markdown (pictures as text)")
        p_wex.add_argument("--output", "-o", metavar="OUT.md", type=Path, default=None,
                           help="write here instead of stdout (never overwrites a file)")
        p_wex.add_argument("--include-notes", action="store_true",
                           help="include free-text answers and notes (left out by default)")
        for p in (p_wsh, p_wex):
            p.add_argument("file", metavar="FILE.toml", type=Path, help="the workshop record")
            p.add_argument("--lang", choices=LANG_CODES, default=None,
                           help="output language (default: the record's)")
            _add_catalog(p)
        p_w.set_defaults(module="workshop_cmd")

    # kyodo officer viewpoints|partner|agreement|evaluate|template
    if want("officer"):
        p_o = sub.add_parser("officer", help="for the municipal officer: should we collaborate, "
                                             "partner, agreement outline, evaluation")
        o_sub = p_o.add_subparsers(dest="officer_command", metavar="ACTION", required=True)
        p_ov = o_sub.add_parser("viewpoints", help="協働すべきか: the five viewpoints (004)")
        p_op = o_sub.add_parser("partner", help="partner-selection checklist, side by side")
        p_oa = o_sub.add_parser("agreement", help="a 協定書 outline (Markdown) from a two-party "
                                                  "session")
        p_oe = o_sub.add_parser("evaluate", help="both sides' evaluation, with history")
        p_ot = o_sub.add_parser("template", help="a blank answers file for a step")
        p_ot.add_argument("step", choices=("viewpoints", "partner", "self", "evaluate"))
        for p in (p_ov, p_op, p_oe):
            p.add_argument("--answers", metavar="FILE", type=Path, default=None,
                           help="the answers (TOML; see `kyodo officer template`)")
        p_ov.add_argument("--session", metavar="ID", default=None,
                          help="save on this record (alone: show what is saved)")
        for p in (p_op, p_oa, p_oe):
            p.add_argument("--session", metavar="ID", required=True, help="the saved record")
        p_oa.add_argument("--output", "-o", metavar="OUT.md", type=Path, default=None,
                          help="write here instead of stdout (never overwrites a file)")
        for p in (p_ov, p_op, p_oe):
            p.add_argument("--json", action="store_true", help="JSON output")
        for p in (p_ov, p_op, p_oa, p_oe, p_ot):
            _add_lang(p)
            _add_catalog(p)
        for p in (p_ov, p_op, p_oa, p_oe):
            _add_data_dir(p)
        p_o.set_defaults(module="officer_cmd")

    # kyodo kiosk set-pin|check|unlock
    if want("kiosk"):
        p_k = sub.add_parser("kiosk", help="set up a community-centre kiosk (staff PIN, config)")
        k_sub = p_k.add_subparsers(dest="kiosk_command", metavar="ACTION", required=True)
        p_kp = k_sub.add_parser("set-pin", help="set the staff PIN (asked twice; stored hashed)")
        p_kp.add_argument("--stdin", action="store_true", help="read the PIN from stdin (scripts)")
        p_kc = k_sub.add_parser("check", help="validate the kiosk config; exit 2 if kiosk mode "
                                              "could not start")
        for p in (p_kp, p_kc):
            p.add_argument("--config", dest="sub_config", metavar="FILE", type=Path, default=None,
                           help="the kiosk config (default: kiosk.toml in the config dir)")
        p_ku = k_sub.add_parser("unlock", help="clear the staff PIN lockout of the running kiosk "
                                               "(run on the kiosk machine, as its user)")
        _add_data_dir(p_ku)
        p_k.set_defaults(module="kiosk_cmd")

    # kyodo serve: the app in a browser (the web extra; kyodo_tui/cli/serve_cmd.py)
    if want("serve"):
        from kyodo_tui.cli.serve_args import add_serve_parser

        add_serve_parser(sub, _add_catalog, _add_data_dir)
    return parser


def _merge_globals(args: argparse.Namespace) -> None:
    """Let ``--catalog``/``--data-dir`` stand before or after the sub-command.

    After this, ``args.catalog`` is a list of directories (possibly empty) and
    ``args.data_dir`` a Path or None (then $KYODO_DATA_DIR, then the default).
    """
    args.catalog = list(args.catalog or []) + list(getattr(args, "sub_catalog", None) or [])
    if getattr(args, "sub_data_dir", None) is not None:
        args.data_dir = args.sub_data_dir
    if args.data_dir is None and os.environ.get("KYODO_DATA_DIR"):
        args.data_dir = Path(os.environ["KYODO_DATA_DIR"])
    if getattr(args, "sub_db", None) is not None:
        args.db = args.sub_db
    if args.db is not None:
        # every Store this process opens (the CLI's and the app's) uses it
        os.environ["KYODO_DB"] = args.db
    if not hasattr(args, "lang"):
        args.lang = args.app_lang or "ja"


class _Printable:
    """A text stream that shows control characters as U+FFFD before they reach the
    terminal (see :func:`kyodo_tui.core.neutral.printable`): file names, labels,
    notes and catalog texts from disk cannot rewrite the screen. CSV's CR LF and
    tabs are kept."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        from kyodo_tui.core.neutral import printable

        self._stream.write(printable(text, keep="\n\t\r"))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _os_problem(exc: OSError) -> str:
    """An OSError as one line: what, where, why (e.g. a read-only or full disk)."""
    from kyodo_tui.core.neutral import one_line

    where = exc.filename if exc.filename is not None else ""
    why = exc.strerror or str(exc) or type(exc).__name__
    return one_line(f"{where}: {why}" if where else why)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(command_of(argv))
    args = parser.parse_args(argv)
    _merge_globals(args)
    if args.command is None:
        from kyodo_tui.ui.launch import run_app  # the only place Textual is reached

        try:
            return run_app(args)
        except KyodoInputError as exc:
            for problem in exc.problems:
                print(f"kyodo: {problem}", file=sys.stderr)
            return ExitCode.BAD_INPUT
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Printable(out), _Printable(err)
    try:
        module = importlib.import_module(f"kyodo_tui.cli.{args.module}")
        return int(module.run(args))
    except KyodoInputError as exc:
        for problem in exc.problems:
            print(f"kyodo: {problem}", file=sys.stderr)
        return ExitCode.BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # e.g. `kyodo match - | head`: not an error worth a traceback
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
            out = sys.stdout
        except OSError:
            pass
        return ExitCode.OK
    except OSError as exc:
        # a read-only data dir, a full disk, a folder that went away: say so, no traceback
        print(f"kyodo: {_os_problem(exc)}", file=sys.stderr)
        return ExitCode.BAD_INPUT
    except (ValueError, OverflowError, RecursionError, MemoryError) as exc:
        # input the checks did not foresee: one line, never a traceback
        from kyodo_tui.core.neutral import one_line

        print(f"kyodo: cannot do that: {one_line(exc) or type(exc).__name__}", file=sys.stderr)
        return ExitCode.BAD_INPUT
    finally:
        with contextlib.suppress(OSError, ValueError):
            sys.stdout.flush()
        sys.stdout, sys.stderr = out, err

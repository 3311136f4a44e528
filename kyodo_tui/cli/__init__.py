"""The ``kyodo`` command line.

``kyodo`` with no sub-command opens the Textual app. Every sub-command is
headless: it never imports Textual (a test enforces it), its output formats and
exit codes are an API (see README and ``kyodo_tui.core.errors.ExitCode``).

Each sub-command lives in its own module exposing ``run(args) -> int``; it is
imported only when that sub-command runs, so start-up pays only for what it uses.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

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


def _add_lang(p: argparse.ArgumentParser, default: str = "ja") -> None:
    p.add_argument("--lang", choices=("ja", "en"), default=default, help="output language")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kyodo",
        description="協働のまちづくり: where you stand (A-E, 自助・共助・公助) and what fits you.",
    )
    parser.add_argument("--version", action="version", version=f"kyodo {__version__}")
    _add_catalog(parser, dest="catalog")
    _add_data_dir(parser, dest="data_dir")
    parser.add_argument("--mode", choices=MODES, default="standard", help="app mode")
    parser.add_argument("--config", metavar="FILE", type=Path, default=None,
                        help="kiosk/workshop config file (TOML)")
    parser.add_argument("--lang", dest="app_lang", choices=("ja", "en"), default=None,
                        help="language the app starts in (default ja)")
    parser.add_argument("--theme", default=None, help="app theme (e.g. kyodo-high-contrast)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    # kyodo catalog check|path|export
    p_cat = sub.add_parser("catalog", help="check or locate the catalog")
    cat_sub = p_cat.add_subparsers(dest="catalog_command", metavar="ACTION", required=True)
    p_check = cat_sub.add_parser("check", help="validate the catalog; list every problem")
    _add_catalog(p_check)
    p_path = cat_sub.add_parser("path", help="print the catalog layers that would be loaded")
    _add_catalog(p_path)
    p_cat.set_defaults(module="catalog_cmd")

    # kyodo match QUERY|-
    p_match = sub.add_parser("match", help="fuzzy-match example activities")
    p_match.add_argument("query", help="the query, or - to read one query per line from stdin")
    p_match.add_argument("--limit", type=int, default=10, help="how many results (default 10)")
    _add_lang(p_match)
    p_match.add_argument("--json", action="store_true", help="JSON output")
    _add_catalog(p_match)
    p_match.set_defaults(module="match_cmd")

    # kyodo questions
    p_q = sub.add_parser("questions", help="print the questionnaire")
    p_q.add_argument("--json", action="store_true", help="JSON output")
    _add_lang(p_q)
    _add_catalog(p_q)
    p_q.set_defaults(module="assess_cmd", action="questions")

    # kyodo assess --answers FILE
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

    # kyodo sessions list|show|export
    p_s = sub.add_parser("sessions", help="list, show or export saved sessions")
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
    p_se.add_argument("--format", choices=("csv", "json", "md"), default="json")
    p_se.add_argument("--since", metavar="DATE", default=None)
    p_se.add_argument("--output", "-o", metavar="FILE", type=Path, default=None)
    _add_lang(p_se)
    _add_data_dir(p_se)
    _add_catalog(p_se)
    p_s.set_defaults(module="sessions_cmd")

    # kyodo report
    p_r = sub.add_parser("report", help="anonymous summary of saved sessions")
    p_r.add_argument("--since", metavar="DATE", default=None)
    p_r.add_argument("--format", choices=("md", "json"), default="md")
    p_r.add_argument("--min-count", type=int, default=5,
                     help="suppress cells counting fewer sessions than this (default 5)")
    _add_lang(p_r)
    _add_data_dir(p_r)
    _add_catalog(p_r)
    p_r.set_defaults(module="report_cmd")

    # kyodo workshop show|export FILE.toml
    p_w = sub.add_parser("workshop", help="show or export a saved workshop record")
    w_sub = p_w.add_subparsers(dest="workshop_command", metavar="ACTION", required=True)
    p_wsh = w_sub.add_parser("show", help="summarise a workshop record in the terminal")
    p_wex = w_sub.add_parser("export", help="the workshop record as Markdown (pictures as text)")
    p_wex.add_argument("--output", "-o", metavar="OUT.md", type=Path, default=None,
                       help="write here instead of stdout (never overwrites a file)")
    p_wex.add_argument("--include-notes", action="store_true",
                       help="include free-text answers and notes (left out by default)")
    for p in (p_wsh, p_wex):
        p.add_argument("file", metavar="FILE.toml", type=Path, help="the workshop record")
        p.add_argument("--lang", choices=("ja", "en"), default=None,
                       help="output language (default: the record's)")
        _add_catalog(p)
    p_w.set_defaults(module="workshop_cmd")

    # kyodo kiosk set-pin|check|unlock
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
    if not hasattr(args, "lang"):
        args.lang = args.app_lang or "ja"


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    _merge_globals(args)
    try:
        if args.command is None:
            from kyodo_tui.ui.launch import run_app  # the only place Textual is reached

            return run_app(args)
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
        except OSError:
            pass
        return ExitCode.OK

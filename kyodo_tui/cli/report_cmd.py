"""``kyodo report [--since DATE] [--format md|json] [--min-count N] [--lang ja|en]``.

An anonymous summary of the saved sessions (see :mod:`kyodo_tui.core.report`):
counts under ``--min-count`` (default 5) are suppressed; no free text, no
contact data. Headless: never imports Textual. The database counts
(:meth:`kyodo_tui.core.storage.Store.report_counts`); with ``--db`` a shared
PostgreSQL database covers every centre and kiosk writing to it. Records a
newer kyodo_tui wrote are reported on stderr and skipped. Exit 2 on a bad
``--since``, ``--min-count`` or an unsafe data dir.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys

from kyodo_tui.core.errors import ExitCode, KyodoInputError, Problem
from kyodo_tui.core.model import Lang


def run(args: argparse.Namespace) -> int:
    # A short-lived process building ~10⁶ small acyclic objects: the cyclic GC
    # would only rescan them again and again (seconds on 100,000 sessions).
    gc.disable()
    from kyodo_tui.cli.sessions_cmd import print_problems
    from kyodo_tui.core.catalog import load_catalog
    from kyodo_tui.core.report import (
        build_report,
        report_json,
        report_markdown,
        support_question_id,
    )
    from kyodo_tui.core.storage import Store, parse_since

    lang: Lang = args.lang
    if args.min_count < 1:
        raise KyodoInputError(Problem("--min-count", 0,
                                      f"must be at least 1, not {args.min_count}"))
    since = parse_since(args.since)
    catalog = load_catalog(list(args.catalog or []))
    qid = support_question_id(catalog)
    question = catalog.question(qid) if qid else None
    counts = Store.default(args.data_dir, getattr(args, "db", None)).report_counts(
        since, qid, None if question is None else [c.id for c in question.choices])
    print_problems(counts.pop("problems"))
    report = build_report(counts, catalog, min_count=args.min_count, since=since)
    if args.format == "json":
        print(json.dumps(report_json(report, lang), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(report_markdown(report, lang))
    return ExitCode.OK

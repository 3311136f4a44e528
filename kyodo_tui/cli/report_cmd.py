"""``kyodo report [--since YYYY-MM] [--until YYYY-MM] [--format md|json] [--min-count N]``.

An anonymous summary of the saved sessions (see :mod:`kyodo_tui.core.report` and
:mod:`kyodo_tui.core.disclosure`): whole, complete calendar months that each
hold at least ``--min-count`` sessions (default 5, never lower); every count
randomly rounded to a multiple of 5 by a cell key; no free text, no contact
data. Without ``--since`` the period is the unbroken run of such months ending
with ``--until`` (default: the latest complete month with enough sessions).
Headless: never imports Textual. The counts come from the database's report
aggregates (``report_cells``: no session is read one by one, so 100,000 take
as long as a few; with ``--db`` a shared PostgreSQL one covers every centre and
kiosk writing to it);
records a newer kyodo_tui wrote are reported on stderr and skipped. Exit 2 on
a period that is not whole, complete months with enough sessions each.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from kyodo_tui.core.errors import ExitCode, KyodoInputError, Problem
from kyodo_tui.core.langs import base_lang
from kyodo_tui.core.model import Lang


def run(args: argparse.Namespace, today: date | None = None) -> int:
    from kyodo_tui.cli.sessions_cmd import print_problems
    from kyodo_tui.core import disclosure
    from kyodo_tui.core.catalog import load_catalog
    from kyodo_tui.core.report import (
        build_report_from_cells,
        report_json,
        report_markdown,
        support_choices,
    )
    from kyodo_tui.core.storage import Store

    lang: Lang = base_lang(args.lang)  # type: ignore[assignment]
    if args.min_count < disclosure.MIN_COUNT:
        raise KyodoInputError(Problem(
            "--min-count", 0, f"must be at least {disclosure.MIN_COUNT}, not {args.min_count} "
                              "(it can be raised, never lowered)"))
    since = disclosure.parse_month(args.since, "--since")
    until = disclosure.parse_month(getattr(args, "until", None), "--until")
    catalog = load_catalog(list(args.catalog or []))
    store = Store.default(args.data_dir, getattr(args, "db", None))
    qid, valid = support_choices(catalog)
    # The database's aggregates only (a few thousand rows at 100,000 sessions), read
    # in one snapshot so a kiosk saving meanwhile cannot make the counts disagree.
    with store.db.snapshot():
        print_problems(store.problems())
        period = disclosure.choose_period_counts(store.report_months(), since, until,
                                                 args.min_count, today or date.today())
        start, end = disclosure.period_bounds(period)
        cells = store.report_cells(start, end, support_question=qid, valid_choices=valid)
    report = build_report_from_cells(cells, catalog, min_count=args.min_count, period=period,
                                     support_question=qid)
    if args.format == "json":
        print(json.dumps(report_json(report, lang), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(report_markdown(report, lang))
    return ExitCode.OK

"""``python -m kyodo_tui.web.participant``: the app each phone's tab runs.

Started by ``kyodo serve --mode workshop --participants ADDRESS`` (not a
``kyodo --mode``: it only makes sense behind that server, with the workshop's
inbox code in ``$KYODO_WORKSHOP_INBOX``). Options: ``--lang``, ``--data-dir``,
``--catalog`` as for ``kyodo``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kyodo-participant")
    parser.add_argument("--lang", choices=("ja", "en"), default="ja")
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--catalog", type=Path, action="append", default=[])
    args = parser.parse_args(argv)
    from kyodo_tui.core.catalog import load_catalog
    from kyodo_tui.core.errors import KyodoInputError
    from kyodo_tui.ui.app import make_app

    try:
        app = make_app(catalog=load_catalog(args.catalog), lang=args.lang,
                       mode="participant", data_dir=args.data_dir)
    except KyodoInputError as exc:
        for problem in exc.problems:
            print(f"kyodo: {problem}", file=sys.stderr)
        return 2
    app.run()
    return int(app.return_code or 0)


if __name__ == "__main__":
    raise SystemExit(main())

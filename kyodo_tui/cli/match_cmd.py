"""``kyodo match QUERY|-``: fuzzy-match example activities, each result with why.

``kyodo match 清掃`` prints the best activities (rank, score, title in ``--lang``,
a weak mark, then the reasons); ``--json`` prints one JSON object instead.
``kyodo match -`` reads one query per line from stdin and writes one JSON object
per line (JSON Lines), flushed as it goes, so it can sit in a pipe::

    {"query": "清掃", "results": [{"id": …, "title": {"ja": …, "en": …},
      "score": 97.0, "weak": false, "fields": […], "regions": […], "why": […]}]}

``why`` is in ``--lang``. ``--limit`` must be at least 1 and a QUERY must not be
blank (exit 2 otherwise; on stdin a blank line is a query with no results).
Headless: never imports Textual.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from kyodo_tui.core.errors import ExitCode, KyodoInputError, Problem
from kyodo_tui.core.matching import Match
from kyodo_tui.core.matchindex import load_matcher
from kyodo_tui.core.langs import LANG_CODES, base_lang
from kyodo_tui.core.model import Lang

_NO_MATCH: dict[str, str] = {
    "ja": "該当する活動は見つかりませんでした",
    "en": "no matching activities",
}
_WEAK: dict[str, str] = {"ja": "（弱い一致）", "en": " (weak match)"}


def result_json(match: Match, lang: Lang) -> dict[str, Any]:
    """One result as the JSON object ``kyodo match`` prints."""
    a = match.activity
    return {
        "id": a.id,
        "title": {"ja": a.title.ja, "en": a.title.en},
        "score": match.score,
        "weak": match.weak,
        "fields": list(a.fields),
        "regions": list(a.regions),
        "why": [r.text(lang) for r in match.reasons],
    }


def _human(query: str, matches: list[Match], lang: Lang) -> None:
    if not matches:
        print(_NO_MATCH[base_lang(lang)])
        return
    for rank, m in enumerate(matches, 1):
        weak = _WEAK[base_lang(lang)] if m.weak else ""
        print(f"{rank:>2}. {m.score:5.1f}  {m.activity.title.get(lang)}{weak}  [{m.activity.id}]")
        why = " / ".join(r.text(lang) for r in m.reasons)
        if why:
            print(f"           {why}")


def run(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise KyodoInputError(Problem("--limit", 0, f"must be at least 1 (got {args.limit})"))
    if args.query != "-" and not args.query.strip():
        raise KyodoInputError(Problem(
            "QUERY", 0, "must not be empty (give words to search for in kanji, kana, romaji "
            "or English, or - to read one query per line from stdin)"))
    lang: Lang = args.lang if args.lang in LANG_CODES else "ja"
    # the index persisted for this catalog state (built and stored on a miss)
    matcher = load_matcher(list(args.catalog))
    if args.query == "-":
        import json

        out = sys.stdout
        for line in sys.stdin:
            query = line.rstrip("\r\n")
            results = matcher.search(query, limit=args.limit)
            out.write(json.dumps({"query": query,
                                  "results": [result_json(m, lang) for m in results]},
                                 ensure_ascii=False) + "\n")
            out.flush()
        return ExitCode.OK
    results = matcher.search(args.query, limit=args.limit)
    if args.json:
        import json

        print(json.dumps({"query": args.query,
                          "results": [result_json(m, lang) for m in results]},
                         ensure_ascii=False, indent=2))
    else:
        _human(args.query, results, lang)
    return ExitCode.OK

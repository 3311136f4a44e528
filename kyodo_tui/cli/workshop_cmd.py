"""``kyodo workshop show|export FILE.toml``: a saved workshop record, headless.

``show`` prints a short summary (each group's centre and spread, the groups on
one A–E strip, the histogram, the triad, the top disagreements). ``export``
prints the Markdown summary with the pictures as text, or writes it to
``-o OUT.md`` (atomically; an existing file is never overwritten). Free text
(notes, text answers) is left out unless ``--include-notes``. The language is
``--lang``, else the record's own. A bad record exits 2 with ``path:line:
message`` lines. Never imports Textual.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kyodo_tui.core.catalog import load_catalog
from kyodo_tui.core.errors import ExitCode
from kyodo_tui.core.langs import base_lang
from kyodo_tui.core.model import Lang
from kyodo_tui.core.workshop import export_markdown, load_workshop, show_text


def _lang(args: argparse.Namespace, default: Lang) -> Lang:
    value = getattr(args, "lang", None) or getattr(args, "app_lang", None) or default
    return base_lang(value)  # type: ignore[return-value]


def run(args: argparse.Namespace) -> int:
    action = getattr(args, "workshop_command", None)
    if action not in ("show", "export"):
        print(f"kyodo workshop: unknown action {action!r}", file=sys.stderr)
        return ExitCode.BAD_INPUT
    catalog = load_catalog(list(args.catalog))
    workshop = load_workshop(args.file, catalog)
    lang = _lang(args, workshop.lang)
    if action == "show":
        sys.stdout.write(show_text(workshop, catalog, lang))
        return ExitCode.OK
    text = export_markdown(workshop, catalog, lang, include_notes=args.include_notes)
    output: Path | None = args.output
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        return ExitCode.OK
    from kyodo_tui.core.export import write_new_file

    write_new_file(output, text.encode("utf-8"))
    print(f"kyodo: wrote {output}", file=sys.stderr)
    return ExitCode.OK

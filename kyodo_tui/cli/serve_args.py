"""The ``kyodo serve`` options (kept beside :mod:`kyodo_tui.cli.serve_cmd`, so the
sub-command is one hook in ``kyodo_tui/cli/__init__.py``)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kyodo_tui.web.policy import SERVE_MODES


def add_serve_parser(sub: Any, add_catalog: Callable[..., None],
                     add_data_dir: Callable[..., None]) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "serve", help="serve the app to web browsers, one session per tab (needs the web extra)",
        description="Serve kyodo to web browsers with textual-serve: each tab is its own "
                    "session. Loopback (127.0.0.1) by default; any other address needs "
                    "--allow-network, and intake mode is never served beyond loopback.")
    p.add_argument("--mode", dest="serve_mode", choices=SERVE_MODES, default=None,
                   help="app mode of every tab (default standard)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--allow-network", action="store_true",
                   help="allow an address other devices can reach (no password: read the "
                        "warning it prints)")
    p.add_argument("--max-sessions", type=int, default=40,
                   help="at most this many tabs at once, each a process (default 40)")
    p.add_argument("--font-size", type=int, default=16,
                   help="terminal font size in CSS pixels (default 16; ?fontsize=N per page)")
    p.add_argument("--lang", dest="serve_lang", choices=("ja", "en"), default=None,
                   help="language each tab starts in (default ja)")
    p.add_argument("--config", dest="serve_config", metavar="FILE", type=Path, default=None,
                   help="kiosk/workshop config file (TOML)")
    p.add_argument("--theme", dest="serve_theme", default=None, help="app theme")
    p.add_argument("--participants", metavar="ADDRESS", default=None,
                   help="workshop mode: also serve the participants' page on this address "
                        "of the local network (e.g. 192.168.1.20), shown on the room screen "
                        "as a QR code; phones answer there anonymously")
    p.add_argument("--participants-port", type=int, default=None,
                   help="port of the participants' page (default: --port + 1)")
    add_catalog(p)
    add_data_dir(p)
    p.set_defaults(module="serve_cmd")
    return p


def merge_serve_args(args: argparse.Namespace) -> None:
    """``kyodo --mode kiosk serve`` and ``kyodo serve --mode kiosk`` mean the same."""
    args.serve_mode = args.serve_mode or getattr(args, "mode", None) or "standard"
    args.app_lang = args.serve_lang or getattr(args, "app_lang", None)
    args.config = args.serve_config or getattr(args, "config", None)
    args.theme = args.serve_theme or getattr(args, "theme", None)

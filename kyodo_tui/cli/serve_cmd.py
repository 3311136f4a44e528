"""``kyodo serve``: the app in a browser, one session per tab (textual-serve).

Needs the ``web`` extra (``pip install 'kyodo-tui[web]'``): without it, a
one-line message and exit 2. Everything that can be refused is checked before
textual-serve is imported: the address (:mod:`kyodo_tui.web.policy`: loopback
by default; intake never beyond it; any other address only with
``--allow-network``, announced with what it exposes), the catalog, the kiosk
config. Then each browser tab that opens the page starts its own ``kyodo
--mode MODE`` process; closing the tab stops it.

Never imports Textual (the tabs' processes do).
"""

from __future__ import annotations

import argparse
import sys

from kyodo_tui.core.errors import ExitCode
from kyodo_tui.web import policy

_MISSING = ("kyodo serve needs the web extra: pip install 'kyodo-tui[web]' "
            "(ブラウザで開くには web の追加パッケージが必要です)")


def _server_class() -> type | None:
    try:
        from kyodo_tui.web.server import KyodoServer
    except ImportError as exc:
        print(f"kyodo: {_MISSING} [{exc.name or exc}]", file=sys.stderr)
        return None
    return KyodoServer


def _check_mode(args: argparse.Namespace) -> int:
    """Catalog and kiosk config problems, before any tab could meet them."""
    from kyodo_tui.core.catalog import load_catalog

    load_catalog(list(args.catalog))  # a CatalogError is printed by main(), exit 2
    if args.serve_mode == "kiosk":
        from kyodo_tui.cli._common import check_failed
        from kyodo_tui.core.kiosk.config import check_kiosk_config, kiosk_start_problems

        config, problems = check_kiosk_config(args.config)
        if config is not None:
            problems = kiosk_start_problems(config)
        if problems or config is None:
            return check_failed(problems, "kiosk")
    return ExitCode.OK


def run(args: argparse.Namespace) -> int:
    from kyodo_tui.cli.serve_args import merge_serve_args

    merge_serve_args(args)
    mode: str = args.serve_mode
    host: str = args.host
    port: int = args.port
    if not 1 <= port <= 65535:
        print(f"kyodo: --port {port}: a port is 1 to 65535", file=sys.stderr)
        return ExitCode.BAD_INPUT
    if args.max_sessions < 1:
        print("kyodo: --max-sessions: at least 1", file=sys.stderr)
        return ExitCode.BAD_INPUT
    problem = policy.bind_problem(mode, host, args.allow_network)
    if problem is not None:
        print(f"kyodo: {problem}", file=sys.stderr)
        return ExitCode.BAD_INPUT
    status = _check_mode(args)
    if status != ExitCode.OK:
        return status
    server_class = _server_class()
    if server_class is None:
        return ExitCode.BAD_INPUT

    shown_host = "127.0.0.1" if policy.is_wildcard(host) else policy.url_host(host)
    url = f"http://{shown_host}:{port}/"
    announce = [f"kyodo serve: {mode} mode on {url}  (each browser tab is its own session; "
                "Ctrl+C stops / Ctrl+C で終了)"]
    if not policy.is_loopback(host):
        announce += policy.exposure(mode, url)
    env: dict[str, str] = {}
    servers = []
    if args.participants is not None:
        phones = _participants(args, port)
        if isinstance(phones, int):
            return phones
        p_host, p_port, p_url = phones
        from kyodo_tui.core.workshop.inbox import INBOX_ENV, URL_ENV, new_code

        env = {INBOX_ENV: new_code(), URL_ENV: p_url}
        p_command = policy.participant_command(env[INBOX_ENV], lang=args.app_lang,
                                               data_dir=args.data_dir, catalogs=args.catalog)
        p_announce = [f"kyodo serve: participants' page on {p_url}  (phones; shown as a QR "
                      "code on the room screen)"]
        if not policy.is_loopback(p_host):
            p_announce += policy.exposure("participant", p_url)
        servers.append(server_class(
            p_command, host=p_host, port=p_port, title="kyodo ワークショップ",
            allowed_hosts=policy.allowed_hosts(p_host, p_port),
            max_sessions=args.max_sessions, font_size=args.font_size, announce=p_announce))
    command = policy.app_command(
        mode, lang=args.app_lang, data_dir=args.data_dir, config=args.config,
        theme=args.theme, catalogs=args.catalog, env=env,
    )
    servers.insert(0, server_class(
        command, host=host, port=port, title="kyodo 協働のまちづくり",
        allowed_hosts=policy.allowed_hosts(host, port), max_sessions=args.max_sessions,
        font_size=args.font_size, announce=announce,
    ))
    from kyodo_tui.web.server import serve_all

    serve_all(servers)
    return ExitCode.OK


def _participants(args: argparse.Namespace, port: int) -> tuple[str, int, str] | int:
    """(host, port, url) of the participants' page, or an exit code after a message."""
    if args.serve_mode != "workshop":
        print("kyodo: --participants is for --mode workshop", file=sys.stderr)
        return ExitCode.BAD_INPUT
    p_host = args.participants.strip()
    problem = policy.participant_address_problem(p_host)
    if problem is not None:
        print(f"kyodo: --participants {p_host!r}: {problem}", file=sys.stderr)
        return ExitCode.BAD_INPUT
    p_port = args.participants_port if args.participants_port is not None else port + 1
    if not 1 <= p_port <= 65535 or (p_port == port and (p_host == args.host)):
        print(f"kyodo: --participants-port {p_port}: a free port other than --port",
              file=sys.stderr)
        return ExitCode.BAD_INPUT
    return p_host, p_port, f"http://{policy.url_host(p_host)}:{p_port}/"

"""What ``kyodo serve`` may bind, what that exposes, and what each tab runs.

Pure Python: no textual-serve, no Textual (``kyodo serve --help`` and every
refusal work without the ``web`` extra).

textual-serve has no authentication: whoever reaches the address opens a fresh
session of the app. So:

* the loopback address (127.0.0.1, ::1, ``localhost``) is the default;
* intake mode (records, contact details) is never served beyond loopback;
* any other address needs ``--allow-network`` and is announced with what it
  exposes (:func:`exposure`).
"""

from __future__ import annotations

import ipaddress
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

#: the modes ``kyodo serve`` offers
SERVE_MODES = ("standard", "kiosk", "workshop", "intake")
#: modes that show saved records or contact details: loopback only, always
LOOPBACK_ONLY_MODES = frozenset(("intake",))
#: the names loopback answers to (a browser on the same machine uses one of these)
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and ``localhost``; False for any other name or
    address (a host name is not resolved: it might point anywhere)."""
    name = host.strip().lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name.strip("[]")).is_loopback
    except ValueError:
        return False


def is_wildcard(host: str) -> bool:
    """0.0.0.0 or :: (every address of the machine)."""
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_unspecified
    except ValueError:
        return False


def url_host(host: str) -> str:
    """``host`` as it stands in a URL (IPv6 in brackets)."""
    name = host.strip()
    try:
        if ipaddress.ip_address(name.strip("[]")).version == 6:
            return f"[{name.strip('[]')}]"
    except ValueError:
        pass
    return name


def allowed_hosts(host: str, port: int) -> frozenset[str] | None:
    """The Host headers the server answers on a loopback bind (a page on another
    site that resolves its own name to 127.0.0.1 is refused: DNS rebinding), or
    None on a network bind (any name the network gives the machine)."""
    if not is_loopback(host):
        return None
    names = {*LOOPBACK_NAMES, url_host(host).lower()}
    return frozenset(f"{n}:{port}" for n in names)


_WHAT = {
    "standard": ("質問に答え、結果を見ること。保存を選んだ回答はこの機械のデータフォルダに残ります",
                 "answering the questions and seeing the results; answers a visitor chooses "
                 "to save are kept in this machine's data folder"),
    "kiosk": ("キオスク画面。職員の暗証番号で終了できるのはこの機械だけではなくなります",
              "the kiosk screens; the staff PIN prompt can then be tried from any device "
              "that reaches the address"),
    "workshop": ("進行役の画面: ワークショップ記録の作成・保存・開くこと",
                 "the facilitator's screens: creating, saving and opening workshop records"),
    "participant": ("質問に匿名で答え、ワークショップの部屋の図に加えること。保存された記録は見えません",
                    "answering the questions anonymously and adding the answers to the "
                    "workshop's room picture; no saved record is shown"),
}


def exposure(mode: str, url: str) -> list[str]:
    """What binding a network address for ``mode`` exposes, to print before serving."""
    ja, en = _WHAT.get(mode, _WHAT["standard"])
    return [
        f"注意: {url} に届く人は誰でも、パスワードなしで新しい画面を開けます: {ja}。",
        f"warning: anyone who can reach {url} opens a new session without any password: {en}.",
        "textual-serve has no authentication and no encryption (plain http): use it on a "
        "network you trust, and stop it (Ctrl+C) when the session is over.",
    ]


def bind_problem(mode: str, host: str, allow_network: bool) -> str | None:
    """Why ``mode`` may not be served on ``host``, or None."""
    if is_loopback(host):
        return None
    if mode in LOOPBACK_ONLY_MODES:
        return (f"--mode {mode} shows saved records and contact details: it is served on the "
                f"loopback address only (127.0.0.1), never on {host!r} "
                "(記録と連絡先を表示するモードは、この機械の中でだけ開けます)")
    if not allow_network:
        return (f"--host {host} serves kyodo to other devices on the network, without any "
                "password; add --allow-network if that is what you want "
                "(ネットワークに公開するには --allow-network が必要です)")
    return None


def app_command(mode: str, *, lang: str | None = None, data_dir: Path | None = None,
                config: Path | None = None, theme: str | None = None,
                catalogs: Sequence[Path] = (), extra: Sequence[str] = (),
                python: str | None = None, env: dict[str, str] | None = None) -> str:
    """The shell command textual-serve runs once for each browser tab (it starts
    it with ``create_subprocess_shell``): this Python, ``-m kyodo_tui``, the mode
    and the options the server was given, every part shell-quoted."""
    argv = [python or sys.executable, "-m", "kyodo_tui", "--mode", mode]
    if lang:
        argv += ["--lang", lang]
    if data_dir is not None:
        argv += ["--data-dir", str(Path(data_dir).resolve())]
    if config is not None:
        argv += ["--config", str(Path(config).resolve())]
    if theme:
        argv += ["--theme", theme]
    for folder in catalogs:
        argv += ["--catalog", str(Path(folder).resolve())]
    argv += list(extra)
    return _with_env(env, argv)


def _with_env(env: dict[str, str] | None, argv: list[str]) -> str:
    """``NAME=value … argv`` for the shell (the names are kyodo's own)."""
    prefix = [f"{name}={shlex.quote(value)}" for name, value in sorted((env or {}).items())]
    return " ".join([*prefix, shlex.join(argv)])


def participant_command(code: str, *, lang: str | None = None, data_dir: Path | None = None,
                        catalogs: Sequence[Path] = (), python: str | None = None) -> str:
    """The command each phone's tab runs (:mod:`kyodo_tui.web.participant`)."""
    from kyodo_tui.core.workshop.inbox import INBOX_ENV, check_code

    argv = [python or sys.executable, "-m", "kyodo_tui.web.participant"]
    if lang:
        argv += ["--lang", lang]
    if data_dir is not None:
        argv += ["--data-dir", str(Path(data_dir).resolve())]
    for folder in catalogs:
        argv += ["--catalog", str(Path(folder).resolve())]
    return _with_env({INBOX_ENV: check_code(code)}, argv)


def participant_address_problem(host: str) -> str | None:
    """Why ``host`` cannot be the participants' address (phones must reach it and
    it goes into a QR code: one explicit address, not "every address")."""
    if not host:
        return "give the address of this machine on the local network, e.g. 192.168.1.20"
    if is_wildcard(host):
        return ("0.0.0.0 or :: is not an address a phone can open: give this machine's "
                "address on the workshop's network, e.g. 192.168.1.20")
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        if not all(part.isalnum() or part.replace("-", "").isalnum()
                   for part in host.split(".")):
            return "not an address or a host name"
    return None

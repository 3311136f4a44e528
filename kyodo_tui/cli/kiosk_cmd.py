"""``kyodo kiosk set-pin|check``: set the staff PIN, validate the kiosk config.

``set-pin`` asks for the PIN twice (getpass: nothing is echoed), or reads one
line from stdin with ``--stdin``, and stores only its salted hash in the
config (``--config FILE``, else ``kiosk.toml`` in the config dir), atomically,
keeping the other keys (and, when it can, the comments). ``check`` prints every
problem as ``path:line: message`` on stdout and exits 2, also when kiosk mode
could not start (no PIN); otherwise it prints a summary and exits 0.

Headless: never imports Textual.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import datetime
from pathlib import Path

from kyodo_tui.cli._common import check_failed, dispatch
from kyodo_tui.core.errors import ExitCode
from kyodo_tui.core.kiosk.config import (
    KioskConfig,
    check_kiosk_config,
    kiosk_config_path,
    kiosk_start_problems,
    write_pin_hash,
)
from kyodo_tui.core.kiosk.hours import is_open, next_opening
from kyodo_tui.core.kiosk.pin import check_new_pin, hash_pin


def _config_path(args: argparse.Namespace) -> Path | None:
    """``kyodo kiosk … --config FILE`` or ``kyodo --config FILE kiosk …``."""
    path: Path | None = getattr(args, "sub_config", None) or getattr(args, "config", None)
    return path


def _read_pin(args: argparse.Namespace) -> str | None:
    if args.stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("新しい暗証番号 / New staff PIN: ")
    second = getpass.getpass("もう一度 / Once more: ")
    if first != second:
        print("kyodo: 暗証番号が一致しません。何も変更していません。 / "
              "the PINs do not match; nothing was changed", file=sys.stderr)
        return None
    return first


def _set_pin(args: argparse.Namespace) -> int:
    path = _config_path(args) or kiosk_config_path()
    pin = _read_pin(args)
    if pin is None:
        return ExitCode.BAD_INPUT
    problems = check_new_pin(pin)
    if problems:
        for p in problems:
            print(f"kyodo: {p.ja} / {p.en}", file=sys.stderr)
        print("kyodo: 何も変更していません。 / nothing was changed", file=sys.stderr)
        return ExitCode.BAD_INPUT
    kept = write_pin_hash(path, hash_pin(pin))
    print(f"暗証番号を設定しました / staff PIN set: {path}")
    if not kept:
        print("note: the file was rewritten with tomli-w, which does not keep comments; "
              "コメントは消えました", file=sys.stderr)
    _, remaining = check_kiosk_config(path)
    for problem in remaining:
        print(f"kyodo: warning: {problem}", file=sys.stderr)
    return ExitCode.OK


def _summary(config: KioskConfig) -> list[str]:
    lines = [
        f"idle: {config.idle_seconds} s, then a {config.countdown_seconds} s countdown",
        f"staff exit: {config.exit_chord} + PIN",
        f"language: {config.lang}" + (f", theme: {config.theme}" if config.theme else ""),
    ]
    if config.hours is None:
        lines.append("hours: always open")
    else:
        now = datetime.now(config.hours.tz)
        state = "open now" if is_open(config.hours, now) else "closed now"
        opening = next_opening(config.hours, now)
        if opening is not None and not is_open(config.hours, now):
            state += f", opens {opening:%Y-%m-%d %H:%M}"
        lines.append(f"hours ({config.hours.timezone}, {state}): "
                     + "; ".join(config.hours.describe("en")))
        if config.hours.holidays:
            lines.append("holidays: " + ", ".join(d.isoformat()
                                                  for d in sorted(config.hours.holidays)))
    lines.append("statistics: " + ("on (anonymous)" if config.stats.enabled else "off"))
    lines.append(f"takeaway QR: {'on, ' + config.takeaway.style if config.takeaway.qr else 'off'}")
    if config.printer is None:
        lines.append("printer: none")
    else:
        import shutil

        found = shutil.which(config.printer.command[0]) is not None
        lines.append(f"printer: {' '.join(config.printer.command)} ({config.printer.format})"
                     + ("" if found else "  [warning: command not found on this machine]"))
    return lines


def _check(args: argparse.Namespace) -> int:
    path = _config_path(args)
    config, problems = check_kiosk_config(path)
    if config is not None:
        problems = kiosk_start_problems(config)
    if problems or config is None:
        return check_failed(problems, "kiosk")
    shown = config.path if config.path is not None else f"{kiosk_config_path()} (defaults)"
    print(f"kiosk config OK: {shown}")
    for line in _summary(config):
        print(f"  {line}")
    return ExitCode.OK


def _unlock(args: argparse.Namespace) -> int:
    """Clear the running kiosk's PIN lockout (docs/kiosk.md, "Staff locked out")."""
    from kyodo_tui.core.kiosk.unlock import request_unlock
    from kyodo_tui.core.locations import data_dir

    folder = args.data_dir or data_dir()
    try:
        path = request_unlock(Path(folder))
    except OSError as exc:
        print(f"kyodo: {folder}: cannot write the unlock request: {exc.strerror or exc}",
              file=sys.stderr)
        return ExitCode.BAD_INPUT
    print(f"kyodo: unlock requested ({path}); the kiosk takes it within a second "
          "(ロック解除を依頼しました)", file=sys.stderr)
    return ExitCode.OK


def run(args: argparse.Namespace) -> int:
    return dispatch(args, "kiosk_command", "kyodo kiosk",
                    {"set-pin": _set_pin, "check": _check, "unlock": _unlock})

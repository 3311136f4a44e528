"""Staff recovery from a PIN lockout: ``kyodo kiosk unlock``.

Wrong PINs lock the staff prompt (:class:`~kyodo_tui.core.kiosk.PinGuard`), and
anyone at the kiosk's keyboard can cause that: press the exit key and type
wrong PINs. The lockout protects the PIN and must stay, but a resident must
not be able to keep staff out. The recovery does not go through the kiosk's
keyboard: staff run ``kyodo kiosk unlock`` on the machine (a second console,
SSH), as the kiosk's user or root. It leaves an unlock request in the kiosk's
data folder (0700: only that user and root can write there); the running
kiosk takes it within a second, clears the lockout (``PinGuard.reset``) and
the prompt takes a PIN again. Nothing a resident can reach does this.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["UNLOCK_FILE", "request_unlock", "take_unlock_request"]

#: the request's file name in the kiosk's data folder
UNLOCK_FILE = "kiosk-unlock"


def request_unlock(data_dir: Path) -> Path:
    """Ask the kiosk using ``data_dir`` to clear its PIN lockout; returns the file."""
    from kyodo_tui.core.locations import make_private_dir

    make_private_dir(data_dir)
    path = data_dir / UNLOCK_FILE
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, b"unlock\n")
    finally:
        os.close(fd)
    return path


def take_unlock_request(data_dir: Path) -> bool:
    """True once per request: the request is removed as it is taken. Never raises."""
    try:
        os.unlink(data_dir / UNLOCK_FILE)
    except OSError:
        return False
    return True

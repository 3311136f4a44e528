"""One atomic-write helper (kyodo_tui.core.atomic) for every file the app writes (issue 12).

The catalog cache, kiosk config and PIN state, exports and workshops publish files
through :func:`kyodo_tui.core.atomic.write_file`: a temp file opened with O_EXCL
and O_NOFOLLOW, so a link planted where the temp file goes is never written through.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from kyodo_tui.core.kiosk import PinGuard, hash_pin

PACKAGE = Path(__file__).resolve().parents[1] / "kyodo_tui"
#: a rename that is not a write: the kiosk error log rotated to ``.1``
NOT_A_WRITER = {"core/kiosk/records.py"}
PUBLISH = re.compile(r"\bos\.(?:replace|rename)\(|\bmkstemp\(|NamedTemporaryFile\(")


def test_only_the_atomic_module_publishes_files() -> None:
    writers = sorted(
        str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py")
        if path.name != "atomic.py" and PUBLISH.search(path.read_text("utf-8"))
        and str(path.relative_to(PACKAGE)) not in NOT_A_WRITER)
    assert writers == []


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_pin_state_never_writes_through_a_planted_link(tmp_path: Path) -> None:
    state = tmp_path / "kiosk" / "pin-state.json"
    state.parent.mkdir(mode=0o700)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    # the temp name the state was written to before (predictable: the pid)
    (state.parent / f".{state.name}.{os.getpid()}.tmp").symlink_to(victim)
    guard = PinGuard(hash_pin("246810"), clock=Clock(), state_path=state)
    assert not guard.attempt("000000").ok
    assert victim.read_text() == "keep me"
    assert PinGuard(hash_pin("246810"), clock=Clock(), state_path=state).failures == 1

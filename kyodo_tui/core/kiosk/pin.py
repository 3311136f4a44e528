"""The staff PIN: salted scrypt hashes, constant-time checks, and a rate limiter.

A PIN is never stored: the kiosk config holds ``pin_hash``, a string carrying
the algorithm, its parameters, the salt and the hash::

    scrypt$16384$8$1$<salt, base64>$<hash, base64>

:func:`hash_pin` makes one (``kyodo kiosk set-pin`` writes it),
:func:`verify_pin` checks a PIN against it in constant time, and
:class:`PinGuard` rate-limits wrong PINs: three free tries, then a lockout of
30 s that doubles with every further wrong PIN (60 s, 120 s, … capped at 15 min).
With a ``state_path`` the count and the lockout are kept on disk (mode 0600), so
restarting the kiosk neither lifts a lockout nor gives fresh tries.
The guard's clock is injectable, so tests never sleep.

**Bounds both ways.** A ``pin_hash`` must cost at least as much as a new one
(N >= 2^14, r >= 8: a 6-digit PIN then takes hours, not a fraction of a second,
to brute-force from a leaked config) and at most :data:`MAX_WORK` times that
(so a hostile config cannot make each check take many seconds).

Pure Python (hashlib, hmac): no Textual.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import hmac
import itertools
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from kyodo_tui.core.model import Text

__all__ = [
    "MAX_PIN_LENGTH",
    "MIN_PIN_LENGTH",
    "PinAttempt",
    "pin_state_path",
    "PinGuard",
    "check_new_pin",
    "hash_pin",
    "pin_hash_problem",
    "verify_pin",
]

#: a PIN is ASCII digits (it can be typed on an on-screen keypad) of this length
MIN_PIN_LENGTH = 6
MAX_PIN_LENGTH = 32

# scrypt parameters for new hashes: ~16 MiB and a few tens of ms per check
_N, _R, _P = 2**14, 8, 1
_SALT_BYTES = 16
_HASH_BYTES = 32
# what verify_pin accepts from a config file: never cheaper than a new hash (a weak
# hash lets a leaked config be brute-forced in a moment) and at most MAX_WORK times
# its cost (a hostile config must not make each check take seconds or eat memory)
_MIN_N, _MIN_R = 2**14, 8
_MAX_N = 2**17
_MAX_R = 16
_MAX_P = 4
#: the most a check may cost, as a multiple of a new hash's N*r*p
MAX_WORK = 8
_MAXMEM = 256 * 1024 * 1024


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=length,
                          maxmem=_MAXMEM)


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    """A new salted scrypt hash of ``pin`` (``scrypt$n$r$p$salt$hash``).

    The PIN itself is not checked here; :func:`check_new_pin` says whether it
    is acceptable. ``salt`` is for tests; by default a fresh random one is used.
    """
    salt = secrets.token_bytes(_SALT_BYTES) if salt is None else salt
    digest = _scrypt(pin, salt, _N, _R, _P, _HASH_BYTES)
    return f"scrypt${_N}${_R}${_P}${_b64(salt)}${_b64(digest)}"


@dataclass(frozen=True, slots=True)
class _Parsed:
    n: int
    r: int
    p: int
    salt: bytes
    digest: bytes


def _parse(pin_hash: str) -> _Parsed | str:
    """The parsed hash, or a message saying what is wrong with it."""
    parts = pin_hash.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        return ("must look like scrypt$N$r$p$salt$hash (set it with `kyodo kiosk set-pin`, "
                "never write a PIN here)")
    try:
        n, r, p = (int(x) for x in parts[1:4])
    except ValueError:
        return "scrypt parameters N, r and p must be whole numbers"
    if n < _MIN_N or n & (n - 1) or n > _MAX_N:
        return (f"scrypt N must be a power of two from {_MIN_N} to {_MAX_N} (got {n}); "
                "set the PIN again with `kyodo kiosk set-pin`")
    if not _MIN_R <= r <= _MAX_R or not 1 <= p <= _MAX_P:
        return (f"scrypt r must be {_MIN_R} to {_MAX_R} and p 1 to {_MAX_P} "
                f"(got r={r}, p={p}); set the PIN again with `kyodo kiosk set-pin`")
    if n * r * p > MAX_WORK * _N * _R * _P or 128 * r * n > _MAXMEM // 2:
        return "scrypt parameters ask for too much work; set the PIN again"
    try:
        salt = base64.b64decode(parts[4], validate=True)
        digest = base64.b64decode(parts[5], validate=True)
    except (binascii.Error, ValueError):
        return "salt and hash must be base64"
    if len(salt) < 16:
        return "the salt is too short (at least 16 bytes)"
    if not 16 <= len(digest) <= 64:
        return "the hash must be 16–64 bytes"
    return _Parsed(n, r, p, salt, digest)


def pin_hash_problem(pin_hash: str) -> str | None:
    """What is wrong with a ``pin_hash`` string, or None when it is well formed."""
    parsed = _parse(pin_hash)
    return parsed if isinstance(parsed, str) else None


def verify_pin(pin: str, pin_hash: str) -> bool:
    """True when ``pin`` matches ``pin_hash``; False for a wrong PIN or a malformed hash.

    The comparison is constant-time (:func:`hmac.compare_digest`).
    """
    parsed = _parse(pin_hash)
    if isinstance(parsed, str):
        return False
    try:
        digest = _scrypt(pin, parsed.salt, parsed.n, parsed.r, parsed.p, len(parsed.digest))
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(digest, parsed.digest)


def _is_run(pin: str) -> bool:
    """All one digit (``0000``) or a straight run up or down (``1234``, ``9876``)."""
    if len(set(pin)) == 1:
        return True
    steps = {(int(b) - int(a)) % 10 for a, b in itertools.pairwise(pin)}
    return steps == {1} or steps == {9}


def check_new_pin(pin: str) -> list[Text]:
    """Why ``pin`` is not acceptable as a new staff PIN (empty: it is fine)."""
    problems: list[Text] = []
    if not pin.isascii() or not pin.isdigit():
        problems.append(Text("暗証番号は半角数字だけにしてください。",
                             "The PIN must be digits only (0–9)."))
        return problems
    if not MIN_PIN_LENGTH <= len(pin) <= MAX_PIN_LENGTH:
        problems.append(Text(
            f"暗証番号は{MIN_PIN_LENGTH}桁から{MAX_PIN_LENGTH}桁にしてください。",
            f"The PIN must have {MIN_PIN_LENGTH} to {MAX_PIN_LENGTH} digits."))
    elif _is_run(pin):
        problems.append(Text("同じ数字の繰り返しや連番（1234など）は使えません。",
                             "Repeated digits and straight runs (like 1234) are too easy "
                             "to guess."))
    return problems


# ---------------------------------------------------------------- rate limiting

#: wrong PINs allowed before the first lockout
FREE_ATTEMPTS = 3
#: the first lockout, doubled for every further wrong PIN
FIRST_LOCKOUT = 30.0
#: the longest lockout
MAX_LOCKOUT = 15 * 60.0


@dataclass(frozen=True, slots=True)
class PinAttempt:
    """The outcome of one :meth:`PinGuard.attempt`.

    ``result`` is ``"ok"`` (the PIN matched; the guard is reset), ``"wrong"``
    or ``"locked"`` (not even checked: still locked). ``wait`` is how many
    seconds the guard is locked for from now (0 when it is not locked);
    ``tries_left`` is how many wrong PINs are still allowed before a lockout.
    """

    result: Literal["ok", "wrong", "locked"]
    wait: float
    tries_left: int

    @property
    def ok(self) -> bool:
        return self.result == "ok"

    def message(self) -> Text:
        """A short bilingual line for the PIN dialog."""
        if self.result == "ok":
            return Text("確認しました。", "PIN accepted.")
        if self.wait > 0:
            secs = max(1, int(self.wait + 0.999))
            return Text(f"暗証番号が違います。{secs}秒後にもう一度お試しください。"
                        if self.result == "wrong" else
                        f"しばらくお待ちください（あと{secs}秒）。",
                        f"Wrong PIN. Try again in {secs} s." if self.result == "wrong"
                        else f"Please wait ({secs} s left).")
        return Text(f"暗証番号が違います（あと{self.tries_left}回）。",
                    f"Wrong PIN ({self.tries_left} more tries).")


class PinGuard:
    """Checks staff PINs against a hash with a rate limit on wrong ones.

    After :data:`FREE_ATTEMPTS` wrong PINs the guard locks for
    :data:`FIRST_LOCKOUT` seconds; while locked, :meth:`attempt` does not check
    the PIN at all. Once the lock ends, each further wrong PIN locks it again
    for twice as long as the last time (capped at :data:`MAX_LOCKOUT`). A right
    PIN resets everything. ``clock`` returns seconds (default
    :func:`time.monotonic`); tests pass a fake one.
    """

    def __init__(self, pin_hash: str, *, clock: Callable[[], float] = time.monotonic,
                 free_attempts: int = FREE_ATTEMPTS, first_lockout: float = FIRST_LOCKOUT,
                 max_lockout: float = MAX_LOCKOUT, state_path: Path | None = None,
                 wall: Callable[[], float] = time.time) -> None:
        self._hash = pin_hash
        self._clock = clock
        self._free = free_attempts
        self._first = first_lockout
        self._max = max_lockout
        self._wrong = 0
        self._last_lock = 0.0
        self._locked_until = 0.0
        self._state_path = state_path
        self._wall = wall
        self._load()

    # -- state kept across restarts

    def _load(self) -> None:
        """Take over the count and the lockout a previous run left (bounded: a damaged
        or edited file can neither unlock early nor lock longer than the cap)."""
        if self._state_path is None:
            return
        try:
            with self._state_path.open("rb") as f:
                data = json.loads(f.read(4096))
            wrong = int(data["wrong"])
            last_lock = float(data["last_lock"])
            remaining = float(data["remaining"]) - (self._wall() - float(data["saved"]))
        except FileNotFoundError:
            return
        except (OSError, ValueError, KeyError, TypeError):
            # unreadable: fail closed, as after a wrong PIN that locked
            wrong, last_lock, remaining = self._free, self._first, self._first
        if not all(map(_finite, (last_lock, remaining))):
            wrong, last_lock, remaining = self._free, self._first, self._first
        self._wrong = max(0, min(wrong, 10_000))
        self._last_lock = max(0.0, min(last_lock, self._max))
        self._locked_until = self._clock() + max(0.0, min(remaining, self._max))

    def _save(self) -> None:
        if self._state_path is None:
            return
        if self._wrong == 0 and self._last_lock == 0:
            with contextlib.suppress(OSError):
                self._state_path.unlink(missing_ok=True)
            return
        data = json.dumps({"wrong": self._wrong, "last_lock": self._last_lock,
                           "remaining": self.remaining(), "saved": self._wall()})
        from kyodo_tui.core.atomic import write_file

        try:
            self._state_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            write_file(self._state_path, data.encode("ascii"))  # the one atomic writer
        except OSError:
            pass  # the lockout still holds for this run

    @property
    def failures(self) -> int:
        """Wrong PINs since the last right one."""
        return self._wrong

    def remaining(self) -> float:
        """Seconds until a PIN may be tried again (0.0: now)."""
        return max(0.0, self._locked_until - self._clock())

    def locked(self) -> bool:
        return self.remaining() > 0

    def _tries_left(self) -> int:
        return max(0, self._free - self._wrong) if self._last_lock == 0 else 0

    def attempt(self, pin: str) -> PinAttempt:
        """Try ``pin``: ok (and reset), wrong (maybe now locked), or locked (not checked)."""
        wait = self.remaining()
        if wait > 0:
            return PinAttempt("locked", wait, 0)
        if verify_pin(pin, self._hash):
            self.reset()
            return PinAttempt("ok", 0.0, self._free)
        self._wrong += 1
        if self._wrong >= self._free:
            lock = self._first if self._last_lock == 0 else min(self._max, self._last_lock * 2)
            self._last_lock = lock
            self._locked_until = self._clock() + lock
            self._save()
            return PinAttempt("wrong", lock, 0)
        self._save()
        return PinAttempt("wrong", 0.0, self._tries_left())

    def reset(self) -> None:
        self._wrong = 0
        self._last_lock = 0.0
        self._locked_until = 0.0
        self._save()


def _finite(x: float) -> bool:
    return x == x and x not in (float("inf"), float("-inf"))


def pin_state_path() -> Path:
    """Where the kiosk keeps its PIN lockout between runs (in the data dir)."""
    from kyodo_tui.core.locations import data_dir

    return data_dir() / ".kiosk-pin-lock.json"

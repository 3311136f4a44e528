"""The staff PIN: salted scrypt hashes, constant-time checks, and a rate limiter.

A PIN is never stored: the kiosk config holds ``pin_hash``, a string carrying
the algorithm, its parameters, the salt and the hash::

    scrypt$16384$8$1$<salt, base64>$<hash, base64>

:func:`hash_pin` makes one (``kyodo kiosk set-pin`` writes it),
:func:`verify_pin` checks a PIN against it in constant time, and
:class:`PinGuard` rate-limits wrong PINs: three free tries, then a lockout of
30 s that doubles with every further wrong PIN (60 s, 120 s, … capped at 15 min).
The guard's clock is injectable, so tests never sleep.

Pure Python (hashlib, hmac): no Textual.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import itertools
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from kyodo_tui.core.model import Text

__all__ = [
    "MAX_PIN_LENGTH",
    "MIN_PIN_LENGTH",
    "PinAttempt",
    "PinGuard",
    "check_new_pin",
    "hash_pin",
    "pin_hash_problem",
    "verify_pin",
]

#: a PIN is ASCII digits (it can be typed on an on-screen keypad) of this length
MIN_PIN_LENGTH = 4
MAX_PIN_LENGTH = 32

# scrypt parameters for new hashes: ~16 MiB and a few tens of ms per check
_N, _R, _P = 2**14, 8, 1
_SALT_BYTES = 16
_HASH_BYTES = 32
# what verify_pin accepts from a config file (keeps a hostile config from
# asking for gigabytes of memory or minutes of CPU)
_MAX_N = 2**20
_MAX_R = 32
_MAX_P = 16
_MAXMEM = 1024 * 1024 * 1024


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
    if n < 2 or n & (n - 1) or n > _MAX_N:
        return f"scrypt N must be a power of two between 2 and {_MAX_N} (got {n})"
    if not 1 <= r <= _MAX_R or not 1 <= p <= _MAX_P:
        return f"scrypt r must be 1–{_MAX_R} and p 1–{_MAX_P} (got r={r}, p={p})"
    if 128 * r * n > _MAXMEM // 2:
        return "scrypt parameters ask for too much memory"
    try:
        salt = base64.b64decode(parts[4], validate=True)
        digest = base64.b64decode(parts[5], validate=True)
    except (binascii.Error, ValueError):
        return "salt and hash must be base64"
    if len(salt) < 8:
        return "the salt is too short (at least 8 bytes)"
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
            f"暗証番号は{MIN_PIN_LENGTH}〜{MAX_PIN_LENGTH}桁にしてください（6桁以上をおすすめします）。",
            f"The PIN must have {MIN_PIN_LENGTH}–{MAX_PIN_LENGTH} digits "
            "(6 or more recommended)."))
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
                 max_lockout: float = MAX_LOCKOUT) -> None:
        self._hash = pin_hash
        self._clock = clock
        self._free = free_attempts
        self._first = first_lockout
        self._max = max_lockout
        self._wrong = 0
        self._last_lock = 0.0
        self._locked_until = 0.0

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
            return PinAttempt("wrong", lock, 0)
        return PinAttempt("wrong", 0.0, self._tries_left())

    def reset(self) -> None:
        self._wrong = 0
        self._last_lock = 0.0
        self._locked_until = 0.0

"""A cache on disk that cannot run code and that only its owner can fill.

Every entry is plain data (:mod:`marshal` of str/int/float/bool/None, tuples,
lists and dicts, checked after loading: never pickle, never a code object) in a
file named by the digest of what it caches, and the file itself starts with that
digest, so an entry copied or renamed under another key is ignored. Entries are
never evicted by a new one: every catalog state (and every working directory)
keeps its own.

An entry is read or written only when the cache root (``$KYODO_CACHE_DIR`` or the
user cache dir), the entry's folder and the file are owned by the current user
and not writable by group or others, and are no symbolic links; otherwise the
cache is ignored (as if empty) and nothing is written. Files are opened relative
to a checked directory descriptor with ``O_NOFOLLOW``, so a folder swapped
between the check and the read is seen. Every failure (missing, corrupt, foreign,
read-only, full disk) means only: compute again.

Pure Python, stdlib only, nothing imported at start-up but ``os``.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path
from typing import Any

__all__ = ["Blob", "digest", "is_plain", "open_blob", "read", "write", "write_blob"]

_MAGIC = b"kyodo-cache-1\n"
#: nesting deeper than this is not plain catalog data
_MAX_DEPTH = 64
_PLAIN_SCALARS = (str, int, float, bool, type(None), bytes)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def digest(*parts: bytes | str) -> str:
    """A hex digest of ``parts`` (each length-prefixed, so no two lists collide)."""
    try:  # the builtin module: hashlib would load OpenSSL first (milliseconds)
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - a Python built without it
        from hashlib import blake2b

    h = blake2b(digest_size=20)
    for p in parts:
        b = p.encode("utf-8", "surrogatepass") if isinstance(p, str) else p
        h.update(len(b).to_bytes(8, "little"))
        h.update(b)
    return h.hexdigest()


def _root() -> Path:
    from kyodo_tui.core.locations import cache_dir

    return cache_dir()


def _trusted(st: os.stat_result, *, directory: bool) -> bool:
    """Owned by us, not group/other-writable, of the right kind (never a symlink)."""
    kind_ok = stat.S_ISDIR(st.st_mode) if directory else stat.S_ISREG(st.st_mode)
    return (kind_ok and st.st_uid == os.geteuid()
            and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


def _open_dir(path: Path, *, create: bool) -> int | None:
    """A descriptor of ``path`` if it is a trusted directory (created 0700 if asked)."""
    if create:
        try:
            os.makedirs(path, mode=0o700, exist_ok=True)
        except OSError:
            return None
    try:
        fd = os.open(path, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC)
    except OSError:
        return None
    try:
        if _trusted(os.fstat(fd), directory=True):
            return fd
    except OSError:
        pass
    os.close(fd)
    return None


def _folder(kind: str, *, create: bool) -> int | None:
    """A descriptor of the trusted folder ``<cache root>/<kind>``, or None."""
    root = _root()
    root_fd = _open_dir(root, create=create)
    if root_fd is None:
        return None
    try:
        if create:
            try:
                os.mkdir(kind, 0o700, dir_fd=root_fd)
            except FileExistsError:
                pass
            except OSError:
                return None
        try:
            fd = os.open(kind, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC, dir_fd=root_fd)
        except OSError:
            return None
        try:
            if _trusted(os.fstat(fd), directory=True):
                return fd
        except OSError:
            pass
        os.close(fd)
        return None
    finally:
        os.close(root_fd)


_PLAIN_TYPES = frozenset(_PLAIN_SCALARS)


def is_plain(value: Any, depth: int = 0) -> bool:
    """Only str/bytes/int/float/bool/None in tuples, lists and str-keyed dicts
    (exact types: :mod:`marshal` makes no subclasses)."""
    t = type(value)
    if t in _PLAIN_TYPES:
        return True
    if depth > _MAX_DEPTH:
        return False
    plain = _PLAIN_TYPES
    if t is list or t is tuple:
        for v in value:  # noqa: SIM110 - a plain loop: the check runs on every cache read
            if type(v) not in plain and not is_plain(v, depth + 1):
                return False
        return True
    if t is dict:
        for k, v in value.items():
            if type(k) is not str or (type(v) not in plain and not is_plain(v, depth + 1)):
                return False
        return True
    return False


def read(kind: str, key: str, *, check: bool = True) -> Any | None:
    """The plain data stored under ``key`` in ``kind``, or None (missing, foreign,
    corrupt, or for another key). ``check=False`` skips the plain-data walk for a
    caller that validates the shape itself (large indexes)."""
    import marshal

    fd = _folder(kind, create=False)
    if fd is None:
        return None
    try:
        try:
            ffd = os.open(f"{key}.bin", os.O_RDONLY | _NOFOLLOW | _CLOEXEC, dir_fd=fd)
        except OSError:
            return None
        with os.fdopen(ffd, "rb") as f:
            if not _trusted(os.fstat(f.fileno()), directory=False):
                return None
            head = _MAGIC + key.encode("ascii") + b"\n"
            if f.read(len(head)) != head:
                return None
            blob = f.read()
        value = marshal.loads(blob)
    except Exception:  # noqa: BLE001 - any bad entry means: compute again
        return None
    finally:
        os.close(fd)
    if check and not is_plain(value):
        return None
    # marshal can hold code objects, but one is never plain: refuse it even unchecked
    if type(value) not in (tuple, list, dict):
        return value if isinstance(value, _PLAIN_SCALARS) else None
    return value


class Blob:
    """Raw bytes stored under a key (:func:`write_blob`), read a slice at a time
    (``os.pread`` on a descriptor opened and checked once): a reader of a large
    entry pays only for the parts it uses. Never code: the caller decides what the
    bytes mean and checks them."""

    __slots__ = ("_fd", "_start", "size")

    def __init__(self, fd: int, start: int, size: int) -> None:
        self._fd, self._start, self.size = fd, start, size

    def read(self, offset: int, size: int) -> bytes:
        """``size`` bytes from ``offset`` (ValueError outside the blob)."""
        if offset < 0 or size < 0 or offset + size > self.size or self._fd < 0:
            raise ValueError("outside the stored bytes")
        data = os.pread(self._fd, size, self._start + offset)
        if len(data) != size:
            raise ValueError("the stored bytes were cut short")
        return data

    def close(self) -> None:
        if self._fd >= 0:
            fd, self._fd = self._fd, -1
            os.close(fd)

    def __del__(self) -> None:
        with contextlib.suppress(OSError):
            self.close()


def open_blob(kind: str, key: str) -> Blob | None:
    """The bytes :func:`write_blob` stored under ``key``, or None (missing, foreign,
    for another key); checked as :func:`read` checks an entry."""
    fd = _folder(kind, create=False)
    if fd is None:
        return None
    try:
        try:
            ffd = os.open(f"{key}.blob", os.O_RDONLY | _NOFOLLOW | _CLOEXEC, dir_fd=fd)
        except OSError:
            return None
        try:
            st = os.fstat(ffd)
            head = _MAGIC + key.encode("ascii") + b"\n"
            if not _trusted(st, directory=False) or os.pread(ffd, len(head), 0) != head:
                os.close(ffd)
                return None
        except OSError:
            os.close(ffd)
            return None
        return Blob(ffd, len(head), st.st_size - len(head))
    finally:
        os.close(fd)


def write_blob(kind: str, key: str, data: bytes) -> bool:
    """Store raw ``data`` under ``key`` for :func:`open_blob` (atomically, 0600)."""
    return _store(kind, f"{key}.blob", key, data)


def write(kind: str, key: str, value: Any) -> bool:
    """Store plain ``value`` under ``key`` (atomically, 0600); False if not stored.

    Other entries are left alone: a new catalog state never evicts an old one.
    """
    import marshal

    try:
        blob = marshal.dumps(value)
    except ValueError:
        return False
    return _store(kind, f"{key}.bin", key, blob)


def _store(kind: str, name: str, key: str, blob: bytes) -> bool:
    """Write the header for ``key`` and ``blob`` to ``name`` in ``kind`` (atomically)."""
    fd = _folder(kind, create=True)
    if fd is None:
        return False
    from kyodo_tui.core.atomic import write_file

    try:
        # the one atomic writer, in the folder checked and pinned by its descriptor;
        # no fsync: an entry (.bin or .blob) is checked when read
        write_file(name, [_MAGIC + key.encode("ascii") + b"\n", blob], dir_fd=fd,
                   durable=False)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)

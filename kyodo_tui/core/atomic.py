"""The one atomic file write of kyodo_tui (catalog cache, kiosk config, exports, workshops).

Data goes to a temp file in the same folder (0600, opened with O_EXCL and, where
the system has it, O_NOFOLLOW), is fsynced, then published: ``os.replace`` when
replacing is allowed, ``os.link`` otherwise (fails if the name exists, so a new
file never replaces another), and the folder is fsynced. A crash leaves the old
file whole or the new one whole, never half a file; a failed write leaves no
temp file behind. Saved sessions are not files any more (see
:mod:`kyodo_tui.core.db`). Pure Python, no Textual.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from collections.abc import Iterable
from pathlib import Path

__all__ = ["TEMP_SUFFIX", "write_file"]

TEMP_SUFFIX = ".tmp"
_NO_LINK = {errno.EPERM, errno.EXDEV, errno.ENOSYS, errno.EMLINK,
            getattr(errno, "ENOTSUP", -1), getattr(errno, "EOPNOTSUPP", -1)}


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_file(path: Path | str, data: bytes | Iterable[bytes], *, replace: bool = True,
               durable: bool = True, mode: int = 0o600, dir_fd: int | None = None) -> None:
    """Write ``data`` (bytes, or an iterable of byte chunks: streamed) to ``path`` atomically.

    ``replace=False``: never replace an existing file (FileExistsError if ``path``
    exists, checked atomically). ``durable=False`` skips the fsyncs: for caches,
    which are checked when read. OSError from the disk is raised; nothing is left
    behind but the old file. ``dir_fd``: ``path`` is a name in the folder open on
    that descriptor (a folder checked once and pinned, as the catalog cache does).
    """
    target = Path(path)
    folder = target.parent
    at = {} if dir_fd is None else {"dir_fd": dir_fd}
    moves = {} if dir_fd is None else {"src_dir_fd": dir_fd, "dst_dir_fd": dir_fd}
    flags = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
             | getattr(os, "O_BINARY", 0))
    for _ in range(100):
        tmp = folder / f".{target.name}.{os.getpid()}-{secrets.token_hex(6)}{TEMP_SUFFIX}"
        try:
            fd = os.open(tmp, flags, mode, **at)
        except FileExistsError:
            continue
        break
    else:  # pragma: no cover - 100 random collisions
        raise FileExistsError(errno.EEXIST, "cannot create a temp file", str(folder))
    try:
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, mode)
            for chunk in ([data] if isinstance(data, (bytes, bytearray, memoryview)) else data):
                view = memoryview(chunk)
                while view:
                    view = view[os.write(fd, view):]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        if replace:
            os.replace(tmp, target, **moves)
        else:
            try:
                os.link(tmp, target, **moves, follow_symlinks=False)
            except FileExistsError:
                raise
            except OSError as exc:
                if exc.errno not in _NO_LINK:
                    raise
                # no hard links here: reserve the name, then put the whole file on it
                os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode, **at))
                os.replace(tmp, target, **moves)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp, **at)
    if durable:
        if dir_fd is None:
            _fsync_dir(folder)
        else:
            with contextlib.suppress(OSError):
                os.fsync(dir_fd)

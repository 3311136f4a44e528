"""Which directories make up the catalog, and a digest of their content.

Light on purpose (``os``, ``pathlib`` and the cache): a headless command asks for the
catalog's content key first and, on a cache hit, never imports the catalog
loader at all. :mod:`kyodo_tui.core.catalog` re-exports these.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

__all__ = ["BUILTIN_ENV", "builtin_catalog_dir", "catalog_key", "catalog_layers"]

#: environment variable replacing the built-in catalog dir (tests, packagers)
BUILTIN_ENV = "KYODO_BUILTIN_CATALOG"
_CORE = Path(__file__).resolve().parent
#: the code that turns catalog files into objects: part of every key
_LOADER_CODE = ("catalog.py", "model.py", "plain.py", "records.py", "layers.py", "langs.py")


def builtin_catalog_dir() -> Path:
    """The built-in catalog: ``kyodo_tui/_catalog`` in a wheel, else the repo's ``catalog/``.

    ``$KYODO_BUILTIN_CATALOG`` replaces it (for tests and packagers).
    """
    override = os.environ.get(BUILTIN_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    package = Path(__file__).resolve().parent.parent
    packaged = package / "_catalog"
    if packaged.is_dir():
        return packaged
    return package.parent / "catalog"


def catalog_layers(
    extra: Sequence[Path] = (), include_user: bool = True, *, builtin: Path | None = None
) -> list[Path]:
    """The layer directories, built-in first; the user dir only if it exists.

    ``extra`` dirs are always listed (a missing one is reported by the check).
    """
    layers = [builtin if builtin is not None else builtin_catalog_dir()]
    if include_user:
        from kyodo_tui.core.locations import user_catalog_dir

        user = user_catalog_dir()
        if user.is_dir():
            layers.append(user)
    layers.extend(Path(p) for p in extra)
    return layers


#: the cache folder remembering each catalog state's content digest by its files' stat
STAT_MEMO = "catalog-stat-v1"
#: a file changed this recently (ns) is read again: a coarse clock could hide a change
_RACY_NS = 2_000_000_000
#: content digests this process computed or read, by the stat digest of their files
_CONTENT: dict[str, str] = {}


def catalog_key(layers: Sequence[Path], code: Sequence[str] = ()) -> str | None:
    """A digest of everything a loaded catalog depends on, or None (then: no cache).

    The layers' resolved paths, every ``*.toml`` file's relative path and content,
    and the loader's own source files (size and mtime: they define the objects),
    plus ``code`` (more module file names under kyodo_tui/core, for caches of
    things built from the catalog). Not the working directory: where-paths are
    stored absolute and shown relative to it when read back.

    The content digest of a set of files is remembered (in the user's cache, by
    their paths, sizes, inodes and change times, as git's index does): an unchanged
    layer of 100,000 activities is not read again at every start. A file changed
    within two seconds of the digest is always read.
    """
    try:  # the builtin module: hashlib would load OpenSSL first (milliseconds)
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - a Python built without it
        from hashlib import blake2b

    import time

    from kyodo_tui.core import cache

    code_h = blake2b(digest_size=20)
    seen = blake2b(digest_size=20)
    files: list[tuple[Path, Path]] = []
    newest = 0
    try:
        for name in (*_LOADER_CODE, *code):
            st = (_CORE / name).stat()
            code_h.update(f"{name}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
        resolved = []
        for layer in layers:
            if not layer.is_dir():
                return None  # a problem: let the full check report it
            resolved.append(str(layer.resolve()))
            seen.update(f"layer\0{resolved[-1]}\0".encode())
            for path in sorted(p for p in layer.rglob("*.toml") if p.is_file()):
                st = path.stat()
                files.append((layer, path))
                newest = max(newest, st.st_mtime_ns, st.st_ctime_ns)
                seen.update(f"{path.resolve()}\0{st.st_size}\0{st.st_mtime_ns}\0"
                            f"{st.st_ctime_ns}\0{st.st_ino}\0{st.st_dev}\0".encode())
        memo_key = seen.hexdigest()
        content = _CONTENT.get(memo_key)  # this process already read these files
        if content is None:
            memo = cache.read(STAT_MEMO, memo_key)
            if (isinstance(memo, dict) and isinstance(memo.get("key"), str)
                    and isinstance(memo.get("at"), int) and newest < memo["at"] - _RACY_NS):
                content = memo["key"]
        if content is None:
            at = time.time_ns()
            h = blake2b(digest_size=20)
            for layer, where in zip(layers, resolved, strict=True):
                h.update(f"layer\0{where}\0".encode())
                for owner, path in files:
                    if owner is layer:
                        data = path.read_bytes()
                        h.update(f"{path.relative_to(layer)}\0{len(data)}\0".encode())
                        h.update(data)
            content = h.hexdigest()
            cache.write(STAT_MEMO, memo_key, {"key": content, "at": at})
        if newest < time.time_ns() - _RACY_NS:
            _CONTENT[memo_key] = content
    except OSError:
        return None
    code_h.update(content.encode())
    return code_h.hexdigest()

"""Where kyodo_tui keeps things on disk: config, data and the user catalog.

Every directory can be redirected by an environment variable, so tests (and
kiosks) never touch the real home directory:

- ``KYODO_CONFIG_DIR``: the config dir (the user catalog is ``<config>/catalog``);
- ``KYODO_DATA_DIR``: the data dir (saved sessions, drafts);
- ``KYODO_CACHE_DIR``: the cache dir (parsed catalog files; safe to delete).

Nothing here creates a directory on its own; callers that write create what
they need with :func:`make_private_dir` (0700: records name no one, but what a
room or a resident said is nobody else's business on a shared computer).
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "kyodo_tui"
CONFIG_ENV = "KYODO_CONFIG_DIR"
DATA_ENV = "KYODO_DATA_DIR"
CACHE_ENV = "KYODO_CACHE_DIR"


def _from_env(name: str) -> Path | None:
    value = os.environ.get(name, "").strip()
    return Path(value).expanduser() if value else None


def _xdg(var: str, default: str) -> Path | None:
    """On Linux, what platformdirs answers (``$XDG_…`` or the default under home),
    without importing it (start-up cost); None elsewhere (then: ask platformdirs)."""
    import sys

    if not sys.platform.startswith("linux"):
        return None
    value = os.environ.get(var, "").strip()
    base = Path(value) if value else Path.home() / default
    return base / APP_NAME


def config_dir() -> Path:
    """The user config dir: ``$KYODO_CONFIG_DIR`` or platformdirs' user config dir."""
    path = _from_env(CONFIG_ENV) or _xdg("XDG_CONFIG_HOME", ".config")
    if path is not None:
        return path
    from platformdirs import user_config_dir  # imported lazily: start-up cost

    return Path(user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    """The user data dir: ``$KYODO_DATA_DIR`` or platformdirs' user data dir."""
    path = _from_env(DATA_ENV) or _xdg("XDG_DATA_HOME", ".local/share")
    if path is not None:
        return path
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def user_catalog_dir() -> Path:
    """The user catalog layer: ``<config dir>/catalog`` (it may not exist)."""
    return config_dir() / "catalog"


def cache_dir() -> Path:
    """The user cache dir: ``$KYODO_CACHE_DIR`` or platformdirs' user cache dir."""
    path = _from_env(CACHE_ENV) or _xdg("XDG_CACHE_HOME", ".cache")
    if path is not None:
        return path
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME, appauthor=False))


def make_private_dir(path: Path) -> Path:
    """Create ``path`` and any missing parents as 0700 folders; return ``path``.

    Folders that already exist are left as they are (a folder the user chose is
    theirs). Raises ``OSError`` when a folder cannot be created.
    """
    missing = []
    current = path
    while not current.is_dir():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            if not folder.is_dir():
                raise
            continue
        os.chmod(folder, 0o700)  # whatever the umask
    return path

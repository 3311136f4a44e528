"""Shared fixtures. Keep this small; add your own fixtures at the end."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kyodo_tui.core.catalog import load_catalog
from kyodo_tui.core.model import Catalog

FIXTURES = Path(__file__).parent / "fixtures"
#: a tiny, valid catalog (a few entries of each kind, three questions)
MINI_CATALOG = FIXTURES / "catalogs" / "mini"


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory: pytest.TempPathFactory,
                   monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Point config/data dirs at temp dirs: no test sees a developer's user catalog."""
    base = tmp_path_factory.mktemp("kyodo_home")
    monkeypatch.setenv("KYODO_CONFIG_DIR", str(base / "config"))
    monkeypatch.setenv("KYODO_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("KYODO_CACHE_DIR", str(base / "cache"))
    monkeypatch.delenv("KYODO_BUILTIN_CATALOG", raising=False)
    monkeypatch.delenv("KYODO_DB", raising=False)
    yield


@pytest.fixture
def mini_catalog_dir() -> Path:
    """The directory of the tiny valid test catalog."""
    return MINI_CATALOG


@pytest.fixture
def mini_catalog() -> Catalog:
    """The tiny test catalog, loaded (built-in layer replaced, no user layer)."""
    return load_catalog(include_user=False, builtin=MINI_CATALOG)


# ------------------------------------------------------------------ databases
# Storage tests run on both backends: ``store_factory``/``db_url`` are
# parametrized over SQLite (the data dir's file) and PostgreSQL (a throwaway
# server, see tests/pgserver.py). Outside CI the PostgreSQL cases skip, with the
# reason, when no server can be started; with CI=true (or KYODO_REQUIRE_PG=1)
# they fail instead.

BACKENDS = ("sqlite", "postgresql")


def _pg_required() -> bool:
    return os.environ.get("CI", "").lower() == "true" or os.environ.get("KYODO_REQUIRE_PG") == "1"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Any]:
    sys.path.insert(0, str(Path(__file__).parent))
    from pgserver import NoServer, Server

    server = None
    try:
        server = Server()
        server.start()
    except NoServer as exc:
        if server is not None:
            server.stop()
        if _pg_required():
            pytest.fail(f"PostgreSQL tests must run in CI: {exc}")
        pytest.skip(f"PostgreSQL tests skipped: {exc}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def db_url(backend: str, request: pytest.FixtureRequest) -> Iterator[str | None]:
    """None for SQLite (the data dir's file), else a fresh PostgreSQL database's URL."""
    if backend == "sqlite":
        yield None
        return
    server = request.getfixturevalue("pg_server")
    url = server.new_database()
    try:
        yield url
    finally:
        server.drop_database(url)


@pytest.fixture
def store_factory(db_url: str | None, tmp_path: Path) -> Iterator[Callable[..., Any]]:
    """``make(root=None, now=None)``: a Store on this test's backend (one database)."""
    from kyodo_tui.core.storage import Store

    made: list[Any] = []

    def make(root: Path | None = None, **kwargs: Any) -> Any:
        store = Store(root or tmp_path / "data", db=db_url, **kwargs)
        made.append(store)
        return store

    yield make
    for store in made:
        store.close()

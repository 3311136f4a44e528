"""Shared fixtures. Keep this small; add your own fixtures at the end."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

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
    yield


@pytest.fixture
def mini_catalog_dir() -> Path:
    """The directory of the tiny valid test catalog."""
    return MINI_CATALOG


@pytest.fixture
def mini_catalog() -> Catalog:
    """The tiny test catalog, loaded (built-in layer replaced, no user layer)."""
    return load_catalog(include_user=False, builtin=MINI_CATALOG)

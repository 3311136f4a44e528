"""Fixtures for the app's Pilot and snapshot tests: apps built with ``make_app`` on
the built-in catalog (loaded once; no user layer)."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

import pytest

from kyodo_tui.core.catalog import load_catalog
from kyodo_tui.core.model import Catalog
from kyodo_tui.ui.app import KyodoApp, make_app


@lru_cache(maxsize=1)
def builtin_catalog() -> Catalog:
    return load_catalog(include_user=False)


def build_app(**kwargs: Any) -> KyodoApp:
    """``make_app`` on the built-in catalog (tests never read a user catalog)."""
    kwargs.setdefault("catalog", builtin_catalog())
    return make_app(**kwargs)


@pytest.fixture
def kyodo_app() -> Callable[..., KyodoApp]:
    """A factory: ``kyodo_app(lang="en", start="question:who")``."""
    return build_app

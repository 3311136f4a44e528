"""Fixtures of the browser tests: skip with the reason outside CI when Chromium,
Playwright or textual-serve is missing; in CI (CI=true) fail instead."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .driver import chromium_executable, launch

#: where screenshots go ($KYODO_SCREENSHOT_DIR, else the test's tmp dir)
SHOTS_ENV = "KYODO_SCREENSHOT_DIR"


def missing_browser() -> list[str]:
    missing = []
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("playwright (pip install -e '.[test]')")
    try:
        import textual_serve  # noqa: F401
    except ImportError:
        missing.append("textual-serve (pip install -e '.[web]')")
    if chromium_executable() is None:
        missing.append("chromium (Debian: apt-get install chromium fonts-noto-cjk)")
    return missing


def require_browser() -> None:
    missing = missing_browser()
    if not missing:
        return
    reason = "browser tests need " + ", ".join(missing)
    if os.environ.get("CI") == "true":
        pytest.fail(reason + " (CI=true: they must run)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = launch(pw)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get(SHOTS_ENV) or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    return folder

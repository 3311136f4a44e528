"""The browser tests skip with the reason outside CI and fail in CI (CI=true)."""

from __future__ import annotations

import pytest

from . import conftest


def test_without_chromium_skip_outside_ci_fail_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(conftest, "chromium_executable", lambda: None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install chromium fonts-noto-cjk"):
        conftest.require_browser()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true: they must run"):
        conftest.require_browser()

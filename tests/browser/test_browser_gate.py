"""The gate of the browser tests: skip on a developer's machine without Chromium, fail in CI."""

import pytest

from tests.browser import conftest


def test_missing_chromium_is_named(monkeypatch):
    monkeypatch.setattr(conftest, "CHROMIUM", "/nonexistent/chromium")
    assert conftest.browser_problem() == "Chromium not found at /nonexistent/chromium (apt-get install -y chromium)"


def test_missing_browser_skips_on_a_developer_machine(monkeypatch):
    monkeypatch.setattr(conftest, "REQUIRE_BROWSER", False)
    with pytest.raises(pytest.skip.Exception, match="Browser tests skipped: no browser"):
        conftest._unavailable("no browser")


def test_missing_browser_fails_when_required(monkeypatch):
    monkeypatch.setattr(conftest, "REQUIRE_BROWSER", True)
    with pytest.raises(pytest.fail.Exception, match="HUBAL_REQUIRE_BROWSER=1 but the browser tests cannot run"):
        conftest._unavailable("no browser")

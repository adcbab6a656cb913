"""Real-browser tests: Playwright for Python driving Debian's Chromium against pytest-django's live server.

They skip with a clear reason when Playwright or /usr/bin/chromium is missing, unless HUBAL_REQUIRE_BROWSER=1
(set by .ci/run), in which case a missing browser is a failure. On failure every screenshot taken during the
test (one per main page) is written to tests/artifacts/<test name>/.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django must still allow the ORM here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("HUBAL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
REQUIRE_BROWSER = os.environ.get("HUBAL_REQUIRE_BROWSER") == "1"


def browser_problem() -> str | None:
    """Why the browser tests cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -r requirements-dev.txt)"
    if not os.access(CHROMIUM, os.X_OK):
        return f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)"
    return None


def _unavailable(reason: str):
    if REQUIRE_BROWSER:
        pytest.fail(f"HUBAL_REQUIRE_BROWSER=1 but the browser tests cannot run: {reason}", pytrace=False)
    pytest.skip(f"Browser tests skipped: {reason}")


def _serialized_test_databases() -> dict[str, str]:
    from django.db import connections

    return {c.alias: c._test_serialized_contents for c in connections.all() if hasattr(c, "_test_serialized_contents")}


def _restore_serialized_test_databases(serialized: dict[str, str]) -> None:
    """After Playwright's sync API has started, the tests run in another context, where Django's per-context
    connection objects are new and lack the test database snapshot taken at set-up; without it
    `serialized_rollback` restores nothing and the second browser test finds an empty database (the offices
    of the data migration gone) whenever a database test ran before the first browser test."""
    from django.db import connections

    for alias, contents in serialized.items():
        connections[alias]._test_serialized_contents = contents


@pytest.fixture(scope="session")
def browser(django_db_setup):
    reason = browser_problem()
    if reason:
        _unavailable(reason)
    from playwright.sync_api import sync_playwright

    serialized = _serialized_test_databases()
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        except Exception as error:  # a broken install is "missing" too
            _unavailable(f"Chromium at {CHROMIUM} did not start: {error}")
        _restore_serialized_test_databases(serialized)
        yield chromium
        chromium.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


class Shots:
    """Screenshots of the main pages, kept in memory and written out only if the test fails."""

    def __init__(self):
        self.taken: list[tuple[str, bytes]] = []
        self.pages: dict = {}

    def take(self, page, name: str) -> None:
        self.pages[name.split("-")[0]] = page
        self.taken.append((name, page.screenshot(full_page=True)))

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        for number, (name, data) in enumerate(self.taken, start=1):
            (folder / f"{number:02d}-{name}.png").write_bytes(data)
        for who, page in self.pages.items():  # where each user was when it failed
            try:
                page.screenshot(path=str(folder / f"zz-last-{who}.png"), full_page=True)
            except Exception:  # noqa: S112 - the page may be gone; the others still help
                continue


@pytest.fixture
def shots(request):
    collected = Shots()
    yield collected
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        collected.save(ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name))


@pytest.fixture
def new_page(browser, live_server):
    """Open a fresh browser context (its own cookies) per user, at a given viewport (the laptop 1366×768 and
    the phone 390×844 of the issue, or the default); closed after the test."""
    contexts = []

    def open_page(width: int = 1280, height: int = 900):
        context = browser.new_context(
            base_url=live_server.url,
            locale="id-ID",
            timezone_id="Asia/Jakarta",
            viewport={"width": width, "height": height},
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())  # confirm() before bulk actions
        return page

    yield open_page
    for context in contexts:
        context.close()

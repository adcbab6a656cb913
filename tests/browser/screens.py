"""What the browser tests of the phone and laptop screens share: the two sizes, signing in, the axe-core check."""

from __future__ import annotations

import re

from django.urls import reverse

from tests.accounts.otp import app_code
from tests.factories import TEST_PASSWORD

LAPTOP = (1366, 768)
PHONE = (390, 844)
SIZES = {"laptop": LAPTOP, "phone": PHONE}
BLOCKING_IMPACTS = {"serious", "critical"}


def sign_in(page, username: str, app=None) -> None:
    page.goto(reverse("login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("main button[type=submit]")
    if app is not None:
        page.wait_for_url(re.compile(r"/akun/dua-langkah/kode/"))
        page.fill("input[name=code]", app_code(app))
        page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/$"))


def in_first_screen(page, locator) -> bool:
    """Entirely inside the viewport without scrolling (the page is at its top)."""
    box = locator.bounding_box()
    viewport = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"]


def fits_the_width(page) -> bool:
    """No horizontal scrolling of the page itself."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def axe_violations(page) -> list[str]:
    """Serious and critical axe-core violations of the page as it is now (axe-playwright-python bundles
    axe.min.js, nothing is fetched). Each as "rule: first target …" for a readable failure."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        if violation.get("impact") in BLOCKING_IMPACTS:
            targets = [node["target"] for node in violation["nodes"][:3]]
            found.append(f"{violation['id']} ({violation['impact']}): {targets}")
    return found

"""Two-step sign-in in a real Chromium: a verifier signs in for the first time, is guided through enrolment
(reads the key off the page as an authenticator app would), keeps the recovery codes, signs out, and signs in
again with the app's code; then with a recovery code, which works only once."""

from __future__ import annotations

import base64
import re

import pytest
from django.urls import reverse
from django_otp.oath import totp

from agencies.choices import Role
from tests.factories import TEST_PASSWORD, UserFactory, office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def app_code(typed_key: str, steps_ahead: int = 0) -> str:
    key = typed_key.replace(" ", "")
    raw = base64.b32decode(key + "=" * (-len(key) % 8))
    return f"{totp(raw, drift=steps_ahead):06d}"


def password_step(page, username: str) -> None:
    page.goto(reverse("login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("main button[type=submit]")


def sign_out(page) -> None:
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url(re.compile(r"/masuk/"))


def test_verifier_enrols_and_signs_in_with_code_and_recovery_code(new_page, shots):
    UserFactory(username="verif-baru", role=Role.VERIFIER, office=office("32"))
    page = new_page()
    password_step(page, "verif-baru")
    page.wait_for_url(re.compile(r"/akun/dua-langkah/pasang/"))
    assert page.locator("svg.mfa-qr-svg").is_visible()
    shots.take(page, "verifier-enrol")
    key = page.locator(".mfa-secret").inner_text()
    assert page.locator("a", has_text="membuka aplikasi autentikator").get_attribute("href").startswith("otpauth://")

    page.fill("input[name=code]", app_code(key))
    page.get_by_role("button", name="Aktifkan").click()
    page.wait_for_url(re.compile(r"/akun/dua-langkah/kode-cadangan/"))
    codes = page.locator("ol.mfa-codes code").all_inner_texts()
    assert len(codes) == 10
    shots.take(page, "verifier-codes")
    page.get_by_role("link", name="Sudah saya simpan, lanjutkan").click()
    page.wait_for_url(re.compile(r"/$"))
    sign_out(page)

    password_step(page, "verif-baru")
    page.wait_for_url(re.compile(r"/akun/dua-langkah/kode/"))
    shots.take(page, "verifier-code-step")
    page.fill("input[name=code]", app_code(key, steps_ahead=1))  # the enrolment used this step's code
    page.get_by_role("button", name="Lanjutkan").click()
    page.wait_for_url(re.compile(r"/$"))
    sign_out(page)

    for attempt in range(2):
        password_step(page, "verif-baru")
        page.wait_for_url(re.compile(r"/akun/dua-langkah/kode/"))
        page.get_by_text("Ponsel tidak ada? Pakai kode cadangan").click()
        page.fill("input[name=recovery]", codes[0])
        page.get_by_role("button", name="Lanjutkan").click()
        if attempt == 0:
            page.wait_for_url(re.compile(r"/$"))
            assert "Sisa kode cadangan: 9" in page.locator(".messages").inner_text()
            sign_out(page)
    assert "sudah pernah dipakai" in page.locator("main").inner_text()
    shots.take(page, "verifier-recovery-used")

"""In a real Chromium: the provincial verifier creates an account for a new Kota Cimahi staff member, who
opens the invitation from the e-mail, sets a password, and signs in."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from agencies.choices import Role
from agencies.models import User
from tests.accounts.otp import app_code, enrolled
from tests.factories import TEST_PASSWORD, UserFactory, office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
NEW_PASSWORD = "Alun-Alun-Cimahi-2029"
LINK = re.compile(r"https?://[^/\s]+(/akun/undangan/[\w-]+/)")


@pytest.fixture(autouse=True)
def _inline_mail(settings):
    settings.HUBAL_ACCOUNT_MAIL_IN_BACKGROUND = False
    cache.clear()


def sign_in(page, username: str, password: str, app=None) -> None:
    page.goto(reverse("login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    if app is not None:  # the verifier role signs in with a second factor
        page.wait_for_url(re.compile(r"/akun/dua-langkah/kode/"))
        page.fill("input[name=code]", app_code(app))
        page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/$"))


def test_invitation_set_password_sign_in(new_page, shots):
    app = enrolled(
        UserFactory(username="verifikator-uji", role=Role.VERIFIER, office=office("32"), email="v@example.org")
    )
    verifier = new_page()
    sign_in(verifier, "verifikator-uji", TEST_PASSWORD, app)
    verifier.locator(".usermenu summary").click()
    verifier.get_by_role("link", name="Kelola akun").click()
    verifier.get_by_role("link", name="+ Akun baru").click()
    verifier.fill("#id_full_name", "Rina Marlina")
    verifier.fill("#id_email", "rina.marlina@example.org")
    verifier.select_option("#id_office", label="32.77 · Bawaslu Kota Cimahi")
    verifier.select_option("#id_role", "staff")
    shots.take(verifier, "verifier-new-account")
    verifier.get_by_role("button", name="Buat akun dan kirim undangan").click()
    verifier.wait_for_url(re.compile(r"/akun/kelola/\d+/$"))
    assert "Menunggu aktivasi" in verifier.locator("main").inner_text()

    assert [m.to for m in mail.outbox] == [["rina.marlina@example.org"]]
    link = LINK.search(mail.outbox[0].body).group(1)
    newcomer = new_page()
    newcomer.goto(link)
    newcomer.wait_for_url(re.compile(r"/akun/undangan/atur-kata-sandi/$"))  # the token left the address bar
    assert "Selamat datang, Rina Marlina" in newcomer.locator("h1").inner_text()
    newcomer.fill("#id_new_password1", NEW_PASSWORD)
    newcomer.fill("#id_new_password2", NEW_PASSWORD)
    shots.take(newcomer, "newcomer-set-password")
    newcomer.get_by_role("button", name="Simpan kata sandi").click()
    newcomer.wait_for_url(re.compile(r"/masuk/$"))
    assert "Silakan masuk dengan nama pengguna rina.marlina" in newcomer.locator(".messages").inner_text()

    sign_in(newcomer, "rina.marlina", NEW_PASSWORD)
    assert "Rina Marlina" in newcomer.locator(".userbox").inner_text()
    newcomer.locator(".usermenu summary").click()
    newcomer.get_by_role("link", name="Profil").click()
    assert "Bawaslu Kota Cimahi" in newcomer.locator("main").inner_text()
    shots.take(newcomer, "newcomer-profile")

    # The link is single-use: opening it again says so.
    newcomer.goto(link)
    assert "Tautan undangan tidak berlaku" in newcomer.locator("h1").inner_text()
    assert User.objects.get(username="rina.marlina").has_usable_password()

"""The leader's dashboard in a real Chromium at 1366×768 and 390×844: the top 3 on the first screen of a phone,
the menu collapsed behind one button, no verification queue offered, nothing wider than the screen."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from agencies.choices import Role
from agencies.choices import VerificationStatus as V
from tests.browser.screens import SIZES, fits_the_width, in_first_screen, sign_in
from tests.factories import ActivityFactory, AgreementFactory, UserFactory, office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def leader_data(db, settings):
    settings.HUBAL_MFA_REQUIRED_ROLES = []  # the two-step sign-in has its own browser tests
    UserFactory(username="pimpinan-uji", role=Role.LEADER, office=office("32"))
    today = timezone.localdate()
    for code, count in (("32.76", 4), ("32.01", 3), ("32.73", 2), ("32.05", 1)):
        for i in range(count):
            day = today - dt.timedelta(days=i + 1)
            ActivityFactory(office=office(code), verification_status=V.VERIFIED, start_date=day, end_date=day)
    AgreementFactory(
        office=office("32.76"),
        verification_status=V.VERIFIED,
        start_date=today - dt.timedelta(days=300),
        end_date=today + dt.timedelta(days=20),
        title="PKS pengawasan partisipatif yang segera berakhir",
    )


@pytest.mark.parametrize("size", ["laptop", "phone"])
def test_leader_dashboard(new_page, leader_data, shots, size):
    page = new_page(*SIZES[size])
    sign_in(page, "pimpinan-uji")
    shots.take(page, f"leader-dashboard-{size}")
    podium = page.locator(".dash-podium .podium")
    assert podium.locator("li").count() == 3
    assert "Bawaslu Kota Depok" in podium.locator("li").first.inner_text()
    if size == "phone":
        assert in_first_screen(page, podium), "the top 3 must be on the first screen of a phone"
    assert fits_the_width(page)
    main = page.locator("main").inner_text()
    assert "Angka utama Jawa Barat" in main and "Tren per triwulan" in main
    assert "PKS pengawasan partisipatif yang segera berakhir" in main
    assert page.locator("svg.chart").count() == 1
    assert page.locator(f"a[href='{reverse('agencies:verification-queue')}']").count() == 0


def test_menu_collapses_on_a_phone_and_opens_on_demand(new_page, leader_data, shots):
    page = new_page(*SIZES["phone"])
    sign_in(page, "pimpinan-uji")
    toggle = page.get_by_role("button", name="Menu")
    header = page.locator("header.topbar").bounding_box()
    assert header["height"] <= 844 / 8, "the header must not take a quarter of the screen"
    assert page.locator("nav.mainnav").get_by_role("link", name="Peringkat", exact=True).is_hidden()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    shots.take(page, "leader-menu-open")
    page.locator("nav.mainnav").get_by_role("link", name="Peringkat", exact=True).click()
    page.wait_for_url("**/laporan/peringkat/**")
    assert page.get_by_role("button", name="Menu").get_attribute("aria-expanded") == "false"


def test_menu_is_a_plain_bar_on_a_laptop(new_page, leader_data):
    page = new_page(*SIZES["laptop"])
    sign_in(page, "pimpinan-uji")
    assert page.get_by_role("button", name="Menu").is_hidden()
    assert page.locator("nav.mainnav").get_by_role("link", name="Peringkat", exact=True).is_visible()

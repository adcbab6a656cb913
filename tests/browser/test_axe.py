"""axe-core in a real Chromium on the key pages of every role, at 1366×768 and 390×844: no serious or critical
violation (WCAG 2 A/AA rules of axe-core: contrast, names, labels, landmarks, table headers …)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from agencies.choices import Role
from agencies.choices import VerificationStatus as V
from tests.browser.screens import SIZES, axe_violations, sign_in
from tests.factories import ActivityFactory, AgreementFactory, EvidenceFactory, UserFactory, office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def portal(db, settings):
    """One account per role and a few records in every verification state, so that every badge is shown."""
    settings.HUBAL_MFA_REQUIRED_ROLES = []  # the two-step sign-in has its own browser tests
    UserFactory(username="staf-depok", role=Role.STAFF, office=office("32.76"))
    UserFactory(username="verifikator-uji", role=Role.VERIFIER, office=office("32"))
    UserFactory(username="pimpinan-uji", role=Role.LEADER, office=office("32"))
    today = timezone.localdate()
    records = {}
    for status in (V.DRAFT, V.SUBMITTED, V.VERIFIED, V.RETURNED):
        records[status] = ActivityFactory(
            office=office("32.76"), verification_status=status, submitted_at=timezone.now(), return_note="Lengkapi."
        )
        AgreementFactory(
            office=office("32.76"),
            verification_status=status,
            start_date=today - dt.timedelta(days=300),
            end_date=today + dt.timedelta(days=40),
        )
    EvidenceFactory(activity=records[V.VERIFIED])
    return {"activity": records[V.VERIFIED].pk}


def _pages(role: str, portal: dict) -> list[str]:
    activity = reverse("agencies:activity-detail", args=[portal["activity"]])
    common = [reverse("home"), reverse("agencies:agreement-list"), reverse("agencies:activity-list"), activity]
    return {
        "staff": [*common, reverse("agencies:activity-create"), reverse("agencies:partner-list")],
        "verifier": [*common, reverse("agencies:verification-queue"), reverse("reports:ranking")],
        "leader": [*common, reverse("reports:ranking"), reverse("reports:trends"), reverse("agencies:expiring")],
    }[role]


USERS = {"staff": "staf-depok", "verifier": "verifikator-uji", "leader": "pimpinan-uji"}


@pytest.mark.parametrize("size", ["laptop", "phone"])
@pytest.mark.parametrize("role", ["staff", "verifier", "leader"])
def test_key_pages_have_no_serious_violations(new_page, portal, shots, role, size):
    page = new_page(*SIZES[size])
    sign_in(page, USERS[role])
    found = {}
    for url in _pages(role, portal):
        page.goto(url)
        violations = axe_violations(page)
        if violations:
            shots.take(page, f"{role}-{size}-{url.strip('/').replace('/', '-') or 'home'}")
            found[url] = violations
    assert found == {}


@pytest.mark.parametrize("size", ["laptop", "phone"])
def test_sign_in_page_has_no_serious_violations(new_page, db, size):
    page = new_page(*SIZES[size])
    page.goto(reverse("login"))
    assert axe_violations(page) == []

"""The formula corpus (ASCII, full-width and blank-prefixed triggers) through the exports outside the list
exports: the ranking CSV, the LAKIP workbook and the LAKIP target template, downloaded through their views and
read back (csv / openpyxl). No cell may be a formula and no text may be dangerous (`safety.is_dangerous`)."""

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse

from agencies.choices import PartnerCategory
from agencies.choices import VerificationStatus as V
from agencies.models import Office
from reports.models import PerformanceIndicator
from reports.spreadsheets.safety import is_dangerous
from tests.factories import ActivityFactory, AgreementFactory, PartnerFactory
from tests.reports.spreadsheets.test_safety_exports import CORPUS, assert_inert_workbook, download

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(dt.datetime(2026, 1, 15, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def _poison_offices() -> list[str]:
    """Give every regency/city office a hostile name (office names reach every report)."""
    names = []
    offices = Office.objects.exclude(code="32").order_by("code")
    for index, office in enumerate(offices):
        office.name = f"{CORPUS[index % len(CORPUS)]} kantor {index}"[:100]
        office.save(update_fields=["name"])
        names.append(office.name)
    return names


def test_ranking_csv_is_inert(client_verifier):
    names = _poison_offices()
    data = download(client_verifier, reverse("reports:ranking"), {"year": "2025", "format": "csv"})
    cells = [value for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")) for value in row]
    for value in cells:
        assert not is_dangerous(value), repr(value)
    assert {"'" + name for name in names} <= set(cells)


def test_lakip_workbook_is_inert(client_verifier, office_a):
    day = dt.date(2025, 6, 2)
    for index, payload in enumerate(CORPUS):
        partner = PartnerFactory(name=f"{payload} mitra {index}", category=PartnerCategory.NGO)
        agreement = AgreementFactory(
            office=office_a,
            title=payload,
            number=f"{payload} {index}"[:100],
            verification_status=V.VERIFIED,
            partners=[partner],
            start_date=day,
            end_date=None,
        )
        ActivityFactory(
            office=office_a,
            title=payload,
            location=payload,
            verification_status=V.VERIFIED,
            partners=[partner],
            agreement=agreement,
            start_date=day,
            end_date=day,
        )
    PerformanceIndicator.objects.filter(code="IK-01").update(name=CORPUS[-1], strategic_goal=CORPUS[-2], unit="＝1")
    data = download(client_verifier, reverse("reports:lakip-workbook"), {"year": "2025", "office": office_a.code})
    texts = assert_inert_workbook(data)
    assert {"'" + payload for payload in CORPUS} <= texts  # activity and agreement titles


def test_target_template_is_inert(client_verifier):
    names = _poison_offices()
    PerformanceIndicator.objects.filter(code="IK-01").update(name=" ＠SUM(1)", unit="\n-1")
    data = download(client_verifier, reverse("reports:target-template"), {"year": "2025"})
    texts = assert_inert_workbook(data)
    assert {"'" + name for name in names} <= texts
    assert {"' ＠SUM(1)", "'\n-1"} <= texts

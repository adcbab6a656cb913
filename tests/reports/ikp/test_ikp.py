"""IKP alignment: vulnerability beside the work on each dimension, mismatches, monitoring coverage, pages."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from agencies.choices import FocusArea, IkpDimension
from agencies.choices import PartnerCategory as C
from agencies.choices import VerificationStatus as V
from reports.ikp import selectors as ikp
from reports.ikp import services
from reports.models import IkpScore
from tests.factories import ActivityFactory, AgreementFactory, PartnerFactory, office

pytestmark = pytest.mark.django_db

SP, ADM, CON, PAR = (d.value for d in IkpDimension)


def scores(code, year=2024, **values):
    defaults = {
        "social_political": Decimal("10"),
        "social_political_level": "rendah",
        "administration": Decimal("10"),
        "administration_level": "rendah",
        "contestation": Decimal("10"),
        "contestation_level": "rendah",
        "participation": Decimal("10"),
        "participation_level": "rendah",
    }
    return IkpScore.objects.create(office=office(code), year=year, **(defaults | values))


def tagged(code, dimensions, end=dt.date(2024, 5, 1), status=V.VERIFIED, partners=None):
    return ActivityFactory(
        office=office(code),
        start_date=end,
        end_date=end,
        ikp_dimensions=dimensions,
        verification_status=status,
        **({"partners": partners} if partners is not None else {}),
    )


@pytest.fixture
def data():
    accredited = PartnerFactory(category=C.MONITORING_ORG, accreditation_number="12/PP.02/K1/2023")
    unaccredited = PartnerFactory(
        category=C.MONITORING_ORG, accreditation_number="", accredited_from=None, accredited_until=None
    )
    # Kota Depok: social-political 70 "sedang" (vulnerable by score ≥ 60), administration 40 "tinggi"
    # (vulnerable by level), contestation 59.99 "sedang" (not vulnerable), participation 80 "tinggi".
    scores(
        "32.76",
        social_political=Decimal("70"),
        social_political_level="sedang",
        administration=Decimal("40"),
        administration_level="tinggi",
        contestation=Decimal("59.99"),
        contestation_level="sedang",
        participation=Decimal("80"),
        participation_level="tinggi",
    )
    tagged("32.76", [SP], partners=[accredited])  # 1 < 2: mismatch
    tagged("32.76", [ADM])
    tagged("32.76", [ADM, PAR])  # administration 2: no mismatch; participation 1 so far
    tagged("32.76", [PAR], status=V.SUBMITTED)  # not verified: does not count
    tagged("32.76", [PAR], end=dt.date(2023, 12, 31))  # other year: does not count
    AgreementFactory(
        office=office("32.76"),
        focus_areas=[FocusArea.PARTICIPATORY],
        start_date=dt.date(2023, 1, 1),
        end_date=None,
        verification_status=V.VERIFIED,
    )
    AgreementFactory(
        office=office("32.76"),
        focus_areas=[FocusArea.PREVENTION],
        start_date=dt.date(2024, 1, 1),
        end_date=None,
        verification_status=V.VERIFIED,
    )
    # Kabupaten Bogor: no IKP, works only with an unaccredited monitoring organisation.
    tagged("32.01", [CON], partners=[unaccredited])
    # Kabupaten Sukabumi: an agreement with an accredited monitoring organisation.
    AgreementFactory(
        office=office("32.02"),
        partners=[accredited],
        start_date=dt.date(2024, 3, 1),
        end_date=dt.date(2024, 12, 31),
        verification_status=V.VERIFIED,
    )


def by_code(rows):
    return {row.office.code: row for row in rows}


def test_cells_count_work_and_flag_mismatches(verifier, data):
    rows = by_code(ikp.alignment(verifier, 2024))
    assert len(rows) == 27
    depok = {cell.code: cell for cell in rows["32.76"].cells}
    assert [(c.activities, c.agreements) for c in depok.values()] == [
        (1, 1),  # social-political: 1 activity; the prevention agreement (data_info/prevention)
        (2, 1),  # administration: 2 activities; the prevention agreement (prevention/capacity)
        (0, 0),  # contestation: nothing (handling/dispute)
        (1, 1),  # participation: 1 verified activity of 2024; the participatory agreement
    ]
    assert [c.vulnerable for c in depok.values()] == [True, True, False, True]
    assert [c.mismatch for c in depok.values()] == [True, False, False, True]
    assert rows["32.76"].mismatches == 2
    bogor = rows["32.01"]
    assert bogor.ikp is None and bogor.mismatches == 0 and bogor.cells[2].activities == 1


def test_score_threshold_boundary(verifier):
    scores("32.76", contestation=ikp.HIGH_SCORE, contestation_level="sedang")
    scores("32.01", contestation=Decimal("59.99"), contestation_level="sedang")
    rows = by_code(ikp.alignment(verifier, 2024))
    assert rows["32.76"].cells[2].mismatch  # exactly 60 counts as vulnerable
    assert not rows["32.01"].cells[2].mismatch


def test_monitoring_coverage_needs_an_accredited_organisation(verifier, data):
    rows = by_code(ikp.alignment(verifier, 2024))
    assert rows["32.76"].has_monitoring_work and rows["32.76"].monitoring_activities == 1
    assert rows["32.02"].has_monitoring_work and rows["32.02"].monitoring_agreements == 1
    assert not rows["32.01"].has_monitoring_work  # monitoring organisation without accreditation number
    assert not rows["32.03"].has_monitoring_work


def test_monitoring_activities_are_the_verified_ones_of_the_year_in_scope(verifier, staff_a, data):
    """Counted as "one of these activities with an accredited organisation": the same activities as the cells
    (verified, ending in the year, in the user's scope), each once, accredited on any of its days."""
    d = dt.date
    early = PartnerFactory(category=C.MONITORING_ORG, accredited_from=d(2020, 1, 1), accredited_until=d(2024, 3, 5))
    late = PartnerFactory(category=C.MONITORING_ORG, accredited_from=d(2024, 3, 20), accredited_until=d(2030, 1, 1))
    spanning = tagged("32.76", [SP], partners=[early, late])  # both accredited on one of its days: once
    spanning.start_date = d(2024, 3, 1)
    spanning.save()
    gap = tagged("32.76", [SP], end=d(2024, 3, 19), partners=[early, late])  # between the two: no
    gap.start_date = d(2024, 3, 6)
    gap.save()
    tagged("32.76", [SP], status=V.SUBMITTED, partners=[late])  # not verified: no
    tagged("32.76", [SP], end=d(2025, 1, 2), partners=[late])  # another year: no
    tagged("32.03", [SP], partners=[late])  # another office
    rows = by_code(ikp.alignment(verifier, 2024))
    assert rows["32.76"].monitoring_activities == 2  # with the data's accredited one
    assert rows["32.03"].monitoring_activities == 1
    own = by_code(ikp.alignment(staff_a, 2024))
    assert list(own) == ["32.76"] and own["32.76"].monitoring_activities == 2


def test_sorting(verifier, data):
    scores("32.01", participation=Decimal("90"), participation_level="tinggi")
    by_participation = [row.office.code for row in ikp.alignment(verifier, 2024, "-participation")]
    assert by_participation[:2] == ["32.01", "32.76"] and len(by_participation) == 27
    ascending = [row.office.code for row in ikp.alignment(verifier, 2024, PAR)]
    assert ascending[:2] == ["32.76", "32.01"]  # offices without IKP stay last either way
    # Kota Depok 2 mismatches, then Kabupaten Bogor 1 (participation 90 "tinggi" with no activity on it)
    assert [row.office.code for row in ikp.alignment(verifier, 2024, "-mismatches")[:2]] == ["32.76", "32.01"]


def test_staff_see_only_their_office(staff_a, data):
    rows = ikp.alignment(staff_a, 2024)
    assert [row.office.code for row in rows] == ["32.76"]


def test_office_detail_lists_the_records(verifier, data):
    detail = {item["code"]: item for item in ikp.office_detail(verifier, office("32.76"), 2024)}
    assert len(detail[ADM]["activities"]) == 2
    assert [a.focus_areas for a in detail[PAR]["agreements"]] == [[FocusArea.PARTICIPATORY]]
    assert detail[CON]["activities"] == [] and detail[CON]["agreements"] == []


def test_alignment_query_budget(verifier, data, django_assert_num_queries):
    # 1 offices, 2 IKP scores, 3 activities by office, 4 agreements by office
    with django_assert_num_queries(4):
        ikp.alignment(verifier, 2024)
    for code in ("32.03", "32.04", "32.05"):
        scores(code)
        for _ in range(3):
            tagged(code, [SP, CON])
    with django_assert_num_queries(4):
        ikp.alignment(verifier, 2024)


def test_alignment_page_query_budget(client_leader, data, django_assert_num_queries):
    url = reverse("reports:ikp") + "?year=2024"
    client_leader.get(url)  # the first page after signing in renews the session (hubal.middleware)
    cache.clear()
    # 1 session, 2 user with their office, 3 data version (the years with scores), 4 those years, 5 data version
    # (the table's HTML), 6 data version (the alignment figure), 7 offices, 8 IKP scores, 9 activities by office,
    # 10 agreements by office, 11 unread inbox count (header)
    with django_assert_num_queries(11):
        first = client_leader.get(url)
    for code in ("32.03", "32.04", "32.05"):
        scores(code)
        tagged(code, [SP, CON])
    cache.clear()
    with django_assert_num_queries(11):
        client_leader.get(url)
    # cached: 1 session, 2 user, 3-4 data version (the years, the table's HTML), 5 unread inbox count
    with django_assert_num_queries(5):
        again = client_leader.get(url)
    assert again.context["body_html"] != first.context["body_html"]  # the new scores and records show


def test_save_service_creates_then_updates(verifier, staff_a, leader):
    values = {
        "social_political": Decimal("50"),
        "social_political_level": "sedang",
        "administration": Decimal("20"),
        "administration_level": "rendah",
        "contestation": Decimal("70"),
        "contestation_level": "tinggi",
        "participation": Decimal("30"),
        "participation_level": "rendah",
    }
    first = services.ikp_score_save(user=verifier, office=office("32.76"), year=2024, values=values)
    second = services.ikp_score_save(
        user=verifier, office=office("32.76"), year=2024, values={**values, "contestation": 75}
    )
    assert first.pk == second.pk and IkpScore.objects.get().contestation == 75
    with pytest.raises(ValidationError):
        services.ikp_score_save(
            user=verifier, office=office("32.01"), year=2024, values={**values, "participation": 101}
        )
    for user in (staff_a, leader):
        with pytest.raises(PermissionDenied):
            services.ikp_score_save(user=user, office=office("32.76"), year=2024, values=values)


def _matrix(role_clients, url, expected, method="get", data=None):
    for role, status in expected.items():
        response = getattr(role_clients[role], method)(url, data or {})
        assert response.status_code == status, (role, url, response.status_code)


def test_alignment_page_matrix(role_clients, data):
    url = reverse("reports:ikp") + "?year=2024"
    _matrix(
        role_clients, url, {"anonymous": 302, "own_office": 200, "other_office": 200, "verifier": 200, "leader": 200}
    )
    staff_page = role_clients["own_office"].get(url).content.decode()
    assert "Kota Depok" in staff_page and "Kabupaten Bogor" not in staff_page
    full = role_clients["leader"].get(url).content.decode()
    assert "Kabupaten Bogor" in full and "rawan, kerja minim" in full
    assert "Isi IKP" not in full and "Isi IKP" in role_clients["verifier"].get(url).content.decode()


def test_drilldown_matrix(role_clients, data):
    own = reverse("reports:ikp") + "?year=2024&office=32.76"
    _matrix(
        role_clients, own, {"anonymous": 302, "own_office": 200, "other_office": 404, "verifier": 200, "leader": 200}
    )
    _matrix(role_clients, reverse("reports:ikp") + "?office=32", {"verifier": 404})  # the province is not an IKP row
    page = role_clients["own_office"].get(own).content.decode()
    assert "Bawaslu Kota Depok: IKP dan kerja Hubal 2024" in page and "Rawan, tetapi baru 1 kegiatan" in page


def test_edit_and_import_matrix(role_clients):
    for name in ("reports:ikp-edit", "reports:ikp-import", "reports:ikp-template"):
        expected = {"anonymous": 302, "own_office": 403, "other_office": 403, "leader": 403, "verifier": 200}
        _matrix(role_clients, reverse(name), expected)
    _matrix(role_clients, reverse("reports:ikp-edit"), {"leader": 403, "own_office": 403}, "post", {"office": "32.76"})
    assert not IkpScore.objects.exists()


def test_edit_form_saves_and_updates(client_verifier):
    data = {
        "office": "32.76",
        "year": 2024,
        "social_political": "61.5",
        "social_political_level": "tinggi",
        "administration": "20",
        "administration_level": "rendah",
        "contestation": "30",
        "contestation_level": "sedang",
        "participation": "40",
        "participation_level": "sedang",
        "source_note": "IKP Bawaslu 2024",
    }
    response = client_verifier.post(reverse("reports:ikp-edit"), data)
    assert response.status_code == 302 and response["Location"] == reverse("reports:ikp") + "?year=2024"
    client_verifier.post(reverse("reports:ikp-edit"), {**data, "participation": "45"})
    saved = IkpScore.objects.get()
    assert (saved.social_political, saved.participation) == (Decimal("61.50"), Decimal("45.00"))
    page = client_verifier.get(reverse("reports:ikp-edit") + "?office=32.76&year=2024").content.decode()
    assert 'value="45.00"' in page
    bad = client_verifier.post(reverse("reports:ikp-edit"), {**data, "administration": "120", "office": "32"})
    assert bad.status_code == 200 and IkpScore.objects.count() == 1
    assert bad.context["form"].errors.keys() == {"administration", "office"}

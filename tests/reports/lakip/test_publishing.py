"""A published LAKIP is frozen: later verifications, a new predicate scale, new targets or texts change nothing."""

import copy
import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from agencies.choices import VerificationStatus as V
from reports.lakip import analysis
from reports.lakip.models import PublishedLakip
from reports.lakip.predicate_services import predicate_scale_change
from reports.lakip.publishing import lakip_publish
from reports.lakip.snapshot import build_snapshot
from reports.models import PerformanceIndicator, PerformanceTarget
from tests.factories import ActivityFactory, office
from tests.matrix import LOGIN, check_matrix

pytestmark = [pytest.mark.django_db, pytest.mark.clock(dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC))]

D = dt.date


@pytest.fixture
def depok_2025(staff_a, verifier):
    """Kota Depok 2025: 9 verified activities against a target of 10 for IK-03 → 90 % = Baik (default scale);
    an activity with pagu 20 jt and spent 15 jt; a verified analysis of IK-03."""
    depok = office("32.76")
    ik03 = PerformanceIndicator.objects.get(code="IK-03")
    PerformanceTarget.objects.create(indicator=ik03, office=depok, year=2025, yearly=10)
    for day in range(1, 10):
        ActivityFactory(
            office=depok, start_date=D(2025, 5, day), end_date=D(2025, 5, day), verification_status=V.VERIFIED
        )
    ActivityFactory(office=depok, start_date=D(2025, 6, 1), end_date=D(2025, 6, 1), verification_status=V.SUBMITTED,
                    budget_ceiling=Decimal(20_000_000), budget_spent=Decimal(15_000_000))  # fmt: skip
    texts = {"reason": "Rakor rutin setiap bulan.", "obstacles": "", "solutions": "", "follow_up": "Tambah FGD."}
    item = analysis.analysis_save(user=staff_a, office=depok, indicator=ik03, year=2025, texts=texts)
    analysis.analysis_submit(user=staff_a, analysis=item)
    analysis.analysis_verify(user=verifier, analysis=item)
    return depok


def ik03(snapshot: dict) -> dict:
    return next(row for row in snapshot["indicators"] if row["code"] == "IK-03")


def test_published_lakip_does_not_change_afterwards(depok_2025, verifier, staff_a, client_verifier):
    published = lakip_publish(user=verifier, year=2025, office=depok_2025, note="Untuk evaluator AKIP")
    frozen = copy.deepcopy(published.snapshot)
    row = ik03(frozen)
    assert (row["target"], row["year_value"], row["capaian"], row["predicate"]) == ("10.00", "9", "90.0", "Baik")
    assert frozen["analyses"]["IK-03"]["reason"] == "Rakor rutin setiap bulan."
    page = client_verifier.get(reverse("reports:lakip-published", args=[published.pk])).content.decode()
    assert "90,00%" in page and "Baik" in page
    # afterwards: the submitted activity (with its budget) is verified, one more activity, a stricter scale,
    # a new target and a changed analysis text
    ActivityFactory(office=depok_2025, start_date=D(2025, 7, 1), end_date=D(2025, 7, 1), verification_status=V.VERIFIED)
    depok_2025.activities.filter(verification_status=V.SUBMITTED).update(verification_status=V.VERIFIED)
    scale = {"very_good_min": Decimal(95), "good_min": Decimal(92), "fair_min": Decimal(80), "poor_min": Decimal(60)}
    predicate_scale_change(user=verifier, values=scale, note="lebih ketat")
    PerformanceTarget.objects.filter(office=depok_2025).update(yearly=12)
    texts = {"reason": "Teks baru.", "obstacles": "", "solutions": "", "follow_up": ""}
    ik = PerformanceIndicator.objects.get(code="IK-03")
    analysis.analysis_save(user=staff_a, office=depok_2025, indicator=ik, year=2025, texts=texts)
    live = build_snapshot(2025, depok_2025)  # 11 of 12 = 91,67 % → Cukup on the new scale (Baik from 92)
    assert (ik03(live)["year_value"], ik03(live)["target"], ik03(live)["predicate"]) == ("11", "12.00", "Cukup")
    assert Decimal(live["budget"]["total"]["spent"]) == 15_000_000
    published.refresh_from_db()
    assert published.snapshot == frozen
    page = client_verifier.get(reverse("reports:lakip-published", args=[published.pk])).content.decode()
    assert "90,00%" in page and "Rakor rutin setiap bulan." in page and "Teks baru." not in page
    assert "≥ 91,00%" in page  # the scale it was published with


def test_permission_matrix(role_clients, depok_2025, verifier, province):
    publish = reverse("reports:lakip-publish")
    expected = {"anonymous": LOGIN, "own_office": 403, "other_office": 403, "leader": 403, "verifier": 302}
    check_matrix(role_clients, "post", publish, expected, {"year": "2025", "office": "32.76"})
    own = PublishedLakip.objects.get()
    provincial = lakip_publish(user=verifier, year=2025, office=province)
    read = {"anonymous": LOGIN, "own_office": 200, "other_office": 404, "verifier": 200, "leader": 200}
    check_matrix(role_clients, "get", reverse("reports:lakip-published", args=[own.pk]), read)
    all_read = {**read, "other_office": 200}  # the province's LAKIP is every office's reference
    check_matrix(role_clients, "get", reverse("reports:lakip-published", args=[provincial.pk]), all_read)
    check_matrix(role_clients, "get", reverse("reports:lakip-published-list"), all_read)
    other = role_clients["other_office"].get(reverse("reports:lakip-published-list"))
    assert [item.pk for item in other.context["items"]] == [provincial.pk]


def test_query_budgets(client_verifier, depok_2025, verifier, django_assert_num_queries):
    for _ in range(3):
        published = lakip_publish(user=verifier, year=2025, office=depok_2025)
    # session, user, the publication with its office and author, session
    # save on the first request (savepoint, update, release)
    # +1 unread inbox count (header)
    with django_assert_num_queries(7):
        assert client_verifier.get(reverse("reports:lakip-published", args=[published.pk])).status_code == 200
    # session, user, the publications with office and author (the session was
    # saved by the request above; the verifier's office comes with the user)
    # +1 unread inbox count (header)
    with django_assert_num_queries(4):
        response = client_verifier.get(reverse("reports:lakip-published-list"))
    assert len(response.context["items"]) == 3

"""Query budgets: every list endpoint answers a page in a constant number of queries, the same with 3 rows as
with 10. Requests use a read-only token of the province (sees every office) that was already used in the
last minute, so its last-use time is not written again."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agencies.choices import VerificationAction
from agencies.models import VerificationEvent
from tests.factories import ActivityFactory, AgreementFactory, EvidenceFactory, PartnerFactory

pytestmark = pytest.mark.django_db

# token + service user + office (one JOINed query), then the page itself
AUTH = 1


def _rows(n: int, office) -> None:
    for _ in range(n):
        partners = [PartnerFactory(registered_by=office), PartnerFactory(registered_by=office)]
        agreement = AgreementFactory(office=office, partners=partners)
        activity = ActivityFactory(office=office, partners=partners, agreement=agreement)
        EvidenceFactory(activity=activity)
        VerificationEvent.objects.create(activity=activity, action=VerificationAction.SUBMIT)


# endpoint → queries after authentication, named
BUDGETS = {
    "/api/v1/offices/": 1,  # offices page
    "/api/v1/partners/": 1,  # partners page
    "/api/v1/agreements/": 2,  # agreements page (status annotated in SQL) + their partner ids (prefetch)
    "/api/v1/activities/": 2,  # activities page + their partner ids (prefetch)
    "/api/v1/evidence/": 1,  # evidence page
    "/api/v1/verification-events/": 1,  # events page
}


@pytest.mark.parametrize("url", sorted(BUDGETS))
@pytest.mark.parametrize("rows", [3, 10])
def test_list_endpoints_cost_a_constant_number_of_queries(
    issue, province, office_a, url, rows, django_assert_num_queries
):
    _rows(rows, office_a)
    _, client = issue(province)
    assert client.get(url).status_code == 200  # notes the token's last use
    with django_assert_num_queries(AUTH + BUDGETS[url]):
        response = client.get(url, {"page_size": 50})
    assert response.status_code == 200
    expected = 28 if "offices" in url else rows * (2 if "partners" in url else 1)
    assert len(response.json()["results"]) == expected


def test_a_session_costs_the_same_page_queries(client_verifier, office_a):
    _rows(3, office_a)
    client_verifier.get("/api/v1/activities/")
    with CaptureQueriesContext(connection) as queries:
        client_verifier.get("/api/v1/activities/")
    # session, user, then the page and its partner ids
    assert len(queries) == 4, [q["sql"][:60] for q in queries]

"""The verifier's queue page: who may open it, filters, order, counts per office, actions, query budget."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from agencies import selectors
from agencies.choices import VerificationStatus as V
from tests.factories import ActivityFactory, AgreementFactory, EvidenceFactory, PartnerFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("agencies:verification-queue")


def _submitted(factory, office, minutes_ago: int, **kwargs):
    return factory(
        office=office,
        verification_status=V.SUBMITTED,
        submitted_at=timezone.now() - dt.timedelta(minutes=minutes_ago),
        **kwargs,
    )


@pytest.fixture
def pending(office_a, office_b, province):
    return {
        "a_activity": _submitted(ActivityFactory, office_a, 30, title="Kegiatan Depok"),
        "a_agreement": _submitted(AgreementFactory, office_a, 90, title="PKS Depok"),
        "b_activity": _submitted(ActivityFactory, office_b, 60, title="Kegiatan Kab Bogor"),
        "draft": ActivityFactory(office=office_a, title="Masih draf"),
        "verified": ActivityFactory(office=office_b, verification_status=V.VERIFIED, title="Sudah diverifikasi"),
    }


@pytest.mark.parametrize(
    ("side", "expected"),
    [("anonymous", 302), ("own_office", 403), ("other_office", 403), ("verifier", 200), ("leader", 200)],
)
def test_queue_permission_matrix(role_clients, pending, side, expected):
    response = role_clients[side].get(QUEUE)
    assert response.status_code == expected
    if side == "anonymous":
        assert response["Location"].startswith(reverse("login"))


def test_queue_lists_only_submitted_oldest_first(client_verifier, pending):
    response = client_verifier.get(QUEUE)
    titles = [row.title for row in response.context["rows"]]
    assert titles == ["PKS Depok", "Kegiatan Kab Bogor", "Kegiatan Depok"]
    assert [row.record_kind for row in response.context["rows"]] == ["agreement", "activity", "activity"]


def test_queue_filters_by_office_and_kind(client_verifier, pending):
    rows = client_verifier.get(QUEUE, {"office": "32.76"}).context["rows"]
    assert [r.title for r in rows] == ["PKS Depok", "Kegiatan Depok"]
    rows = client_verifier.get(QUEUE, {"kind": "activity"}).context["rows"]
    assert [r.title for r in rows] == ["Kegiatan Kab Bogor", "Kegiatan Depok"]
    rows = client_verifier.get(QUEUE, {"office": "32.76", "kind": "agreement"}).context["rows"]
    assert [r.title for r in rows] == ["PKS Depok"]


def test_queue_ignores_an_unknown_filter_value(client_verifier, pending):
    response = client_verifier.get(QUEUE, {"office": "99.99", "kind": "activity"})
    assert response.status_code == 200
    assert [r.title for r in response.context["rows"]] == ["Kegiatan Kab Bogor", "Kegiatan Depok"]


def test_queue_counts_per_office(client_verifier, pending, office_a):
    _submitted(ActivityFactory, office_a, 10)
    offices = client_verifier.get(QUEUE).context["offices"]
    # Kota Depok: 1 agreement + 2 activities; Kabupaten Bogor: 1 activity. Offices without a queue are left out.
    assert [(o.code, o.queue_agreements, o.queue_activities, o.queue_total) for o in offices] == [
        ("32.76", 1, 2, 3),
        ("32.01", 0, 1, 1),
    ]


def test_queue_falls_back_to_creation_time_when_submission_time_is_unknown(client_verifier, office_a):
    """Seeded or imported records may be submitted without a submission time; they still queue, oldest first."""
    old = ActivityFactory(office=office_a, verification_status=V.SUBMITTED, title="Lama")
    old.created_at = timezone.now() - dt.timedelta(days=40)
    old.save()
    _submitted(ActivityFactory, office_a, 5, title="Baru")
    rows = client_verifier.get(QUEUE).context["rows"]
    assert [r.title for r in rows] == ["Lama", "Baru"]


def test_verifier_sees_action_forms_and_links(client_verifier, pending):
    html = client_verifier.get(QUEUE).content.decode()
    activity = pending["a_activity"]
    assert reverse("agencies:record-verify", args=["activity", activity.pk]) in html
    assert reverse("agencies:record-return", args=["activity", activity.pk]) in html
    assert reverse("agencies:bulk-verify") in html
    assert reverse("agencies:activity-detail", args=[activity.pk]) in html
    assert reverse("agencies:agreement-detail", args=[pending["a_agreement"].pk]) in html
    assert "Masih draf" not in html and "Sudah diverifikasi" not in html


def test_leader_sees_the_queue_read_only(client_leader, pending):
    html = client_leader.get(QUEUE).content.decode()
    assert "Kegiatan Depok" in html and "baca saja" in html
    assert "/verifikasi/activity/" not in html  # no verify/return forms
    assert reverse("agencies:bulk-verify") not in html
    assert 'method="post"' not in html.split('<main id="main"')[1]


def test_evidence_count_is_shown(client_verifier, pending):
    EvidenceFactory(activity=pending["a_activity"])
    EvidenceFactory(activity=pending["a_activity"])
    rows = {r.title: r for r in client_verifier.get(QUEUE).context["rows"]}
    assert rows["Kegiatan Depok"].evidence_count == 2
    assert rows["Kegiatan Kab Bogor"].evidence_count == 0


def test_queue_pages(client_verifier, office_a, monkeypatch):
    monkeypatch.setattr("agencies.views.workflow.QUEUE_PAGE_SIZE", 2)
    for n in range(5):
        _submitted(ActivityFactory, office_a, 100 - n, title=f"Kegiatan {n}")
    first = client_verifier.get(QUEUE, {"kind": "activity"})
    second = client_verifier.get(QUEUE, {"kind": "activity", "page": 3})
    assert [r.title for r in first.context["rows"]] == ["Kegiatan 0", "Kegiatan 1"]
    assert [r.title for r in second.context["rows"]] == ["Kegiatan 4"]
    assert "kind=activity&amp;page=2" in first.content.decode()


def test_queue_keys_respect_the_boundary(staff_a, pending):
    assert list(selectors.queue_keys(staff_a)) == [
        (pending["a_agreement"].pk, pending["a_agreement"].submitted_at, "agreement"),
        (pending["a_activity"].pk, pending["a_activity"].submitted_at, "activity"),
    ]


def _fill(offices, n):
    for i in range(n):
        office = offices[i % len(offices)]
        _submitted(ActivityFactory, office, 500 - i)
        _submitted(AgreementFactory, office, 1000 - i)


@pytest.mark.parametrize("per_kind", [3, 30])
def test_queue_query_budget(client_verifier, office_a, office_b, django_assert_num_queries, per_kind):
    _fill([office_a, office_b], per_kind)
    # 1 session, 2 user with their office (top bar), 3 COUNT of the UNION (paginator), 4 the UNION page of keys,
    # 5 agreements of the page (+ evidence count), 6 their partners, 7 activities of the page, 8 their partners,
    # 9 offices with queue sizes (correlated subqueries), 10-11 agreements and activities the verifier
    # verified in the undo window, 12-14 savepoint, session save,
    # release (the first page after signing in renews the session). The filter choices need no query.
    # +1 unread inbox count (header)
    # +1 unread inbox count (header)
    with django_assert_num_queries(15):
        response = client_verifier.get(QUEUE)
    assert len(response.context["rows"]) == min(2 * per_kind, 50)


def _titles(client, **params) -> list[str]:
    return [r.title for r in client.get(QUEUE, params).context["rows"]]


def test_queue_newest_first(client_verifier, pending):
    assert _titles(client_verifier, order="newest") == ["Kegiatan Depok", "Kegiatan Kab Bogor", "PKS Depok"]
    assert _titles(client_verifier, order="oldest") == ["PKS Depok", "Kegiatan Kab Bogor", "Kegiatan Depok"]


def test_queue_search_by_title_office_and_partner(client_verifier, pending):
    partner = PartnerFactory(name="Universitas Indonesia")
    pending["b_activity"].partners.add(partner)
    assert _titles(client_verifier, q="pks") == ["PKS Depok"]
    assert _titles(client_verifier, q="Kota Depok") == ["PKS Depok", "Kegiatan Depok"]
    assert _titles(client_verifier, q="universitas indo") == ["Kegiatan Kab Bogor"]
    assert _titles(client_verifier, q="tidak ada") == []


def test_queue_search_keeps_the_other_filters_and_order(client_verifier, pending):
    assert _titles(client_verifier, q="depok", kind="activity") == ["Kegiatan Depok"]
    assert _titles(client_verifier, q="kegiatan", order="newest") == ["Kegiatan Depok", "Kegiatan Kab Bogor"]
    assert _titles(client_verifier, q="kegiatan", office="32.01", order="newest") == ["Kegiatan Kab Bogor"]


def test_queue_search_never_reaches_drafts_or_verified_records(client_verifier, pending):
    assert _titles(client_verifier, q="draf") == []
    assert _titles(client_verifier, q="Sudah diverifikasi") == []


def test_queue_order_survives_an_invalid_office(client_verifier, pending):
    assert _titles(client_verifier, order="newest", office="99.99")[0] == "Kegiatan Depok"


def test_queue_rows_carry_labels_for_the_phone_cards(client_verifier, pending):
    page = client_verifier.get(QUEUE).content.decode()
    for label in ("Kantor", "Tanggal", "Bukti", "Diajukan"):
        assert page.count(f'data-label="{label}"') == 3
    assert 'rows="5"' in page  # the return note box is sized for writing


@pytest.mark.parametrize("per_kind", [3, 30])
def test_queue_search_query_budget(client_verifier, office_a, office_b, django_assert_num_queries, per_kind):
    _fill([office_a, office_b], per_kind)
    client_verifier.get(QUEUE)  # the first page after signing in renews the session
    # 1 session, 2 user with their office, 3 COUNT of the UNION (paginator), 4 the UNION page of keys (search),
    # 5 agreements of the page, 6 their partners, 7 activities of the page, 8 their partners, 9 offices with
    # queue sizes, 10-11 what the verifier verified in the undo window.
    # +1 unread inbox count (header)
    with django_assert_num_queries(12):
        response = client_verifier.get(QUEUE, {"q": "uji", "order": "newest"})
    assert len(response.context["rows"]) == min(2 * per_kind, 50)

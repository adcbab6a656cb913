"""The activity form and its save: what they ask the database (budgets, each query named), and an edit that
keeps its partners leaves their links alone while one that changes them, or adds a new partner, relinks."""

import datetime as dt

import pytest
from django.urls import reverse

from agencies import pending_partners
from agencies.models import Activity, Partner
from tests.factories import ActivityFactory, AgreementFactory, PartnerFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 6, 10)


def _form(activity, partners, **overrides):
    data = {
        "title": activity.title,
        "kind": activity.kind,
        "start_date": DAY.isoformat(),
        "end_date": DAY.isoformat(),
        "partners": [p.pk for p in partners],
        "agreement": activity.agreement_id or "",
        "focus_areas": activity.focus_areas,
        "stage": activity.stage,
        "participants_male": "0",
        "participants_female": "0",
        "reports_received": "0",
        "evidence_kind": "photo",
        "version": str(activity.version),
    }
    return {**data, **overrides}


@pytest.fixture
def draft(office_a):
    partners = [PartnerFactory(), PartnerFactory()]
    agreement = AgreementFactory(office=office_a, partners=partners)
    return ActivityFactory(office=office_a, agreement=agreement, partners=partners, start_date=DAY, end_date=DAY)


def _links(activity) -> set[int]:
    return set(Activity.partners.through.objects.filter(activity=activity).values_list("partner_id", flat=True))


def test_form_query_budget(clock, client_a, draft, django_assert_num_queries):
    url = reverse("agencies:activity-edit", args=[draft.pk])
    client_a.get(url)
    # session + user (office joined) + the activity (office, agreement, creator joined) + its partners
    # + unread notices (menu) + the partner options + the agreement options
    with django_assert_num_queries(7):
        assert client_a.get(url).status_code == 200


def test_save_query_budget(clock, client_a, draft, django_assert_num_queries):
    url = reverse("agencies:activity-edit", args=[draft.pk])
    partners = list(draft.partners.all())
    client_a.get(url)  # the form first, as a user does (the session's expiry is renewed there)
    # session + user + the activity + its partners + the chosen partners exist + the chosen agreement may be
    # cited + savepoint + version claimed + the activity written + its history row + the partner links read
    # for it + their history rows + release
    with django_assert_num_queries(13):
        response = client_a.post(url, _form(draft, partners, title="Judul baru"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.version) == ("Judul baru", 2)


def test_an_edit_that_keeps_the_partners_leaves_their_links_alone(clock, client_a, draft):
    before = set(Activity.partners.through.objects.filter(activity=draft).values_list("id", "partner_id"))
    rows = draft.history.count()
    client_a.post(reverse("agencies:activity-edit", args=[draft.pk]), _form(draft, list(draft.partners.all())))
    assert set(Activity.partners.through.objects.filter(activity=draft).values_list("id", "partner_id")) == before
    assert draft.history.count() == rows + 1  # this save, with its links
    assert _links(draft) == set(draft.history.first().partners.values_list("partner_id", flat=True))


def test_an_edit_that_changes_or_adds_partners_relinks(clock, client_a, staff_a, draft):
    url = reverse("agencies:activity-edit", args=[draft.pk])
    kept, dropped = draft.partners.order_by("pk")
    other = PartnerFactory()
    assert client_a.post(url, _form(draft, [kept, other])).status_code == 302
    assert _links(draft) == {kept.pk, other.pk}
    draft.refresh_from_db()
    token = pending_partners.sign(
        staff_a, {"name": "Pusat Studi Baru", "acronym": "", "category": "ngo", "level": "local"}
    )
    assert client_a.post(url, _form(draft, [kept, other], new_partners=[token])).status_code == 302
    created = Partner.objects.get(name="Pusat Studi Baru")
    assert _links(draft) == {kept.pk, other.pk, created.pk}
    assert dropped.pk not in _links(draft)

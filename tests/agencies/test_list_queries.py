"""Query budgets: each list page runs the same number of queries with 3 and with 30 rows, for a staff
member and for the verifier; the detail pages do not grow with their evidence, partners or history.

Every request of a signed-in test client starts with the same three queries and ends with three:
  session      SELECT django_session (the signed-in session)
  user         SELECT agencies_user JOIN agencies_office (request.user with the office of the top bar)
  unread       SELECT COUNT agencies_notification (the inbox badge of the header)
  …
  savepoint    SAVEPOINT / UPDATE django_session / RELEASE SAVEPOINT (the first page after signing in
               renews the session: hubal.middleware, at most every SESSION_REFRESH_SECONDS)
"""

import pytest
from django.urls import reverse

from agencies.choices import PartnerCategory
from agencies.models import Activity, Agreement
from tests.factories import ActivityFactory, AgreementFactory, EvidenceFactory, PartnerFactory

pytestmark = pytest.mark.django_db

FRAME = 6  # session, user with office (top bar), unread inbox count (header), savepoint, session update, release


def _activities(office, count: int, partners) -> None:
    for index in range(count):
        activity = ActivityFactory(office=office, partners=partners[index % 2 :][:2])
        EvidenceFactory(activity=activity)


def _agreements(office, count: int, partners) -> None:
    for index in range(count):
        agreement = AgreementFactory(office=office, partners=partners[index % 2 :][:2])
        ActivityFactory(office=office, agreement=agreement, partners=partners[:1])


@pytest.fixture
def partners(db):
    return [PartnerFactory(category=PartnerCategory.MONITORING_ORG), PartnerFactory(), PartnerFactory()]


@pytest.mark.parametrize("rows", [3, 30])
@pytest.mark.parametrize("who", ["client_a", "client_verifier"])
def test_activity_list_queries(request, django_assert_num_queries, office_a, partners, rows, who):
    _activities(office_a, rows, partners)
    client = request.getfixturevalue(who)
    # FRAME + count (paginator: the filtered activities, office not joined) + page rows as values (office
    # joined, evidence counted in a subquery) + partners of the page's rows (one query)
    with django_assert_num_queries(FRAME + 3):
        response = client.get(reverse("agencies:activity-list"))
    assert response.context["page"].paginator.count == rows


@pytest.mark.parametrize("rows", [3, 30])
@pytest.mark.parametrize("who", ["client_a", "client_verifier"])
def test_activity_list_with_filters_queries(request, django_assert_num_queries, office_a, partners, rows, who):
    _activities(office_a, rows, partners)
    client = request.getfixturevalue(who)
    params = {"q": "uji", "year": "", "monitoring": "1", "partner": partners[1].pk, "sort": "-title"}
    # FRAME + count + page rows + partners prefetch + the chosen partner's name (for the "Mitra: …" chip)
    with django_assert_num_queries(FRAME + 4):
        response = client.get(reverse("agencies:activity-list"), params)
    assert len(response.context["page"]) > 0


@pytest.mark.parametrize("rows", [3, 30])
@pytest.mark.parametrize("who", ["client_a", "client_verifier"])
def test_agreement_list_queries(request, django_assert_num_queries, office_a, partners, rows, who):
    _agreements(office_a, rows, partners)
    client = request.getfixturevalue(who)
    # FRAME + count + page rows (derived status, evidence and activity counts as subqueries) + partners
    with django_assert_num_queries(FRAME + 3):
        response = client.get(reverse("agencies:agreement-list"))
    assert response.context["page"].paginator.count == rows


@pytest.mark.parametrize("rows", [3, 30])
@pytest.mark.parametrize("who", ["client_a", "client_verifier"])
def test_partner_list_queries(request, django_assert_num_queries, office_a, rows, who):
    for _ in range(rows):
        partner = PartnerFactory()
        AgreementFactory(office=office_a, partners=[partner])
    client = request.getfixturevalue(who)
    # FRAME + count + page rows (home office and registering office joined, the user's agreements and
    # activities per partner counted in subqueries)
    with django_assert_num_queries(FRAME + 2):
        response = client.get(reverse("agencies:partner-list"))
    assert response.context["page"].paginator.count == rows


@pytest.mark.parametrize("extra", [1, 6])
def test_activity_detail_queries_do_not_grow(
    django_assert_num_queries, client_a, staff_a, verifier, office_a, province, extra
):
    from agencies import services

    partners = [PartnerFactory() for _ in range(extra)]
    national = AgreementFactory(office=province, verification_status="verified")  # cited, not openable by staff
    activity = ActivityFactory(office=office_a, partners=partners, agreement=national, created_by=staff_a)
    activity._history_user = staff_a  # as simple-history's middleware does for a request
    for index in range(extra):
        EvidenceFactory(activity=activity)
        services.activity_update(user=staff_a, activity=activity, data={"title": f"Judul {index}"})
    services.record_submit(user=staff_a, record=activity)
    services.record_return(user=verifier, record=activity, note="Lengkapi.")
    url = reverse("agencies:activity-detail", args=[activity.pk])
    # FRAME + activity (office, agreement and its office, creator joined) + its partners + evidence (uploader
    # joined) + the state of its history and events (the cache key) + history rows + partner links of those
    # rows + evidence history + verification events + the people named (the verifier; the signed-in user's
    # name the page has). Whether the agreement may be opened is decided without a query.
    with django_assert_num_queries(FRAME + 9):
        client_a.get(url)
    # Again, with the history and events from the cache: session, user, unread count + activity, partners,
    # evidence + their state + the people named.
    with django_assert_num_queries(3 + 5):
        client_a.get(url)


def test_activity_read_for_its_pages_needs_no_more_queries(django_assert_num_queries, staff_a, office_a, province):
    """`activity_for_user` narrows the rows around the activity: what its detail page, edit form, delete page
    and `Activity.clean` read of them is there (a column left out would cost a query each time); so is what
    the detail page shows of its partners."""
    from agencies import selectors

    national = AgreementFactory(office=province, verification_status="verified")
    activity = ActivityFactory(office=office_a, partners=[PartnerFactory(acronym="LM")], agreement=national)
    Activity.objects.filter(pk=activity.pk).update(created_by=staff_a)
    with django_assert_num_queries(1):  # the activity with its rows
        activity = selectors.activity_for_user(staff_a, activity.pk, change=True)
    with django_assert_num_queries(1):  # the labels of its partners (the detail page)
        partners = selectors.record_partners(activity)
    with django_assert_num_queries(0):
        seen = [
            activity.office.name,
            activity.office.region_label,
            activity.office.is_province,
            activity.agreement.title,
            activity.agreement.is_verified,
            activity.agreement.get_verification_status_display(),
            activity.agreement.office.name,
            activity.created_by.get_full_name() or activity.created_by.username,
            [(p.pk, str(p), p.get_category_display()) for p in partners],
            activity._foreign_agreement(),
            selectors.visible_agreement(staff_a, activity),
        ]
    assert seen[-2:] == [False, False]


@pytest.mark.parametrize("extra", [1, 6])
def test_agreement_detail_queries_do_not_grow(django_assert_num_queries, client_a, office_a, extra):
    agreement = AgreementFactory(office=office_a, partners=[PartnerFactory() for _ in range(extra)])
    for _ in range(extra):
        ActivityFactory(office=office_a, agreement=agreement)
        AgreementFactory(office=office_a, parent=agreement)
        EvidenceFactory(activity=None, agreement=agreement)
    url = reverse("agencies:agreement-detail", args=[agreement.pk])
    # FRAME + agreement (status, office, parent joined) + partners + evidence + children + activities + the state
    # of its history and events (the cache key) + history rows + evidence history + the agreement that renews it
    # (none here). Its one history row ("created") compares no partner links; it has no events; nobody is named.
    with django_assert_num_queries(FRAME + 9):
        client_a.get(url)
    # Again, with the history from the cache: session, user, unread count, and the state instead of its two
    # queries.
    with django_assert_num_queries(3 + 9 - 2):
        client_a.get(url)


def test_agreement_read_for_its_pages_needs_no_more_queries(django_assert_num_queries, staff_a, office_a, province):
    """`agreement_for_user` narrows the rows around the agreement: what its page, edit form, renewal and delete
    pages and `Agreement.clean` read of them is there."""
    from agencies import selectors

    national = AgreementFactory(office=province, verification_status="verified")
    previous = AgreementFactory(office=office_a)
    partner = PartnerFactory(acronym="LM", home_office=office_a)
    agreement = AgreementFactory(office=office_a, parent=national, partners=[partner], renewal_of=previous)
    Agreement.objects.filter(pk=agreement.pk).update(created_by=staff_a)
    with django_assert_num_queries(2):  # the agreement with its rows, its partners with their region
        agreement = selectors.agreement_for_user(staff_a, agreement.pk, change=True)
    with django_assert_num_queries(0):
        seen = [
            agreement.office.name,
            agreement.office.region_label,
            agreement.office.is_province,
            agreement.computed_status,
            agreement.parent.title,
            agreement.parent.office.name,
            agreement.renewal_of.title,
            agreement.renewal_of.end_date,
            agreement.created_by.get_full_name() or agreement.created_by.username,
            [(p.pk, str(p), p.home_office.region_label) for p in agreement.partners.all()],
            agreement.renewal_defaults()["partners"],
            selectors.visible_parent(staff_a, agreement),
            selectors.visible_renewed(staff_a, agreement),
        ]
        agreement.clean()
    assert seen[-3:] == [[partner.pk], False, True]

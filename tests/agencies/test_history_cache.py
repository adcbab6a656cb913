"""The history and the verification events on record pages, cached (agencies/selectors/history_cache.py): every
write that changes a record's history or events shows on its page at once, exactly as they read afresh; the
names in them (people, partners, linked records) are always today's."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count, Max
from django.urls import reverse

from accounts.services import profile_update
from agencies import permissions, services
from agencies.models import Activity, Agreement, Evidence, Partner, VerificationEvent
from agencies.selectors import record_history, record_trail
from agencies.selectors.history_cache import trail_state
from agencies.services.merge import partner_merge
from tests.agencies import corpus
from tests.factories import ActivityFactory, AgreementFactory, EvidenceFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def _page_trail(client, record) -> tuple[list, list]:
    response = client.get(record.detail_url())
    assert response.status_code == 200
    return response.context["history"], _events(response.context["events"])


def _events(events) -> list[tuple]:
    return [
        (e.pk, e.action, e.note, e.created_at, e.actor and (e.actor.get_full_name() or e.actor.username))
        for e in events
    ]


def _fresh_events(user, record) -> list[tuple]:
    events = VerificationEvent.objects.filter(**{record.record_kind: record}).select_related("actor")
    return _events(permissions.scope_verification_events(user, events))


class Watcher:
    """Opens a record's page after each write: the page's history must be the fresh one, and must have moved."""

    def __init__(self, client, record, clock):
        self.client, self.model, self.pk, self.clock = client, type(record), record.pk, clock
        self.user = client.get("/").wsgi_request.user
        self.last = self.check(changed=None)

    @property
    def record(self):
        return self.model.objects.get(pk=self.pk)

    def check(self, *, changed: bool | None = True) -> list:
        shown, events = _page_trail(self.client, self.record)
        assert (shown, events) == (record_history(self.record), _fresh_events(self.user, self.record))
        assert _page_trail(self.client, self.record) == (shown, events)  # the second time from the cache
        if changed is not None:
            assert (shown != self.last) is changed
        self.last = shown
        self.clock.shift(dt.timedelta(minutes=2))
        return shown

    def texts(self) -> str:
        return repr([(e.who, e.action, e.changes) for e in self.last])


def _form(activity: Activity, partners, **changes) -> dict:
    data = {
        "title": activity.title,
        "kind": activity.kind,
        "start_date": activity.start_date.isoformat(),
        "end_date": activity.end_date.isoformat(),
        "partners": [p.pk for p in partners],
        "focus_areas": activity.focus_areas,
        "stage": activity.stage,
        "participants_male": "0",
        "participants_female": "0",
        "reports_received": "0",
        "version": activity.version,
        "agreement": activity.agreement_id or "",
    }
    return data | changes


def test_every_write_to_an_activity_shows_on_its_page_at_once(
    clock, client_a, client_verifier, staff_a, verifier, office_a
):
    first, second = PartnerFactory(name="Universitas Awal"), PartnerFactory(name="Universitas Kedua")
    agreement = AgreementFactory(office=office_a, title="PKS Lama")
    activity = ActivityFactory(office=office_a, partners=[first], created_by=staff_a)
    page = Watcher(client_a, activity, clock)
    edit_url = reverse("agencies:activity-edit", args=[activity.pk])

    client_a.post(edit_url, _form(page.record, [first], title="Judul baru"))
    assert "Judul baru" in page.check()[0].changes[0][2]
    client_a.post(edit_url, _form(page.record, [second]))
    page.check()
    assert "'Universitas Awal', 'Universitas Kedua'" in page.texts()
    client_a.post(edit_url, _form(page.record, [second], agreement=agreement.pk))
    page.check()
    assert "PKS Lama" in page.texts()

    upload = reverse("agencies:evidence-upload", args=["activity", activity.pk])
    client_a.post(upload, {"files": [SimpleUploadedFile(*corpus.real_png())], "evidence_kind": "photo"})
    assert page.check()[0].action == "Bukti ditambahkan"
    client_a.post(reverse("agencies:evidence-delete", args=[Evidence.objects.get(activity=activity).pk]))
    assert page.check()[0].action == "Bukti dihapus"

    def workflow(client, name, **data):
        client.post(reverse(f"agencies:record-{name}", args=["activity", activity.pk]), data)

    for client, step, data in [
        (client_a, "submit", {}),
        (client_verifier, "verify", {}),
        (client_verifier, "verification-undo", {}),
        (client_verifier, "return", {"note": "Lengkapi daftar hadir."}),
    ]:
        before = page.record.verification_status
        workflow(client, step, **data)
        assert page.record.verification_status != before, step
        page.check()


def test_names_in_a_cached_history_are_todays(clock, client_a, staff_a, verifier, office_a):
    first, second = PartnerFactory(name="Universitas Awal"), PartnerFactory(name="Universitas Kedua")
    agreement = AgreementFactory(office=office_a, title="PKS Lama")
    activity = ActivityFactory(office=office_a, partners=[first])
    edit_url = reverse("agencies:activity-edit", args=[activity.pk])
    client_a.post(edit_url, _form(activity, [second], agreement=agreement.pk))
    page = Watcher(client_a, activity, clock)
    assert "PKS Lama" in page.texts() and "staf-a" in page.texts()

    profile_update(
        user=staff_a, first_name="Siti", last_name="Aminah", email="siti@example.org", phone="", preferences={}
    )
    page.check()
    assert "Siti Aminah" in page.texts()
    services.partner_update(user=staff_a, partner=second, data={"name": "Universitas Berganti Nama"})
    page.check()
    assert "Universitas Berganti Nama" in page.texts()
    services.agreement_update(user=staff_a, agreement=agreement, data={"title": "PKS Baru"})
    page.check()
    assert "PKS Baru" in page.texts() and "PKS Lama" not in page.texts()

    keep = PartnerFactory(name="Universitas Gabungan")
    partner_merge(user=verifier, keep=keep, merged=Partner.objects.get(pk=second.pk))
    page.check()  # the merge re-linked the activity: a new entry, and the merged partner is gone
    assert "Universitas Gabungan" in page.texts() and f"(mitra terhapus #{second.pk})" in page.texts()
    services.agreement_delete(user=staff_a, agreement=Agreement.objects.get(pk=agreement.pk))
    page.check()
    assert f"(data terhapus #{agreement.pk})" in page.texts()


def test_an_agreement_page_follows_its_writes_too(clock, client_a, staff_a, office_a):
    agreement = AgreementFactory(office=office_a, partners=[PartnerFactory()])
    page = Watcher(client_a, agreement, clock)
    services.agreement_update(user=staff_a, agreement=page.record, data={"number": "001/PKS/2025"})
    page.check()
    upload = reverse("agencies:evidence-upload", args=["agreement", agreement.pk])
    client_a.post(upload, {"files": [SimpleUploadedFile(*corpus.real_pdf())], "evidence_kind": "signed_document"})
    assert page.check()[0].action == "Bukti ditambahkan"
    client_a.post(reverse("agencies:record-submit", args=["agreement", agreement.pk]))
    page.check()


def test_pruned_history_is_not_served_from_the_cache(clock, client_a, staff_a, office_a):
    activity = ActivityFactory(office=office_a)
    for title in ("Satu", "Dua"):
        services.activity_update(user=staff_a, activity=Activity.objects.get(pk=activity.pk), data={"title": title})
    page = Watcher(client_a, activity, clock)
    Activity.history.filter(id=activity.pk).order_by("history_id").first().delete()  # pruned by hand
    assert page.check()[-1].action != "Dibuat"


def test_the_state_moves_with_each_row_and_nothing_else(staff_a, office_a):
    activity = ActivityFactory(office=office_a)
    state = trail_state(activity)
    Activity.objects.filter(pk=activity.pk).update(location="Tanpa riwayat")  # no history row: the same facts
    assert trail_state(activity) == state
    services.activity_update(user=staff_a, activity=activity, data={"location": "Aula"})
    assert trail_state(activity) != state


def test_a_record_page_reads_the_facts_once(django_assert_num_queries, staff_a, verifier, office_a):
    activity = ActivityFactory(office=office_a, partners=[PartnerFactory()])
    activity._history_user = staff_a  # as the request's user is, through simple-history's middleware
    services.activity_update(user=staff_a, activity=activity, data={"title": "Baru"}, partners=[PartnerFactory()])
    services.record_submit(user=staff_a, record=activity)
    fresh = (record_history(activity), _fresh_events(verifier, activity))
    # The state, history rows, their partner links (no evidence history: not read), the events, then the
    # names: people, partners.
    with django_assert_num_queries(6):
        trail = record_trail(verifier, activity)
    assert (trail.history, _events(trail.events)) == fresh
    with django_assert_num_queries(3):  # the state, then the names
        trail = record_trail(verifier, activity)
    assert (trail.history, _events(trail.events)) == fresh
    with django_assert_num_queries(2):  # the one person named is the one looking: their name is known
        record_trail(staff_a, activity)


def test_events_are_shown_to_those_who_see_the_record_only(staff_a, staff_b, office_a):
    activity = ActivityFactory(office=office_a)
    services.record_submit(user=staff_a, record=activity)
    assert len(record_trail(staff_a, activity).events) == 1
    assert record_trail(staff_b, activity).events == []  # the same cache entry, scoped when shown


def test_the_state_is_what_the_querysets_count(staff_a, office_a):
    """The key's SQL reads the same rows as the trail does: the record's history rows, its evidence's added or
    removed history rows, its verification events."""
    activity = ActivityFactory(office=office_a)
    services.activity_update(user=staff_a, activity=activity, data={"title": "Baru"})
    services.record_submit(user=staff_a, record=activity)
    EvidenceFactory(activity=activity).delete()
    EvidenceFactory(activity=ActivityFactory(office=office_a))  # another activity's
    agreement = AgreementFactory(office=office_a)
    for record in (activity, agreement):
        kind = record.record_kind
        added_or_removed = Evidence.history.filter(**{f"{kind}_id": record.pk}, history_type__in=["+", "-"])
        events = VerificationEvent.objects.filter(**{kind: record})
        expected = []
        for qs in (record.history.all(), added_or_removed, events):
            counted = qs.aggregate(n=Count("pk"), last=Max("pk"))
            expected += [counted["n"], counted["last"]]
        assert list(trail_state(record)) == expected

"""The history on record pages, with its facts cached (agencies/selectors/history_cache.py): every write that
changes a record's history shows on its page at once, exactly as the history worked out afresh shows it; the
names in it (people, partners, linked records) are always today's."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count, Max
from django.urls import reverse

from accounts.services import profile_update
from agencies import services
from agencies.models import Activity, Agreement, Evidence, Partner
from agencies.selectors import cached_record_history, record_history
from agencies.selectors.history_cache import history_state
from agencies.services.merge import partner_merge
from tests.agencies import corpus
from tests.factories import ActivityFactory, AgreementFactory, EvidenceFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def _page_history(client, record) -> list:
    response = client.get(record.detail_url())
    assert response.status_code == 200
    return response.context["history"]


class Watcher:
    """Opens a record's page after each write: the page's history must be the fresh one, and must have moved."""

    def __init__(self, client, record, clock):
        self.client, self.model, self.pk, self.clock = client, type(record), record.pk, clock
        self.last = self.check(changed=None)

    @property
    def record(self):
        return self.model.objects.get(pk=self.pk)

    def check(self, *, changed: bool | None = True) -> list:
        shown = _page_history(self.client, self.record)
        assert shown == record_history(self.record)
        assert _page_history(self.client, self.record) == shown  # the second time from the cache
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


def test_the_state_moves_with_each_history_row_and_nothing_else(staff_a, office_a):
    activity = ActivityFactory(office=office_a)
    state = history_state(activity)
    Activity.objects.filter(pk=activity.pk).update(location="Tanpa riwayat")  # no history row: the same facts
    assert history_state(activity) == state
    services.activity_update(user=staff_a, activity=activity, data={"location": "Aula"})
    assert history_state(activity) != state


def test_a_record_page_reads_the_facts_once(django_assert_num_queries, staff_a, verifier, office_a):
    activity = ActivityFactory(office=office_a, partners=[PartnerFactory()])
    activity._history_user = staff_a  # as the request's user is, through simple-history's middleware
    services.activity_update(user=staff_a, activity=activity, data={"title": "Baru"}, partners=[PartnerFactory()])
    fresh = record_history(activity)
    # The state, history rows, their partner links (no evidence history: not read), then the names: people,
    # partners.
    with django_assert_num_queries(5):
        assert cached_record_history(activity, viewer=verifier) == fresh
    with django_assert_num_queries(3):  # the state, then the names
        assert cached_record_history(activity, viewer=verifier) == fresh
    with django_assert_num_queries(2):  # the one person named is the one looking: their name is known
        assert cached_record_history(activity, viewer=staff_a) == fresh


def test_the_state_is_what_the_history_querysets_count(staff_a, office_a):
    """The key's SQL reads the same rows as `record_facts` does (its own rows; its evidence added or removed)."""
    activity = ActivityFactory(office=office_a)
    services.activity_update(user=staff_a, activity=activity, data={"title": "Baru"})
    EvidenceFactory(activity=activity).delete()
    EvidenceFactory(activity=ActivityFactory(office=office_a))  # another activity's
    agreement = AgreementFactory(office=office_a)
    partner = PartnerFactory()
    for record in (activity, agreement, partner):
        own = record.history.aggregate(n=Count("pk"), last=Max("pk"))
        expected = [own["n"], own["last"]]
        if not isinstance(record, Partner):
            kind = record.record_kind
            added_or_removed = Evidence.history.filter(**{f"{kind}_id": record.pk}, history_type__in=["+", "-"])
            evidence = added_or_removed.aggregate(n=Count("pk"), last=Max("pk"))
            expected += [evidence["n"], evidence["last"]]
        assert list(history_state(record)) == expected

"""After an import: the data type recognised from the headers (and corrected), the file kept when the type does
not fit, the landing on exactly the imported rows, and "Ajukan semua (N)"."""

import datetime as dt
import io

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from agencies.choices import VerificationStatus as V
from agencies.models import Activity, Agreement, ImportBatch, VerificationEvent
from agencies.services.verification import import_batch_submit
from reports.spreadsheets import imports
from tests.factories import ActivityFactory, PartnerFactory
from tests.matrix import LOGIN, check_matrix
from tests.reports.spreadsheets.test_views_spreadsheets import activity_file, stored_uploads

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def rows(count: int) -> list[list[str]]:
    return [
        [f"Rapat koordinasi {n}", "Rapat koordinasi", "01/03/2026", "01/03/2026", "Polres Depok", "Kampanye"]
        for n in range(1, count + 1)
    ]


def import_activities(client, count: int = 3) -> ImportBatch:
    client.post(reverse("reports:import-start"), {"kind": "", "file": activity_file(rows(count))})
    client.post(reverse("reports:import-confirm"), {"action": "confirm"})
    return ImportBatch.objects.latest("pk")


@pytest.fixture
def polres(db):
    return PartnerFactory(name="Polres Depok")


def test_the_data_type_is_recognised_from_the_headers(client_a, polres):
    response = client_a.post(reverse("reports:import-start"), {"kind": "", "file": activity_file()})
    assert response["Location"] == reverse("reports:import-preview")
    state = client_a.session[imports.SESSION_KEY]
    assert (state["kind"], state["detected"]) == ("activities", True)
    page = client_a.get(reverse("reports:import-preview")).content.decode()
    assert 'Kegiatan</strong> <span class="muted small">(dikenali otomatis dari judul kolom)' in page


def test_unrecognisable_headers_keep_the_file_for_the_next_try(client_a, polres):
    workbook = openpyxl.Workbook()
    workbook.active.append(["Judul", "Tanggal"])
    workbook.active.append(["Rapat", "01/03/2026"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "acak.xlsx"
    page = client_a.post(reverse("reports:import-start"), {"kind": "", "file": buffer}).content.decode()
    assert imports.MSG_UNKNOWN_KIND in page
    assert "Berkas terlampir:</strong> “acak.xlsx”" in page
    assert len(stored_uploads()) == 1


def test_a_wrong_data_type_keeps_the_file_and_the_right_one_needs_no_new_upload(client_a, polres):
    page = client_a.post(reverse("reports:import-start"), {"kind": "agreements", "file": activity_file()})
    text = page.content.decode()
    assert "tampaknya berisi data Kegiatan, bukan Kerja sama" in text
    assert "Berkas terlampir:</strong> “kegiatan.xlsx”" in text
    again = client_a.post(reverse("reports:import-start"), {"kind": "activities"})  # no file this time
    assert again["Location"] == reverse("reports:import-preview")
    assert client_a.session[imports.SESSION_KEY]["kind"] == "activities"
    assert imports.KEPT_KEY not in client_a.session
    assert len(stored_uploads()) == 1  # the same stash, now the pending import's


def test_no_file_and_nothing_kept_asks_for_a_file(client_a):
    page = client_a.post(reverse("reports:import-start"), {"kind": ""}).content.decode()
    assert "Pilih berkas spreadsheet yang akan diimpor." in page


def test_the_user_corrects_the_data_type_on_the_preview(client_a, polres):
    client_a.post(reverse("reports:import-start"), {"kind": "", "file": activity_file()})
    refused = client_a.post(reverse("reports:import-confirm"), {"action": "kind", "kind": "partners"})
    assert refused["Location"] == reverse("reports:import-preview")
    assert client_a.session[imports.SESSION_KEY]["kind"] == "activities"  # partner headers missing: unchanged
    client_a.post(reverse("reports:import-confirm"), {"action": "kind", "kind": "activities"})
    assert client_a.session[imports.SESSION_KEY]["detected"] is False


def test_confirm_lands_on_exactly_the_imported_rows(client_a, office_a, polres):
    ActivityFactory.create_batch(3, office=office_a, title="Kegiatan lama")
    batch = import_activities(client_a, 2)
    assert (batch.office, batch.record_kind, batch.file_name) == (office_a, "activity", "kegiatan.xlsx")
    response = client_a.get(reverse("agencies:activity-list"), {"batch": batch.pk})
    page = response.content.decode()
    assert [row["title"] for row in response.context["rows"]] == ["Rapat koordinasi 2", "Rapat koordinasi 1"]
    assert "Kegiatan lama" not in page
    assert "Ajukan semua (2)" in page
    assert "Hasil impor “kegiatan.xlsx”" in page


def test_ajukan_semua_submits_the_batch_in_one_step(client_a, office_a, staff_a, polres):
    batch = import_activities(client_a, 3)
    other = ActivityFactory(office=office_a)  # not in the batch: stays a draft
    response = client_a.post(reverse("agencies:import-batch-submit", args=[batch.pk]))
    assert response["Location"] == reverse("agencies:activity-list") + f"?batch={batch.pk}"
    assert set(Activity.objects.filter(import_batch=batch).values_list("verification_status", flat=True)) == {
        V.SUBMITTED
    }
    other.refresh_from_db()
    assert other.verification_status == V.DRAFT
    assert VerificationEvent.objects.filter(activity__import_batch=batch, action="submit", actor=staff_a).count() == 3
    page = client_a.get(reverse("agencies:activity-list"), {"batch": batch.pk}).content.decode()
    assert "Ajukan semua" not in page and "Tidak ada lagi kegiatan berstatus draf" in page
    again = import_batch_submit(user=staff_a, batch=batch)
    assert (again.done_count, again.skipped) == (0, 3)


def test_agreement_import_lands_on_its_rows_too(client_a, office_a, polres):
    workbook = openpyxl.Workbook()
    workbook.active.title = "Kerja sama"
    workbook.active.append(["Jenis kerja sama", "Judul", "Lembaga mitra", "Mulai berlaku"])
    workbook.active.append(["PKS", "PKS pengawasan", "Polres Depok", "01/03/2026"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "pks.xlsx"
    client_a.post(reverse("reports:import-start"), {"kind": "", "file": buffer})
    assert client_a.session[imports.SESSION_KEY]["kind"] == "agreements"
    done = client_a.post(reverse("reports:import-confirm"), {"action": "confirm"})
    batch = ImportBatch.objects.get()
    assert done["Location"] == reverse("agencies:agreement-list") + f"?batch={batch.pk}"
    assert Agreement.objects.get().import_batch == batch


def test_submit_all_matrix(role_clients, client_a, polres):
    batch = import_activities(client_a, 1)
    url = reverse("agencies:import-batch-submit", args=[batch.pk])
    refused = {"anonymous": LOGIN, "other_office": 404, "verifier": 403, "leader": 403}
    check_matrix(role_clients, "post", url, refused)
    assert Activity.objects.get().verification_status == V.DRAFT
    check_matrix(role_clients, "get", url, {"own_office": 405})
    check_matrix(role_clients, "post", url, {"own_office": 302})
    assert Activity.objects.get().verification_status == V.SUBMITTED


def test_another_offices_batch_shows_nothing(client_a, client_b, polres):
    batch = import_activities(client_a, 2)
    response = client_b.get(reverse("agencies:activity-list"), {"batch": batch.pk})
    assert list(response.context["page"]) == []
    assert response.context["batch_banner"] is None


@pytest.mark.parametrize("count", [3, 30])
def test_batch_list_query_budget(client_a, polres, django_assert_num_queries, count):
    batch = import_activities(client_a, count)
    # session + user + the office list of the filter + count + page rows (annotated) + their partners
    # + the batch (office and importer joined) + how many may be submitted
    # +1 unread inbox count (header)
    with django_assert_num_queries(8):
        client_a.get(reverse("agencies:activity-list"), {"batch": batch.pk})


def test_ajukan_semua_leaves_the_same_history_as_one_by_one(client_a, staff_a, polres):
    from agencies.selectors import record_history
    from agencies.services.verification import record_submit

    batch = import_activities(client_a, 2)
    one, other = Activity.objects.filter(import_batch=batch).order_by("pk")
    record_submit(user=staff_a, record=one)
    import_batch_submit(user=staff_a, batch=batch)
    one.refresh_from_db()
    other.refresh_from_db()
    assert one.submitted_at is not None and other.submitted_at is not None
    last_one, last_other = record_history(one)[0], record_history(other)[0]  # newest first
    assert last_other.changes == last_one.changes  # no spurious partner change
    assert [(e.action, e.changes) for e in record_history(other)] == [
        ("Diubah", [("Status verifikasi", "Draf", "Diajukan")]),
        ("Dibuat", []),
    ]
    assert other.history.count() == one.history.count()
    assert other.history.first().partners.count() == 1  # the partner links kept in the historical row

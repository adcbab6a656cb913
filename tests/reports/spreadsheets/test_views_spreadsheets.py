"""Import and export pages: permission matrix, the upload → preview → confirm flow, query budgets."""

import datetime as dt
import io
import os
import time
from pathlib import Path

import openpyxl
import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from agencies.models import Activity, ImportBatch, Partner
from reports.spreadsheets import imports
from tests.factories import ActivityFactory, AgreementFactory, PartnerFactory

pytestmark = pytest.mark.django_db

HEADERS = ["Nama kegiatan", "Jenis kegiatan", "Tanggal mulai", "Tanggal selesai", "Lembaga mitra", "Tahapan"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def activity_file(rows=None, extra_headers=(), name="kegiatan.xlsx"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Kegiatan"
    sheet.append([*HEADERS, *extra_headers])
    for row in rows or [
        ["Rapat koordinasi pilkada", "Rapat koordinasi", "01/03/2026", "01/03/2026", "Polres Depok", "Kampanye"]
    ]:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = name
    return buffer


def stored_uploads() -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    return sorted(folder.iterdir()) if folder.exists() else []


def upload(client, data, kind="activities"):
    return client.post(reverse("reports:import-start"), {"kind": kind, "file": data})


# Permission matrix ------------------------------------------------------------------------------------

IMPORT_PAGES = {"anonymous": 302, "own_office": 200, "other_office": 200, "verifier": 200, "leader": 403}


@pytest.mark.parametrize(("who", "status"), IMPORT_PAGES.items())
def test_import_start_matrix(role_clients, who, status):
    response = role_clients[who].get(reverse("reports:import-start"))
    assert response.status_code == status
    if who == "anonymous":
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("who", "status"), IMPORT_PAGES.items())
@pytest.mark.parametrize("kind", ["partners", "agreements", "activities"])
def test_import_template_matrix(role_clients, who, status, kind):
    response = role_clients[who].get(reverse("reports:import-template", args=[kind]))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == XLSX
        assert "templat-impor-" in response["Content-Disposition"]


def test_unknown_template_kind_is_404(client_a):
    assert client_a.get(reverse("reports:import-template", args=["evidence"])).status_code == 404


@pytest.mark.parametrize(
    ("who", "status"), {"anonymous": 302, "own_office": 302, "verifier": 302, "leader": 403}.items()
)
def test_preview_without_upload_redirects_to_start(role_clients, who, status):
    response = role_clients[who].get(reverse("reports:import-preview"))
    assert response.status_code == status
    if who != "anonymous" and status == 302:
        assert response["Location"] == reverse("reports:import-start")


@pytest.mark.parametrize(("who", "status"), {"anonymous": 302, "own_office": 302, "leader": 403}.items())
def test_confirm_matrix(role_clients, who, status):
    assert role_clients[who].post(reverse("reports:import-confirm"), {"action": "confirm"}).status_code == status
    assert role_clients[who].get(reverse("reports:import-confirm")).status_code in (302, 403, 405)


def test_leader_cannot_upload(client_leader):
    PartnerFactory(name="Polres Depok")
    assert upload(client_leader, activity_file()).status_code == 403
    assert stored_uploads() == []
    assert not Activity.objects.exists()


# The flow ---------------------------------------------------------------------------------------------


def test_upload_preview_confirm(client_a, office_a):
    PartnerFactory(name="Polres Depok")
    response = upload(client_a, activity_file())
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:import-preview")
    [stored] = stored_uploads()
    assert stored.stat().st_mode & 0o777 == 0o600
    page = client_a.get(reverse("reports:import-preview"))
    assert page.status_code == 200
    assert "Rapat koordinasi pilkada" in page.content.decode()
    assert "Semua baris valid" in page.content.decode()
    assert not Activity.objects.exists()
    done = client_a.post(reverse("reports:import-confirm"), {"action": "confirm"})
    assert done.status_code == 302
    batch = ImportBatch.objects.get()
    assert done["Location"] == reverse("agencies:activity-list") + f"?batch={batch.pk}"
    assert set(Activity.objects.values_list("import_batch", flat=True)) == {batch.pk}
    assert Activity.objects.get().office == office_a
    assert stored_uploads() == []
    assert imports.SESSION_KEY not in client_a.session
    # A second confirm (double click) finds nothing to do.
    again = client_a.post(reverse("reports:import-confirm"), {"action": "confirm"})
    assert again["Location"] == reverse("reports:import-start")
    assert Activity.objects.count() == 1


def test_invalid_rows_are_listed_and_cannot_be_confirmed(client_a):
    PartnerFactory(name="Polres Depok")
    rows = [
        ["Rapat A", "Rapat koordinasi", "01/03/2026", "01/03/2026", "Polres Depok", "Kampanye"],
        ["Rapat B", "Rapat koordinasi", "1 Maret 2026", "01/03/2026", "Polres Depok", "Kampanye"],
    ]
    upload(client_a, activity_file(rows))
    page = client_a.get(reverse("reports:import-preview")).content.decode()
    assert "1 baris tidak valid" in page
    assert "Format tanggal “1 Maret 2026” tidak dikenali" in page
    assert 'value="confirm"' not in page
    client_a.post(reverse("reports:import-confirm"), {"action": "confirm"})
    assert not Activity.objects.exists()


def test_bad_file_is_refused_on_the_form(client_a):
    response = upload(client_a, io.BytesIO(b"%PDF-1.7 not a sheet"))
    assert response.status_code == 200
    assert "bukan spreadsheet (terdeteksi dokumen PDF)" in response.content.decode()
    assert stored_uploads() == []


def test_office_column_cannot_move_records_to_another_office(client_a, office_b):
    PartnerFactory(name="Polres Depok")
    data = activity_file(
        [["Rapat", "Rapat koordinasi", "01/03/2026", "01/03/2026", "Polres Depok", "Kampanye", "32.01"]],
        extra_headers=["Kode kantor"],
    )
    response = upload(client_a, data)
    assert "Kolom “Kode kantor” tidak diterima" in response.content.decode()
    assert not Activity.objects.filter(office=office_b).exists()


def test_session_of_another_office_is_refused(client_a, staff_a, office_b):
    PartnerFactory(name="Polres Depok")
    upload(client_a, activity_file())
    session = client_a.session
    session[imports.SESSION_KEY] = {**session[imports.SESSION_KEY], "office_id": office_b.pk}
    session.save()
    response = client_a.post(reverse("reports:import-confirm"), {"action": "confirm"})
    assert response.status_code == 302
    assert not Activity.objects.exists()


def test_cancel_deletes_the_stored_file(client_a):
    PartnerFactory(name="Polres Depok")
    upload(client_a, activity_file())
    assert len(stored_uploads()) == 1
    client_a.post(reverse("reports:import-confirm"), {"action": "cancel"})
    assert stored_uploads() == []
    assert not Activity.objects.exists()


def test_new_upload_replaces_the_pending_one(client_a):
    PartnerFactory(name="Polres Depok")
    upload(client_a, activity_file())
    upload(client_a, activity_file(name="kedua.xlsx"))
    assert len(stored_uploads()) == 1
    assert client_a.session[imports.SESSION_KEY]["name"] == "kedua.xlsx"


def test_uploads_older_than_a_day_are_purged(client_a):
    PartnerFactory(name="Polres Depok")
    upload(client_a, activity_file())
    [stored] = stored_uploads()
    older_than_a_day = time.time() - 25 * 3600
    os.utime(stored, (older_than_a_day, older_than_a_day))
    client_a.get(reverse("reports:import-start"))
    assert stored_uploads() == []


def test_partner_import_through_views(client_verifier, province):
    data = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active.title = "Lembaga mitra"
    workbook.active.append(["Nama lembaga", "Kategori", "Tingkat"])
    workbook.active.append(["Komisi Pemilihan Umum Provinsi Jawa Barat", "Penyelenggara pemilu (KPU/DKPP)", "Provinsi"])
    workbook.save(data)
    data.seek(0)
    data.name = "mitra.xlsx"
    upload(client_verifier, data, kind="partners")
    client_verifier.post(reverse("reports:import-confirm"), {"action": "confirm"})
    partner = Partner.objects.get()
    assert (partner.registered_by, partner.level) == (province, "provincial")


# Exports: permission matrix and query budget ----------------------------------------------------------


@pytest.fixture
def two_offices(office_a, office_b):
    ActivityFactory(office=office_a, title="Kegiatan milik Depok")
    ActivityFactory(office=office_b, title="Kegiatan milik Bogor")


def export_text(response) -> str:
    if response["Content-Type"].startswith("text/csv"):
        return b"".join(response.streaming_content).decode("utf-8-sig")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return "\n".join(str(v) for row in workbook.worksheets[0].iter_rows(values_only=True) for v in row)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize(
    ("who", "status", "depok", "bogor"),
    [
        ("anonymous", 302, False, False),
        ("own_office", 200, True, False),
        ("other_office", 200, False, True),
        ("verifier", 200, True, True),
        ("leader", 200, True, True),
    ],
)
def test_activity_export_matrix(role_clients, two_offices, fmt, who, status, depok, bogor):
    response = role_clients[who].get(reverse("reports:list-export", args=["activities"]), {"format": fmt})
    assert response.status_code == status
    if status == 200:
        text = export_text(response)
        assert ("Kegiatan milik Depok" in text, "Kegiatan milik Bogor" in text) == (depok, bogor)


def test_staff_cannot_reach_another_office_through_filters(client_a, office_b):
    theirs = AgreementFactory(office=office_b, title="Kerja sama Bogor")
    ActivityFactory(office=office_b, title="Kegiatan Bogor", agreement=theirs)
    url = reverse("reports:list-export", args=["activities"])
    for params in ({"office": "32.01"}, {"agreement": theirs.pk}, {"q": "Bogor"}):
        text = export_text(client_a.get(url, {"format": "csv", **params}))
        assert "Kegiatan Bogor" not in text
    agreements = export_text(
        client_a.get(reverse("reports:list-export", args=["agreements"]), {"format": "csv", "office": "32.01"})
    )
    assert "Kerja sama Bogor" not in agreements


def test_unknown_export_kind_or_format_is_404(client_a):
    assert client_a.get(reverse("reports:list-export", args=["evidence"])).status_code == 404
    assert client_a.get(reverse("reports:list-export", args=["activities"]), {"format": "pdf"}).status_code == 404


@pytest.mark.parametrize("kind", ["partners", "agreements", "activities"])
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_query_budget(client_verifier, kind, fmt):
    def count_for(n: int) -> int:
        for _ in range(n):
            ActivityFactory(agreement=AgreementFactory())
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            response = client_verifier.get(reverse("reports:list-export", args=[kind]), {"format": fmt})
            b"".join(response.streaming_content)
        return len(captured)

    # Per export: session, user, (xlsx) the user's office for the notes sheet, one values query for the rows,
    # one query for the partner names per 2,000 rows (agreements, activities).
    client_verifier.get(reverse("home"))  # the first page after signing in renews the session (hubal.middleware)
    assert count_for(3) == count_for(27)


def test_export_query_count_is_named(client_verifier, django_assert_num_queries):
    for _ in range(5):
        ActivityFactory()
    with django_assert_num_queries(8):
        # 1 session, 2 user, 3 more rows than HUBAL_EXPORT_JOB_ROWS? (one EXISTS past the threshold), 4 the user's
        # office (notes sheet), 5 activity rows (one values_list query), 6 partner names of the chunk, 7-9
        # savepoint, session renewal, release (first page after signing in)
        response = client_verifier.get(reverse("reports:list-export", args=["activities"]), {"format": "xlsx"})
    assert response.status_code == 200


def test_preview_query_budget(client_a, django_assert_num_queries):
    PartnerFactory(name="Polres Depok")

    def preview_with(n: int) -> None:
        rows = [
            [f"Rapat {i}", "Rapat koordinasi", "01/03/2026", "01/03/2026", "Polres Depok", "Kampanye"] for i in range(n)
        ]
        upload(client_a, activity_file(rows))
        # 1 session, 2 user, 3 office, 4 partner directory keys (with aliases), 5 existing activities of the office in the
        # file's date range (no links to load: none exist); the upload just before renewed the session
        # +1 unread inbox count (header)
        with django_assert_num_queries(5):
            assert client_a.get(reverse("reports:import-preview")).status_code == 200

    preview_with(3)
    preview_with(30)


def test_activity_template_lists_only_citable_agreements(client_a, office_a, office_b, province):
    from agencies.choices import VerificationStatus

    AgreementFactory(office=office_a, number="DEPOK/1", title="Milik Depok")
    AgreementFactory(
        office=province,
        number="PROV/1",
        title="Provinsi terverifikasi",
        verification_status=VerificationStatus.VERIFIED,
    )
    AgreementFactory(office=province, number="PROV/2", title="Provinsi draf")
    AgreementFactory(
        office=office_b, number="BOGOR/1", title="Milik Bogor", verification_status=VerificationStatus.VERIFIED
    )
    response = client_a.get(reverse("reports:import-template", args=["activities"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Kerja sama terdaftar"]
    numbers = sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True))
    assert numbers == ["DEPOK/1", "PROV/1"]

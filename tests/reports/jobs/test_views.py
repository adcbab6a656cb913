"""Export job pages: who may start, see and download a job; the whole flow with the embedded default."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from reports.jobs.models import ExportJob, JobStatus
from tests.factories import ActivityFactory, office
from tests.matrix import LOGIN, check_matrix
from tests.reports.lakip.test_lakip import build_dataset

pytestmark = [pytest.mark.django_db, pytest.mark.clock(dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC))]

START = reverse("reports:job-start")
PROVINCE_LAKIP = {"kind": "lakip", "year": "2025", "office": "32"}


def _start(client, data, capture):
    with capture(execute=True):  # the task is queued on commit; the immediate backend runs it there
        return client.post(START, data)


def test_province_workbook_flow_with_the_embedded_default(client_verifier, django_capture_on_commit_callbacks):
    build_dataset()
    # The download link of the province LAKIP offers a background job instead of building in the request.
    page = client_verifier.get(reverse("reports:lakip-workbook") + "?year=2025&office=32")
    assert page.status_code == 200 and "Siapkan berkas" in page.content.decode()
    response = _start(client_verifier, PROVINCE_LAKIP, django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("reports:job-detail", args=[job.pk])
    detail = client_verifier.get(response.url).content.decode()
    assert "Berkas siap." in detail and 'http-equiv="refresh"' not in detail
    download = client_verifier.get(reverse("reports:job-download", args=[job.pk]))
    assert download.status_code == 200
    assert "LAKIP-2025-Provinsi-Jawa-Barat.xlsx" in download["Content-Disposition"]
    assert download["Cache-Control"] == "private, no-store"
    book = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True)
    assert "Rekap Kab-Kota" in book.sheetnames


def test_status_page_while_running_refreshes_and_shows_progress(client_verifier, verifier):
    job = ExportJob.objects.create(
        owner=verifier, kind="lakip", parameters={"year": 2025, "office": "32"}, title="Workbook LAKIP 2025"
    )
    ExportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, progress=42, heartbeat_at=job.created_at)
    page = client_verifier.get(reverse("reports:job-detail", args=[job.pk])).content.decode()
    assert "Sedang disiapkan … 42 %" in page and '<meta http-equiv="refresh" content="2">' in page
    assert reverse("reports:job-download", args=[job.pk]) not in page
    assert client_verifier.get(reverse("reports:job-download", args=[job.pk])).status_code == 404


def test_failed_job_shows_the_indonesian_error_and_a_retry(client_verifier, verifier):
    job = ExportJob.objects.create(
        owner=verifier,
        kind="lakip",
        parameters={"year": 2025, "office": "32"},
        title="Workbook LAKIP 2025",
        status=JobStatus.FAILED,
        error="Berkas gagal disiapkan karena kesalahan di server.",
    )
    page = client_verifier.get(reverse("reports:job-detail", args=[job.pk])).content.decode()
    assert "Berkas gagal disiapkan karena kesalahan di server." in page and "Coba lagi" in page
    assert 'name="office" value="32"' in page


def test_job_pages_permission_matrix(role_clients, staff_a, django_capture_on_commit_callbacks):
    # A job of office A's staff (their own office's workbook): only its owner sees or downloads it.
    with django_capture_on_commit_callbacks(execute=True):
        role_clients["own_office"].post(START, {"kind": "lakip", "year": "2025", "office": "32.76"})
    job = ExportJob.objects.get(owner=staff_a)
    assert job.status == JobStatus.DONE
    everyone_else = {"anonymous": LOGIN, "own_office": 200, "other_office": 404, "verifier": 404, "leader": 404}
    check_matrix(role_clients, "get", reverse("reports:job-detail", args=[job.pk]), everyone_else)
    check_matrix(role_clients, "get", reverse("reports:job-download", args=[job.pk]), everyone_else)
    check_matrix(
        role_clients,
        "get",
        reverse("reports:job-list"),
        {"anonymous": LOGIN, "own_office": 200, "other_office": 200, "verifier": 200, "leader": 200},
    )
    assert job.title in role_clients["own_office"].get(reverse("reports:job-list")).content.decode()
    assert job.title not in role_clients["other_office"].get(reverse("reports:job-list")).content.decode()


def test_start_permission_matrix(role_clients, django_capture_on_commit_callbacks):
    # The province LAKIP: provincial users only (staff get 404, as on the LAKIP page); GET is refused.
    with django_capture_on_commit_callbacks(execute=True):
        check_matrix(
            role_clients,
            "post",
            START,
            {"anonymous": LOGIN, "own_office": 404, "other_office": 404, "verifier": 302, "leader": 302},
            data=PROVINCE_LAKIP,
        )
    assert ExportJob.objects.count() == 2
    assert role_clients["verifier"].get(START).status_code == 405
    assert role_clients["verifier"].post(START, {"kind": "list", "list": "secrets"}).status_code == 404


def test_large_list_export_becomes_a_job_scoped_to_the_owner(
    client_a, staff_a, settings, django_capture_on_commit_callbacks
):
    settings.HUBAL_EXPORT_JOB_ROWS = 3
    ActivityFactory.create_batch(4, office=office("32.76"), title="Rapat milik Depok")
    ActivityFactory.create_batch(2, office=office("32.01"), title="Rapat milik Bogor")
    url = reverse("reports:list-export", args=["activities"]) + "?format=xlsx&q=Rapat"
    page = client_a.get(url).content.decode()
    assert "lebih dari 3 baris" in page and 'name="query" value="q=Rapat"' in page
    _start(client_a, {"kind": "list", "list": "activities", "query": "q=Rapat"}, django_capture_on_commit_callbacks)
    job = ExportJob.objects.get(owner=staff_a)
    download = client_a.get(reverse("reports:job-download", args=[job.pk]))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True)
    titles = [row[1] for row in book["Kegiatan"].iter_rows(min_row=2, values_only=True)]
    assert titles == ["Rapat milik Depok"] * 4  # office B's rows are outside staff A's scope
    # At or under the threshold, or as csv, the export is written in the request as before.
    assert client_a.get(url.replace("xlsx", "csv")).status_code == 200
    settings.HUBAL_EXPORT_JOB_ROWS = 4
    assert client_a.get(url)["Content-Type"].startswith("application/vnd.openxmlformats")


def test_job_list_query_budget(client_verifier, verifier, django_assert_num_queries):
    for year in (2023, 2024, 2025):
        ExportJob.objects.create(owner=verifier, kind="lakip", parameters={"year": year, "office": "32"}, title="x")
    client_verifier.get(reverse("reports:job-list"))
    # session, user, the user's jobs (one query), the user's office (page header)
    # +1 unread inbox count (header)
    with django_assert_num_queries(4):
        assert client_verifier.get(reverse("reports:job-list")).status_code == 200

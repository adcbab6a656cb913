"""The live province LKjIP chapter (.docx) as a background export job: the request offers a job, the job
writes the same document as the direct download, who may ask for it, and the same parameters reuse the job."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document

from agencies.files import DOCX
from reports.jobs import builders
from reports.jobs.models import ExportJob, JobKind, JobStatus
from tests.matrix import LOGIN, check_matrix
from tests.reports.lakip.test_lakip import build_dataset

pytestmark = [pytest.mark.django_db, pytest.mark.clock(dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC))]

START = reverse("reports:job-start")
LIVE = reverse("reports:lkjip")
PROVINCE_LKJIP = {"kind": "lkjip", "year": "2025", "office": "32"}


def test_province_document_is_a_job_and_its_download_is_the_docx(client_verifier, django_capture_on_commit_callbacks):
    build_dataset()
    page = client_verifier.get(LIVE + "?year=2025&office=32")
    html = page.content.decode()
    assert page["Content-Type"].startswith("text/html") and "Bab LKjIP Jawa Barat 2025" in html
    assert 'name="kind" value="lkjip"' in html and "Siapkan berkas" in html
    assert not ExportJob.objects.exists()  # the page only offers the job; nothing is built in the request
    with django_capture_on_commit_callbacks(execute=True):  # the immediate backend runs the task on commit
        response = client_verifier.post(START, PROVINCE_LKJIP)
    job = ExportJob.objects.get()
    assert response.url == reverse("reports:job-detail", args=[job.pk])
    assert (job.kind, job.status, job.title) == (JobKind.LKJIP, JobStatus.DONE, "Bab LKjIP Jawa Barat 2025")
    assert job.result.name.endswith(".docx") and job.result_name == "LKjIP-2025-Jawa-Barat.docx"
    download = client_verifier.get(reverse("reports:job-download", args=[job.pk]))
    assert download["Content-Type"] == DOCX
    assert download["Content-Disposition"].startswith('attachment; filename="LKjIP-2025-Jawa-Barat.docx"')
    text = "\n".join(p.text for p in Document(io.BytesIO(b"".join(download.streaming_content))).paragraphs)
    assert "BAWASLU PROVINSI JAWA BARAT" in text and "TAHUN 2025" in text and "seluruh Jawa Barat" in text


def test_builder_reports_progress_after_the_measurement_and_each_section(verifier):
    job = ExportJob.objects.create(owner=verifier, kind="lkjip", parameters={"year": 2025, "office": "32"}, title="x")
    seen: list[int] = []
    name = builders.build(job, io.BytesIO(), seen.append)
    # 60 after the snapshot; the 6 sections of the province (recap included) report 100·k//7 = 14, 28, 42, 57,
    # 71, 85, mapped to 60 + p·35//100
    assert name == "LKjIP-2025-Jawa-Barat.docx" and seen == [60, 64, 69, 74, 79, 84, 89]


def test_province_document_permission_matrix(role_clients, verifier, leader, django_capture_on_commit_callbacks):
    # As today: office staff may not see the province (404); the verifier and the leader get the job page.
    expected = {"anonymous": LOGIN, "own_office": 404, "other_office": 404, "verifier": 200, "leader": 200}
    check_matrix(role_clients, "get", LIVE + "?year=2025&office=32", expected)
    with django_capture_on_commit_callbacks(execute=True):
        check_matrix(
            role_clients,
            "post",
            START,
            {"anonymous": LOGIN, "own_office": 404, "other_office": 404, "verifier": 302, "leader": 302},
            data=PROVINCE_LKJIP,
        )
    owners = {job.owner for job in ExportJob.objects.filter(kind="lkjip", status=JobStatus.DONE)}
    assert owners == {verifier, leader}


def test_same_parameters_reuse_the_job_and_one_office_stays_direct(client_verifier, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = client_verifier.post(START, PROVINCE_LKJIP)
    with django_capture_on_commit_callbacks(execute=True):
        second = client_verifier.post(START, PROVINCE_LKJIP)
    assert first.url == second.url and ExportJob.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        client_verifier.post(START, {**PROVINCE_LKJIP, "year": "2024"})
    assert ExportJob.objects.count() == 2  # another year is another job
    direct = client_verifier.get(LIVE + "?year=2025&office=32.76")
    assert direct["Content-Disposition"] == 'attachment; filename="LKjIP-2025-Kota-Depok.docx"'
    assert ExportJob.objects.count() == 2

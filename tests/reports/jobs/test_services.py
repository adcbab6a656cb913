"""Export jobs: run once, idempotent, recover from a dead worker, Indonesian errors, reuse, purge."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from agencies.choices import VerificationStatus as V
from reports.jobs import builders, services
from reports.jobs.models import ExportJob, JobKind, JobStatus
from reports.jobs.tasks import run_export_job
from tests.factories import ActivityFactory, office
from tests.reports.lakip.test_lakip import build_dataset

pytestmark = [pytest.mark.django_db, pytest.mark.clock(dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC))]


def _job(user, **extra) -> ExportJob:
    parameters = builders.lakip_parameters(2025, office("32"))
    return ExportJob.objects.create(owner=user, kind=JobKind.LAKIP, parameters=parameters, title="LAKIP", **extra)


def _sheet_rows(job: ExportJob, sheet: str) -> list[tuple]:
    with default_storage.open(job.result.name, "rb") as handle:
        book = openpyxl.load_workbook(io.BytesIO(handle.read()), read_only=True)
    return list(book[sheet].iter_rows(values_only=True))


def test_a_job_builds_the_province_workbook_once(verifier):
    build_dataset()
    job = _job(verifier)
    assert services.export_job_run(job_id=job.pk) == "done"
    job.refresh_from_db()
    assert (job.status, job.progress, job.attempts, job.error) == (JobStatus.DONE, 100, 1, "")
    assert job.result_name == "LAKIP-2025-Provinsi-Jawa-Barat.xlsx"
    annex = _sheet_rows(job, "Lampiran Kegiatan")
    # build_dataset: 7 verified activities ended in 2025 (a1, a2, a3, a9, a4, b1, p1), after the title rows
    assert sum(1 for row in annex if isinstance(row[0], int)) == 7
    # A second task for the same job (a duplicate delivery, a second worker) does nothing.
    first_file = job.result.name
    assert services.export_job_run(job_id=job.pk) == "skipped"
    job.refresh_from_db()
    assert job.attempts == 1 and job.result.name == first_file


def test_the_embedded_default_runs_the_task_immediately(verifier, settings):
    assert settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend")
    job = _job(verifier)
    result = run_export_job.enqueue(str(job.pk))
    assert result.status == "SUCCESSFUL" and result.return_value == "done"
    job.refresh_from_db()
    assert job.status == JobStatus.DONE


def test_a_failure_is_reported_in_indonesian(verifier, monkeypatch):
    job = _job(verifier)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(builders, "build_lakip_workbook", broken)
    with pytest.raises(RuntimeError):
        services.export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == services.MSG_FAILED and "gagal disiapkan" in job.error and "disk" not in job.error


def test_a_job_the_owner_may_no_longer_see_is_refused(staff_a):
    job = _job(staff_a)  # staff never see the province aggregate
    assert services.export_job_run(job_id=job.pk) == "refused"
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.error == builders.MSG_NOT_ALLOWED and not job.result


def test_a_job_of_a_dead_worker_is_retried_and_not_doubled(verifier, clock, django_capture_on_commit_callbacks):
    job = _job(verifier)
    now = timezone.now()
    # A worker claimed it, then died: no heartbeat since.
    ExportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, claimed_by="dead", heartbeat_at=now, attempts=1
    )
    assert services.export_jobs_recover() == (0, 0)  # still fresh: left alone
    clock.shift(dt.timedelta(seconds=301))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.export_jobs_recover() == (1, 0)  # queued again, and (immediate backend) run on commit
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.DONE, 2)
    # The dead worker wakes up and tries to report progress or finish: it no longer holds the job.
    with pytest.raises(services.JobLost):
        services._beat(job.pk, "dead", 50)
    assert services.export_jobs_recover() == (0, 0)


def test_a_job_that_keeps_stopping_fails_with_a_message(verifier, clock, settings):
    job = _job(verifier)
    ExportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, heartbeat_at=timezone.now(), attempts=settings.HUBAL_JOB_MAX_ATTEMPTS
    )
    clock.shift(dt.timedelta(minutes=10))
    assert services.export_jobs_recover() == (0, 1)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.error.startswith("Penyiapan berkas terhenti 3 kali")


def test_a_run_that_lost_its_claim_keeps_no_file(verifier, monkeypatch):
    job = _job(verifier)
    real_beat = services._beat

    def stolen(job_id, token, percent):
        ExportJob.objects.filter(pk=job_id).update(claimed_by="someone-else")
        real_beat(job_id, token, percent)

    monkeypatch.setattr(services, "_beat", stolen)
    assert services.export_job_run(job_id=job.pk) == "lost"
    assert not default_storage.exists(f"exports/jobs/{job.pk.hex}.xlsx")


def test_start_reuses_an_unfinished_or_fresh_job(verifier, django_capture_on_commit_callbacks):
    parameters = builders.lakip_parameters(2025, office("32"))
    with django_capture_on_commit_callbacks(execute=True):
        first = services.export_job_start(user=verifier, kind=JobKind.LAKIP, parameters=parameters)
    first.refresh_from_db()
    assert first.status == JobStatus.DONE  # immediate backend: ran on commit
    assert services.export_job_start(user=verifier, kind=JobKind.LAKIP, parameters=parameters) == first
    # A verified record changes the data version: the next request builds a new file.
    activity = ActivityFactory(office=office("32.76"), verification_status=V.SUBMITTED)
    from agencies.services.verification import record_verify

    record_verify(user=verifier, record=activity)
    second = services.export_job_start(user=verifier, kind=JobKind.LAKIP, parameters=parameters)
    assert second != first and second.data_version > first.data_version


def test_purge_deletes_old_jobs_and_their_files(verifier, clock):
    job = _job(verifier)
    services.export_job_run(job_id=job.pk)
    job.refresh_from_db()
    path = job.result.name
    clock.shift(dt.timedelta(days=6))
    assert services.export_jobs_purge() == 0
    clock.shift(dt.timedelta(days=2))
    assert services.export_jobs_purge() == 1
    assert not ExportJob.objects.exists() and not default_storage.exists(path)

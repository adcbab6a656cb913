"""Writes of the export jobs: start (or reuse) a job, run it once, recover jobs of a dead worker, purge old ones.

The `ExportJob` row is the job's truth, whatever the task backend does:
- a run claims the row with one conditional UPDATE (queued, or running with a heartbeat older than
  HUBAL_JOB_STALE_SECONDS) and a fresh token; a second task for the same job, a second worker or a late
  duplicate finds nothing to claim and returns;
- progress updates refresh the heartbeat, conditioned on the token: a run that lost its claim stops;
- the result is stored, then the row marked done under the same condition (else the file is removed);
- a job whose worker died (no heartbeat) is queued again by `export_jobs_recover` (the `job_housekeeping`
  command, and the status page when its owner looks), at most HUBAL_JOB_MAX_ATTEMPTS runs in all.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import tempfile
import uuid

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from agencies.figures import data_version

from . import builders
from .models import ExportJob, JobStatus

logger = logging.getLogger(__name__)

MSG_FAILED = (
    "Berkas gagal disiapkan karena kesalahan di server. Silakan coba lagi; bila terulang, hubungi administrator."
)
MSG_STALLED = "Penyiapan berkas terhenti {attempts} kali (server pekerja dimulai ulang). Silakan coba lagi nanti."


class JobLost(Exception):
    """This run no longer holds the job (another run claimed it after a missed heartbeat)."""


def _enqueue(job_id) -> None:
    from .tasks import run_export_job  # the task module imports this one

    transaction.on_commit(lambda: run_export_job.enqueue(str(job_id)), robust=True)


@transaction.atomic
def export_job_start(*, user, kind: str, parameters: dict) -> ExportJob:
    """The user's job for these parameters: an unfinished one, or a finished one built from the same data
    (same data version, same day) is reused; otherwise a new job, queued on commit."""
    version = data_version()
    today = timezone.localtime()
    same = ExportJob.objects.filter(owner=user, kind=kind, parameters=parameters)
    reusable = same.filter(
        Q(status__in=[JobStatus.QUEUED, JobStatus.RUNNING])
        | Q(status=JobStatus.DONE, data_version=version, created_at__date=today.date())
    ).first()
    if reusable is not None:
        return reusable
    job = ExportJob(
        owner=user, kind=kind, parameters=parameters, data_version=version, title=builders.job_title(kind, parameters)
    )
    job.full_clean()
    job.save()
    _enqueue(job.pk)
    return job


def export_job_run(*, job_id: str) -> str:
    """Run the job if this run can claim it; returns what happened (done, skipped, lost, refused, failed)."""
    token = uuid.uuid4().hex
    if not _claim(job_id, token):
        return "skipped"
    job = ExportJob.objects.select_related("owner").get(pk=job_id)
    try:
        with tempfile.TemporaryFile() as output:
            filename = builders.build(job, output, lambda percent: _beat(job.pk, token, percent))
            output.seek(0)
            _finish(job, token, output, filename)
    except JobLost:
        return "lost"
    except builders.JobRefused as refusal:
        _fail(job.pk, token, str(refusal))
        return "refused"
    except Exception:
        logger.exception("Export job %s failed", job_id)
        _fail(job.pk, token, MSG_FAILED)
        raise
    return "done"


def _stale_before(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(seconds=settings.HUBAL_JOB_STALE_SECONDS)


def _claim(job_id: str, token: str) -> bool:
    now = timezone.now()
    claimable = Q(status=JobStatus.QUEUED) | Q(status=JobStatus.RUNNING, heartbeat_at__lt=_stale_before(now))
    return bool(
        ExportJob.objects.filter(claimable, pk=job_id, attempts__lt=settings.HUBAL_JOB_MAX_ATTEMPTS).update(
            status=JobStatus.RUNNING,
            claimed_by=token,
            heartbeat_at=now,
            started_at=now,
            progress=0,
            attempts=F("attempts") + 1,
        )
    )


def _mine(job_id, token: str):
    return ExportJob.objects.filter(pk=job_id, claimed_by=token, status=JobStatus.RUNNING)


def _beat(job_id, token: str, percent: int) -> None:
    if not _mine(job_id, token).update(progress=max(0, min(99, percent)), heartbeat_at=timezone.now()):
        raise JobLost


def _finish(job: ExportJob, token: str, output, filename: str) -> None:
    extension = os.path.splitext(filename)[1] or ".xlsx"
    name = default_storage.save(f"exports/jobs/{job.pk.hex}{extension}", File(output))
    done = _mine(job.pk, token).update(
        status=JobStatus.DONE, progress=100, result=name, result_name=filename, finished_at=timezone.now()
    )
    if not done:
        default_storage.delete(name)
        raise JobLost


def _fail(job_id, token: str, message: str) -> None:
    _mine(job_id, token).update(status=JobStatus.FAILED, error=message[:300], finished_at=timezone.now())


@transaction.atomic
def export_jobs_recover(*, jobs=None, now: dt.datetime | None = None) -> tuple[int, int]:
    """Queue again the jobs whose worker stopped (running without a heartbeat for HUBAL_JOB_STALE_SECONDS, or
    queued that long without being claimed: the task may have been lost); fail those out of attempts.
    Returns (queued again, failed)."""
    now = now or timezone.now()
    cutoff = _stale_before(now)
    stale = (ExportJob.objects.all() if jobs is None else jobs).filter(
        Q(status=JobStatus.RUNNING, heartbeat_at__lt=cutoff) | Q(status=JobStatus.QUEUED, queued_at__lt=cutoff)
    )
    queued = failed = 0
    for job in stale.select_for_update(skip_locked=True):
        if job.attempts >= settings.HUBAL_JOB_MAX_ATTEMPTS:
            job.status, job.error, job.finished_at = JobStatus.FAILED, MSG_STALLED.format(attempts=job.attempts), now
            job.save(update_fields=["status", "error", "finished_at"])
            failed += 1
        else:
            job.status, job.claimed_by, job.queued_at = JobStatus.QUEUED, "", now
            job.save(update_fields=["status", "claimed_by", "queued_at"])
            _enqueue(job.pk)
            queued += 1
    return queued, failed


def export_jobs_purge(*, now: dt.datetime | None = None) -> int:
    """Delete finished jobs older than HUBAL_JOB_KEEP_DAYS and their files; returns how many."""
    now = now or timezone.now()
    old = ExportJob.objects.filter(
        status__in=[JobStatus.DONE, JobStatus.FAILED],
        finished_at__lt=now - dt.timedelta(days=settings.HUBAL_JOB_KEEP_DAYS),
    )
    count = 0
    for job in old.only("pk", "result"):
        if job.result:
            job.result.delete(save=False)
        job.delete()
        count += 1
    return count

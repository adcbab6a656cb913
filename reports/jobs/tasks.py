"""The background task of the export jobs (django-tasks; run by `manage.py db_worker` or in-process)."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def run_export_job(job_id: str) -> str:
    """Build one export job; a job already claimed, finished or refused is left alone (see services)."""
    return services.export_job_run(job_id=job_id)

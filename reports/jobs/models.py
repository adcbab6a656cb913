"""A large export prepared in the background (docs/dev/jobs.md)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Menunggu giliran"
    RUNNING = "running", "Sedang disiapkan"
    DONE = "done", "Selesai"
    FAILED = "failed", "Gagal"


class JobKind(models.TextChoices):
    LAKIP = "lakip", "Workbook LAKIP"
    LIST = "list", "Ekspor daftar"
    LKJIP = "lkjip", "Bab LKjIP"


class ExportJob(models.Model):
    """One export asked for by one user, run by a task worker; the result file sits in the default storage and
    is served to its owner only. The row is the job's truth: a worker claims it with a conditional UPDATE
    (`claimed_by`), reports progress with a heartbeat, and a job whose heartbeat stopped is claimed again."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="pemilik", on_delete=models.CASCADE, related_name="export_jobs"
    )
    kind = models.CharField("jenis", max_length=10, choices=JobKind.choices)
    parameters = models.JSONField("parameter", default=dict)
    title = models.CharField("judul", max_length=200)
    data_version = models.BigIntegerField("versi data", default=0)
    status = models.CharField("status", max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField("kemajuan (%)", default=0)
    result = models.FileField("berkas hasil", upload_to="exports/jobs/", blank=True, max_length=200)
    result_name = models.CharField("nama berkas", max_length=200, blank=True)
    error = models.CharField("pesan kesalahan", max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField("percobaan", default=0)
    claimed_by = models.CharField("dikerjakan oleh", max_length=64, blank=True)
    heartbeat_at = models.DateTimeField("tanda hidup terakhir", null=True, blank=True)
    created_at = models.DateTimeField("dibuat", auto_now_add=True)
    queued_at = models.DateTimeField("masuk antrean", default=timezone.now)
    started_at = models.DateTimeField("mulai", null=True, blank=True)
    finished_at = models.DateTimeField("selesai", null=True, blank=True)

    class Meta:
        verbose_name = "pekerjaan ekspor"
        verbose_name_plural = "pekerjaan ekspor"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="exportjob_owner_idx"),
            models.Index(fields=["status"], name="exportjob_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="exportjob_progress_max_100"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

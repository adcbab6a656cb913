"""Evidence files and the verification trail, both hanging off one agreement or one activity."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from agencies.choices import EvidenceKind, VerificationAction

from .offices import Office
from .records import Activity, Agreement


def evidence_upload_to(instance: Evidence, filename: str) -> str:
    """Random stored name: the original name is kept only as data, never as a path."""
    ext = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(instance.content_type, "bin")
    if instance.content_type.endswith("wordprocessingml.document"):
        ext = "docx"
    elif instance.content_type.endswith("spreadsheetml.sheet"):
        ext = "xlsx"
    return f"evidence/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{ext}"


class Evidence(models.Model):
    """An evidence file (bukti) attached to exactly one agreement or one activity."""

    office = models.ForeignKey(Office, verbose_name="kantor", on_delete=models.PROTECT, related_name="evidence")
    agreement = models.ForeignKey(
        Agreement, verbose_name="kerja sama", null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    activity = models.ForeignKey(
        Activity, verbose_name="kegiatan", null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField("jenis bukti", max_length=20, choices=EvidenceKind.choices)
    file = models.FileField("berkas", upload_to=evidence_upload_to, max_length=200)
    original_name = models.CharField("nama berkas asli", max_length=255)
    size = models.PositiveBigIntegerField("ukuran (byte)")
    content_type = models.CharField("jenis isi", max_length=100)
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="diunggah oleh", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField("diunggah pada", default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = "bukti"
        verbose_name_plural = "bukti"
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(agreement__isnull=False, activity__isnull=True)
                    | Q(agreement__isnull=True, activity__isnull=False)
                ),
                name="evidence_exactly_one_parent",
                violation_error_message="Bukti harus melekat pada tepat satu kerja sama atau satu kegiatan.",
            ),
        ]
        indexes = [
            # API pages and the changes feed walk (uploaded_at, id), for one office (staff) or all of them.
            models.Index(fields=["uploaded_at", "id"], name="evidence_uploaded_id_idx"),
            models.Index(fields=["office", "uploaded_at", "id"], name="evidence_office_uploaded_idx"),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def parent(self) -> Agreement | Activity:
        return self.agreement or self.activity

    @property
    def is_image(self) -> bool:
        return self.content_type in ("image/jpeg", "image/png")


class VerificationEvent(models.Model):
    """The verification trail of an agreement or activity: who submitted, verified or returned it, when."""

    agreement = models.ForeignKey(
        Agreement, null=True, blank=True, on_delete=models.CASCADE, related_name="verification_events"
    )
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.CASCADE, related_name="verification_events"
    )
    action = models.CharField("tindakan", max_length=10, choices=VerificationAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="oleh", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField("catatan", blank=True)
    created_at = models.DateTimeField("waktu", default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "jejak verifikasi"
        verbose_name_plural = "jejak verifikasi"
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(agreement__isnull=False, activity__isnull=True)
                    | Q(agreement__isnull=True, activity__isnull=False)
                ),
                name="verification_event_exactly_one_parent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.created_at:%Y-%m-%d %H:%M}"

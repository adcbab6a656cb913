"""Deletions kept for systems that mirror the data (the `/api/v1/changes/` feed)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from .offices import Office


class TombstoneType(models.TextChoices):
    """The record types whose deletions are kept; the values are the `type` of the changes feed."""

    ACTIVITY = "activity", "kegiatan"
    AGREEMENT = "agreement", "kerja sama"
    EVIDENCE = "evidence", "bukti"
    PARTNER = "partner", "lembaga mitra"


class Tombstone(models.Model):
    """One deleted partner, agreement, activity or evidence file: which, whose, when.

    Written by the delete services in the deleting transaction (never by a signal), also for the evidence
    that goes with a deleted record. `office` is the owner office, so the feed shows a deletion to whoever
    could see the record; it is empty for a partner (the shared directory, seen by every signed-in role).
    """

    record_type = models.CharField("jenis data", max_length=12, choices=TombstoneType.choices)
    record_id = models.PositiveBigIntegerField("id data")
    office = models.ForeignKey(
        Office, verbose_name="kantor", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    deleted_at = models.DateTimeField("dihapus pada", default=timezone.now)

    class Meta:
        ordering = ["deleted_at", "record_type", "record_id"]
        verbose_name = "catatan penghapusan"
        verbose_name_plural = "catatan penghapusan"
        constraints = [
            models.UniqueConstraint(fields=["record_type", "record_id"], name="tombstone_one_per_record"),
        ]
        indexes = [
            # The feed walks (deleted_at, record_type, record_id), for one office (staff) or all of them.
            models.Index(fields=["deleted_at", "record_type", "record_id"], name="tombstone_feed_idx"),
            models.Index(fields=["office", "deleted_at"], name="tombstone_office_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_record_type_display()} #{self.record_id} dihapus {self.deleted_at:%Y-%m-%d %H:%M}"

"""The log of expiry reminders."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from .records import Agreement


class ReminderSent(models.Model):
    """One expiry reminder for one agreement at one threshold (180/90/30 days): never sent twice.

    A row with `covered` was not mailed: a more urgent reminder crossed at the same time covered it, and the row
    only makes sure it is never mailed later.
    """

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="reminders_sent")
    threshold_days = models.PositiveSmallIntegerField("ambang (hari)")
    end_date = models.DateField("tanggal berakhir saat dikirim")
    recipients = models.TextField("penerima", blank=True)
    covered = models.BooleanField("tercakup pengingat lain (tidak dikirim)", default=False)
    sent_at = models.DateTimeField("dikirim pada", default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = "pengingat terkirim"
        verbose_name_plural = "pengingat terkirim"
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "threshold_days", "end_date"], name="reminder_once_per_agreement_threshold"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement} — {self.threshold_days} hari"

"""The in-portal inbox: what happened to a user's records, besides the e-mails."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from agencies.choices import NotificationTopic


class Notification(models.Model):
    """One entry of a user's inbox (returned, verified, expiring, imported, merged), unread until opened
    or marked read. Written by `agencies.notifications` at the same points as the e-mails."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="penerima", on_delete=models.CASCADE, related_name="notifications"
    )
    topic = models.CharField("topik", max_length=10, choices=NotificationTopic.choices)
    message = models.CharField("pesan", max_length=300)
    url = models.CharField("tautan", max_length=300, blank=True)
    created_at = models.DateTimeField("waktu", default=timezone.now)
    read_at = models.DateTimeField("dibaca pada", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "notifikasi"
        verbose_name_plural = "notifikasi"
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox_idx"),
            # The unread count in the menu of every page: a partial index holds only the unread rows.
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread_idx"),
        ]

    def __str__(self) -> str:
        return self.message

    @property
    def is_unread(self) -> bool:
        return self.read_at is None

"""Writes of the portal inbox: marking entries read (one, or all of them)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from agencies.models import Notification


@transaction.atomic
def notification_mark_read(*, user, notification: Notification) -> None:
    """Mark one of `user`'s own entries read (the view fetched it through `recipient=user`)."""
    if notification.recipient_id != user.pk:
        raise Notification.DoesNotExist
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


@transaction.atomic
def notifications_mark_all_read(*, user) -> int:
    """Mark every unread entry of `user` read; returns how many."""
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).update(read_at=timezone.now())

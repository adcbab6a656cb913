"""The portal inbox of one user: entries newest first, and the unread count shown in the menu."""

from __future__ import annotations

from django.db.models import QuerySet

from agencies.models import Notification


def inbox_entries(user, *, unread_only: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(recipient_id=user.pk)
    return qs.filter(read_at__isnull=True) if unread_only else qs


def unread_count(user) -> int:
    """One COUNT over the partial index of unread entries (`notification_unread_idx`)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()

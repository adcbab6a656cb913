"""Telling people what happened to their records: an e-mail and an entry in the portal inbox, at the same points.

Called by the services inside their transaction (verification: returned, verified; reminders: expiring; the
import: imported; the partner merge). The e-mails are rendered there (so they describe what was committed) and
handed to the background task `agencies.tasks.send_notification` by `transaction.on_commit`, so a rolled-back
action never mails anyone (in-process with the embedded default, by the worker in production). The inbox entries
(`Notification`) are rows written in that same transaction, so they roll back with it. The inbox ignores the
e-mail preferences of the profile: they switch e-mails off, not the portal's record of what happened.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from . import permissions, tasks
from .choices import NotificationTopic
from .models import Activity, Agreement, Notification, Office, User

DEFAULT_SITE_URL = "http://127.0.0.1:8000"


def site_url(request=None) -> str:
    """Base of the links in e-mails: the request's host, else the HUBAL_SITE_URL setting."""
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return getattr(settings, "HUBAL_SITE_URL", DEFAULT_SITE_URL).rstrip("/")


# E-mail topics a user can switch off in their profile (accounts.Profile fields); no profile = wants all.
TOPICS = {"returned": "email_on_returned", "verified": "email_on_verified", "expiry": "email_on_expiry"}


def recipients_for(office: Office, record: Agreement | Activity, topic: str | None = None) -> list[str]:
    """Active users of `office` who may change `record` (its staff; the verifiers for the province), less
    those who switched off e-mails on `topic`."""
    users = User.objects.filter(office=office, is_active=True).exclude(email="").select_related("office")
    if topic:
        users = users.exclude(**{f"account_profile__{TOPICS[topic]}": False})
    return sorted({u.email for u in users if permissions.can_edit(u, record)})


def inbox_users(office: Office, record: Agreement | Activity | None = None) -> list[User]:
    """Active users of `office` who may change `record` (with no record: the office's staff)."""
    users = User.objects.filter(office=office, is_active=True).select_related("office")
    if record is None:
        return [u for u in users if permissions.is_staff_member(u)]
    return [u for u in users if permissions.can_edit(u, record)]


def notify(users: Iterable[User], *, topic: str, message: str, url: str = "") -> int:
    """Write one inbox entry per user, in the caller's transaction."""
    rows = [Notification(recipient=u, topic=topic, message=message[:300], url=url) for u in users]
    Notification.objects.bulk_create(rows)
    return len(rows)


def _quote(text: str, size: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


def _schedule(template: str, context: dict, to: list[str]) -> None:
    if not to:
        return
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    body = render_to_string(f"emails/{template}_body.txt", context)
    # robust: the action itself is committed; a queue outage must not turn it into an error page.
    transaction.on_commit(lambda: tasks.send_notification.enqueue(subject, body, to), robust=True)


def record_returned(record: Agreement | Activity, *, actor, base_url: str | None = None) -> None:
    context = {
        "record": record,
        "kind_label": record.kind_label,
        "note": record.return_note,
        "actor": actor,
        "url": (base_url or site_url()) + record.detail_url(),
    }
    _schedule("record_returned", context, recipients_for(record.office, record, "returned"))
    message = f"{record.kind_label} “{_quote(record.title, 90)}” dikembalikan: {_quote(record.return_note)}"
    notify(
        inbox_users(record.office, record), topic=NotificationTopic.RETURNED, message=message, url=record.detail_url()
    )


def records_verified(records: Iterable[Agreement | Activity], *, actor, base_url: str | None = None) -> None:
    """One e-mail per office listing its records just verified."""
    by_office: dict[int, list] = defaultdict(list)
    for record in records:
        by_office[record.office_id].append(record)
    base = base_url or site_url()
    for rows in by_office.values():
        items = [{"record": r, "kind_label": r.kind_label, "url": base + r.detail_url()} for r in rows]
        context = {"office": rows[0].office, "items": items, "actor": actor, "count": len(items)}
        _schedule("records_verified", context, recipients_for(rows[0].office, rows[0], "verified"))
        users = inbox_users(rows[0].office, rows[0])
        for record in rows:
            message = f"{record.kind_label} “{_quote(record.title, 150)}” diverifikasi."
            notify(users, topic=NotificationTopic.VERIFIED, message=message, url=record.detail_url())


def agreement_expiring(agreement: Agreement, *, days_left: int) -> None:
    """Inbox side of an expiry reminder (agencies/reminders.py mails it)."""
    message = (
        f"Kerja sama “{_quote(agreement.title, 150)}” berakhir dalam {days_left} hari ({agreement.end_date:%d-%m-%Y})."
    )
    users = inbox_users(agreement.office, agreement)
    notify(users, topic=NotificationTopic.EXPIRING, message=message, url=agreement.detail_url())


def import_done(*, user, kind_label: str, created: int, updated: int, url: str) -> None:
    """Inbox entry for the person who confirmed an import (the page tells them too; the inbox keeps it)."""
    message = f"Impor {kind_label.lower()} selesai: {created} data baru, {updated} data diperbarui."
    notify([user], topic=NotificationTopic.IMPORTED, message=message, url=url)


def partner_merged(*, keep, merged_name: str, office: Office, actor) -> None:
    """Tell the staff of the office that registered a merged duplicate where its records went."""
    message = f"Lembaga mitra “{_quote(merged_name, 100)}” digabung ke “{_quote(keep.name, 100)}” oleh verifikator."
    url = reverse("agencies:partner-detail", args=[keep.pk])
    users = [u for u in inbox_users(office) if u.pk != actor.pk]
    notify(users, topic=NotificationTopic.MERGED, message=message, url=url)

"""Telling an office what happened to its records: e-mail on return and verify.

Called by the verification services inside their transaction: the e-mails are rendered there (so they
describe what was committed) and handed to the background task `agencies.tasks.send_notification` by
`transaction.on_commit`, so a rolled-back action never mails anyone (in-process with the embedded default,
by the worker in production).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string

from . import permissions, tasks
from .models import Activity, Agreement, Office, User

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

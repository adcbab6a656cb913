"""Telling an office what happened to its records: e-mail on return/verify, and the in-app badge.

E-mails are rendered inside the transaction (so they describe what was committed) and sent by
`transaction.on_commit`, so a rolled-back action never mails anyone.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import cached_property

from . import permissions
from .choices import VerificationStatus
from .models import Activity, Agreement, Office, User

logger = logging.getLogger(__name__)

DEFAULT_SITE_URL = "http://127.0.0.1:8000"
RECENTLY_VERIFIED_DAYS = 7


def site_url(request=None) -> str:
    """Base of the links in e-mails: the request's host, else the HUBAL_SITE_URL setting."""
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return getattr(settings, "HUBAL_SITE_URL", DEFAULT_SITE_URL).rstrip("/")


def record_path(kind: str, pk: int) -> str:
    """The record's detail page; its list (or home) while the detail route does not exist."""
    for name, args in ((f"agencies:{kind}-detail", [pk]), (f"agencies:{kind}-list", [])):
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return reverse("home")


# E-mail topics a user can switch off in their profile (accounts.Profile fields); no profile = wants all.
TOPICS = {"returned": "email_on_returned", "verified": "email_on_verified", "expiry": "email_on_expiry"}


def recipients_for(office: Office, record: Agreement | Activity, topic: str | None = None) -> list[str]:
    """Active users of `office` who may change `record` (its staff; the verifiers for the province), less
    those who switched off e-mails on `topic`."""
    users = User.objects.filter(office=office, is_active=True).exclude(email="").select_related("office")
    if topic:
        users = users.exclude(**{f"account_profile__{TOPICS[topic]}": False})
    return sorted({u.email for u in users if permissions.can_edit(u, record)})


def _send(subject: str, body: str, to: list[str]) -> None:
    if to:
        send_mail(subject, body, None, to)


def _schedule(template: str, context: dict, to: list[str]) -> None:
    if not to:
        return
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    body = render_to_string(f"emails/{template}_body.txt", context)
    transaction.on_commit(lambda: _safe_send(subject, body, to), robust=True)


def _safe_send(subject: str, body: str, to: list[str]) -> None:
    try:
        _send(subject, body, to)
    except Exception:
        # The action itself is committed; a mail outage must not turn it into an error page.
        logger.exception("Could not send notification %r to %s", subject, to)


def _kind(record) -> str:
    return "agreement" if isinstance(record, Agreement) else "activity"


def record_returned(record: Agreement | Activity, *, actor, request=None) -> None:
    kind = _kind(record)
    context = {
        "record": record,
        "kind_label": "kerja sama" if kind == "agreement" else "kegiatan",
        "note": record.return_note,
        "actor": actor,
        "url": site_url(request) + record_path(kind, record.pk),
    }
    _schedule("record_returned", context, recipients_for(record.office, record, "returned"))


def records_verified(records: Iterable[Agreement | Activity], *, actor, request=None) -> None:
    """One e-mail per office listing its records just verified."""
    by_office: dict[int, list] = defaultdict(list)
    for record in records:
        by_office[record.office_id].append(record)
    base = site_url(request)
    for rows in by_office.values():
        items = [
            {"record": r, "kind_label": "Kerja sama" if _kind(r) == "agreement" else "Kegiatan"}
            | {"url": base + record_path(_kind(r), r.pk)}
            for r in rows
        ]
        context = {"office": rows[0].office, "items": items, "actor": actor, "count": len(items)}
        _schedule("records_verified", context, recipients_for(rows[0].office, rows[0], "verified"))


# In-app badge -------------------------------------------------------------------------------------


def _office_figures(model, office_id: int, since: dt.datetime) -> dict:
    return model.objects.filter(office_id=office_id).aggregate(
        returned=Count("pk", filter=Q(verification_status=VerificationStatus.RETURNED)),
        verified=Count("pk", filter=Q(verification_status=VerificationStatus.VERIFIED, verified_at__gte=since)),
    )


def badge_for(user) -> dict:
    """Counts for the badge: staff see returned records and those verified in the last days;
    verifiers and leaders see the queue size."""
    figures = {"returned": 0, "verified_recently": 0, "queue": 0, "days": RECENTLY_VERIFIED_DAYS}
    if permissions.is_staff_member(user) and user.office_id:
        since = timezone.now() - dt.timedelta(days=RECENTLY_VERIFIED_DAYS)
        for model in (Agreement, Activity):
            row = _office_figures(model, user.office_id, since)
            figures["returned"] += row["returned"]
            figures["verified_recently"] += row["verified"]
    elif permissions.sees_all_offices(user):
        figures["queue"] = sum(permissions.scope(user, m.objects.pending()).count() for m in (Agreement, Activity))
    figures["total"] = figures["returned"] + figures["queue"]
    return figures


class LazyBadge:
    """Computed only when a template reads it, so pages that do not show it pay no query."""

    def __init__(self, user):
        self._user = user

    @cached_property
    def data(self) -> dict:
        return badge_for(self._user)

    def __getitem__(self, key: str):
        return self.data[key]


def badge(request) -> dict:
    """Context processor for the menu badge (`workflow_badge.total`, `.returned`, `.queue`)."""
    user = getattr(request, "user", None)
    return {"workflow_badge": LazyBadge(user) if user is not None else None}

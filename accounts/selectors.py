"""Reads for the account pages: the managed account list with its filters, one account's history."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from agencies import permissions
from agencies.choices import Role

from .models import Invitation

User = get_user_model()

STATUS_CHOICES = [
    ("active", "Aktif"),
    ("pending", "Menunggu aktivasi"),
    ("inactive", "Nonaktif"),
]
ROLE_CHOICES = [
    (Role.STAFF.value, Role.STAFF.label),
    (Role.LEADER.value, Role.LEADER.label),
    (Role.VERIFIER.value, Role.VERIFIER.label),
    (permissions.ACCOUNT_ADMIN, "Administrator"),
]
ROLE_LABELS = dict(ROLE_CHOICES)


def role_label(user) -> str:
    return ROLE_LABELS.get(permissions.account_role(user), "Tanpa peran")


def managed_accounts(actor, *, q: str = "", office=None, role: str = "", status: str = "") -> QuerySet:
    """Accounts `actor` manages, filtered, with the expiry of their latest open invitation annotated."""
    open_invitations = Invitation.objects.filter(user=OuterRef("pk")).open().order_by("-created_at")
    qs = (
        permissions.manageable_users(actor)
        .select_related("office")
        .annotate(invitation_expires=Subquery(open_invitations.values("expires_at")[:1]))
        .order_by("office__code", "first_name", "last_name", "username")
    )
    if q:
        qs = qs.filter(
            Q(username__icontains=q) | Q(first_name__icontains=q) | Q(last_name__icontains=q) | Q(email__icontains=q)
        )
    if office is not None:
        qs = qs.filter(office=office)
    if role == permissions.ACCOUNT_ADMIN:
        qs = qs.filter(is_superuser=True)
    elif role:
        qs = qs.filter(role=role, is_superuser=False)
    if status == "inactive":
        qs = qs.filter(is_active=False)
    elif status == "pending":
        qs = qs.filter(is_active=True, password__startswith=UNUSABLE_PASSWORD_PREFIX)
    elif status == "active":
        qs = qs.filter(is_active=True).exclude(password__startswith=UNUSABLE_PASSWORD_PREFIX)
    return qs


def account_status(user) -> tuple[str, str]:
    """(css key, label) of an account for the list and the detail page."""
    if not user.is_active:
        return "inactive", "Nonaktif"
    if not user.has_usable_password():
        expires = getattr(user, "invitation_expires", None)
        if expires is None or expires <= timezone.now():
            return "expired", "Undangan kedaluwarsa"
        return "pending", "Menunggu aktivasi"
    return "active", "Aktif"


@dataclass
class HistoryRow:
    when: object
    who: str
    reason: str
    changes: list[str]


HISTORY_FIELDS = {
    "first_name": "nama depan",
    "last_name": "nama belakang",
    "email": "surel",
    "office": "kantor",
    "role": "peran",
    "is_active": "aktif",
    "is_superuser": "administrator",
    "username": "nama pengguna",
}


def account_history(user, *, limit: int = 50) -> list[HistoryRow]:
    """Newest first: who changed the account, when, and which fields (one query for the rows)."""
    records = list(user.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    rows = []
    for newer, older in zip(records, records[1:] + [None], strict=True):
        if len(rows) == limit:
            break
        changes = []
        if older is not None:
            delta = newer.diff_against(older, included_fields=list(HISTORY_FIELDS))
            changes = [HISTORY_FIELDS[c.field] for c in delta.changes]
        who = newer.history_user.get_full_name() or newer.history_user.username if newer.history_user else "Sistem"
        reason = newer.history_change_reason or ("Akun dibuat" if newer.history_type == "+" else "Diubah")
        rows.append(HistoryRow(when=newer.history_date, who=who, reason=reason, changes=changes))
    return rows

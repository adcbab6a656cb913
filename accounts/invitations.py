"""Invitations: a single-use link with which an account made by someone else sets its own password."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from . import mailing, sessions
from .models import Invitation, hash_token

DEFAULT_INVITATION_DAYS = 7
ERROR_NO_EMAIL = "Akun ini belum memiliki alamat surel; isi surel terlebih dahulu."
ERROR_ACTIVATED = "Akun ini sudah mengatur kata sandinya sendiri; undangan tidak diperlukan."
ERROR_INACTIVE = "Akun ini nonaktif; aktifkan kembali sebelum mengirim undangan."


def invitation_days() -> int:
    return getattr(settings, "HUBAL_INVITATION_DAYS", DEFAULT_INVITATION_DAYS)


def needs_invitation(user) -> bool:
    """An account that has never set a password of its own."""
    return not user.has_usable_password()


@transaction.atomic
def invitation_send(*, actor, user, site_url: str) -> Invitation:
    """Revoke the open invitations of `user` and mail a new link (valid HUBAL_INVITATION_DAYS days)."""
    if not user.email:
        raise ValidationError(ERROR_NO_EMAIL)
    if not user.is_active:
        raise ValidationError(ERROR_INACTIVE)
    if not needs_invitation(user):
        raise ValidationError(ERROR_ACTIVATED)
    now = timezone.now()
    Invitation.objects.filter(user=user).open(now=now).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        user=user,
        token_hash=hash_token(token),
        sent_to=user.email,
        created_by=actor,
        created_at=now,
        expires_at=now + dt.timedelta(days=invitation_days()),
    )
    invitation.full_clean()
    invitation.save()
    context = {
        "user": user,
        "actor": actor,
        "url": site_url.rstrip("/") + reverse("accounts:invitation", args=[token]),
        "expires_at": invitation.expires_at,
        "days": invitation_days(),
    }
    mailing.schedule("account_invitation", context, user.email)
    return invitation


def invitation_for_token(token: str) -> Invitation | None:
    """The open invitation behind `token`, or None: unknown, used, revoked and expired tokens all look the
    same to the caller."""
    if not token or len(token) > 100:
        return None
    invitation = Invitation.objects.select_related("user", "user__office").filter(token_hash=hash_token(token)).first()
    if invitation is None or not invitation.is_open() or not invitation.user.is_active:
        return None
    if not needs_invitation(invitation.user):
        return None
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str) -> None:
    """Set the password chosen by the invited user and use up the invitation (row locked: two tabs submitting
    the same link cannot both succeed)."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not locked.is_open():
        raise ValidationError("Tautan undangan ini sudah tidak berlaku.")
    user = locked.user
    user.set_password(password)
    user._change_reason = "Kata sandi pertama diatur melalui undangan"
    user.save()
    now = timezone.now()
    locked.used_at = now
    locked.save(update_fields=["used_at"])
    Invitation.objects.filter(user=user).open(now=now).update(revoked_at=now)
    sessions.end_all(user)

"""Writes of API tokens: create (the secret is returned once), revoke, and note the last use cheaply."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from agencies.models import Office
from api.models import ApiToken
from api.permissions import can_manage_tokens

from .secrets import hash_secret, new_secret

MSG_EXPIRY_PAST = "Tanggal berakhir harus di masa depan."
MSG_ALREADY_REVOKED = "Token ini sudah dicabut."


@dataclass(frozen=True)
class IssuedToken:
    """A new token and its secret, which exists only here: it is shown once and never stored."""

    token: ApiToken
    secret: str


@transaction.atomic
def api_token_create(*, user, name: str, office: Office, can_write: bool, expires_at: dt.datetime) -> IssuedToken:
    if not can_manage_tokens(user):
        raise PermissionDenied
    if expires_at <= timezone.now():
        raise ValidationError({"expires_at": MSG_EXPIRY_PAST})
    secret, prefix = new_secret()
    service_user = get_user_model()(
        username=f"api-{prefix}", first_name=name[:150], last_name="(token API)", office=office, role=""
    )
    service_user.set_unusable_password()
    service_user.save()
    token = ApiToken(
        name=name.strip(),
        office=office,
        can_write=can_write,
        prefix=prefix,
        service_user=service_user,
        expires_at=expires_at,
        created_by=user,
        secret_hash=hash_secret(secret),
    )
    token.full_clean()
    token.save()
    return IssuedToken(token=token, secret=secret)


@transaction.atomic
def api_token_revoke(*, user, token: ApiToken) -> ApiToken:
    if not can_manage_tokens(user):
        raise PermissionDenied
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise ValidationError(MSG_ALREADY_REVOKED, code="revoked")
    token.revoked_at = timezone.now()
    token.revoked_by = user
    token.save(update_fields=["revoked_at", "revoked_by"])
    return token


def api_token_touch(token: ApiToken, now: dt.datetime | None = None) -> None:
    """Note the use, at most once per HUBAL_API_TOKEN_TOUCH_SECONDS (one UPDATE, no read)."""
    now = now or timezone.now()
    interval = dt.timedelta(seconds=settings.HUBAL_API_TOKEN_TOUCH_SECONDS)
    if token.last_used_at is not None and now - token.last_used_at < interval:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now

"""API tokens: how another Bawaslu system (SIGAP Jabar, SI PEDATI …) signs in to the API."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from agencies.choices import Role
from agencies.models import Office


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, now: dt.datetime | None = None) -> ApiTokenQuerySet:
        """Not revoked and not expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class ApiToken(models.Model):
    """A secret with which one named system uses the API on behalf of one office (or the province).

    Only the SHA-256 of the secret is stored; `prefix` (the first characters, also part of the secret) names
    the token in lists and logs. The client acts as `service_user`, a user row without a role or a password
    that gets the token's scope only while a valid token is presented (`principal()`): staff of the token's
    office, or the provincial verifier for a province token. History and the verification trail are
    attributed to that user, and every API change carries the reason "API: <name>".
    """

    name = models.CharField("nama sistem", max_length=100, help_text="Misalnya “SIGAP Jabar”.")
    office = models.ForeignKey(Office, verbose_name="kantor", on_delete=models.PROTECT, related_name="+")
    can_write = models.BooleanField("boleh menulis", default=False)
    prefix = models.CharField("awalan", max_length=16, unique=True, editable=False)
    secret_hash = models.CharField("hash rahasia", max_length=64, editable=False)
    service_user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_token", editable=False
    )
    expires_at = models.DateTimeField("berlaku sampai")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="dibuat oleh",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField("dibuat pada", default=timezone.now, editable=False)
    revoked_at = models.DateTimeField("dicabut pada", null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="dicabut oleh",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    last_used_at = models.DateTimeField("terakhir dipakai", null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "token API"
        verbose_name_plural = "token API"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    def is_usable(self, now: dt.datetime | None = None) -> bool:
        return self.revoked_at is None and self.expires_at > (now or timezone.now())

    @property
    def state(self) -> tuple[str, str]:
        """(badge, label) for the token pages: revoked, expired or active (badge names of hubal.css)."""
        if self.revoked_at is not None:
            return "terminated", "dicabut"
        if not self.is_usable():
            return "expired", "kedaluwarsa"
        return "active", "aktif"

    @property
    def scope_role(self) -> str:
        """The role the client acts with: the verifier's reading scope for a province token, else staff."""
        return Role.VERIFIER if self.office.is_province else Role.STAFF

    @property
    def history_reason(self) -> str:
        return f"API: {self.name}"

    def principal(self):
        """The service user with the token's scope, for `agencies.permissions` (in memory only: the row
        itself keeps no role, so it can neither sign in nor act without a valid token)."""
        user = self.service_user
        user.role = self.scope_role
        user.office = self.office
        return user

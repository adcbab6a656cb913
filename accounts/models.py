"""Per-user data that the accounts app owns: profile, invitations, tracked sessions; and the history of
`agencies.User` (registered here so that agencies/models.py stays untouched)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from simple_history import register
from simple_history.models import HistoricalRecords

PHONE_VALIDATOR = RegexValidator(
    r"^\+?[0-9][0-9 -]{7,18}[0-9]$",
    "Masukkan nomor telepon yang benar, misalnya 0812-3456-7890 atau +62 812 3456 7890.",
)

# Who changed what on an account: role, office, active flag, name, e-mail. The password hash and the
# sign-in time are left out (a sign-in is not a change of the account).
register(get_user_model(), app="accounts", excluded_fields=["password", "last_login"])


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Profile(models.Model):
    """Contact details and e-mail preferences of one user; created on first need."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account_profile", verbose_name="pengguna"
    )
    phone = models.CharField("nomor telepon/WhatsApp", max_length=20, blank=True, validators=[PHONE_VALIDATOR])
    email_on_returned = models.BooleanField("Data saya dikembalikan verifikator", default=True)
    email_on_verified = models.BooleanField("Data saya sudah diverifikasi", default=True)
    email_on_expiry = models.BooleanField("Pengingat masa berlaku kerja sama", default=True)
    updated_at = models.DateTimeField("diperbarui", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "profil"
        verbose_name_plural = "profil"

    def __str__(self) -> str:
        return f"Profil {self.user}"


class InvitationQuerySet(models.QuerySet):
    def open(self, *, now=None) -> InvitationQuerySet:
        """Not used, not revoked, not expired."""
        return self.filter(used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class Invitation(models.Model):
    """A one-time link that lets a new account set its own password. Only the SHA-256 of the token is
    stored; sending a new invitation revokes the open ones."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations", verbose_name="pengguna"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    sent_to = models.EmailField("dikirim ke")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="dikirim oleh",
    )
    created_at = models.DateTimeField("dikirim", default=timezone.now)
    expires_at = models.DateTimeField("berlaku sampai")
    used_at = models.DateTimeField("dipakai", null=True, blank=True)
    revoked_at = models.DateTimeField("dibatalkan", null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "undangan"
        verbose_name_plural = "undangan"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")), name="invitation_expires_after_created"
            ),
        ]

    def __str__(self) -> str:
        return f"Undangan {self.user} ({self.created_at:%d-%m-%Y})"

    def is_open(self, *, now=None) -> bool:
        now = now or timezone.now()
        return self.used_at is None and self.revoked_at is None and self.expires_at > now


class UserSession(models.Model):
    """Which session key belongs to which user, recorded at sign-in so that a user's sessions can be listed
    and ended without scanning (and decoding) every session in the database."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tracked_sessions", verbose_name="pengguna"
    )
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField("masuk", default=timezone.now)
    ip_address = models.GenericIPAddressField("alamat IP", null=True, blank=True)
    user_agent = models.CharField("peramban", max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "sesi pengguna"
        verbose_name_plural = "sesi pengguna"

    def __str__(self) -> str:
        return f"Sesi {self.user} sejak {self.created_at:%d-%m-%Y %H:%M}"

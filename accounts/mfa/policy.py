"""Who must use two-step sign-in, and whether this session has passed it.

A session is verified when django-otp's session key is set, which only happens through `django_otp.login` after a
correct code (sign-in, enrolment). The flag is trusted for the session's life, so a verified request costs no
query; a device reset by the administrator ends the user's sessions instead (services.second_factor_reset).
"""

from __future__ import annotations

from django.conf import settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

ROLE_LABELS = {"staff": "staf", "verifier": "verifikator", "leader": "pimpinan", "admin": "administrator"}


def role_keys(user) -> set[str]:
    """The user's role names as HUBAL_MFA_REQUIRED_ROLES spells them ('admin' for superusers)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    keys = {user.role} if user.role else set()
    if user.is_superuser:
        keys.add("admin")
    return keys


def required_for(user) -> bool:
    return bool(role_keys(user) & set(settings.HUBAL_MFA_REQUIRED_ROLES))


def session_verified(request) -> bool:
    return DEVICE_ID_SESSION_KEY in request.session


def authenticator_for(user) -> TOTPDevice | None:
    """The user's confirmed authenticator app (at most one is kept)."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("-pk").first()


def has_authenticator(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def recovery_codes_left(user) -> int:
    device = StaticDevice.objects.devices_for_user(user, confirmed=True).first()
    return device.token_set.count() if device else 0

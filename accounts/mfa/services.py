"""Writes of two-step sign-in: enrolment, code checks, recovery codes, the administrator's reset."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

AUTHENTICATOR_NAME = "Aplikasi autentikator"
RECOVERY_NAME = "Kode cadangan"

CODE_WRONG = "Kode salah atau sudah tidak berlaku. Periksa jam ponsel Anda dan masukkan kode yang sedang tampil."
RECOVERY_WRONG = "Kode cadangan salah atau sudah pernah dipakai."
CODE_THROTTLED = "Terlalu banyak kode salah. Tunggu {seconds} detik, lalu coba lagi."
NO_AUTHENTICATOR = "Akun ini belum memasang verifikasi dua langkah."

LOG_ENROLLED = "Verifikasi dua langkah dipasang (aplikasi autentikator dan kode cadangan)."
LOG_CODES_RENEWED = "Kode cadangan verifikasi dua langkah dibuat ulang."
LOG_RESET = "Perangkat verifikasi dua langkah direset oleh administrator; semua sesi pengguna diakhiri."

_SESSION_ENGINES_WITH_TABLE = {"django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db"}


class CodeRefused(Exception):
    """A code that does not let the user through; the message is for the user."""


def normalise_recovery_code(value: str) -> str:
    return re.sub(r"[\s-]+", "", value or "").lower()


def authenticator_start(*, user) -> TOTPDevice:
    """The unconfirmed authenticator being enrolled: the same key until confirmed, so a reload keeps the QR."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


def _check(device: Device, token: str, wrong: str) -> None:
    """Verify `token` on `device` under a row lock; raise CodeRefused after the transaction keeps the count."""
    with transaction.atomic():
        device = type(device).objects.select_for_update().get(pk=device.pk)
        allowed, extra = device.verify_is_allowed()
        accepted = allowed and device.verify_token(token)
    if accepted:
        return
    if not allowed:
        seconds = max(1, int((extra["locked_until"] - timezone.now()).total_seconds()) + 1)
        raise CodeRefused(CODE_THROTTLED.format(seconds=seconds))
    raise CodeRefused(wrong)


def authenticator_confirm(*, user, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the enrolled app with its first code; returns the new recovery codes (shown once)."""
    _check(device, code.strip(), CODE_WRONG)  # its own transaction: a wrong code's count must survive
    with transaction.atomic():
        device.refresh_from_db()
        device.confirmed = True
        device.full_clean()
        device.save()
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        codes = _recovery_codes_replace(user)
        _log(by=user, user=user, message=LOG_ENROLLED)
    return codes


def code_verify(*, user, code: str = "", recovery: str = "") -> Device:
    """The device that accepts the user's code (authenticator) or recovery code (used once)."""
    if recovery:
        device = StaticDevice.objects.devices_for_user(user, confirmed=True).first()
        if device is None:
            raise CodeRefused(RECOVERY_WRONG)
        _check(device, normalise_recovery_code(recovery), RECOVERY_WRONG)
        return device
    device = TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("-pk").first()
    if device is None:
        raise CodeRefused(NO_AUTHENTICATOR)
    _check(device, code.strip(), CODE_WRONG)
    return device


@transaction.atomic
def recovery_codes_renew(*, user) -> list[str]:
    codes = _recovery_codes_replace(user)
    _log(by=user, user=user, message=LOG_CODES_RENEWED)
    return codes


def _recovery_codes_replace(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes: set[str] = set()
    while len(codes) < settings.HUBAL_MFA_RECOVERY_CODES:
        codes.add(StaticToken.random_token())
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in sorted(codes))
    return sorted(codes)


@transaction.atomic
def second_factor_reset(*, user, by) -> int:
    """Remove the user's authenticator and recovery codes (lost phone), end their sessions, record who did it.
    The user enrols again at the next sign-in. Returns the number of devices removed."""
    removed = TOTPDevice.objects.filter(user=user).delete()[1].get(TOTPDevice._meta.label, 0)
    removed += StaticDevice.objects.filter(user=user).delete()[1].get(StaticDevice._meta.label, 0)
    _log(by=by, user=user, message=LOG_RESET)
    transaction.on_commit(lambda: _end_sessions(user.pk))
    return removed


def _end_sessions(user_pk: int) -> None:
    """Sign the user out everywhere (database-backed sessions; other engines cannot be listed)."""
    if settings.SESSION_ENGINE not in _SESSION_ENGINES_WITH_TABLE:
        return
    from importlib import import_module

    store = import_module(settings.SESSION_ENGINE).SessionStore
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get(SESSION_KEY) == str(user_pk):
            store(session_key=session.session_key).delete()


def _log(*, by, user, message: str) -> None:
    """An entry in the user's admin history (who, when, whose account, what)."""
    LogEntry.objects.log_actions(
        user_id=by.pk, queryset=[user], action_flag=CHANGE, change_message=message, single_object=True
    )

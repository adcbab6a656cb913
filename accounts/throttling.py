"""Sign-in throttling: django-axes' limit per username and address, plus a limit per account.

axes locks a username+address pair after AXES_FAILURE_LIMIT failures for AXES_COOLOFF_TIME. A guesser with many
addresses would get that many tries from each, so this handler also counts every failed sign-in of a username,
whatever the address, in a rolling window (axes' AccessFailureLog rows: in the database, so every app server sees
the same count). Reaching HUBAL_LOGIN_ACCOUNT_FAILURE_LIMIT within HUBAL_LOGIN_ACCOUNT_WINDOW refuses further
attempts until the oldest counted failure leaves the window. Attempts refused during a lock are not counted
(AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False), so a lock always ends by itself; and the account limit
does not apply from an address where the account completed a sign-in in the last HUBAL_LOGIN_TRUSTED_ADDRESS_DAYS
days, so an outsider cannot lock a user out of their usual office network. The pair limit still applies there.
Wrong two-step codes are reported as failed sign-ins too (accounts.mfa.views) and count towards both limits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessFailureLog, AccessLog
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


@dataclass(frozen=True)
class AccountLock:
    """An account locked by the limit across addresses, until `until`."""

    failures: int
    until: datetime


def account_lock(username: str | None, ip_address: str | None, *, now: datetime | None = None) -> AccountLock | None:
    """The lock on `username` seen from `ip_address`, or None. One query below the limit, two at it."""
    if not username:
        return None
    limit = settings.HUBAL_LOGIN_ACCOUNT_FAILURE_LIMIT
    window = settings.HUBAL_LOGIN_ACCOUNT_WINDOW
    now = now or timezone.now()
    times = list(
        AccessFailureLog.objects.filter(username=username, attempt_time__gt=now - window)
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)[:limit]
    )
    if len(times) < limit or _trusted_address(username, ip_address, now):
        return None
    # The lock lifts when the oldest of the `limit` newest failures leaves the window.
    return AccountLock(failures=len(times), until=times[-1] + window)


def _trusted_address(username: str, ip_address: str | None, now: datetime) -> bool:
    if not ip_address:
        return False
    since = now - timedelta(days=settings.HUBAL_LOGIN_TRUSTED_ADDRESS_DAYS)
    return AccessLog.objects.filter(username=username, ip_address=ip_address, attempt_time__gte=since).exists()


class HubalAxesHandler(AxesDatabaseHandler):
    """axes' database handler with the account limit added to its lock decision."""

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        if super().is_locked(request, credentials):
            return True
        username = get_client_username(request, credentials)
        return account_lock(username, getattr(request, "axes_ip_address", None)) is not None

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or getattr(request, "axes_locked_out", False) or not settings.AXES_LOCK_OUT_AT_FAILURE:
            return
        if account_lock(get_client_username(request, credentials), request.axes_ip_address) is not None:
            request.axes_locked_out = True
            request.axes_credentials = credentials

    def remove_out_of_limit_failure_logs(self, *, username: str, limit: int | None = None) -> int:
        """Keep the newest rows (the ones the account limit counts); axes' own version slices without an order."""
        limit = limit or settings.AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT
        rows = AccessFailureLog.objects.filter(username=username).order_by("-attempt_time", "-pk")
        surplus = list(rows.values_list("pk", flat=True)[limit:])
        if not surplus:
            return 0
        deleted, _ = AccessFailureLog.objects.filter(pk__in=surplus).delete()
        return deleted


def lockout_response(request: HttpRequest, original_response=None, credentials: dict | None = None) -> HttpResponse:
    """The Indonesian lockout page (AXES_LOCKOUT_CALLABLE): says which limit applies and when it ends."""
    username = get_client_username(request, credentials)
    context = {
        "account_lock": account_lock(username, getattr(request, "axes_ip_address", None)),
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "account_limit": settings.HUBAL_LOGIN_ACCOUNT_FAILURE_LIMIT,
    }
    return render(request, "registration/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)

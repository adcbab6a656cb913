"""The state between the password and the code: a user who gave the right password but not yet the code.

The session is not signed in until the code is right; it only remembers who is half-way, for a few minutes.
"""

from __future__ import annotations

import time

from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login

PENDING_KEY = "hubal_mfa_pending"
PENDING_SECONDS = 5 * 60


def start(request: HttpRequest, user, next_url: str) -> None:
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": user.backend,
        "at": time.time(),
        "next": next_url,
    }


def pending_user(request: HttpRequest):
    """The half-signed-in user, or None when there is none or it is too old."""
    pending = request.session.get(PENDING_KEY)
    if not pending:
        return None
    if time.time() - pending["at"] > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        return None
    user = get_user_model()._default_manager.filter(pk=pending["user"], is_active=True).first()
    if user is not None:
        user.backend = pending["backend"]
    return user


def complete(request: HttpRequest, user, device) -> None:
    """Sign the user in (if only half-way) and mark the session verified by `device`."""
    pending = request.session.pop(PENDING_KEY, None)
    if pending and not request.user.is_authenticated:
        auth_login(request, user, backend=pending["backend"])
    otp_login(request, device)


def safe_next(request: HttpRequest, candidate: str | None, default: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def pending_next(request: HttpRequest) -> str | None:
    pending = request.session.get(PENDING_KEY) or {}
    return pending.get("next")

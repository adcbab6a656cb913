"""Idle timeout without a database write on every page view.

A signed-in session expires `SESSION_IDLE_SECONDS` after the last request. Django renews the session's expiry
only when the session is saved; instead of saving it on every request (`SESSION_SAVE_EVERY_REQUEST`), this
middleware saves it at most once every `SESSION_REFRESH_SECONDS`. `SESSION_COOKIE_AGE` is the idle time plus
that interval, so a session never ends sooner than the idle time after the last request (and at most one
interval later).
"""

from __future__ import annotations

import time

from django.conf import settings

REFRESHED_KEY = "_refreshed_at"


def mark_refreshed(session) -> None:
    """Record that the session's expiry is being renewed now (the session will be saved)."""
    session[REFRESHED_KEY] = int(time.time())


class SessionRefreshMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        # No cookie, no stored session: nothing to keep alive (and no query to load it).
        if session.session_key:
            refreshed_at = session.get(REFRESHED_KEY, 0)
            if not session.is_empty() and time.time() - refreshed_at >= settings.SESSION_REFRESH_SECONDS:
                mark_refreshed(session)
        return self.get_response(request)

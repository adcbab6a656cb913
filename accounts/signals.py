"""Sign-in bookkeeping: which session belongs to whom, and the last sign-in time.

Django's own `update_last_login` receiver saves the user model, which (with the user history registered in
`accounts.models`) would write one history row per sign-in. It is replaced by a receiver that updates only
the column; a sign-in is visible as "Terakhir masuk", not as a change of the account.
"""

from __future__ import annotations

from axes.helpers import get_client_ip_address
from django.contrib.auth import get_user_model
from django.contrib.auth.models import update_last_login
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.utils import timezone

USER_AGENT_MAX = 300


def record_login(sender, request, user, **kwargs) -> None:
    from .models import UserSession

    now = timezone.now()
    get_user_model().objects.filter(pk=user.pk).update(last_login=now)
    user.last_login = now
    session = getattr(request, "session", None)
    key = getattr(session, "session_key", None)
    if not key:
        return
    UserSession.objects.update_or_create(
        session_key=key,
        defaults={
            "user": user,
            "created_at": now,
            "ip_address": get_client_ip_address(request) if hasattr(request, "META") else None,
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_MAX] if hasattr(request, "META") else "",
        },
    )


def forget_session(sender, request, user, **kwargs) -> None:
    from .models import UserSession

    key = getattr(getattr(request, "session", None), "session_key", None)
    if key:
        UserSession.objects.filter(session_key=key).delete()


def connect() -> None:
    user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
    user_logged_in.connect(record_login, dispatch_uid="accounts_record_login")
    user_logged_out.connect(forget_session, dispatch_uid="accounts_forget_session")

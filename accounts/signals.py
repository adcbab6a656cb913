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
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from . import user_cache

USER_AGENT_MAX = 300


def record_login(sender, request, user, **kwargs) -> None:
    from .models import UserSession

    now = timezone.now()
    get_user_model().objects.filter(pk=user.pk).update(last_login=now)
    user.last_login = now
    user_cache.forget_users([user.pk])  # an update() sends no post_save
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
    from agencies.models import Office

    # The cached signed-in user (accounts/user_cache.py) is forgotten whenever the user or their office changes.
    user = get_user_model()
    post_save.connect(user_cache.user_changed, sender=user, dispatch_uid="accounts_user_cache_save")
    post_delete.connect(user_cache.user_changed, sender=user, dispatch_uid="accounts_user_cache_delete")
    post_save.connect(user_cache.office_changed, sender=Office, dispatch_uid="accounts_user_cache_office")

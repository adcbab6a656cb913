"""API writes are attributed in history: the history user is the token's service user (set by
django-simple-history from the request) and the change reason is "API: <system name>"."""

from __future__ import annotations

from django.dispatch import receiver
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record


@receiver(pre_create_historical_record)
def mark_api_change(sender, history_instance, **kwargs) -> None:
    request = getattr(HistoricalRecords.context, "request", None)
    token = getattr(request, "api_token", None)
    if token is not None and not history_instance.history_change_reason:
        history_instance.history_change_reason = token.history_reason[:100]

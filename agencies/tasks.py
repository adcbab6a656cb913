"""Background tasks of the agencies app (django-tasks; docs/dev/jobs.md): e-mails and the expiry reminders.

With the embedded default (HUBAL_TASKS_BACKEND=immediate) a task runs in-process when it is enqueued; in
production a worker (`manage.py db_worker`) runs it. The callers enqueue on commit, so a rolled-back action
never mails anyone.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

from . import reminders

logger = logging.getLogger(__name__)


@task()
def send_notification(subject: str, body: str, to: list[str]) -> int:
    """One e-mail to an office (verification notices). A failure is logged and the task marked failed: the
    action itself is committed and stays done."""
    try:
        return send_mail(subject, body, None, to)
    except Exception:
        logger.exception("Could not send notification %r to %s", subject, to)
        raise


@task()
def send_expiry_reminders(today: str | None = None) -> dict[str, int]:
    """The daily expiry reminders (`agencies.reminders`); returns how many of each outcome. Safe to run twice:
    each reminder is claimed once in the database."""
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    counts: dict[str, int] = {}
    for outcome in reminders.send_expiry_reminders(today=day):
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    return counts

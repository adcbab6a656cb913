"""Account e-mails (invitation, password reset): rendered inside the transaction, sent after it commits.

With HUBAL_ACCOUNT_MAIL_IN_BACKGROUND (on in production) the message leaves in a daemon thread, so a slow
mail server cannot make "this address exists" measurable in the response time of the reset page.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def render(template: str, context: dict) -> tuple[str, str]:
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    body = render_to_string(f"emails/{template}_body.txt", context)
    return subject, body


def schedule(template: str, context: dict, to: str) -> None:
    subject, body = render(template, context)
    schedule_message(subject, body, to)


def schedule_message(subject: str, body: str, to: str) -> None:
    transaction.on_commit(lambda: dispatch(subject, body, to), robust=True)


def dispatch(subject: str, body: str, to: str) -> None:
    if getattr(settings, "HUBAL_ACCOUNT_MAIL_IN_BACKGROUND", False):
        threading.Thread(target=_safe_send, args=(subject, body, to), daemon=True).start()
    else:
        _safe_send(subject, body, to)


def _safe_send(subject: str, body: str, to: str) -> None:
    try:
        send_mail(subject, body, None, [to])
    except Exception:
        # The account change is committed; a mail outage must not turn it into an error page.
        logger.exception("Could not send account e-mail %r to %s", subject, to)

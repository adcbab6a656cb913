"""Expiry reminders: the daily e-mail to the office that owns an agreement about to expire.

(The page of agreements about to expire is `selectors.expiring`.) Rules:
- Reminded: every agreement in force today (started, end date today or later) with an end date and no
  termination date, whatever its verification state: staff must renew it either way.
- Thresholds `expiry.REMINDER_DAYS` (180, 90 and 30) days before the end date (the end day included). Each
  is mailed at most once per agreement and end date (`ReminderSent`, unique on agreement + threshold + end
  date). When several are crossed at once only the most urgent is mailed; the others are recorded as
  `covered` so that they are never mailed later. Moving the end date starts a fresh set.
- An agreement that has been renewed ("Perpanjang": another agreement's `renewal_of` points at it, whatever
  that one's verification state) gets no more reminders: the office has acted on it.
- The log row is inserted in the same transaction that decides to send; the unique constraint makes a
  second or overlapping run skip it. The e-mail goes out on commit; if sending fails the row is removed
  so that the next run tries again.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from . import notifications
from .expiry import REMINDER_DAYS
from .models import Agreement, ReminderSent

logger = logging.getLogger(__name__)

# Shown in the reminder log (admin) instead of recipients for a threshold that was not mailed.
COVERED_NOTE = "(tidak dikirim: tercakup oleh pengingat {days} hari)"


def due(end_date: dt.date, today: dt.date) -> tuple[int, list[int]] | None:
    """(most urgent threshold crossed, every threshold crossed) on `today`, or None."""
    days_left = (end_date - today).days
    crossed = [t for t in REMINDER_DAYS if 0 <= days_left <= t]
    return (min(crossed), crossed) if crossed else None


def candidates(today: dt.date):
    """Agreements that may need a reminder today (see the module docstring); a system-wide read."""
    horizon = today + dt.timedelta(days=max(REMINDER_DAYS))
    return (
        Agreement.objects.active(on=today)
        .filter(terminated_on__isnull=True, end_date__lte=horizon)
        .exclude(renewals__isnull=False)
    )


@dataclass
class Outcome:
    agreement: Agreement
    threshold: int
    days_left: int
    recipients: list[str] = field(default_factory=list)
    status: str = "sent"  # sent | dry_run | no_recipients | already | failed


def send_expiry_reminders(*, today: dt.date, dry_run: bool = False) -> list[Outcome]:
    """Mail every reminder due on `today` that was not mailed before; return what happened to each."""
    agreements = list(
        candidates(today).select_related("office").prefetch_related("partners").order_by("end_date", "pk")
    )
    logged = set(
        ReminderSent.objects.filter(agreement__in=[a.pk for a in agreements]).values_list(
            "agreement_id", "threshold_days", "end_date"
        )
    )
    recipients_by_office: dict[int, list[str]] = {}
    outcomes = []
    for agreement in agreements:
        threshold, crossed = due(agreement.end_date, today)
        if (agreement.pk, threshold, agreement.end_date) in logged:
            continue
        if agreement.office_id not in recipients_by_office:
            recipients_by_office[agreement.office_id] = notifications.recipients_for(
                agreement.office, agreement, "expiry"
            )
        outcome = Outcome(agreement, threshold, (agreement.end_date - today).days)
        outcome.recipients = recipients_by_office[agreement.office_id]
        if not outcome.recipients:
            outcome.status = "no_recipients"  # not logged: mailed once the office has someone to tell
        elif dry_run:
            outcome.status = "dry_run"
        else:
            _claim_and_send(outcome, crossed)
        outcomes.append(outcome)
    return outcomes


def _claim_and_send(outcome: Outcome, crossed: list[int]) -> None:
    agreement = outcome.agreement
    subject, body = _render(outcome)
    with transaction.atomic():
        try:
            with transaction.atomic():
                claimed = ReminderSent.objects.create(
                    agreement=agreement,
                    threshold_days=outcome.threshold,
                    end_date=agreement.end_date,
                    recipients=", ".join(outcome.recipients),
                )
        except IntegrityError:
            outcome.status = "already"  # another run got there first
            return
        covered = [
            ReminderSent(
                agreement=agreement,
                threshold_days=days,
                end_date=agreement.end_date,
                recipients=COVERED_NOTE.format(days=outcome.threshold),
                covered=True,
            )
            for days in crossed
            if days != outcome.threshold
        ]
        ReminderSent.objects.bulk_create(covered, ignore_conflicts=True)
        notifications.agreement_expiring(agreement, days_left=outcome.days_left)
        transaction.on_commit(lambda: _deliver(outcome, claimed.pk, subject, body))


def _deliver(outcome: Outcome, claimed_pk: int, subject: str, body: str) -> None:
    try:
        send_mail(subject, body, None, outcome.recipients)
    except Exception:
        logger.exception("Expiry reminder for agreement %s not sent; will retry", outcome.agreement.pk)
        ReminderSent.objects.filter(pk=claimed_pk).delete()
        outcome.status = "failed"


def _render(outcome: Outcome) -> tuple[str, str]:
    base = notifications.site_url()
    context = {
        "agreement": outcome.agreement,
        "threshold": outcome.threshold,
        "days_left": outcome.days_left,
        "url": base + outcome.agreement.detail_url(),
        "expiring_url": base + reverse("agencies:expiring"),
    }
    subject = " ".join(render_to_string("emails/expiry_reminder_subject.txt", context).split())
    return subject, render_to_string("emails/expiry_reminder_body.txt", context)

"""When an agreement is "about to expire": the numbers behind every page, card and reminder.

Two different questions, so two names:
- *expiring soon* (status "akan berakhir", the home cards): ends within `expiring_soon_days()` days, the
  `HUBAL_EXPIRING_DAYS` setting (90 by default);
- *reminders*: the owner office is mailed `REMINDER_DAYS` before the end date, each once; the expiring page
  looks as far ahead as the first reminder (`PAGE_HORIZON_DAYS`) and bands its rows by reminder.
"""

from __future__ import annotations

from django.conf import settings

REMINDER_DAYS = (180, 90, 30)
PAGE_HORIZON_DAYS = max(REMINDER_DAYS)
LAST_REMINDER_DAYS = min(REMINDER_DAYS)


def expiring_soon_days() -> int:
    return settings.HUBAL_EXPIRING_DAYS

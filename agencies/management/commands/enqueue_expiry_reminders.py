"""The reminder schedule: queue today's expiry reminders as a background task (run daily by a timer or cron).

    python manage.py enqueue_expiry_reminders [--today YYYY-MM-DD]

With HUBAL_TASKS_BACKEND=database a worker (`manage.py db_worker`) sends them; with the embedded default they
are sent at once, in this process. Safe to run more than once a day: each reminder is claimed once.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand

from agencies.tasks import send_expiry_reminders

from .send_expiry_reminders import _date


class Command(BaseCommand):
    help = "Masukkan pengingat masa berlaku kerja sama hari ini ke antrean pekerjaan latar belakang."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=_date, help="Anggap hari ini tanggal ini (YYYY-MM-DD).")

    def handle(self, *args, today: dt.date | None = None, **options):
        result = send_expiry_reminders.enqueue(today.isoformat() if today else None)
        self.stdout.write(f"Pengingat masuk antrean (tugas {result.id}, status {result.status}).")

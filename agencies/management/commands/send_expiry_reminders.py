"""Daily: e-mail each office's staff about agreements ending in 180, 90 and 30 days (each once).

    python manage.py send_expiry_reminders [--dry-run] [--today YYYY-MM-DD]

Safe to run several times a day and in overlapping runs (see agencies/reminders.py).
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from agencies.reminders import send_expiry_reminders

STATUS_LABELS = {
    "sent": "terkirim",
    "dry_run": "akan dikirim (uji coba)",
    "no_recipients": "tidak dikirim: kantor belum punya staf aktif dengan alamat surel",
    "already": "dilewati: sudah dikirim oleh proses lain",
    "failed": "GAGAL dikirim; dicoba lagi pada jalannya berikutnya",
}


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Tanggal tidak valid: {value!r} (gunakan format YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = "Kirim pengingat masa berlaku kerja sama (180, 90 dan 30 hari sebelum berakhir), masing-masing sekali."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Tampilkan saja, tanpa mengirim atau mencatat.")
        parser.add_argument("--today", type=_date, help="Anggap hari ini tanggal ini (YYYY-MM-DD).")

    def handle(self, *args, dry_run: bool = False, today: dt.date | None = None, **options):
        today = today or timezone.localdate()
        outcomes = send_expiry_reminders(today=today, dry_run=dry_run)
        for outcome in outcomes:
            agreement = outcome.agreement
            self.stdout.write(
                f"[{outcome.threshold} hari] {agreement.office.name} · {agreement.title} "
                f"(berakhir {agreement.end_date:%Y-%m-%d}, {outcome.days_left} hari lagi) → "
                f"{STATUS_LABELS[outcome.status]}"
                + (f" ({len(outcome.recipients)} penerima)" if outcome.status in ("sent", "dry_run") else "")
            )
        counts = {status: sum(o.status == status for o in outcomes) for status in STATUS_LABELS}
        self.stdout.write(
            f"{today:%Y-%m-%d}: {counts['sent']} terkirim, {counts['dry_run']} uji coba, "
            f"{counts['no_recipients']} tanpa penerima, {counts['already']} sudah dikirim proses lain, "
            f"{counts['failed']} gagal."
        )
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} pengingat gagal dikirim; lihat log.")

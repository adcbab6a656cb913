"""Every few minutes (timer or cron): queue again the export jobs of a worker that died, fail those that
stopped too often, and delete finished jobs (and their files) older than HUBAL_JOB_KEEP_DAYS.

    python manage.py job_housekeeping
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from reports.jobs import services


class Command(BaseCommand):
    help = "Pulihkan pekerjaan ekspor yang terhenti dan hapus berkas ekspor lama."

    def handle(self, *args, **options):
        queued, failed = services.export_jobs_recover()
        purged = services.export_jobs_purge()
        self.stdout.write(f"{queued} pekerjaan diantrekan ulang, {failed} dinyatakan gagal, {purged} dihapus.")

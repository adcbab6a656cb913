"""`python manage.py export_lkjip --year 2025 [--office 32.76] [--published] --output LKjIP.docx`

Writes the same LKjIP chapter (Word) as the "Unduh Bab LKjIP" button of the Capaian Kinerja page (same snapshot,
same builder). Without --office, or with --office 32, the chapter covers the whole province. With --published,
the newest published LAKIP of that unit and year is written instead of the live figures.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from agencies.models import PROVINCE_CODE, Office
from reports.lakip.document.builder import build_lkjip
from reports.lakip.document.views import published_label
from reports.lakip.models import PublishedLakip
from reports.lakip.snapshot import build_snapshot


class Command(BaseCommand):
    help = "Ekspor Bab III LKjIP (Akuntabilitas Kinerja) ke berkas .docx."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=None, help="Tahun laporan (bawaan: tahun berjalan).")
        parser.add_argument("--office", default=PROVINCE_CODE, help="Kode kantor, mis. 32.76 (bawaan: 32, provinsi).")
        parser.add_argument("--published", action="store_true", help="Tulis LAKIP terbit terbaru, bukan angka terkini.")
        parser.add_argument("--output", required=True, help="Nama berkas keluaran .docx.")

    def handle(self, *args, year=None, office=PROVINCE_CODE, output=None, published=False, **options):
        year = year or timezone.localdate().year
        if not 2000 <= year <= 2100:
            raise CommandError("Tahun harus di antara 2000 dan 2100.")
        code = office.strip()
        unit = Office.objects.filter(code=code).first() or Office.objects.filter(code=code[:2] + "." + code[2:]).first()
        if unit is None:
            raise CommandError(f"Kode kantor tidak dikenal: {office}")
        path = Path(output)
        if path.suffix.lower() != ".docx":
            raise CommandError("Berkas keluaran harus berakhiran .docx.")
        if not path.parent.exists():
            raise CommandError(f"Folder tidak ada: {path.parent}")
        if published:
            item = PublishedLakip.objects.filter(year=year, office=unit).select_related("published_by").first()
            if item is None:
                raise CommandError(f"Belum ada LAKIP {year} {unit.name} yang diterbitkan.")
            build_lkjip(str(path), item.snapshot, published_label=published_label(item))
        else:
            build_lkjip(str(path), build_snapshot(year, unit))
        self.stdout.write(self.style.SUCCESS(f"LKjIP {year} {unit.name} ditulis ke {path}"))

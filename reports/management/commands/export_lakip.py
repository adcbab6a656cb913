"""`python manage.py export_lakip --year 2026 [--office 32.76] --output LAKIP.xlsx`

Writes the same LAKIP workbook as the "Unduh LAKIP" button of the Capaian Kinerja page (same selector, same
builder). Without --office, or with --office 32, the workbook covers the whole province (with the Rekap sheet).
The command is an operator's tool (run on the server), so it is not limited by a user's role.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from agencies.models import PROVINCE_CODE, Office
from reports.lakip.workbook import build_lakip_workbook


class Command(BaseCommand):
    help = "Ekspor workbook LAKIP (Perjanjian Kinerja, Pengukuran Kinerja, rekap, lampiran) ke berkas .xlsx."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=None, help="Tahun laporan (bawaan: tahun berjalan).")
        parser.add_argument("--office", default=PROVINCE_CODE, help="Kode kantor, mis. 32.76 (bawaan: 32, provinsi).")
        parser.add_argument("--output", required=True, help="Nama berkas keluaran .xlsx.")

    def handle(self, *args, year=None, office=PROVINCE_CODE, output=None, **options):
        year = year or timezone.localdate().year
        if not 2000 <= year <= 2100:
            raise CommandError("Tahun harus di antara 2000 dan 2100.")
        code = office.strip()
        unit = Office.objects.filter(code=code).first() or Office.objects.filter(code=code[:2] + "." + code[2:]).first()
        if unit is None:
            raise CommandError(f"Kode kantor tidak dikenal: {office}")
        path = Path(output)
        if path.suffix.lower() != ".xlsx":
            raise CommandError("Berkas keluaran harus berakhiran .xlsx.")
        if not path.parent.exists():
            raise CommandError(f"Folder tidak ada: {path.parent}")
        build_lakip_workbook(str(path), year=year, office=unit)
        self.stdout.write(self.style.SUCCESS(f"LAKIP {year} {unit.name} ditulis ke {path}"))

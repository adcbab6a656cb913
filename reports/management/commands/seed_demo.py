import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from agencies import demo
from agencies.figures import bump_data_version
from reports.lakip import demo as lakip_demo
from reports.lakip import demo_chapter


class Command(BaseCommand):
    """Lives in `reports` because it seeds both apps: agencies' records, then the LAKIP targets."""

    help = "Isi basis data dengan data demo yang deterministik untuk 27 kantor kab/kota (aman dijalankan berulang)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2024, help="Benih acak (default 2024).")
        parser.add_argument("--scale", type=float, default=1.0, help="1 ≈ 100 kegiatan per kantor per tahun.")
        parser.add_argument("--force", action="store_true", help="Izinkan walaupun DEBUG mati (produksi).")

    def handle(self, *args, seed: int, scale: float, force: bool, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG mati: seed_demo menolak berjalan di produksi. Tambahkan --force bila memang perlu."
            )
        if scale <= 0:
            raise CommandError("--scale harus lebih dari 0.")
        started = time.monotonic()
        result = demo.seed(seed=seed, scale=scale)
        # The records first (agencies), then the LAKIP targets measured on them (reports imports agencies).
        targets = lakip_demo.seed_targets(seed=seed, today=timezone.localdate())
        demo_chapter.seed_chapter(seed=seed, today=timezone.localdate())
        bump_data_version()  # bulk writes bypass the services
        if result.created:
            self.stdout.write(self.style.SUCCESS(f"Data demo dibuat dalam {time.monotonic() - started:.1f} detik."))
        else:
            self.stdout.write("Data sudah ada; data demo tidak dibuat ulang (akun demo diperbarui).")
        self.stdout.write("  " + ", ".join(f"{n} {label}" for label, n in result.counts.items()))
        if targets:
            self.stdout.write(f"  {targets} target kinerja LAKIP")
        self.stdout.write(f"\nAkun demo (kata sandi: {demo.DEMO_PASSWORD}):")
        for username, description in result.accounts[:3]:
            self.stdout.write(f"  {username:<13} {description}")
        self.stdout.write(
            "  staf-<kode>   satu akun per kantor kab/kota, mis. staf-3276 (Kota Depok), staf-3201 (Kabupaten Bogor)"
        )

"""`manage.py ranking`: the same figures as the ranking page, from the same selector."""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from reports.models import PublishedRanking
from reports.ranking.selectors import COMPONENTS, FORMULA_VERSION, Period, compute_ranking


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Tanggal tidak valid: {text!r} (format YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = "Cetak peringkat 27 kantor kab/kota (langsung atau yang sudah diterbitkan) sebagai tabel atau JSON."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="Tahun, mis. 2024.")
        parser.add_argument("--quarter", type=int, choices=[1, 2, 3, 4], help="Triwulan 1–4 dari --year.")
        parser.add_argument("--from", dest="date_from", help="Awal rentang tanggal (YYYY-MM-DD).")
        parser.add_argument("--to", dest="date_to", help="Akhir rentang tanggal (YYYY-MM-DD).")
        parser.add_argument("--format", choices=["table", "json"], default="table")
        parser.add_argument("--published", type=int, help="ID peringkat terbit: cetak angka yang dibekukan.")

    def handle(self, *args, **options):
        if options["published"]:
            payload = self._published(options["published"])
        else:
            result = compute_ranking(self._period(options))
            payload = {
                "period": {
                    "kind": result.period.kind,
                    "start": result.period.start.isoformat(),
                    "end": result.period.end.isoformat(),
                    "label": result.period.label,
                },
                "formula_version": result.formula_version,
                "weights": result.weights,
                "rows": result.as_rows(),
                "pending": {row.office_code: row.pending for row in result.rows},
            }
        if options["format"] == "json":
            self.stdout.write(json.dumps(payload, indent=1, ensure_ascii=False))
        else:
            self._table(payload)

    def _period(self, options) -> Period:
        date_from, date_to = options["date_from"], options["date_to"]
        try:
            if date_from or date_to:
                if not (date_from and date_to) or options["quarter"]:
                    raise CommandError("Rentang tanggal perlu --from dan --to (tanpa --quarter).")
                return Period.for_range(_date(date_from), _date(date_to))
            if not options["year"]:
                raise CommandError("Sebutkan --year (dengan --quarter bila perlu) atau --from dan --to.")
            if options["quarter"]:
                return Period.for_quarter(options["year"], options["quarter"])
            return Period.for_year(options["year"])
        except ValueError as error:
            raise CommandError(str(error)) from None

    def _published(self, pk: int) -> dict:
        published = PublishedRanking.objects.filter(pk=pk).first()
        if published is None:
            raise CommandError(f"Peringkat terbit dengan ID {pk} tidak ditemukan.")
        return {
            "period": {
                "kind": published.period_kind,
                "start": published.period_start.isoformat(),
                "end": published.period_end.isoformat(),
                "label": published.period_label,
            },
            "formula_version": published.formula_version,
            "weights": published.weights,
            "rows": published.rows,
            "published_at": published.published_at.isoformat(),
        }

    def _table(self, payload: dict) -> None:
        out = self.stdout
        out.write(f"Peringkat Kinerja Hubal — {payload['period']['label']}")
        weights = " · ".join(f"{c.label} {payload['weights'][c.key]}" for c in COMPONENTS)
        out.write(f"Rumus versi {payload['formula_version']} (kini {FORMULA_VERSION}); bobot: {weights}")
        short = ["KS", "Keg", "Ragam", "Pemantau", "Lapor", "Tepat"]
        head = f"{'#':>3} {'kode':<6} {'kantor':<24}" + "".join(f" {s:>15}" for s in short) + f" {'skor':>7}"
        pending = payload.get("pending")
        if pending:
            head += "  menunggu verifikasi"
        out.write(head)
        out.write("-" * len(head))
        for row in payload["rows"]:
            cells = "".join(f" {row['raw'][c.key]:>6} ({row['normalised'][c.key]:>6})" for c in COMPONENTS)
            line = f"{row['rank']:>3} {row['office_code']:<6} {row['region_label']:<24}{cells} {row['score']:>7}"
            if pending:
                waiting = pending[row["office_code"]]
                line += f"  +{waiting['agreements']} KS, +{waiting['activities']} Keg"
            out.write(line)
        out.write("Angka: nilai mentah (nilai ternormalisasi 0–100). Hanya data terverifikasi yang dihitung.")

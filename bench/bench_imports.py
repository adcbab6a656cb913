"""Import of 10,000 activity rows: the portal's importer against django-import-export with default settings.

Both read the same generated xlsx (the template's headers, 10,000 new activities of Kota Depok citing one or two
partners of the directory), validate every row, write the activities with their partner links and history, and
run inside a transaction that is rolled back, so repeated runs leave the bench database unchanged.

- portal: sniff + read (openpyxl read_only) + plan (one validation pass, partner keys loaded once) + bulk write
  with history (`reports.spreadsheets.imports`), i.e. what "Simpan" does;
- default: `tablib.Dataset().load(xlsx)` then `ActivityResource(...).import_data(dataset, dry_run=False)` with the
  library's defaults (per-row get/save, `use_transactions`, no bulk, diffs on), same Resource and widgets.
Goal: portal >= 1,000 rows/s and >= 3x the default.
"""

from __future__ import annotations

import datetime as dt
import io
import time

from harness import Context, Result

ROWS = 10_000
AREA = "imports"


class Rollback(Exception):
    pass


def build_file(partner_names: list[str]) -> bytes:
    import xlsxwriter

    from agencies.resources import ActivityResource

    headers = list(ActivityResource(office=None).columns())
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer)  # shared strings, as Excel saves a workbook
    sheet = workbook.add_worksheet("Kegiatan")
    sheet.write_row(0, 0, headers)
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    first = dt.date(2025, 1, 1)
    for i in range(ROWS):
        start = first + dt.timedelta(days=i % 600)
        partners = "; ".join({partner_names[i % len(partner_names)], partner_names[(i * 7) % len(partner_names)]})
        values = [
            f"Bench impor kegiatan {i:05d}",
            ("Rapat koordinasi", "Sosialisasi", "FGD", "Audiensi")[i % 4],
            start,
            start + dt.timedelta(days=i % 2),
            "Aula Bawaslu Kota Depok",
            partners,
            "",
            "Pencegahan pelanggaran; Pengawasan partisipatif",
            ("Kampanye", "Pencalonan", "Masa tenang")[i % 3],
            "Kontestasi",
            20 + i % 30,
            15 + i % 25,
            i % 3,
            "Koordinasi pengawasan bersama mitra untuk mencegah pelanggaran.",
            "Disepakati langkah bersama.",
            "Rapat lanjutan.",
        ]
        for col, value in enumerate(values):
            if isinstance(value, dt.date):
                sheet.write_datetime(i + 1, col, value, date_format)
            elif isinstance(value, int):
                sheet.write_number(i + 1, col, value)
            elif value:
                sheet.write_string(i + 1, col, value)
    workbook.close()
    return buffer.getvalue()


def portal_import(data: bytes, user, office) -> int:
    from django.db import transaction

    from agencies.models import Activity
    from agencies.tabular import read_table, sniff_format
    from reports.spreadsheets.engine import Planner
    from reports.spreadsheets.writer import apply_plan

    created = 0
    try:
        with transaction.atomic():
            fileobj = io.BytesIO(data)
            table = read_table(fileobj, sniff_format(fileobj), sheet="Kegiatan")
            plan = Planner("activities", user=user, office=office, lock=True).plan(table)
            assert plan.is_valid, plan.errors[:3]
            apply_plan(plan, user=user)
            created = Activity.objects.filter(title__startswith="Bench impor").count()
            raise Rollback
    except Rollback:
        pass
    return created


def default_import(data: bytes, user, office) -> int:
    import tablib
    from django.db import transaction

    from agencies.models import Activity
    from agencies.resources import ActivityResource

    created = 0
    try:
        with transaction.atomic():
            dataset = tablib.Dataset().load(io.BytesIO(data), format="xlsx")
            result = ActivityResource(office=office, user=user).import_data(dataset, dry_run=False)
            assert not result.has_errors() and not result.has_validation_errors()
            created = Activity.objects.filter(title__startswith="Bench impor").count()
            raise Rollback
    except Rollback:
        pass
    return created


def timed(fn, repeat: int) -> tuple[float, object]:
    timings, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        timings.append(time.perf_counter() - started)
    timings.sort()
    return timings[len(timings) // 2], result


def run(ctx: Context) -> list[Result]:
    from agencies.models import Partner, User

    user = User.objects.select_related("office").get(username="staf-3276")
    names = list(Partner.objects.order_by("name").values_list("name", flat=True)[:40])
    data = build_file(names)
    portal_s, portal_rows = timed(lambda: portal_import(data, user, user.office), repeat=min(ctx.repeat, 3))
    default_s, default_rows = timed(lambda: default_import(data, user, user.office), repeat=1)
    assert portal_rows == default_rows == ROWS, (portal_rows, default_rows)
    portal_rate, default_rate = ROWS / portal_s, ROWS / default_s
    extra = {"rows": ROWS, "file_bytes": len(data)}
    return [
        Result(AREA, "10k activity rows: portal import (rows/s)", portal_rate, "rows/s", ">= 1000", extra),
        Result(AREA, "10k activity rows: django-import-export default (rows/s)", default_rate, "rows/s", "", extra),
        Result(AREA, "portal import seconds", portal_s, "s", ""),
        Result(AREA, "django-import-export default seconds", default_s, "s", ""),
        Result(AREA, "portal / default speed", portal_rate / default_rate, "x", ">= 3"),
    ]

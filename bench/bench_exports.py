"""Export of a 100,000-row activities annex: the portal's xlsx export against the practical limit and the library.

The annex is the verifier's activity list filtered to verified activities of the current year
(`?verification=verified&year=Y`, through `agencies.selectors.filtered_activities`, exactly what the export view
runs). The scale-10 demo data holds fewer than 100,000 such rows, so the benchmark clones verified activities of
that year (with their partner links, titles suffixed "[bench n]") inside a transaction that is rolled back at the
end: the bench database is left unchanged.

- portal: `reports.spreadsheets.exports.xlsx_tempfile` (values_list in chunks, partner names per chunk, inert text,
  XlsxWriter constant_memory into a temporary file), i.e. what the export view streams;
- (a) raw loop: the same values fetched by one plain values_list and one partner query per 2,000 rows, labels
  mapped inline, `write_row` into XlsxWriter constant_memory: the practical limit in Python;
- (a0) for context, XlsxWriter alone writing the same values already in memory (no database);
- (b) django-import-export's default export of the same rows: `ActivityResource.export(queryset)` → tablib →
  `dataset.export("xlsx")` in memory.
Goals: portal <= 1.3x (a), (b) >= 3x slower than the portal, portal peak memory <= 150 MB (tracemalloc).
"""

from __future__ import annotations

import tempfile
import time
from itertools import islice

from harness import Context, Result, peak_memory_mb

ROWS = 100_000
AREA = "exports"
CHUNK = 2000


class Rollback(Exception):
    pass


def add_annex_rows(year: int) -> int:
    """Clone verified activities of `year` until the annex has ROWS rows; returns how many were added."""
    from agencies.models import Activity

    verified = Activity.objects.verified().in_year(year)
    need = ROWS - verified.count()
    if need <= 0:
        return 0
    skip = {"id", "created_at", "updated_at"}
    fields = [f.attname for f in Activity._meta.concrete_fields if f.attname not in skip]
    models = list(verified.order_by("id")[:5000])
    links: dict[int, list[int]] = {}
    through = Activity.partners.through
    for activity_id, partner_id in through.objects.filter(activity__in=models).values_list("activity_id", "partner_id"):
        links.setdefault(activity_id, []).append(partner_id)
    clones = []
    for i in range(need):
        source = models[i % len(models)]
        clone = Activity(**{name: getattr(source, name) for name in fields})
        clone.title = f"{source.title} [bench {i}]"
        clone.source_id = source.pk
        clones.append(clone)
    Activity.objects.bulk_create(clones, batch_size=CHUNK)
    through.objects.bulk_create(
        [through(activity_id=c.pk, partner_id=p) for c in clones for p in links.get(c.source_id, [])],
        batch_size=CHUNK * 2,
    )
    return need


def annex_queryset(year: int):
    from django.http import QueryDict

    from agencies import selectors
    from agencies.models import User

    verifier = User.objects.get(username="verifikator")
    filterset, queryset = selectors.filtered_activities(verifier, QueryDict(f"verification=verified&year={year}"))
    return verifier, filterset, queryset


def portal_export(year: int) -> int:
    from reports.spreadsheets import exports as spreadsheets

    verifier, filterset, queryset = annex_queryset(year)
    about = spreadsheets.describe_export(filterset, office=None, user=verifier)
    with spreadsheets.xlsx_tempfile("activities", queryset, about=about) as handle:
        return handle.seek(0, 2)


def portal_csv(year: int) -> int:
    from reports.spreadsheets import exports as spreadsheets

    _, _, queryset = annex_queryset(year)
    return sum(len(chunk.encode()) for chunk in spreadsheets.csv_chunks("activities", queryset))


def raw_values(queryset):
    """The same cell values, fetched and mapped in the plainest way."""
    from agencies.choices import ActivityKind, ElectionStage, FocusArea, IkpDimension, VerificationStatus
    from agencies.models import Activity

    kinds, stages = dict(ActivityKind.choices), dict(ElectionStage.choices)
    focus, ikp, status = dict(FocusArea.choices), dict(IkpDimension.choices), dict(VerificationStatus.choices)
    rows = (
        queryset.prefetch_related(None)
        .values_list(
            "pk",
            "office__name",
            "title",
            "kind",
            "start_date",
            "end_date",
            "location",
            "agreement__number",
            "agreement__title",
            "focus_areas",
            "stage",
            "ikp_dimensions",
            "participants_male",
            "participants_female",
            "reports_received",
            "evidence_count",
            "verification_status",
            "description",
            "outcome",
            "follow_up",
        )  # fmt: skip
        .iterator(chunk_size=CHUNK)
    )
    through = Activity.partners.through
    while chunk := list(islice(rows, CHUNK)):
        names: dict[int, list[str]] = {}
        pairs = (
            through.objects.filter(activity_id__in=[r[0] for r in chunk])
            .order_by("partner__name")
            .values_list("activity_id", "partner__name")
        )
        for activity_id, name in pairs:
            names.setdefault(activity_id, []).append(name)
        for r in chunk:
            yield (
                r[1], r[2], kinds[r[3]], r[4], r[5], r[6], "; ".join(names.get(r[0], ())), r[7] or r[8] or "",
                "; ".join(focus[c] for c in r[9]), stages[r[10]], "; ".join(ikp[c] for c in r[11]), r[12], r[13],
                r[12] + r[13], r[14], r[15], status[r[16]], r[17], r[18], r[19],
            )  # fmt: skip


def raw_export(year: int, values=None) -> int:
    import xlsxwriter

    from reports.spreadsheets import exports as spreadsheets

    options = {"constant_memory": True, "default_date_format": "dd/mm/yyyy"}
    with tempfile.TemporaryFile(suffix=".xlsx") as handle:
        workbook = xlsxwriter.Workbook(handle, options)
        sheet = workbook.add_worksheet("Kegiatan")
        sheet.write_row(0, 0, spreadsheets.headers("activities"))
        source = values if values is not None else raw_values(annex_queryset(year)[2])
        for number, row in enumerate(source, start=1):
            sheet.write_row(number, 0, row)
        workbook.close()
        return handle.seek(0, 2)


def library_export(year: int) -> int:
    from agencies.resources import ActivityResource

    _, _, queryset = annex_queryset(year)
    dataset = ActivityResource(office=None).export(queryset.select_related("agreement"))
    return len(dataset.export("xlsx"))


def median_of(fn, repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        timings.append(time.perf_counter() - started)
    timings.sort()
    return timings[len(timings) // 2]


def run(ctx: Context) -> list[Result]:
    from django.db import transaction
    from django.utils import timezone

    year = timezone.localdate().year
    results: list[Result] = []
    try:
        with transaction.atomic():
            added = add_annex_rows(year)
            rows = annex_queryset(year)[2].count()
            results = measure(year, rows, added, repeat=min(ctx.repeat, 3))
            raise Rollback
    except Rollback:
        pass
    return results


def write_only_seconds(year: int, repeat: int) -> float:
    in_memory = list(raw_values(annex_queryset(year)[2]))
    return median_of(lambda: raw_export(year, in_memory), repeat)


def measure(year: int, rows: int, added: int, repeat: int) -> list[Result]:
    portal_s = median_of(lambda: portal_export(year), repeat)
    raw_s = median_of(lambda: raw_export(year), repeat)
    write_only_s = write_only_seconds(year, repeat)
    csv_s = median_of(lambda: portal_csv(year), repeat)
    library_s = median_of(lambda: library_export(year), 1)
    peak_mb, _ = peak_memory_mb(lambda: portal_export(year))
    extra = {"rows": rows, "cloned_rows": added}
    return [
        Result(AREA, "100k annex: portal xlsx export", portal_s, "s", "", extra),
        Result(AREA, "(a) raw XlsxWriter constant_memory loop, same values", raw_s, "s", "", extra),
        Result(AREA, "(a0) XlsxWriter write_row only, values in memory", write_only_s, "s", "", extra),
        Result(AREA, "(b) django-import-export export -> tablib -> xlsx", library_s, "s", "", extra),
        Result(AREA, "portal csv export (streamed, UTF-8)", csv_s, "s", "", extra),
        Result(AREA, "portal / (a)", portal_s / raw_s, "x", "<= 1.3"),
        Result(AREA, "(b) / portal", library_s / portal_s, "x", ">= 3"),
        Result(AREA, "portal xlsx peak memory (tracemalloc)", peak_mb, "MB", "<= 150"),
    ]

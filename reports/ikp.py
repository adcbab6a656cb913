"""IKP (Indeks Kerawanan Pemilu) alignment: each office's vulnerability per dimension beside its Hubal work
on that dimension, with the mismatches flagged; plus entering and importing the IKP scores.

Mapping of agreement focus areas to IKP dimensions (activities carry their dimensions directly):
- Konteks Sosial dan Politik ← data dan informasi, pencegahan
- Penyelenggaraan Pemilu ← pencegahan, peningkatan kapasitas
- Kontestasi ← penanganan pelanggaran, penyelesaian sengketa
- Partisipasi ← pengawasan partisipatif, pendidikan pemilih, sosialisasi
Mismatch: the dimension is vulnerable (level "tinggi", or score ≥ HIGH_SCORE) and the office has fewer than
LITTLE_WORK verified activities tagged with it in the year. Agreements are shown but do not lift the flag: an
agreement is a framework, the activities are the work.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q

from agencies import permissions
from agencies.choices import FocusArea, IkpDimension, OfficeKind, PartnerCategory
from agencies.fields import has_code
from agencies.models import Activity, Agreement, Office

from .choices import IkpLevel
from .models import IkpScore

HIGH_SCORE = Decimal("60")
LITTLE_WORK = 2
FOCUS_FOR_DIMENSION: dict[str, tuple[str, ...]] = {
    IkpDimension.SOCIAL_POLITICAL: (FocusArea.DATA, FocusArea.PREVENTION),
    IkpDimension.ADMINISTRATION: (FocusArea.PREVENTION, FocusArea.CAPACITY),
    IkpDimension.CONTESTATION: (FocusArea.HANDLING, FocusArea.DISPUTE),
    IkpDimension.PARTICIPATION: (FocusArea.PARTICIPATORY, FocusArea.VOTER_EDUCATION, FocusArea.SOCIALISATION),
}
SORTS = {"code", "-mismatches", *IkpDimension.values, *(f"-{code}" for code in IkpDimension.values)}
NOT_ALLOWED = "Hanya verifikator provinsi yang dapat mengisi atau mengimpor data IKP."


def focus_q(dimension: str) -> Q:
    query = Q()
    for focus in FOCUS_FOR_DIMENSION[dimension]:
        query |= has_code("focus_areas", focus)
    return query


def accredited_monitoring(through, fk: str) -> Exists:
    """The record involves an accredited election-monitoring organisation (category + accreditation number)."""
    return Exists(
        through.objects.filter(**{fk: OuterRef("pk")}, partner__category=PartnerCategory.MONITORING_ORG).exclude(
            partner__accreditation_number=""
        )
    )


@dataclass
class DimensionCell:
    code: str
    label: str
    score: Decimal | None
    level: str
    activities: int
    agreements: int

    @property
    def vulnerable(self) -> bool:
        return self.level == IkpLevel.HIGH or (self.score is not None and self.score >= HIGH_SCORE)

    @property
    def mismatch(self) -> bool:
        return self.vulnerable and self.activities < LITTLE_WORK


@dataclass
class AlignmentRow:
    office: Office
    ikp: IkpScore | None
    cells: list[DimensionCell] = field(default_factory=list)
    monitoring_activities: int = 0
    monitoring_agreements: int = 0

    @property
    def mismatches(self) -> int:
        return sum(cell.mismatch for cell in self.cells)

    @property
    def has_monitoring_work(self) -> bool:
        return bool(self.monitoring_activities or self.monitoring_agreements)


def _activity_counts(user, year: int) -> dict[int, dict]:
    tagged = {code: Count("pk", filter=has_code("ikp_dimensions", code)) for code in IkpDimension.values}
    monitoring = accredited_monitoring(Activity.partners.through, "activity_id")
    qs = permissions.scope_activities(user).verified().in_year(year).values("office_id")
    qs = qs.annotate(**tagged, monitoring=Count("pk", filter=Q(monitoring))).order_by()
    return {row["office_id"]: row for row in qs}


def _agreement_counts(user, year: int) -> dict[int, dict]:
    matching = {code: Count("pk", filter=focus_q(code)) for code in IkpDimension.values}
    monitoring = accredited_monitoring(Agreement.partners.through, "agreement_id")
    qs = permissions.scope_agreements(user).verified().active_between(dt.date(year, 1, 1), dt.date(year, 12, 31))
    qs = qs.values("office_id").annotate(**matching, monitoring=Count("pk", filter=Q(monitoring))).order_by()
    return {row["office_id"]: row for row in qs}


def alignment(user, year: int, sort: str = "code") -> list[AlignmentRow]:
    """One row per office the user may see (staff: their own). Queries: offices, scores, activities, agreements."""
    offices = permissions.visible_offices(user).filter(kind__in=[OfficeKind.REGENCY, OfficeKind.CITY]).order_by("code")
    scores = {s.office_id: s for s in IkpScore.objects.filter(year=year, office__in=offices)}
    activities, agreements = _activity_counts(user, year), _agreement_counts(user, year)
    rows = []
    for office in offices:
        ikp, acts, agrs = scores.get(office.pk), activities.get(office.pk, {}), agreements.get(office.pk, {})
        row = AlignmentRow(office, ikp, [], acts.get("monitoring", 0), agrs.get("monitoring", 0))
        for code, label in IkpDimension.choices:
            score = getattr(ikp, code) if ikp else None
            level = getattr(ikp, f"{code}_level") if ikp else ""
            row.cells.append(DimensionCell(code, label, score, level, acts.get(code, 0), agrs.get(code, 0)))
        rows.append(row)
    return sort_rows(rows, sort)


def sort_rows(rows: list[AlignmentRow], sort: str) -> list[AlignmentRow]:
    if sort == "-mismatches":
        return sorted(rows, key=lambda r: (-r.mismatches, r.office.code))
    key = sort.lstrip("-")
    if key in IkpDimension.values:
        index = IkpDimension.values.index(key)
        missing = [r for r in rows if r.cells[index].score is None]
        present = sorted(
            (r for r in rows if r.cells[index].score is not None),
            key=lambda r: r.cells[index].score,
            reverse=sort.startswith("-"),
        )
        return present + missing  # offices without IKP data last, whatever the direction
    return rows


def office_detail(user, office: Office, year: int) -> list[dict]:
    """Drill-down of one office: per dimension, the verified activities tagged and the matching agreements."""
    activities = list(
        permissions.scope_activities(user)
        .verified()
        .in_year(year)
        .filter(office=office)
        .exclude(ikp_dimensions="")
        .only("pk", "title", "end_date", "ikp_dimensions")
        .order_by("-end_date", "-pk")
    )
    agreements = list(
        permissions.scope_agreements(user)
        .verified()
        .active_between(dt.date(year, 1, 1), dt.date(year, 12, 31))
        .filter(office=office)
        .only("pk", "title", "start_date", "end_date", "focus_areas")
        .order_by("-start_date", "-pk")
    )
    out = []
    for code, label in IkpDimension.choices:
        focus = set(FOCUS_FOR_DIMENSION[code])
        out.append(
            {
                "code": code,
                "label": label,
                "focus": [FocusArea(f).label for f in FOCUS_FOR_DIMENSION[code]],
                "activities": [a for a in activities if code in a.ikp_dimensions],
                "agreements": [a for a in agreements if focus & set(a.focus_areas)],
            }
        )
    return out


def _require_manager(user) -> None:
    if not permissions.can_manage_settings(user):
        raise PermissionDenied(NOT_ALLOWED)


@transaction.atomic
def ikp_score_save(*, user, office: Office, year: int, values: dict) -> IkpScore:
    """Create or update the IKP of one office and year (one row each, history kept by simple-history)."""
    _require_manager(user)
    score = IkpScore.objects.filter(office=office, year=year).first() or IkpScore(office=office, year=year)
    for name, value in values.items():
        setattr(score, name, value)
    score.updated_by = user
    score.full_clean()
    score.save()
    return score


@transaction.atomic
def ikp_import_commit(*, user, rows: list[dict]) -> tuple[int, int]:
    """Save every validated row or none (one transaction). Returns (created, updated)."""
    _require_manager(user)
    offices = {o.code: o for o in Office.objects.filter(code__in={row["office_code"] for row in rows})}
    existing = set(
        IkpScore.objects.filter(office__code__in=offices, year__in={row["year"] for row in rows}).values_list(
            "office__code", "year"
        )
    )
    for row in rows:
        values = {key: value for key, value in row.items() if key not in ("office_code", "year", "line")}
        ikp_score_save(user=user, office=offices[row["office_code"]], year=row["year"], values=values)
    updated = sum((row["office_code"], row["year"]) in existing for row in rows)
    return len(rows) - updated, updated


# Import: one row per office and year. Header names are matched case-insensitively; "nama_wilayah" is ignored.
SCORE_COLUMNS = {
    "skor_sosial_politik": "social_political",
    "skor_penyelenggaraan": "administration",
    "skor_kontestasi": "contestation",
    "skor_partisipasi": "participation",
}
LEVEL_COLUMNS = {f"tingkat_{column[5:]}": f"{field}_level" for column, field in SCORE_COLUMNS.items()}
REQUIRED_COLUMNS = ["kode_wilayah", "tahun", *SCORE_COLUMNS, *LEVEL_COLUMNS]
OPTIONAL_COLUMNS = ["sumber", "nama_wilayah"]
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
MAX_UNZIPPED = 30 * 1024 * 1024
FORMULA_PREFIXES = ("=", "+", "-", "@")


class ImportRefused(ValueError):
    """The file cannot be read at all (the message is shown to the user as is)."""


def read_table(upload) -> list[list]:
    """Cells of the first sheet (xlsx) or of the CSV, as Python values; refuses unreadable or oversized files."""
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ImportRefused("Berkas terlalu besar (paling besar 2 MB).")
    if upload.name.lower().endswith(".xlsx"):
        return _read_xlsx(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused("Berkas CSV harus berenkode UTF-8 (simpan ulang sebagai “CSV UTF-8”).") from None
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))[: MAX_ROWS + 2]


def _read_xlsx(data: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED:
                raise ImportRefused("Isi berkas xlsx terlalu besar setelah diekstrak; berkas ditolak.")
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = [list(row) for _, row in zip(range(MAX_ROWS + 2), sheet.iter_rows(values_only=True), strict=False)]
        workbook.close()
    except ImportRefused:
        raise
    except Exception:  # openpyxl raises many kinds of errors on damaged files
        raise ImportRefused("Berkas xlsx tidak dapat dibaca. Pastikan berkas Excel (.xlsx) yang sah.") from None
    return rows


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _office_code(value, codes: set[str]) -> str:
    # Excel turns "32.10" into the number 32.1: two decimals give the code back.
    text = f"{value:.2f}" if isinstance(value, float) else _text(value)
    if text.isdigit() and len(text) == 4:
        text = f"{text[:2]}.{text[2:]}"
    if text not in codes:
        raise ValueError(f"kode_wilayah “{text}” bukan kode salah satu dari 27 kabupaten/kota")
    return text


def _score(value, column: str) -> str:
    text = _text(value).replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{column} “{text}” bukan angka") from None
    if not number.is_finite() or not Decimal(0) <= number <= Decimal(100):
        raise ValueError(f"{column} harus antara 0 dan 100")
    if number != number.quantize(Decimal("0.01")):
        raise ValueError(f"{column} paling banyak dua angka di belakang koma")
    return str(number.quantize(Decimal("0.01")))


def _level(value, column: str) -> str:
    text = _text(value).lower()
    if text not in IkpLevel.values:
        raise ValueError(f"{column} harus rendah, sedang atau tinggi (bukan “{_text(value)}”)")
    return text


def _year(value) -> int:
    text = _text(value)
    if not text.isdigit() or not 2015 <= int(text) <= 2100:
        raise ValueError(f"tahun “{text}” tidak valid")
    return int(text)


def _header(table: list[list]) -> tuple[list[str], list[str], bool]:
    """(column names, errors, whether the rows can still be checked)."""
    if not table:
        return [], ["Berkas kosong."], False
    header = [_text(cell).lower().replace(" ", "_") for cell in table[0]]
    errors = []
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        errors.append("Kolom wajib tidak ada: " + ", ".join(missing) + ".")
    unknown = [c for c in header if c and c not in REQUIRED_COLUMNS and c not in OPTIONAL_COLUMNS]
    if unknown:
        errors.append("Kolom tidak dikenal: " + ", ".join(unknown) + ".")
    duplicated = sorted({c for c in header if c and header.count(c) > 1})
    if duplicated:
        errors.append("Kolom ganda: " + ", ".join(duplicated) + ".")
    return header, errors, not (missing or duplicated)


def _row(cells: dict, codes: set[str]) -> dict:
    """One validated row (JSON-ready: scores as text) or ValueError with every problem of the row."""
    out, problems = {}, []
    checks = [
        ("office_code", lambda: _office_code(cells.get("kode_wilayah"), codes)),
        ("year", lambda: _year(cells.get("tahun"))),
    ]
    checks += [(field, lambda c=column: _score(cells.get(c), c)) for column, field in SCORE_COLUMNS.items()]
    checks += [(field, lambda c=column: _level(cells.get(c), c)) for column, field in LEVEL_COLUMNS.items()]
    for key, check in checks:
        try:
            out[key] = check()
        except ValueError as error:
            problems.append(str(error))
    source = _text(cells.get("sumber"))
    if source.startswith(FORMULA_PREFIXES):
        problems.append("sumber tidak boleh diawali =, +, -, @ (dapat terbaca sebagai rumus)")
    elif len(source) > 300:
        problems.append("sumber paling panjang 300 karakter")
    if problems:
        raise ValueError("; ".join(problems))
    out["source_note"] = source
    return out


def validate_table(table: list[list]) -> tuple[list[dict], list[str]]:
    """All rows, or all errors (each naming its line): nothing is saved unless the whole file is right."""
    header, errors, checkable = _header(table)
    if not checkable:
        return [], errors
    codes = set(Office.objects.filter(kind__in=[OfficeKind.REGENCY, OfficeKind.CITY]).values_list("code", flat=True))
    rows, seen = [], {}
    for line, values in enumerate(table[1:], start=2):
        if len(rows) + len(errors) >= MAX_ROWS:
            errors.append(f"Terlalu banyak baris (paling banyak {MAX_ROWS}).")
            break
        if all(_text(value) == "" for value in values):
            continue
        try:
            row = _row(dict(zip(header, values, strict=False)), codes)
        except ValueError as error:
            errors.append(f"Baris {line}: {error}.")
            continue
        key = (row["office_code"], row["year"])
        if key in seen:
            errors.append(f"Baris {line}: {key[0]} tahun {key[1]} sudah ada di baris {seen[key]}.")
        seen[key] = line
        rows.append({**row, "line": line})
    if not rows and not errors:
        errors.append("Berkas tidak berisi baris data.")
    return (rows if not errors else []), errors

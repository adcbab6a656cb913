"""Bulk onboarding: the file read by the one tabular reader (`agencies.tabular`), every row checked (name,
e-mail, office code, role), then every account created in one transaction, each with an invitation. Preview and
confirm go through the one stash (`agencies.tabular_stash`): the confirm re-reads and re-checks the file."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from agencies import permissions, tabular_stash
from agencies.models import Office
from agencies.tabular import Column, read_upload

from . import services
from .selectors import ROLE_LABELS

User = get_user_model()
MAX_ROWS = 300
MAX_BYTES = 2 * 1024 * 1024
COLUMNS = {"name": "Nama lengkap", "email": "Surel", "office_code": "Kode kantor", "role": "Peran"}
ALIASES = {"name": ("Nama",), "email": ("Email", "E-mail"), "office_code": ("Kode wilayah",)}
TABLE_COLUMNS = [Column(label, key, required=True, aliases=ALIASES.get(key, ())) for key, label in COLUMNS.items()]
SHEET = "Akun"
ROLE_WORDS = {
    "staf": "staff",
    "staf hubal": "staff",
    "staf hubal kab/kota": "staff",
    "staff": "staff",
    "pimpinan": "leader",
    "verifikator": "verifier",
    "verifikator provinsi": "verifier",
    "administrator": permissions.ACCOUNT_ADMIN,
    "admin": permissions.ACCOUNT_ADMIN,
}
ERROR_HAS_ERRORS = "Masih ada baris yang salah; tidak ada akun yang dibuat."


@dataclass
class RowCheck:
    number: int
    name: str
    email: str
    office_code: str
    role_text: str
    office: Office | None = None
    role: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role_text)


def _text(row: dict, key: str) -> str:
    value = row.get(key)
    return " ".join(str(value).split()) if value is not None else ""


def _office_code(text: str) -> str:
    """'3276' and '32.76' are the same office."""
    text = text.strip()
    if len(text) == 4 and text[:3].replace(".", "").isdigit() and text[2] == "." and text[3].isdigit():
        text += "0"  # Excel turns 32.10 into the number 32.1
    digits = text.replace(".", "")
    return f"{digits[:2]}.{digits[2:]}" if len(digits) == 4 and digits.isdigit() else text.strip()


def read_rows(fileobj) -> list[dict]:
    """The file's rows by column key, each with its spreadsheet row `number`; other columns are ignored.
    FileRejected (Indonesian) when the file as a whole cannot be read."""
    rows = read_upload(fileobj, TABLE_COLUMNS, sheet=SHEET, max_bytes=MAX_BYTES, max_rows=MAX_ROWS, strict=False)
    return [{**row.cells, "number": row.number} for row in rows]


def check_rows(actor, rows: list[dict], *, first_number: int = 2) -> list[RowCheck]:
    """Every problem of every row, in Indonesian. Two queries whatever the number of rows."""
    offices = {o.code: o for o in Office.objects.all()}
    emails = [_text(r, "email").lower() for r in rows]
    taken = set(User.objects.annotate(lower=Lower("email")).filter(lower__in=emails).values_list("lower", flat=True))
    allowed = set(permissions.assignable_account_roles(actor))
    checks, seen = [], set()
    for number, row in enumerate(rows, start=first_number):
        check = RowCheck(
            row.get("number", number),
            _text(row, "name"),
            _text(row, "email").lower(),
            _text(row, "office_code"),
            _text(row, "role"),
        )
        _check_one(check, offices, taken, seen, allowed)
        checks.append(check)
    if len(rows) > MAX_ROWS:
        checks[MAX_ROWS].errors.append(f"Paling banyak {MAX_ROWS} akun dalam satu berkas.")
    return checks


def _check_one(check: RowCheck, offices: dict, taken: set, seen: set, allowed: set) -> None:
    errors = check.errors
    if not check.name:
        errors.append("Nama lengkap wajib diisi.")
    try:
        validate_email(check.email)
    except ValidationError:
        errors.append(f"Surel “{check.email}” tidak valid." if check.email else "Surel wajib diisi.")
    else:
        if check.email in taken:
            errors.append(services.ERROR_EMAIL_TAKEN)
        elif check.email in seen:
            errors.append("Surel ini muncul lebih dari sekali dalam berkas.")
        seen.add(check.email)
    check.office = offices.get(_office_code(check.office_code))
    if check.office is None:
        errors.append(f"Kode kantor “{check.office_code}” tidak dikenal (contoh: 32.76 untuk Kota Depok).")
    check.role = ROLE_WORDS.get(check.role_text.casefold(), "")
    if not check.role:
        errors.append(
            f"Peran “{check.role_text}” tidak dikenal; pakai Staf, Pimpinan, Verifikator, atau Administrator."
        )
    elif check.role not in allowed:
        errors.append(f"Anda tidak berwenang membuat akun dengan peran {ROLE_LABELS[check.role]}.")
    elif check.office is not None:
        problem = services.assignment_error(check.role, check.office)
        if problem:
            errors.append(problem)


def has_errors(checks: list[RowCheck]) -> bool:
    return not checks or any(c.errors for c in checks)


def onboarding_confirm(*, actor, token: str, site_url: str) -> list:
    """The confirm: the stashed file re-read and re-checked (an office may have gone since the preview), then
    every account created or none. The stash is kept for the preview when a row became invalid."""
    with tabular_stash.confirming(token, user=actor) as claim:
        return onboarding_create(actor=actor, rows=read_rows(claim.file), site_url=site_url)


@transaction.atomic
def onboarding_create(*, actor, rows: list[dict], site_url: str) -> list:
    """All or nothing: re-check inside the transaction, then create each account and its invitation (the
    e-mails leave only after the commit)."""
    checks = check_rows(actor, rows)
    if has_errors(checks):
        raise ValidationError(ERROR_HAS_ERRORS)
    return [
        services.account_create(
            actor=actor, full_name=c.name, email=c.email, office=c.office, role=c.role, site_url=site_url
        )
        for c in checks
    ]


EXAMPLES = [
    ("Siti Rahmawati", "siti.rahmawati@example.org", "32.76", "Staf"),
    ("Asep Saepudin", "asep.saepudin@example.org", "32.01", "Staf"),
]


def template_workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(list(COLUMNS.values()))
    for row in EXAMPLES:
        sheet.append(list(row))
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="8A1538")
    for column, width in zip("ABCD", (32, 36, 14, 16), strict=True):
        sheet.column_dimensions[column].width = width
    guide = book.create_sheet("Petunjuk")
    guide.append(["Kolom", "Isi"])
    guide.append(["Peran", "Staf, Pimpinan, Verifikator, atau Administrator"])
    guide.append(["Kode kantor", "Kode wilayah Kemendagri; staf di kab/kota, peran lain di 32 (provinsi)"])
    guide.append([])
    guide.append(["Kode kantor", "Kantor"])
    for office in Office.objects.order_by("code"):
        guide.append([office.code, office.name])
    guide.column_dimensions["A"].width = 14
    guide.column_dimensions["B"].width = 60
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

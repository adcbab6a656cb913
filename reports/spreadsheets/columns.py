"""The columns of the list exports (partners, agreements, activities): header, lookups, type, formatting and
print width, in the order of the sheet. `exports.py` writes them; the import templates read the same headers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from agencies.choices import (
    ActivityKind,
    AgreementKind,
    AgreementStatus,
    ElectionStage,
    FocusArea,
    IkpDimension,
    OfficeKind,
    PartnerCategory,
    PartnerLevel,
    VerificationStatus,
)

TEXT, NUMBER, DATE = "text", "number", "date"
PARTNERS = "__partners__"


@dataclass(frozen=True)
class Column:
    header: str
    lookups: tuple[str, ...]
    type: str = TEXT
    convert: Callable | None = None
    width: int = 16


def _labels(choices) -> Callable:
    names = dict(choices.choices)
    return lambda code: names.get(code, code)


def _many(choices) -> Callable:
    names = dict(choices.choices)
    return lambda codes: "; ".join(names.get(c, c) for c in codes or ())


def _text(*lookups: str, header: str, width: int = 16) -> Column:
    return Column(header, lookups, TEXT, None, width)


def _region(kind: str | None, name: str | None) -> str:
    return f"{OfficeKind(kind).label} {name}" if kind else ""


YES_NO = {True: "Ya", False: "Tidak"}


def _rupiah(value):
    """Whole Rupiah as an integer (the usual case), otherwise a float with its cents."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


# Widths are for A4 landscape fitted to the page width: text wraps (rows get the height they need), and no
# column is narrower than the longest word of its header (`_width`), so a header never breaks mid-word.
ACTIVITY_COLUMNS = (
    _text("office__name", header="Kantor", width=16),
    _text("title", header="Nama kegiatan", width=30),
    Column("Jenis kegiatan", ("kind",), TEXT, _labels(ActivityKind), 14),
    Column("Tanggal mulai", ("start_date",), DATE, width=11),
    Column("Tanggal selesai", ("end_date",), DATE, width=11),
    _text("location", header="Tempat", width=16),
    Column("Lembaga mitra", (PARTNERS,), TEXT, width=24),
    Column("Kerja sama terkait", ("agreement__number", "agreement__title"), TEXT, lambda n, t: n or t or "", 16),
    Column("Ruang lingkup", ("focus_areas",), TEXT, _many(FocusArea), 18),
    Column("Tahapan", ("stage",), TEXT, _labels(ElectionStage), 13),
    Column("Dimensi IKP", ("ikp_dimensions",), TEXT, _many(IkpDimension), 14),
    Column("Peserta laki-laki", ("participants_male",), NUMBER, width=13),  # one line: never "laki-" / "laki"
    Column("Peserta perempuan", ("participants_female",), NUMBER, width=13),
    Column("Jumlah peserta", ("participants_male", "participants_female"), NUMBER, lambda m, f: m + f, 9),
    Column("Laporan dari mitra", ("reports_received",), NUMBER, width=9),
    Column("Jumlah bukti", ("evidence_count",), NUMBER, width=8),
    Column("Status verifikasi", ("verification_status",), TEXT, _labels(VerificationStatus), 12),
    _text("description", header="Uraian kegiatan", width=28),
    _text("outcome", header="Hasil kegiatan", width=22),
    _text("follow_up", header="Tindak lanjut", width=20),
    Column("Pagu anggaran (Rp)", ("budget_ceiling",), NUMBER, _rupiah, 12),
    Column("Realisasi anggaran (Rp)", ("budget_spent",), NUMBER, _rupiah, 12),
    _text("budget_line", header="Kode akun/kegiatan DIPA", width=15),
)

AGREEMENT_COLUMNS = (
    _text("office__name", header="Kantor", width=16),
    _text("title", header="Judul", width=32),
    Column("Jenis kerja sama", ("kind",), TEXT, _labels(AgreementKind), 16),
    _text("number", header="Nomor dokumen Bawaslu", width=16),
    _text("partner_number", header="Nomor dokumen mitra", width=16),
    Column("Lembaga mitra", (PARTNERS,), TEXT, width=26),
    Column("Ruang lingkup", ("focus_areas",), TEXT, _many(FocusArea), 18),
    Column("Tanggal penandatanganan", ("signed_on",), DATE, width=11),
    Column("Mulai berlaku", ("start_date",), DATE, width=11),
    Column("Berakhir", ("end_date",), DATE, width=11),
    Column("Status", ("computed_status",), TEXT, _labels(AgreementStatus), 11),
    Column("Kerja sama induk", ("parent__number", "parent__title"), TEXT, lambda n, t: n or t or "", 16),
    _text("signatories", header="Penanda tangan", width=20),
    Column("Dapat dipublikasikan", ("is_public",), TEXT, YES_NO.get, 11),
    Column("Diakhiri pada", ("terminated_on",), DATE, width=11),
    _text("termination_reason", header="Alasan pengakhiran", width=16),
    Column("Jumlah kegiatan", ("activity_count",), NUMBER, width=9),
    Column("Jumlah bukti", ("evidence_count",), NUMBER, width=8),
    Column("Status verifikasi", ("verification_status",), TEXT, _labels(VerificationStatus), 12),
    Column("Pagu anggaran (Rp)", ("budget_ceiling",), NUMBER, _rupiah, 12),
    Column("Realisasi anggaran (Rp)", ("budget_spent",), NUMBER, _rupiah, 12),
    _text("budget_line", header="Kode akun/kegiatan DIPA", width=15),
)

PARTNER_COLUMNS = (
    _text("name", header="Nama lembaga", width=30),
    _text("acronym", header="Singkatan", width=11),
    Column("Kategori", ("category",), TEXT, _labels(PartnerCategory), 18),
    Column("Tingkat", ("level",), TEXT, _labels(PartnerLevel), 11),
    Column("Wilayah", ("home_office__kind", "home_office__region_name"), TEXT, _region, 16),
    _text("address", header="Alamat", width=24),
    _text("phone", header="Telepon", width=14),
    _text("email", header="E-mail", width=20),
    _text("website", header="Situs web", width=18),
    _text("contact_name", header="Narahubung", width=16),
    _text("contact_position", header="Jabatan narahubung", width=14),
    _text("contact_phone", header="Telepon narahubung", width=14),
    _text("accreditation_number", header="Nomor akreditasi pemantau", width=14),
    _text("registered_by__name", header="Didaftarkan oleh", width=16),
    Column("Jumlah kerja sama", ("agreement_count",), NUMBER, width=9),
    Column("Jumlah kegiatan", ("activity_count",), NUMBER, width=9),
)

COLUMNS = {"partners": PARTNER_COLUMNS, "agreements": AGREEMENT_COLUMNS, "activities": ACTIVITY_COLUMNS}
# Frozen on screen: the header row and the columns up to the one that names the record (name, title).
FROZEN_COLUMNS = {"partners": 1, "agreements": 2, "activities": 2}

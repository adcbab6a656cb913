"""Code lists of the reports app (identifiers in English, labels in Bahasa Indonesia)."""

from django.db import models


class Polarity(models.TextChoices):
    HIGHER_IS_BETTER = "higher", "Semakin tinggi semakin baik"
    LOWER_IS_BETTER = "lower", "Semakin rendah semakin baik"


class IndicatorSource(models.TextChoices):
    AGREEMENTS_SIGNED = "agreements_signed", "Kerja sama ditandatangani dalam periode"
    AGREEMENTS_ACTIVE_AT_END = "agreements_active_end", "Kerja sama berlaku pada akhir periode"
    ACTIVITIES = "activities", "Kegiatan terverifikasi"
    DISTINCT_PARTNERS = "distinct_partners", "Lembaga mitra berbeda yang dilibatkan"
    MONITORING_ACTIVITIES = "monitoring_activities", "Kegiatan yang melibatkan lembaga pemantau pemilu"
    VIOLATION_REPORTS = "violation_reports", "Laporan pelanggaran/informasi awal dari mitra"
    EVIDENCE_SHARE = "evidence_share", "Persentase kegiatan yang memiliki bukti"
    MANUAL = "manual", "Diisi manual per triwulan"


class IkpLevel(models.TextChoices):
    LOW = "rendah", "Rendah"
    MEDIUM = "sedang", "Sedang"
    HIGH = "tinggi", "Tinggi"


class PeriodKind(models.TextChoices):
    YEAR = "year", "Tahun"
    QUARTER = "quarter", "Triwulan"
    RANGE = "range", "Rentang tanggal"

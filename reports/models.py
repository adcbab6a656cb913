"""Models of the reports app: ranking weights and published rankings, IKP scores, LAKIP indicators and targets."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from agencies.models import Office

from .choices import IkpLevel, IndicatorSource, PeriodKind, Polarity

SCORE_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class RankingWeightSet(models.Model):
    """The ranking weights. Every change is a new row (who, when); the newest row is in force."""

    active_agreements = models.PositiveSmallIntegerField("bobot kerja sama aktif", default=25)
    activities = models.PositiveSmallIntegerField("bobot kegiatan", default=25)
    partner_diversity = models.PositiveSmallIntegerField("bobot keragaman mitra", default=15)
    monitoring_orgs = models.PositiveSmallIntegerField("bobot lembaga pemantau", default=10)
    violation_reports = models.PositiveSmallIntegerField("bobot laporan pelanggaran", default=10)
    timeliness = models.PositiveSmallIntegerField("bobot ketepatan waktu", default=15)
    note = models.CharField("alasan perubahan", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="diubah oleh",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("waktu", default=timezone.now)

    COMPONENTS = (
        "active_agreements",
        "activities",
        "partner_diversity",
        "monitoring_orgs",
        "violation_reports",
        "timeliness",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "bobot pemeringkatan"
        verbose_name_plural = "bobot pemeringkatan"
        constraints = [
            models.CheckConstraint(
                condition=Q(active_agreements__gt=0)
                | Q(activities__gt=0)
                | Q(partner_diversity__gt=0)
                | Q(monitoring_orgs__gt=0)
                | Q(violation_reports__gt=0)
                | Q(timeliness__gt=0),
                name="ranking_weights_not_all_zero",
                violation_error_message="Minimal satu bobot harus lebih dari nol.",
            )
        ]

    def __str__(self) -> str:
        return f"Bobot {self.created_at:%Y-%m-%d %H:%M}"

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.COMPONENTS}

    @classmethod
    def current(cls) -> RankingWeightSet:
        """The weights in force (the defaults of the issue when nobody has changed them)."""
        return cls.objects.order_by("-created_at", "-id").first() or cls()


class PublishedRanking(models.Model):
    """A ranking frozen at publication: figures, weights and formula version, reproducible later exactly."""

    period_kind = models.CharField("jenis periode", max_length=10, choices=PeriodKind.choices)
    period_start = models.DateField("awal periode")
    period_end = models.DateField("akhir periode")
    period_label = models.CharField("periode", max_length=60)
    formula_version = models.CharField("versi rumus", max_length=20)
    weights = models.JSONField("bobot")
    rows = models.JSONField("angka peringkat")
    note = models.TextField("catatan", blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="diterbitkan oleh",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField("diterbitkan pada", default=timezone.now)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = "peringkat terbit"
        verbose_name_plural = "peringkat terbit"
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="published_ranking_period_order"
            )
        ]

    def __str__(self) -> str:
        return f"Peringkat {self.period_label}"


class IkpScore(models.Model):
    """Election-vulnerability index (IKP) of one office's region for one year: four dimensions, 0–100."""

    office = models.ForeignKey(Office, verbose_name="kantor", on_delete=models.PROTECT, related_name="ikp_scores")
    year = models.PositiveSmallIntegerField("tahun")
    social_political = models.DecimalField(
        "Konteks Sosial dan Politik", max_digits=5, decimal_places=2, validators=SCORE_VALIDATORS
    )
    social_political_level = models.CharField("tingkat sosial-politik", max_length=6, choices=IkpLevel.choices)
    administration = models.DecimalField(
        "Penyelenggaraan Pemilu", max_digits=5, decimal_places=2, validators=SCORE_VALIDATORS
    )
    administration_level = models.CharField("tingkat penyelenggaraan", max_length=6, choices=IkpLevel.choices)
    contestation = models.DecimalField("Kontestasi", max_digits=5, decimal_places=2, validators=SCORE_VALIDATORS)
    contestation_level = models.CharField("tingkat kontestasi", max_length=6, choices=IkpLevel.choices)
    participation = models.DecimalField("Partisipasi", max_digits=5, decimal_places=2, validators=SCORE_VALIDATORS)
    participation_level = models.CharField("tingkat partisipasi", max_length=6, choices=IkpLevel.choices)
    source_note = models.CharField("sumber data", max_length=300, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField("dibuat", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("diperbarui", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "office__code"]
        verbose_name = "skor IKP"
        verbose_name_plural = "skor IKP"
        constraints = [models.UniqueConstraint(fields=["office", "year"], name="ikp_one_per_office_year")]

    def __str__(self) -> str:
        return f"IKP {self.office.region_label} {self.year}"


class PerformanceIndicator(models.Model):
    """A LAKIP performance indicator (Indikator Kinerja) with its data source."""

    code = models.CharField("kode", max_length=20, unique=True)
    strategic_goal = models.CharField("sasaran strategis", max_length=300)
    name = models.CharField("indikator kinerja", max_length=300)
    unit = models.CharField("satuan", max_length=40)
    polarity = models.CharField("polaritas", max_length=6, choices=Polarity.choices, default=Polarity.HIGHER_IS_BETTER)
    source = models.CharField("sumber data", max_length=25, choices=IndicatorSource.choices)
    is_active = models.BooleanField("aktif", default=True)
    order = models.PositiveSmallIntegerField("urutan", default=0)
    description = models.TextField("keterangan", blank=True)
    created_at = models.DateTimeField("dibuat", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("diperbarui", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = "indikator kinerja"
        verbose_name_plural = "indikator kinerja"

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_manual(self) -> bool:
        return self.source == IndicatorSource.MANUAL


class PerformanceTarget(models.Model):
    """Target of one indicator for one office and year (yearly, optional quarterly targets)."""

    indicator = models.ForeignKey(
        PerformanceIndicator, verbose_name="indikator", on_delete=models.CASCADE, related_name="targets"
    )
    office = models.ForeignKey(
        Office, verbose_name="kantor", on_delete=models.PROTECT, related_name="performance_targets"
    )
    year = models.PositiveSmallIntegerField("tahun")
    yearly = models.DecimalField(
        "target tahunan", max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    q1 = models.DecimalField("target TW I", max_digits=12, decimal_places=2, null=True, blank=True)
    q2 = models.DecimalField("target TW II", max_digits=12, decimal_places=2, null=True, blank=True)
    q3 = models.DecimalField("target TW III", max_digits=12, decimal_places=2, null=True, blank=True)
    q4 = models.DecimalField("target TW IV", max_digits=12, decimal_places=2, null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField("dibuat", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("diperbarui", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "office__code", "indicator__order"]
        verbose_name = "target kinerja"
        verbose_name_plural = "target kinerja"
        constraints = [
            models.UniqueConstraint(fields=["indicator", "office", "year"], name="target_one_per_indicator_office_year")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.office.region_label} {self.year}"


class ManualRealisation(models.Model):
    """Quarterly value of a manual indicator, entered with a note and optional evidence."""

    indicator = models.ForeignKey(
        PerformanceIndicator, verbose_name="indikator", on_delete=models.CASCADE, related_name="manual_values"
    )
    office = models.ForeignKey(
        Office, verbose_name="kantor", on_delete=models.PROTECT, related_name="manual_realisations"
    )
    year = models.PositiveSmallIntegerField("tahun")
    quarter = models.PositiveSmallIntegerField("triwulan", validators=[MinValueValidator(1), MaxValueValidator(4)])
    value = models.DecimalField("realisasi", max_digits=12, decimal_places=2)
    note = models.TextField("catatan", max_length=2000)
    evidence = models.FileField("bukti", upload_to="manual-evidence/%Y/", blank=True, max_length=200)
    evidence_name = models.CharField("nama berkas bukti", max_length=255, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField("dibuat", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("diperbarui", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "quarter"]
        verbose_name = "realisasi manual"
        verbose_name_plural = "realisasi manual"
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "office", "year", "quarter"], name="manual_one_per_indicator_office_quarter"
            ),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="manual_quarter_1_to_4"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} TW {self.quarter} {self.year}"


# The models of the LAKIP chapter live beside their feature; imported here so that Django finds them.
from .jobs.models import ExportJob  # noqa: E402,F401 - the models of a feature package, registered with the app
from .lakip.models import (  # noqa: E402, F401
    PerformanceAnalysis,
    PredicateScale,
    PublishedLakip,
    RenstraPeriod,
    RenstraTarget,
)

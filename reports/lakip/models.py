"""Models of the LAKIP chapter "Akuntabilitas Kinerja": Renstra targets, the predicate scale, analyses and
published LAKIPs. Imported by `reports.models`, so they belong to the `reports` app."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from agencies.models import Office, Verifiable

RENSTRA_YEARS = 5
RENSTRA_FIELDS = tuple(f"y{n}" for n in range(1, RENSTRA_YEARS + 1))
RENSTRA_PARTS = (*RENSTRA_FIELDS, "end_target")


class RenstraPeriod(models.Model):
    """A five-year Renstra (Rencana Strategis) period, e.g. 2025–2029."""

    start_year = models.PositiveSmallIntegerField(
        "tahun awal", unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2096)]
    )
    name = models.CharField("nama", max_length=120)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField("dibuat", default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_year"]
        verbose_name = "periode Renstra"
        verbose_name_plural = "periode Renstra"

    def __str__(self) -> str:
        return self.name

    @property
    def end_year(self) -> int:
        return self.start_year + RENSTRA_YEARS - 1

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))

    @property
    def label(self) -> str:
        return f"{self.start_year}–{self.end_year}"

    def field_of(self, year: int) -> str | None:
        """The target field (y1…y5) of a calendar year, None outside the period."""
        return f"y{year - self.start_year + 1}" if self.start_year <= year <= self.end_year else None


def _renstra_value(label: str) -> models.DecimalField:
    return models.DecimalField(
        label, max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(Decimal(0))]
    )


class RenstraTarget(models.Model):
    """Renstra targets of one indicator for one office: one per year of the period and the end-of-period target."""

    period = models.ForeignKey(RenstraPeriod, verbose_name="periode", on_delete=models.CASCADE, related_name="targets")
    indicator = models.ForeignKey(
        "reports.PerformanceIndicator", verbose_name="indikator", on_delete=models.CASCADE, related_name="+"
    )
    office = models.ForeignKey(Office, verbose_name="kantor", on_delete=models.PROTECT, related_name="+")
    y1 = _renstra_value("target tahun ke-1")
    y2 = _renstra_value("target tahun ke-2")
    y3 = _renstra_value("target tahun ke-3")
    y4 = _renstra_value("target tahun ke-4")
    y5 = _renstra_value("target tahun ke-5")
    end_target = _renstra_value("target akhir periode")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField("dibuat", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("diperbarui", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["period", "office__code", "indicator__order"]
        verbose_name = "target Renstra"
        verbose_name_plural = "target Renstra"
        constraints = [
            models.UniqueConstraint(fields=["period", "indicator", "office"], name="renstra_one_per_indicator_office")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.office.region_label} {self.period.label}"

    def target_for(self, year: int) -> Decimal | None:
        name = self.period.field_of(year)
        return getattr(self, name) if name else None


def _bound(label: str, default: str) -> models.DecimalField:
    return models.DecimalField(
        label, max_digits=6, decimal_places=2, default=Decimal(default), validators=[MinValueValidator(Decimal("0.01"))]
    )


class PredicateScale(models.Model):
    """The predicate scale of capaian: lower bounds (inclusive) of four bands, the fifth band below them.

    Every change is a new row (who, when, why); the newest row is in force; a published LAKIP keeps its own copy.
    """

    very_good_min = _bound("batas bawah Sangat Baik (%)", "91")
    good_min = _bound("batas bawah Baik (%)", "76")
    fair_min = _bound("batas bawah Cukup (%)", "66")
    poor_min = _bound("batas bawah Kurang (%)", "51")
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

    BOUNDS = ("very_good_min", "good_min", "fair_min", "poor_min")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "skala predikat"
        verbose_name_plural = "skala predikat"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(very_good_min__gt=models.F("good_min"))
                & models.Q(good_min__gt=models.F("fair_min"))
                & models.Q(fair_min__gt=models.F("poor_min"))
                & models.Q(poor_min__gt=0),
                name="predicate_bounds_descending",
                violation_error_message="Batas bawah harus menurun: Sangat Baik > Baik > Cukup > Kurang > 0.",
            )
        ]

    def __str__(self) -> str:
        return f"Skala predikat {self.created_at:%Y-%m-%d %H:%M}"

    def as_dict(self) -> dict[str, str]:
        """The bounds as strings (JSON-safe; a published LAKIP stores this)."""
        return {name: str(getattr(self, name)) for name in self.BOUNDS}

    @classmethod
    def current(cls) -> PredicateScale:
        """The scale in force (the default of the issue when nobody has changed it)."""
        return cls.objects.order_by("-created_at", "-id").first() or cls()


class PerformanceAnalysis(Verifiable):
    """The office's analysis of one indicator for one year: why the target was or was not met, obstacles,
    solutions and follow-up. Written by the owner office and verified like a record (draft → submitted →
    verified, or returned with a note)."""

    record_kind = "analysis"
    default_evidence_kind = ""

    indicator = models.ForeignKey(
        "reports.PerformanceIndicator", verbose_name="indikator", on_delete=models.CASCADE, related_name="+"
    )
    office = models.ForeignKey(Office, verbose_name="kantor", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("tahun")
    reason = models.TextField("analisis penyebab keberhasilan/kegagalan", max_length=3000)
    obstacles = models.TextField("hambatan dan kendala", max_length=3000, blank=True)
    solutions = models.TextField("upaya/solusi yang telah dilakukan", max_length=3000, blank=True)
    follow_up = models.TextField("rencana tindak lanjut", max_length=3000, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField("dibuat", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("diperbarui", auto_now=True)
    history = HistoricalRecords()

    TEXT_FIELDS = ("reason", "obstacles", "solutions", "follow_up")

    class Meta:
        ordering = ["year", "office__code", "indicator__order", "indicator__code"]
        verbose_name = "analisis capaian"
        verbose_name_plural = "analisis capaian"
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "office", "year"], name="analysis_one_per_indicator_office_year"
            )
        ]

    def __str__(self) -> str:
        return f"Analisis {self.indicator.code} {self.office.region_label} {self.year}"


class PublishedLakip(models.Model):
    """The LAKIP of one unit and year frozen at publication: figures, targets, Renstra comparison, predicate
    scale, budget and analysis texts (`reports.lakip.snapshot`), shown and downloaded again exactly."""

    year = models.PositiveSmallIntegerField("tahun")
    office = models.ForeignKey(Office, verbose_name="unit", on_delete=models.PROTECT, related_name="+")
    snapshot = models.JSONField("isi LAKIP")
    note = models.TextField("catatan", blank=True, max_length=2000)
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
        verbose_name = "LAKIP terbit"
        verbose_name_plural = "LAKIP terbit"

    def __str__(self) -> str:
        return f"LAKIP {self.year} {self.office.name}"

"""Partner institutions of the shared directory."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from agencies.choices import PartnerCategory, PartnerLevel
from agencies.querysets import PartnerQuerySet

from .base import TimeStamped, Versioned, normalise_name
from .offices import Office

ACCREDITATION_ORDER = "Tanggal akhir akreditasi tidak boleh sebelum tanggal mulainya."
ACCREDITATION_INCOMPLETE = "Lengkapi nomor akreditasi beserta tanggal mulai dan akhir masa berlakunya."
ACCREDITATION_ONLY_MONITORING = "Nomor akreditasi hanya untuk lembaga pemantau pemilu."


ACCREDITATION_FIELDS = ("accreditation_number", "accredited_from", "accredited_until")


class Partner(TimeStamped, Versioned):
    """A partner institution (lembaga mitra) in the province-wide shared directory."""

    name = models.CharField("nama lembaga", max_length=200)
    name_key = models.CharField("kunci nama", max_length=200, unique=True, editable=False)
    acronym = models.CharField("singkatan", max_length=40, blank=True)
    category = models.CharField("kategori", max_length=20, choices=PartnerCategory.choices)
    level = models.CharField("tingkat", max_length=12, choices=PartnerLevel.choices, default=PartnerLevel.LOCAL)
    home_office = models.ForeignKey(
        Office, verbose_name="wilayah", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    address = models.TextField("alamat", blank=True, max_length=500)
    phone = models.CharField("telepon", max_length=40, blank=True)
    email = models.EmailField("e-mail", blank=True)
    website = models.URLField("situs web", blank=True)
    contact_name = models.CharField("narahubung", max_length=120, blank=True)
    contact_position = models.CharField("jabatan narahubung", max_length=120, blank=True)
    contact_phone = models.CharField("telepon narahubung", max_length=40, blank=True)
    accreditation_number = models.CharField("nomor akreditasi pemantau", max_length=80, blank=True)
    accredited_from = models.DateField("akreditasi berlaku dari", null=True, blank=True)
    accredited_until = models.DateField("akreditasi berlaku sampai", null=True, blank=True)
    affiliation_note = models.TextField(
        "catatan afiliasi politik", blank=True, max_length=1000, help_text="Hasil penelusuran netralitas lembaga."
    )
    registered_by = models.ForeignKey(
        Office, verbose_name="didaftarkan oleh", on_delete=models.PROTECT, related_name="registered_partners"
    )
    history = HistoricalRecords()

    objects = PartnerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "lembaga mitra"
        verbose_name_plural = "lembaga mitra"
        constraints = [
            models.CheckConstraint(
                condition=Q(accredited_until__isnull=True)
                | Q(accredited_from__isnull=True)
                | Q(accredited_until__gte=F("accredited_from")),
                name="partner_accreditation_until_not_before_from",
                violation_error_message=ACCREDITATION_ORDER,
            ),
        ]
        # API pages and the changes feed walk (updated_at, id).
        indexes = [models.Index(fields=["updated_at", "id"], name="partner_updated_id_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def save(self, *args, **kwargs):
        self.name_key = normalise_name(self.name)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        self.name_key = normalise_name(self.name)
        if not self.name_key:
            raise ValidationError({"name": "Nama lembaga wajib diisi."})
        clash = Partner.objects.filter(name_key=self.name_key).exclude(pk=self.pk).first()
        if clash is None:
            alias = PartnerAlias.objects.filter(name_key=self.name_key).exclude(partner_id=self.pk).first()
            clash = alias.partner if alias else None
        if clash:
            raise ValidationError(
                {
                    "name": f"Lembaga ini sudah terdaftar sebagai “{clash.name}” (didaftarkan oleh {clash.registered_by})."
                }
            )
        self._clean_accreditation()

    def _clean_accreditation(self) -> None:
        given = [bool(self.accreditation_number), self.accredited_from is not None, self.accredited_until is not None]
        if any(given) and self.category != PartnerCategory.MONITORING_ORG:
            raise ValidationError({"accreditation_number": ACCREDITATION_ONLY_MONITORING})
        if any(given) and not all(given):
            missing = [name for name, ok in zip(ACCREDITATION_FIELDS, given, strict=True) if not ok]
            raise ValidationError(dict.fromkeys(missing, ACCREDITATION_INCOMPLETE))
        if all(given) and self.accredited_until < self.accredited_from:
            raise ValidationError({"accredited_until": ACCREDITATION_ORDER})

    def is_accredited_between(self, first: dt.date, last: dt.date) -> bool:
        """Same rule as `Partner.objects.accredited_between` (agencies/querysets.py)."""
        return bool(
            self.is_monitoring_org
            and self.accreditation_number
            and self.accredited_from
            and self.accredited_until
            and self.accredited_from <= last
            and self.accredited_until >= first
        )

    def is_accredited_on(self, day: dt.date) -> bool:
        return self.is_accredited_between(day, day)

    @property
    def accreditation_warning(self) -> str:
        """Why a monitoring organisation does not count as accredited today ("" when it does, or is not one)."""
        if not self.is_monitoring_org:
            return ""
        today = timezone.localdate()
        if not (self.accreditation_number and self.accredited_from and self.accredited_until):
            return "Data akreditasi belum lengkap: belum dihitung sebagai lembaga pemantau terakreditasi."
        if self.accredited_until < today:
            return "Akreditasi sudah berakhir: belum dihitung sebagai lembaga pemantau terakreditasi."
        if self.accredited_from > today:
            return "Akreditasi belum berlaku: belum dihitung sebagai lembaga pemantau terakreditasi."
        return ""

    # Merging a duplicate into this partner fills these fields when they are blank here (never overwrites).
    MERGE_FILLED_FIELDS = (
        "acronym",
        "home_office",
        "address",
        "phone",
        "email",
        "website",
        "contact_name",
        "contact_position",
        "contact_phone",
        "affiliation_note",
    )

    def fields_filled_by(self, other: Partner) -> list[str]:
        """The MERGE_FILLED_FIELDS that are blank here and filled on `other`."""
        blank = (None, "")
        attnames = {name: self._meta.get_field(name).attname for name in self.MERGE_FILLED_FIELDS}
        return [n for n, att in attnames.items() if getattr(self, att) in blank and getattr(other, att) not in blank]

    @property
    def is_monitoring_org(self) -> bool:
        return self.category == PartnerCategory.MONITORING_ORG


class PartnerAlias(TimeStamped):
    """Another name of a partner: the name (and abbreviation) of a duplicate merged into it, kept so that
    imports, the partner picker and search still find the partner by the old name."""

    partner = models.ForeignKey(Partner, verbose_name="lembaga mitra", on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField("nama lain", max_length=200)
    name_key = models.CharField("kunci nama", max_length=200, unique=True, editable=False)
    acronym = models.CharField("singkatan", max_length=40, blank=True)
    merged_partner_id = models.PositiveIntegerField("id mitra yang digabung", null=True, blank=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="digabung oleh", null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "nama lain lembaga mitra"
        verbose_name_plural = "nama lain lembaga mitra"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = normalise_name(self.name)
        super().save(*args, **kwargs)

"""Partner institutions of the shared directory."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from agencies.choices import PartnerCategory, PartnerLevel

from .base import TimeStamped, Versioned, normalise_name
from .offices import Office


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
    affiliation_note = models.TextField(
        "catatan afiliasi politik", blank=True, max_length=1000, help_text="Hasil penelusuran netralitas lembaga."
    )
    registered_by = models.ForeignKey(
        Office, verbose_name="didaftarkan oleh", on_delete=models.PROTECT, related_name="registered_partners"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "lembaga mitra"
        verbose_name_plural = "lembaga mitra"

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
        if clash:
            raise ValidationError(
                {
                    "name": f"Lembaga ini sudah terdaftar sebagai “{clash.name}” (didaftarkan oleh {clash.registered_by})."
                }
            )
        if self.accreditation_number and self.category != PartnerCategory.MONITORING_ORG:
            raise ValidationError({"accreditation_number": "Nomor akreditasi hanya untuk lembaga pemantau pemilu."})

    @property
    def is_monitoring_org(self) -> bool:
        return self.category == PartnerCategory.MONITORING_ORG

"""Offices and users."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

from agencies.choices import OfficeKind, Role

from .base import PROVINCE_CODE, TimeStamped


class OfficeQuerySet(models.QuerySet):
    def province(self) -> Office:
        """The provincial office (code 32): the recording office of verifiers and of shared records."""
        return self.get(code=PROVINCE_CODE)

    def regencies_and_cities(self):
        return self.exclude(code=PROVINCE_CODE)


class Office(TimeStamped):
    """One of the 28 Bawaslu offices in West Java, keyed by its Kemendagri region code."""

    code = models.CharField("kode wilayah", max_length=5, unique=True)
    kind = models.CharField("jenis", max_length=10, choices=OfficeKind.choices)
    region_name = models.CharField("nama wilayah", max_length=60)
    name = models.CharField("nama kantor", max_length=100)
    parent = models.ForeignKey(
        "self", verbose_name="induk", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    objects = OfficeQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = "kantor Bawaslu"
        verbose_name_plural = "kantor Bawaslu"

    def __str__(self) -> str:
        return self.name

    @property
    def is_province(self) -> bool:
        return self.kind == OfficeKind.PROVINCE

    @property
    def region_label(self) -> str:
        """'Kota Bogor', 'Kabupaten Bogor', 'Provinsi Jawa Barat': never the bare, ambiguous name."""
        return f"{self.get_kind_display()} {self.region_name}"

    @property
    def compact_code(self) -> str:
        return self.code.replace(".", "")


class User(AbstractUser):
    """A portal user: belongs to one office and has one role."""

    office = models.ForeignKey(
        Office, verbose_name="kantor", null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    role = models.CharField("peran", max_length=10, choices=Role.choices, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = "pengguna"
        verbose_name_plural = "pengguna"

    def clean(self) -> None:
        super().clean()
        if self.role == Role.STAFF and self.office_id is None:
            raise ValidationError({"office": "Staf wajib terhubung ke satu kantor."})
        if self.role in (Role.VERIFIER, Role.LEADER) and self.office_id and self.office.code != PROVINCE_CODE:
            raise ValidationError({"office": "Verifikator dan pimpinan berada di kantor provinsi."})

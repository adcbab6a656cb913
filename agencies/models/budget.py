"""The optional budget of an agreement or activity: pagu, realised spending (Rupiah) and the DIPA budget line."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

MSG_SPENT_OVER_CEILING = "Realisasi anggaran tidak boleh melebihi pagu."
MSG_SPENT_WITHOUT_CEILING = "Isi pagu anggaran bila mengisi realisasi anggaran."


def _rupiah(label: str, help_text: str) -> models.DecimalField:
    return models.DecimalField(
        label,
        max_digits=17,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=help_text,
    )


class Budgeted(models.Model):
    """Pagu and realised spending in Rupiah, and the budget line (kode akun/kegiatan DIPA) as text; all optional.

    Spending needs a pagu and never exceeds it (a DIPA line cannot be overspent).
    """

    budget_ceiling = _rupiah("pagu anggaran (Rp)", "Pagu pada DIPA untuk kegiatan/kerja sama ini. Opsional.")
    budget_spent = _rupiah("realisasi anggaran (Rp)", "Anggaran yang benar-benar dibelanjakan. Opsional.")
    budget_line = models.CharField(
        "kode akun/kegiatan DIPA",
        max_length=120,
        blank=True,
        help_text="Mis. 5227.QDC.001.052.A.524111 atau uraian mata anggaran.",
    )

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if self.budget_spent is not None and self.budget_ceiling is None:
            raise ValidationError({"budget_spent": MSG_SPENT_WITHOUT_CEILING})
        if self.budget_spent is not None and self.budget_spent > self.budget_ceiling:
            raise ValidationError({"budget_spent": MSG_SPENT_OVER_CEILING})

"""Forms of the LAKIP pages: they validate and normalise only; the views hand cleaned data to the services."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone

from agencies.tabular import FileRejected, parse_number

from ..models import PerformanceIndicator
from .importing import read_rows
from .services import MAX_YEAR, MIN_YEAR, QUARTER_FIELDS, TARGET_FIELDS, plain_number, target_cell_errors

PART_LABELS = {"yearly": "Tahunan", "q1": "TW I", "q2": "TW II", "q3": "TW III", "q4": "TW IV"}


def parse_year(value, default: int | None = None) -> int:
    """A year from a query string; anything odd falls back to the current year."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default or timezone.localdate().year
    return year if MIN_YEAR <= year <= MAX_YEAR else (default or timezone.localdate().year)


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = PerformanceIndicator
        fields = ["code", "strategic_goal", "name", "unit", "polarity", "source", "order", "is_active", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "source": "Sumber “Diisi manual per triwulan” diisi kantor dengan catatan dan bukti; sumber lain "
            "dihitung otomatis dari data terverifikasi.",
            "unit": "Tulis “%” untuk indikator persentase.",
        }


class NumberField(forms.DecimalField):
    """A decimal typed the Indonesian way (12,5), read the same whatever language the browser asks for."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            number = parse_number(value)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        return number

    def prepare_value(self, value):
        return plain_number(value) if isinstance(value, Decimal) else value


def _target_field() -> forms.DecimalField:
    return NumberField(
        required=False,
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "target-input", "autocomplete": "off"}),
        error_messages={
            "invalid": "Isi angka, mis. 12 atau 12,5.",
            "min_value": "Target tidak boleh negatif.",
            "max_decimal_places": "Maksimal 2 angka di belakang koma.",
            "max_digits": "Angka terlalu besar.",
        },
    )


def field_name(office_id: int, indicator_id: int, part: str) -> str:
    return f"t-{office_id}-{indicator_id}-{part}"


class TargetGridForm(forms.Form):
    """The targets grid: offices × indicators (yearly targets), or offices × TW I–IV for one indicator.

    In the yearly grid the existing quarterly targets are kept; they are edited in the per-indicator grid.
    """

    def __init__(self, *args, offices, indicators, existing: dict, parts=("yearly",), **kwargs):
        super().__init__(*args, **kwargs)
        self.offices, self.indicators, self.existing, self.parts = offices, indicators, existing, parts
        for office in offices:
            for indicator in indicators:
                target = existing.get((office.pk, indicator.pk))
                for part in parts:
                    name = field_name(office.pk, indicator.pk, part)
                    self.fields[name] = _target_field()
                    self.fields[name].label = f"{office.name} · {indicator.code} · {PART_LABELS[part]}"
                    self.initial[name] = getattr(target, part) if target else None

    def clean(self):
        cleaned = super().clean()
        for key, cell in self.cells().items():
            if any(field_name(*key, part) in self.errors for part in self.parts):
                continue
            indicator = next(i for i in self.indicators if i.pk == key[1])
            for message in target_cell_errors(indicator, cell):
                self.add_error(field_name(*key, "yearly"), message)
        return cleaned

    def cells(self) -> dict[tuple[int, int], dict]:
        """(office_id, indicator_id) → yearly and quarterly targets, existing quarterly values kept."""
        cells = {}
        for office in self.offices:
            for indicator in self.indicators:
                target = self.existing.get((office.pk, indicator.pk))
                cell = {part: getattr(target, part) if target else None for part in TARGET_FIELDS}
                for part in self.parts:
                    cell[part] = self.cleaned_data.get(field_name(office.pk, indicator.pk, part))
                if cell["yearly"] is None and self.parts == ("yearly",):
                    cell.update(dict.fromkeys(QUARTER_FIELDS))
                cells[(office.pk, indicator.pk)] = cell
        return cells

    def rows(self) -> list[dict]:
        """The grid for the template: per office, its cells (one per indicator, or one per quarter)."""
        grid = []
        for office in self.offices:
            cells = []
            for indicator in self.indicators:
                for part in self.parts:
                    bound = self[field_name(office.pk, indicator.pk, part)]
                    value = bound.value()
                    shown = plain_number(value) if isinstance(value, Decimal) else (value or "–")
                    cells.append({"field": bound, "display": shown, "indicator": indicator, "errors": bound.errors})
            grid.append({"office": office, "cells": cells})
        return grid


class ManualRealisationForm(forms.Form):
    indicator = forms.ModelChoiceField(
        label="Indikator", queryset=PerformanceIndicator.objects.none(), empty_label=None
    )
    quarter = forms.TypedChoiceField(
        label="Triwulan", coerce=int, choices=[(1, "TW I"), (2, "TW II"), (3, "TW III"), (4, "TW IV")]
    )
    value = NumberField(
        label="Realisasi",
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=2,
        error_messages={"invalid": "Isi angka, mis. 3 atau 12,5."},
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    note = forms.CharField(
        label="Catatan",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Jelaskan dari mana angka ini berasal (mis. rekap keluhan triwulan).",
    )
    evidence = forms.FileField(
        label="Bukti (opsional)", required=False, help_text="PDF, JPEG, PNG, DOCX atau XLSX, maksimal 10 MB."
    )

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators


class TargetImportForm(forms.Form):
    file = forms.FileField(label="Berkas target (.xlsx atau .csv)")

    def clean_file(self):
        try:
            return read_rows(self.cleaned_data["file"])
        except FileRejected as error:
            raise forms.ValidationError(error.message) from None

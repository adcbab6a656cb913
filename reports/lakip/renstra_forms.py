"""Forms of the Renstra pages: a new period, the targets grid of one indicator, the import file."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from .forms import _target_field
from .models import RENSTRA_PARTS, RenstraPeriod
from .renstra import renstra_cell_errors
from .services import plain_number


class RenstraPeriodForm(forms.Form):
    start_year = forms.IntegerField(label="Tahun awal", min_value=2000, max_value=2096)
    name = forms.CharField(label="Nama (opsional)", max_length=120, required=False)


class RenstraImportForm(forms.Form):
    file = forms.FileField(label="Berkas target Renstra (.xlsx atau .csv)")


def field_name(office_id: int, part: str) -> str:
    return f"r-{office_id}-{part}"


class RenstraGridForm(forms.Form):
    """Offices (rows) × the five years and the end target (columns) of one indicator."""

    def __init__(self, *args, period: RenstraPeriod, offices, indicator, existing: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.period, self.offices, self.indicator = period, offices, indicator
        labels = [str(year) for year in period.years] + ["Akhir Renstra"]
        self.part_labels = dict(zip(RENSTRA_PARTS, labels, strict=True))
        for office in offices:
            target = existing.get((office.pk, indicator.pk))
            for part in RENSTRA_PARTS:
                name = field_name(office.pk, part)
                self.fields[name] = _target_field()
                self.fields[name].label = f"{office.name} · {indicator.code} · {self.part_labels[part]}"
                self.initial[name] = getattr(target, part) if target else None

    def clean(self):
        cleaned = super().clean()
        for (office_id, _indicator_id), cell in self.cells().items():
            for message in renstra_cell_errors(self.indicator, cell):
                self.add_error(field_name(office_id, RENSTRA_PARTS[0]), message)
        return cleaned

    def cells(self) -> dict[tuple[int, int], dict]:
        return {
            (office.pk, self.indicator.pk): {
                part: self.cleaned_data.get(field_name(office.pk, part)) for part in RENSTRA_PARTS
            }
            for office in self.offices
        }

    def rows(self) -> list[dict]:
        grid = []
        for office in self.offices:
            cells = []
            for part in RENSTRA_PARTS:
                bound = self[field_name(office.pk, part)]
                value = bound.value()
                shown = plain_number(value) if isinstance(value, Decimal) else (value or "–")
                cells.append({"field": bound, "display": shown, "errors": bound.errors})
            grid.append({"office": office, "cells": cells})
        return grid

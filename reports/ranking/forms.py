"""Forms of the ranking, IKP and coverage pages: they validate and normalise only."""

from __future__ import annotations

import datetime as dt

from django import forms

from .selectors import COMPONENTS, QUARTER_NAMES, Period

MIN_YEAR, MAX_YEAR = 2015, 2100
QUARTER_CHOICES = [("", "Setahun penuh")] + [(str(q), f"Triwulan {name}") for q, name in QUARTER_NAMES.items()]


class PeriodForm(forms.Form):
    """GET `year`, `quarter` or `from` + `to`: a date range wins over a year, a quarter narrows the year."""

    year = forms.IntegerField(label="Tahun", required=False, min_value=MIN_YEAR, max_value=MAX_YEAR)
    quarter = forms.TypedChoiceField(
        label="Triwulan", choices=QUARTER_CHOICES, required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["from"] = forms.DateField(
            label="Dari tanggal", required=False, widget=forms.DateInput(attrs={"type": "date"})
        )
        self.fields["to"] = forms.DateField(
            label="Sampai tanggal", required=False, widget=forms.DateInput(attrs={"type": "date"})
        )
        self.fields["year"].widget.attrs["placeholder"] = str(today.year)

    def clean(self):
        data = super().clean()
        start, end = data.get("from"), data.get("to")
        if start or end:
            if not (start and end):
                raise forms.ValidationError("Isi tanggal awal dan tanggal akhir untuk rentang tanggal.")
            if end < start:
                raise forms.ValidationError("Tanggal akhir tidak boleh sebelum tanggal awal.")
            if (end - start).days > 366 * 5:
                raise forms.ValidationError("Rentang tanggal paling panjang lima tahun.")
        return data

    def period(self) -> Period:
        """The chosen period; the current year when nothing (valid) was chosen."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if data.get("from") and data.get("to"):
            return Period.for_range(data["from"], data["to"])
        year = data.get("year") or self.today.year
        if data.get("quarter"):
            return Period.for_quarter(year, data["quarter"])
        return Period.for_year(year)


class PublishForm(PeriodForm):
    note = forms.CharField(
        label="Catatan penerbitan", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class WeightsForm(forms.Form):
    note = forms.CharField(label="Alasan perubahan", max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = {}
        for component in COMPONENTS:
            fields[component.key] = forms.IntegerField(
                label=component.label, min_value=0, max_value=100, help_text=component.explanation
            )
        fields["note"] = self.fields["note"]
        self.fields = fields

    def clean(self):
        data = super().clean()
        if all(data.get(c.key) == 0 for c in COMPONENTS):
            raise forms.ValidationError("Minimal satu bobot harus lebih dari nol.")
        return data

"""Forms of the IKP pages (entry form, file import): they validate and normalise only."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from agencies.choices import OfficeKind
from agencies.models import Office
from agencies.tabular import FileRejected

from ..choices import IkpLevel
from ..models import IkpScore
from ..ranking.forms import MAX_YEAR, MIN_YEAR
from . import importing as ikp

__all__ = ["MAX_YEAR", "MIN_YEAR", "IkpImportForm", "IkpScoreForm"]


def ranked_offices():
    return Office.objects.filter(kind__in=[OfficeKind.REGENCY, OfficeKind.CITY]).order_by("code")


class IkpScoreForm(forms.ModelForm):
    office = forms.ModelChoiceField(label="Kantor", queryset=ranked_offices(), to_field_name="code")
    year = forms.IntegerField(label="Tahun", validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)])

    class Meta:
        model = IkpScore
        fields = [
            "office",
            "year",
            "social_political",
            "social_political_level",
            "administration",
            "administration_level",
            "contestation",
            "contestation_level",
            "participation",
            "participation_level",
            "source_note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = ranked_offices()
        self.fields["office"].label_from_instance = lambda office: f"{office.code} {office.region_label}"
        for name in ("social_political", "administration", "contestation", "participation"):
            self.fields[name].label = "Skor (0–100)"
            self.fields[name].widget.attrs.update({"min": "0", "max": "100", "step": "0.01"})
            self.fields[f"{name}_level"].label = "Tingkat"
            self.fields[f"{name}_level"].choices = [("", "— pilih —"), *IkpLevel.choices]

    def validate_unique(self):
        # One row per office and year is kept by updating the existing row (see services.ikp_score_save).
        return None


class IkpImportForm(forms.Form):
    """Validates the whole file: `cleaned_data["rows"]` holds every row, or the form has every error."""

    file = forms.FileField(label="Berkas IKP (.xlsx atau .csv)")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            rows, errors = ikp.read_rows(upload)
        except FileRejected as error:
            raise forms.ValidationError(error.message) from None
        if errors:
            raise forms.ValidationError(errors)
        self.cleaned_data["rows"] = rows
        return upload

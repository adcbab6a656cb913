"""Forms of the spreadsheet import: the upload (kind and file). Validation only; the view stores the file."""

from __future__ import annotations

from django import forms

from agencies.models import Office

from . import imports

KIND_CHOICES = [(kind, label) for kind, label in imports.KIND_LABELS.items()]


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(label="Jenis data", choices=KIND_CHOICES, widget=forms.RadioSelect)
    file = forms.FileField(
        label="Berkas spreadsheet",
        help_text=(
            "Templat .xlsx yang sudah diisi, atau .csv dengan judul kolom yang sama. "
            f"Maksimal {imports.MAX_BYTES // 1048576} MB dan {imports.thousands(imports.MAX_ROWS)} baris data."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, office: Office, **kwargs):
        super().__init__(*args, **kwargs)
        self.office = office
        self.format = ""

    def clean(self):
        cleaned = super().clean()
        kind, uploaded = cleaned.get("kind"), cleaned.get("file")
        if kind and uploaded:
            try:
                self.format = imports.inspect_upload(uploaded, kind, office=self.office)
            except imports.FileRejected as exc:
                self.add_error("file", exc.message)
        return cleaned

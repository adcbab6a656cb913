"""Forms of the spreadsheet import: the upload (data type and file). Validation only; the view stores the file."""

from __future__ import annotations

from django import forms

from . import imports

AUTO = ""
KIND_CHOICES = [(AUTO, "Kenali otomatis dari judul kolom"), *imports.KIND_LABELS.items()]
MSG_NO_FILE = "Pilih berkas spreadsheet yang akan diimpor."


class ImportUploadForm(forms.Form):
    """The data type is optional (recognised from the headers); the file is optional while an earlier upload is
    still attached (`has_kept`), whose data type did not fit."""

    kind = forms.ChoiceField(
        label="Jenis data", choices=KIND_CHOICES, widget=forms.RadioSelect, required=False, initial=AUTO
    )
    file = forms.FileField(
        label="Berkas spreadsheet",
        required=False,
        help_text=(
            "Templat .xlsx yang sudah diisi, atau .csv dengan judul kolom yang sama. "
            f"Maksimal {imports.MAX_BYTES // 1048576} MB dan {imports.thousands(imports.MAX_ROWS)} baris data."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, has_kept: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_kept = has_kept

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("file") and not self.has_kept and "file" not in self.errors:
            self.add_error("file", MSG_NO_FILE)
        return cleaned

"""The evidence upload form: several files of one kind, each checked from its bytes (`agencies/files.py`).
Used by the record forms, the record page's upload and the API (`api/resources/evidence.py`)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from .choices import EvidenceKind
from .services.evidence import check_uploads

MAX_FILES_PER_UPLOAD = 20
MSG_TOO_MANY_FILES = f"Paling banyak {MAX_FILES_PER_UPLOAD} berkas dalam satu kali unggah."
MSG_NO_FILES = "Pilih minimal satu berkas untuk diunggah."
MSG_KIND_FOR_FILES = "Pilih jenis bukti untuk berkas yang diunggah."


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(f, initial) for f in files if f]


class EvidenceBatchForm(forms.Form):
    """Several files of one kind. Each file is checked from its bytes; one refused file refuses the batch.
    `cleaned_data["files"]` holds the checked files (`CheckedUpload`), so the service does not check again."""

    files = MultipleFileField(
        label="Berkas bukti",
        required=False,
        help_text="PDF, JPEG, PNG, DOCX atau XLSX; boleh beberapa berkas sekaligus.",
    )
    evidence_kind = forms.ChoiceField(label="Jenis bukti", choices=EvidenceKind.choices, required=False)

    def __init__(self, *args, require_files: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.require_files = require_files
        self.accepted = []  # the files that passed the check, even when another one was refused

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        if self.require_files and not files:
            raise ValidationError(MSG_NO_FILES)
        if len(files) > MAX_FILES_PER_UPLOAD:
            raise ValidationError(MSG_TOO_MANY_FILES)
        errors = []
        for uploaded in files:  # one by one, so that the good files of a refused batch can be kept
            try:
                self.accepted += check_uploads([uploaded])
            except ValidationError as exc:
                errors += exc.message_dict["files"]
        if errors:
            raise ValidationError(errors)
        return self.accepted

    def clean(self):
        data = super().clean()
        if data.get("files") and not data.get("evidence_kind"):
            self.add_error("evidence_kind", MSG_KIND_FOR_FILES)
        return data

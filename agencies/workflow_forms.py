"""Forms of the verification workflow and the expiry page: they validate and normalise only."""

from __future__ import annotations

from django import forms
from django.utils.text import capfirst

from . import permissions
from .expiry import PAGE_HORIZON_DAYS, REMINDER_DAYS
from .models import RECORD_MODELS

KIND_CHOICES = [(kind, capfirst(model._meta.verbose_name)) for kind, model in RECORD_MODELS.items()]
WITHIN_CHOICES = [(str(days), f"{days} hari") for days in REMINDER_DAYS]
MAX_BULK = 500


class IdListField(forms.Field):
    """A list of record ids from repeated `ids` inputs (checkboxes); duplicates removed, order kept."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": "Pilih minimal satu data.",
        "invalid": "Pilihan data tidak valid.",
        "too_many": "Paling banyak %(max)s data sekaligus.",
    }

    def to_python(self, value) -> list[int]:
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        try:
            ids = [int(v) for v in values]
        except (TypeError, ValueError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if any(i <= 0 for i in ids):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if len(ids) > MAX_BULK:
            raise forms.ValidationError(self.error_messages["too_many"], code="too_many", params={"max": MAX_BULK})
        return list(dict.fromkeys(ids))


class BulkForm(forms.Form):
    kind = forms.ChoiceField(
        choices=KIND_CHOICES,
        error_messages={"required": "Jenis data tidak diketahui.", "invalid_choice": "Jenis data tidak dikenal."},
    )
    ids = IdListField()


class ReturnForm(forms.Form):
    note = forms.CharField(
        label="Catatan untuk kantor",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Jelaskan apa yang harus diperbaiki. Catatan ini dikirim ke staf kantor pemilik data.",
        error_messages={"required": "Catatan pengembalian wajib diisi agar kantor tahu apa yang harus diperbaiki."},
    )


class _OfficeFilterForm(forms.Form):
    """The office filter is offered to provincial users only; staff always see their own office."""

    office = forms.ModelChoiceField(
        label="Kantor", queryset=None, required=False, to_field_name="code", empty_label="Semua kantor"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = permissions.visible_offices(user).order_by("code")
        if not permissions.sees_all_offices(user):
            del self.fields["office"]

    def selected(self, name: str, default=None):
        """A valid filter value; an invalid one is ignored rather than failing the whole page."""
        self.is_valid()
        return getattr(self, "cleaned_data", {}).get(name) or default


class ExpiringFilterForm(_OfficeFilterForm):
    within = forms.TypedChoiceField(
        label="Berakhir dalam", choices=WITHIN_CHOICES, coerce=int, required=False, empty_value=PAGE_HORIZON_DAYS
    )

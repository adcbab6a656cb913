"""The Rupiah form field of the optional record budget: typed the Indonesian way ("Rp 15.000.000" or "2.500.000,50")."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.formats import number_format

from .tabular import parse_number

BUDGET_FIELDS = ("budget_ceiling", "budget_spent", "budget_line")


class RupiahField(forms.DecimalField):
    """A Rupiah amount: "Rp" and spaces are ignored, dots group thousands, a comma starts the cents."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", Decimal(0))
        kwargs.setdefault("max_digits", 17)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        kwargs.setdefault(
            "error_messages",
            {"invalid": "Isi jumlah rupiah, mis. 15.000.000.", "min_value": "Jumlah tidak boleh negatif."},
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).replace("Rp", "").replace("rp", "").replace(" ", "").strip()
        try:
            return parse_number(text)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            whole = value == value.to_integral_value()
            return number_format(value, decimal_pos=0 if whole else 2, use_l10n=True, force_grouping=True)
        return value

import re

from django import forms

CODE_FORMAT = "Kode terdiri dari 6 angka, seperti yang tampil di aplikasi autentikator."
CODE_MISSING = "Masukkan kode 6 angka dari aplikasi autentikator, atau satu kode cadangan."


def _code_field(*, required: bool, autofocus: bool) -> forms.CharField:
    attrs = {"autocomplete": "one-time-code", "inputmode": "numeric", "class": "code-input"}
    if autofocus:
        attrs["autofocus"] = True
    return forms.CharField(
        label="Kode 6 angka",
        required=required,
        max_length=9,
        help_text="Kode di aplikasi autentikator berganti setiap 30 detik.",
        widget=forms.TextInput(attrs=attrs),
    )


def _clean_code(value: str) -> str:
    value = re.sub(r"\s+", "", value or "")
    if value and not re.fullmatch(r"\d{6}", value):
        raise forms.ValidationError(CODE_FORMAT)
    return value


class EnrolForm(forms.Form):
    """The first code from the newly scanned app, which proves the app has the key."""

    code = _code_field(required=True, autofocus=False)  # the QR code comes first; a phone keyboard would hide it

    def clean_code(self) -> str:
        return _clean_code(self.cleaned_data["code"])


class VerifyForm(forms.Form):
    """The second step of sign-in: a code from the app, or one recovery code."""

    code = _code_field(required=False, autofocus=True)
    recovery = forms.CharField(
        label="Kode cadangan",
        required=False,
        max_length=20,
        help_text="Delapan huruf/angka dari lembar kode cadangan. Setiap kode hanya berlaku sekali.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}),
    )

    def clean_code(self) -> str:
        return _clean_code(self.cleaned_data["code"])

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("code") and not cleaned.get("recovery", "").strip():
            raise forms.ValidationError(CODE_MISSING)
        return cleaned

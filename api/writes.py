"""API writes validate with the web's own forms, then call the web's services: one set of rules.

The JSON body is fed to the same Django form a person fills in (`PartnerForm`, `AgreementForm`,
`ActivityForm`, `EvidenceBatchForm`), so that every rule of the web (partners in the directory, a parent
agreement the office may cite, no future activity, participant limits …) applies unchanged, and its
Indonesian messages name the field. PATCH starts from the record's current values; PUT and POST from the
body alone (a field left out is empty, as in a blank form). Unknown and read-only fields are ignored.
"""

from __future__ import annotations

from django import forms
from django.db.models import Model
from django.forms.models import model_to_dict
from rest_framework.exceptions import ValidationError

from .errors import NON_FIELD, with_codes

MSG_NOT_OBJECT = "Isi permintaan harus berupa objek JSON."


def form_input(
    payload,
    *,
    form_class: type[forms.BaseForm],
    fields: list[str],
    instance: Model | None = None,
    partial: bool = False,
) -> dict:
    """The form data for `payload`: only the form's own fields, on top of the record's values for PATCH, or
    of the blank form's initial values (participants 0 …) for POST and PUT."""
    if not isinstance(payload, dict):
        raise ValidationError({NON_FIELD: [MSG_NOT_OBJECT]})
    if partial and instance is not None:
        data = current_values(instance, fields)
    else:
        data = {
            name: f.initial for name, f in form_class.base_fields.items() if name in fields and f.initial is not None
        }
    base = form_class.base_fields
    data.update({name: _form_value(name, base.get(name), value) for name, value in payload.items() if name in fields})
    return data


MSG_NOT_SCALAR = "Nilai harus tunggal (teks, angka, atau boolean), bukan daftar atau objek."
MSG_NOT_LIST = "Nilai harus berupa daftar."


def _form_value(name: str, field: forms.Field | None, value):
    """A JSON value as a form would receive it from a browser: text, or a list of texts for a multi-valued
    field. A list or object where one value belongs (or the reverse) is refused naming the field, instead
    of reaching a form field that expects text."""
    multiple = isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
    if multiple:
        if not isinstance(value, list) or any(isinstance(item, list | dict) for item in value):
            raise ValidationError({name: [MSG_NOT_LIST]})
        return [str(item) for item in value]
    if isinstance(value, list | dict):
        raise ValidationError({name: [MSG_NOT_SCALAR]})
    return "" if value is None else str(value)


def current_values(instance: Model, fields: list[str]) -> dict:
    values = model_to_dict(instance, fields=fields)
    for name, value in values.items():
        if isinstance(value, list) and value and isinstance(value[0], Model):
            values[name] = [obj.pk for obj in value]
    return values


def valid_form(form: forms.BaseForm) -> forms.BaseForm:
    """The form if valid, else a 400 naming each field ("non_field_errors" for the form as a whole)."""
    if not form.is_valid():
        errors = form.errors.as_data()
        raise ValidationError(
            {NON_FIELD if name == "__all__" else name: with_codes(errs) for name, errs in errors.items()}
        )
    return form

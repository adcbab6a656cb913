"""A small multiple-choice model field that works the same on SQLite and PostgreSQL.

Values are stored as ",code1,code2," so that `field__contains=",code,"` (see `has_code`) matches exactly
one code, in any database, without a join table.
"""

from django import forms
from django.core import exceptions
from django.db import models


class MultiChoiceField(models.CharField):
    description = "Several choices, stored comma-delimited"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 255)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value):
        if value is None or value == "":
            return []
        if isinstance(value, (list, tuple)):
            return list(value)
        return [code for code in value.strip(",").split(",") if code]

    def get_prep_value(self, value):
        codes = self.to_python(value)
        if not codes:
            return ""
        order = [code for code, _ in self.choices]
        codes = sorted(set(codes), key=lambda c: order.index(c) if c in order else len(order))
        return "," + ",".join(codes) + ","

    def validate(self, value, model_instance):
        if not self.editable:
            return
        valid = {code for code, _ in self.choices}
        for code in value:
            if code not in valid:
                raise exceptions.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": code}
                )
        if not value and not self.blank:
            raise exceptions.ValidationError(self.error_messages["blank"], code="blank")

    def run_validators(self, value):
        # MaxLengthValidator would measure the list, not the stored text.
        return None

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": self.choices,
            "required": not self.blank,
            "widget": forms.CheckboxSelectMultiple,
            "label": self.verbose_name,
            "help_text": self.help_text,
        }
        defaults.update(kwargs)
        # Skip CharField.formfield, which would build a single-choice field.
        return forms.TypedMultipleChoiceField(
            **{
                k: v
                for k, v in defaults.items()
                if k not in ("form_class", "max_length", "empty_value", "choices_form_class", "coerce")
            }
        )

    def get_choice_labels(self, value) -> list[str]:
        labels = dict(self.choices)
        return [labels.get(code, code) for code in self.to_python(value)]


def has_code(field_name: str, code: str) -> models.Q:
    """Q object matching rows whose multi-choice field holds `code`."""
    return models.Q(**{f"{field_name}__contains": f",{code},"})

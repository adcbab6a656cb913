"""The choice fields of the record forms: the partners of the shared directory (grouped by category) and the
agreements a record may cite (marked when not verified yet). Used by `agencies/forms.py`."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter

from django import forms
from django.core.exceptions import ValidationError
from django.utils.choices import BaseChoiceIterator

from hubal.form_renderer import PlainOptionsSelectMultiple

from . import permissions
from .choices import OfficeKind, PartnerCategory, VerificationStatus
from .models import Agreement, Partner


class PartnerChoiceField(forms.ModelMultipleChoiceField):
    """Partners of the shared directory; the plain <select multiple> also works without JavaScript."""

    def __init__(self, queryset, **kwargs):
        kwargs.setdefault(
            "error_messages",
            {
                "required": "Pilih minimal satu lembaga mitra.",
                "invalid_choice": "Lembaga mitra nomor %(value)s tidak ada di direktori.",
                "invalid_pk_value": "“%(pk)s” bukan nomor lembaga mitra yang sah.",
                "invalid_list": "Daftar lembaga mitra tidak sah.",
            },
        )
        kwargs.setdefault("label", "Lembaga mitra")
        kwargs.setdefault("help_text", "Ketik untuk mencari di direktori bersama; pilih satu atau lebih.")
        super().__init__(queryset, **kwargs)

    def label_from_instance(self, obj: Partner) -> str:
        return str(obj)

    def _check_values(self, value):
        """Django's check that every value is a partner of the queryset, lighter: the chosen partners are read
        by primary key alone and unordered (the record's save only links them; Django read every column, sorted),
        and a value's type is checked by the primary key field itself (Django built a query per value for that).
        Same errors, same cleaned value: a queryset of the chosen partners, already read."""
        try:
            values = frozenset(value)
        except TypeError:
            raise ValidationError(self.error_messages["invalid_list"], code="invalid_list") from None
        pk_field = self.queryset.model._meta.pk
        for pk in values:
            self.validate_no_null_characters(pk)
            try:
                pk_field.get_prep_value(pk)
            except (ValueError, TypeError):
                error = self.error_messages["invalid_pk_value"]
                raise ValidationError(error, code="invalid_pk_value", params={"pk": pk}) from None
        qs = self.queryset.filter(pk__in=values).order_by().only("pk")
        found = {str(partner.pk) for partner in qs}
        for val in values:
            if str(val) not in found:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": val}
                )
        return qs


# What an agreement's label, its "not verified yet" mark and the records' rules (Activity.clean) read.
AGREEMENT_COLUMNS = ("id", "title", "number", "verification_status", "office__kind", "office__region_name")


@dataclass(frozen=True)
class AgreementOption:
    """What an agreement's <option> carries besides its key and label: the label of its verification status
    when it is not verified yet ("" once verified), for AgreementSelect to mark."""

    pk: int
    unverified: str


def agreement_label(title: str, number: str, region_label: str) -> str:
    title = title if len(title) <= 90 else title[:89] + "…"
    return f"{title}{f' · {number}' if number else ''} ({region_label})"


class AgreementChoices(forms.models.ModelChoiceIterator):
    """The options in one plain read of the columns their labels show, as rows (the field's queryset stays whole
    for other readers, such as the prefill from an agreement's page): Django's iterator() would open a
    server-side cursor on PostgreSQL (three round trips), and a few dozen agreements built as models with their
    offices and labelled through get_FOO_display() cost about 1 ms. Read once per iterator."""

    def __init__(self, field):
        super().__init__(field)
        self.rows = None

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.rows is None:
            self.rows = list(self.queryset.values_list(*AGREEMENT_COLUMNS))
        kinds, statuses = dict(OfficeKind.choices), dict(VerificationStatus.choices)
        for pk, title, number, status, kind, region_name in self.rows:
            label = agreement_label(title, number, f"{kinds.get(kind, kind)} {region_name}")
            unverified = "" if status == VerificationStatus.VERIFIED else statuses.get(status, status)
            yield (forms.models.ModelChoiceIteratorValue(pk, AgreementOption(pk, unverified)), label)


class AgreementChoiceField(forms.ModelChoiceField):
    iterator = AgreementChoices

    def to_python(self, value):
        """Django's, with the chosen agreement read in the columns of AGREEMENT_COLUMNS (Django read every column of
        the agreement and its office; the record's save only needs its key)."""
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        if isinstance(value, Agreement):
            value = value.pk
        try:
            return self.queryset.only(*AGREEMENT_COLUMNS).get(pk=value)
        except (ValueError, TypeError, Agreement.DoesNotExist):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            ) from None

    def label_from_instance(self, obj: Agreement) -> str:
        return agreement_label(obj.title, obj.number, obj.office.region_label)


class AgreementSelect(forms.Select):
    """Marks the agreements that are not verified yet (`data-unverified`), so the form can warn about them."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if isinstance(instance, AgreementOption) and instance.unverified:
            option["attrs"]["data-unverified"] = instance.unverified
        return option


class GroupedPartnerChoices(BaseChoiceIterator):
    """Options of the plain partner <select>, in one <optgroup> per category (one query, rendered lazily)."""

    def __init__(self, queryset):
        self.queryset = queryset

    def __iter__(self):
        labels = dict(PartnerCategory.choices)
        rows = self.queryset.values_list("category", "pk", "name", "acronym")
        for category, group in groupby(rows, key=itemgetter(0)):
            yield (
                labels.get(category, category),
                [(pk, f"{name} ({acr})" if acr else name) for _, pk, name, acr in group],
            )


def partner_field(user) -> PartnerChoiceField:
    qs = permissions.scope_partners(user).order_by("category", "name")
    widget = PlainOptionsSelectMultiple(attrs={"size": 12, "data-partner-select": ""})
    field = PartnerChoiceField(queryset=qs, widget=widget)
    field.widget.choices = GroupedPartnerChoices(qs)
    return field

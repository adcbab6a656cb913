"""Forms of the agencies app. They validate and normalise only; views hand `cleaned_data` to services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.text import capfirst

from . import pending_partners, selectors
from .budget_fields import BUDGET_FIELDS, RupiahField
from .choice_fields import AgreementChoiceField, AgreementSelect, partner_field
from .choices import PartnerCategory
from .dates import MSG_NOT_IN_FUTURE, is_in_future
from .models import Activity, Agreement, Office, Partner

MSG_FUTURE = MSG_NOT_IN_FUTURE  # one message for the rule, shared with Activity.clean
MSG_VERSION = "Formulir ini tidak lengkap (versi data hilang). Muat ulang halaman lalu ulangi perubahan Anda."


class DateInput(forms.DateInput):
    input_type = "date"
    ISO = "%Y-%m-%d"  # what the browser's date picker sends

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=self.ISO)


EMPTY_CHOICE = "— pilih —"


def polish(form: forms.BaseForm) -> None:
    """Labels start with a capital ("Ruang lingkup") and a blank choice reads "— pilih —", not dashes. A date
    picker's field reads the ISO date it sends first (the locale's formats, tried before it, each failed with an
    exception: 0.06 ms a date)."""
    for field in form.fields.values():
        if field.label:
            field.label = capfirst(field.label)
        if isinstance(field.widget, DateInput):
            field.input_formats = [DateInput.ISO, *field.input_formats]
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label == "---------":
                field.empty_label = EMPTY_CHOICE
        elif isinstance(field, forms.ChoiceField):
            choices = list(field.choices)
            if choices and choices[0] == ("", "---------"):
                field.choices = [("", EMPTY_CHOICE), *choices[1:]]


class VersionMixin(forms.Form):
    """Optimistic locking: the version the user started from travels with the form."""

    version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, error_messages={"invalid": MSG_VERSION}
    )

    def _update_errors(self, errors):
        # The model's clean() may repeat a field's error in other words ("wajib diisi" after "tidak boleh
        # kosong"): show one problem per field at a time.
        if hasattr(errors, "error_dict"):
            kept = {
                name: e for name, e in errors.error_dict.items() if name == NON_FIELD_ERRORS or name not in self._errors
            }
            if not kept:
                return
            errors = ValidationError(kept)
        super()._update_errors(errors)

    def clean(self):
        data = super().clean()
        # A hidden field's error would be invisible: report a missing or garbled version on top of the form.
        if "version" in self.errors or (self.instance.pk and data.get("version") is None):
            self.errors.pop("version", None)
            self.add_error(None, MSG_VERSION)
        return data


# Partners ---------------------------------------------------------------------------------------------


class OfficeRegionField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Office) -> str:
        return obj.region_label


class PartnerForm(VersionMixin, forms.ModelForm):
    website = forms.URLField(label="Situs web", required=False, max_length=200, assume_scheme="https")
    home_office = OfficeRegionField(
        queryset=Office.objects.order_by("code"), required=False, label="Wilayah", empty_label="(nasional/lainnya)"
    )

    class Meta:
        model = Partner
        fields = [
            "name",
            "acronym",
            "category",
            "level",
            "home_office",
            "address",
            "phone",
            "email",
            "website",
            "contact_name",
            "contact_position",
            "contact_phone",
            "accreditation_number",
            "accredited_from",
            "accredited_until",
            "affiliation_note",
        ]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "affiliation_note": forms.Textarea(attrs={"rows": 3}),
            "accredited_from": DateInput(),
            "accredited_until": DateInput(),
        }

    DATA_FIELDS = Meta.fields

    confirm_new = forms.BooleanField(
        required=False,
        label="Tetap daftarkan sebagai lembaga baru",
        help_text="Centang hanya bila lembaga yang mirip di atas memang lembaga lain.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        polish(self)


class PartnerQuickForm(forms.ModelForm):
    """The short form of the "daftarkan mitra baru" dialog inside agreement and activity forms."""

    confirm_new = forms.BooleanField(required=False, label="Tetap daftarkan sebagai lembaga baru")

    class Meta:
        model = Partner
        fields = ["name", "acronym", "category", "level"]

    DATA_FIELDS = Meta.fields

    def clean_category(self):
        category = self.cleaned_data["category"]
        if category not in PartnerCategory.values:
            raise ValidationError("Kategori tidak dikenal.")
        return category


# Agreements and activities ----------------------------------------------------------------------------


class PendingPartnersField(forms.Field):
    """The partners of the quick-create dialog, not yet in the directory: signed tokens in hidden inputs
    (`agencies.pending_partners`), cleaned to their fields; the record's save creates them."""

    widget = forms.MultipleHiddenInput

    def __init__(self, *, user, **kwargs):
        super().__init__(required=False, **kwargs)
        self.user = user

    def to_python(self, value) -> list[dict]:
        tokens = list(dict.fromkeys(t for t in (value or []) if t))
        return [pending_partners.unsign(self.user, token) for token in tokens]


class RecordFormMixin(VersionMixin):
    """Fields every record form has: partners (picker, plus new ones from the quick-create dialog) and the
    optional version."""

    def add_partner_fields(self, user) -> None:
        self.fields["partners"] = partner_field(user)
        self.fields["partners"].required = False  # one chosen or one new: checked in clean()
        self.fields["new_partners"] = PendingPartnersField(user=user)

    def clean(self):
        data = super().clean()
        missing = not data.get("partners") and not data.get("new_partners")
        if missing and not self.has_error("partners") and not self.has_error("new_partners"):
            self.add_error("partners", self.fields["partners"].error_messages["required"])
        return data

    def pending_partners(self) -> list[dict]:
        """The new partners this bound form carries (token and label), to show them again after an error."""
        if not self.is_bound:
            return []
        shown = []
        for token in dict.fromkeys(self.data.getlist(self.add_prefix("new_partners"))):
            try:
                data = pending_partners.unsign(self.user, token)
            except ValidationError:
                continue
            shown.append({"token": token, "label": pending_partners.label(data)})
        return shown

    def partners_for_service(self):
        """The partners to link, or None when an edit keeps the record's own (compared with the partners read with
        the record): the service then leaves the links alone rather than read them again to find no change."""
        bound = self["partners"]
        kept = self.instance.pk and not self.cleaned_data.get("new_partners")
        if kept and not bound.field.has_changed(bound.initial, bound.data):
            return None
        return self.cleaned_data["partners"]

    def data_for_service(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.DATA_FIELDS if name in self.cleaned_data}


class AgreementForm(RecordFormMixin, forms.ModelForm):
    budget_ceiling = RupiahField(label="Pagu anggaran (Rp)")
    budget_spent = RupiahField(label="Realisasi anggaran (Rp)")

    class Meta:
        model = Agreement
        fields = [
            "kind",
            "title",
            "number",
            "partner_number",
            "partners",
            "focus_areas",
            "signed_on",
            "start_date",
            "end_date",
            "parent",
            "signatories",
            "is_public",
            "terminated_on",
            "termination_reason",
            *BUDGET_FIELDS,
        ]
        widgets = {
            "signed_on": DateInput(),
            "start_date": DateInput(),
            "end_date": DateInput(),
            "terminated_on": DateInput(),
            "signatories": forms.Textarea(attrs={"rows": 2}),
            "termination_reason": forms.Textarea(attrs={"rows": 2}),
        }

    DATA_FIELDS = [f for f in Meta.fields if f != "partners"]

    def __init__(self, *args, user, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.add_partner_fields(user)
        self.fields["parent"] = AgreementChoiceField(
            queryset=selectors.linkable_agreements(user, office, exclude_pk=self.instance.pk),
            required=False,
            label="Kerja sama induk",
            empty_label="(tidak ada)",
            help_text="Misalnya MoU nasional/provinsi yang dijabarkan oleh PKS ini.",
            error_messages={"invalid_choice": "Kerja sama induk yang dipilih tidak tersedia untuk kantor ini."},
        )
        polish(self)


class ActivityForm(RecordFormMixin, forms.ModelForm):
    participants_male = forms.IntegerField(label="Peserta laki-laki", min_value=0, max_value=100_000, initial=0)
    participants_female = forms.IntegerField(label="Peserta perempuan", min_value=0, max_value=100_000, initial=0)
    reports_received = forms.IntegerField(
        label="Laporan/informasi awal dari mitra",
        min_value=0,
        max_value=10_000,
        initial=0,
        help_text=Activity._meta.get_field("reports_received").help_text,
    )
    budget_ceiling = RupiahField(label="Pagu anggaran (Rp)")
    budget_spent = RupiahField(label="Realisasi anggaran (Rp)")

    class Meta:
        model = Activity
        fields = [
            "title",
            "kind",
            "start_date",
            "end_date",
            "location",
            "partners",
            "agreement",
            "focus_areas",
            "stage",
            "ikp_dimensions",
            "participants_male",
            "participants_female",
            "description",
            "outcome",
            "follow_up",
            "reports_received",
            *BUDGET_FIELDS,
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
            "follow_up": forms.Textarea(attrs={"rows": 3}),
        }

    DATA_FIELDS = [f for f in Meta.fields if f != "partners"]

    def __init__(self, *args, user, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.add_partner_fields(user)
        self.fields["agreement"] = AgreementChoiceField(
            queryset=selectors.linkable_agreements(user, office),
            required=False,
            label="Kerja sama terkait",
            empty_label="(tidak terkait kerja sama)",
            error_messages={"invalid_choice": "Kerja sama yang dipilih tidak tersedia untuk kantor ini."},
            widget=AgreementSelect(attrs={"data-agreement-select": ""}),
        )
        for name in ("start_date", "end_date"):
            self.fields[name].widget.attrs["max"] = timezone.localdate().isoformat()
        polish(self)

    def unverified_agreement(self) -> Agreement | None:
        """The cited agreement when it is not verified yet (the form warns about it), else None."""
        value = self["agreement"].value()
        if not value or not str(value).isdigit():
            return None
        if not self.is_bound and self.instance.agreement_id == int(value):
            agreement = self.instance.agreement  # the record's own agreement, read with it
        else:
            agreement = self.fields["agreement"].queryset.filter(pk=int(value)).first()
        return agreement if agreement is not None and not agreement.is_verified else None

    def clean_start_date(self):
        # End-before-start and a future end date are the model's rules (Activity.clean), reported on end_date.
        start = self.cleaned_data.get("start_date")
        if is_in_future(start):
            raise ValidationError(MSG_FUTURE)
        return start


# The evidence upload form lives in its own module; imported here so `agencies.forms` keeps offering it.
from .evidence_forms import (  # noqa: E402, F401
    MAX_FILES_PER_UPLOAD,
    MSG_KIND_FOR_FILES,
    MSG_NO_FILES,
    MSG_TOO_MANY_FILES,
    EvidenceBatchForm,
    MultipleFileField,
    MultipleFileInput,
)

"""List filters (django-filter) for partners, agreements and activities.

The query parameters are a contract (see the list pages and the exports that reuse them): `q`, `year`,
`office`, `kind`, `status`, `stage`, `focus`, `ikp`, `verification`, `end_from`/`end_to`,
`active_from`/`active_to`, `monitoring`, `partner_category`, `partner`, `agreement`, `parent`, `sort`.
A FilterSet only narrows a queryset that `agencies.permissions` has already scoped; `office` is honoured
for provincial users only (staff always see their own office).
"""

from __future__ import annotations

import datetime as dt

import django_filters as df
from django import forms
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils import timezone

from . import permissions
from .choices import (
    ActivityKind,
    AgreementKind,
    AgreementStatus,
    ElectionStage,
    FocusArea,
    IkpDimension,
    PartnerCategory,
    PartnerLevel,
    VerificationStatus,
)
from .fields import has_code
from .filter_base import ChoiceFilter, bind_filters, form_class_for
from .models import RECORD_MODELS, Activity, Agreement, Partner, normalise_name
from .offices import PROVINCE, REGENCIES_AND_CITIES, display_name

ALL = "Semua"
OFFICE_CHOICES = [(code, display_name(kind, region)) for code, kind, region in [PROVINCE, *REGENCIES_AND_CITIES]]
REGION_CHOICES = [
    (code, f"{'Provinsi' if kind == 'provinsi' else kind.title()} {region}")
    for code, kind, region in [PROVINCE, *REGENCIES_AND_CITIES]
]
YEAR_SPAN = 6


def year_choices() -> list[tuple[str, str]]:
    this_year = timezone.localdate().year
    return [(str(y), str(y)) for y in range(this_year + 1, this_year - YEAR_SPAN, -1)]


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SortFilter(ChoiceFilter):
    """`sort=<key>` or `sort=-<key>`: whitelisted orderings with a stable tie-breaker (`-id`)."""

    def __init__(self, *args, orderings: dict[str, tuple[str, list[str]]], **kwargs):
        self.orderings = orderings
        choices = []
        for key, (label, _) in orderings.items():
            choices += [(key, f"{label} (naik)"), (f"-{key}", f"{label} (turun)")]
        kwargs.setdefault("label", "Urutkan")
        kwargs.setdefault("empty_label", "Bawaan")
        super().__init__(*args, choices=choices, **kwargs)

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        if not value:
            return qs
        descending = value.startswith("-")
        fields = self.orderings[value.lstrip("-")][1]
        ordering = [f"-{f}" if descending else f for f in fields]
        return qs.order_by(*ordering, "-id" if descending else "id")


class ScopedFilterSet(df.FilterSet):
    """A FilterSet that knows the user: provincial users may narrow by office, staff may not."""

    primary: tuple[str, ...] = ("q",)  # shown first on the list page; the rest under "Filter lainnya"

    def __init__(self, data=None, queryset=None, *, user, request=None, prefix=None):
        # django-filter's own __init__, with cheap copies of the filters (agencies/filter_base.py).
        self.user = user
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = self._meta.model._default_manager.all() if queryset is None else queryset
        self.request = request
        self.form_prefix = prefix
        names = [name for name in self.base_filters if name != "office" or permissions.sees_all_offices(user)]
        first = [name for name in self.primary if name in names]
        self.filters = bind_filters(self, first + [name for name in names if name not in first])

    def get_form_class(self) -> type:
        return form_class_for(self, super().get_form_class)

    @property
    def active_filters(self) -> dict:
        """The filters the user set (and that validated), without the ordering."""
        if not self.is_bound or not self.form.is_valid():
            return {}
        return {k: v for k, v in self.form.cleaned_data.items() if v not in (None, "", [], False) and k != "sort"}

    @property
    def more_is_set(self) -> bool:
        hidden = {name for name, f in self.form.fields.items() if f.widget.is_hidden}
        return any(name not in self.primary and name not in hidden for name in self.active_filters)

    def filter_office(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(office__code=value) if value else qs

    def search_records(self, qs: QuerySet, text_fields: list[str], value: str) -> QuerySet:
        """Records whose text fields contain `value`, or linked to a partner whose name does."""
        value = (value or "").strip()
        if not value:
            return qs
        condition = Q()
        for field in text_fields:
            condition |= Q(**{f"{field}__icontains": value})
        key = normalise_name(value)
        partners = Partner.objects.filter(
            Q(name__icontains=value) | Q(name_key__contains=key) if key else Q(name__icontains=value)
        )
        return qs.filter(condition | _with_partner(qs.model, partners))


def _with_partner(model, partners: QuerySet) -> Q:
    """Records linked to any of `partners`, as uncorrelated IN subqueries: the database matches the few
    partners once instead of once per record (a correlated EXISTS under an OR cost seconds at 50,000 rows)."""
    owner = "activity_id" if model is Activity else "agreement_id"
    links = model.partners.through.objects.filter(partner_id__in=partners.values("pk")).values(owner)
    return Q(pk__in=links)


class _RecordFilterSet(ScopedFilterSet):
    """Filters shared by agreements and activities."""

    office = ChoiceFilter(label="Kantor", choices=OFFICE_CHOICES, empty_label=ALL, method="filter_office")
    focus = ChoiceFilter(label="Ruang lingkup", choices=FocusArea.choices, empty_label=ALL, method="filter_focus")
    verification = ChoiceFilter(
        label="Status verifikasi", field_name="verification_status", choices=VerificationStatus.choices, empty_label=ALL
    )
    partner_category = ChoiceFilter(
        label="Kategori mitra", choices=PartnerCategory.choices, empty_label=ALL, method="filter_partner_category"
    )
    monitoring = df.BooleanFilter(
        label="Dengan lembaga pemantau terakreditasi",
        method="filter_monitoring",
        widget=forms.CheckboxInput(attrs={"value": "1"}),
    )
    partner = df.NumberFilter(label="Mitra", method="filter_partner", widget=forms.HiddenInput)
    batch = df.NumberFilter(label="Impor", field_name="import_batch", widget=forms.HiddenInput)

    def filter_focus(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(has_code("focus_areas", value)) if value else qs

    def filter_partner_category(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(_with_partner(qs.model, Partner.objects.filter(category=value))) if value else qs

    def filter_monitoring(self, qs: QuerySet, name: str, value: bool) -> QuerySet:
        """With an organisation accredited on a day of the activity, or on a day the agreement is in force
        within `active_from`/`active_to`: the rule of the ranking and of LAKIP IK-05."""
        if not value:
            return qs
        if qs.model is Activity:
            return qs.filter(Activity.objects.accredited_monitoring())
        data = self.form.cleaned_data
        return qs.filter(Agreement.objects.accredited_monitoring(data.get("active_from"), data.get("active_to")))

    def filter_partner(self, qs: QuerySet, name: str, value) -> QuerySet:
        return qs.filter(_with_partner(qs.model, Partner.objects.filter(pk=int(value)))) if value is not None else qs


ACTIVITY_SORTS = {
    "end": ("Tanggal", ["end_date"]),
    "title": ("Nama kegiatan", ["title"]),
    "kind": ("Jenis", ["kind"]),
    "office": ("Kantor", ["office__code"]),
    "verification": ("Verifikasi", ["verification_status"]),
    "participants": ("Peserta", ["participants_male", "participants_female"]),
}


class ActivityFilter(_RecordFilterSet):
    primary = ("q", "year", "office", "kind", "verification")
    q = df.CharFilter(label="Cari", method="filter_q")
    year = ChoiceFilter(label="Tahun", choices=year_choices, empty_label=ALL, method="filter_year")
    kind = ChoiceFilter(label="Jenis kegiatan", choices=ActivityKind.choices, empty_label=ALL)
    stage = ChoiceFilter(label="Tahapan", choices=ElectionStage.choices, empty_label=ALL)
    ikp = ChoiceFilter(label="Dimensi IKP", choices=IkpDimension.choices, empty_label=ALL, method="filter_ikp")
    end_from = df.DateFilter(label="Selesai dari", field_name="end_date", lookup_expr="gte", widget=_date_input())
    end_to = df.DateFilter(label="Selesai sampai", field_name="end_date", lookup_expr="lte", widget=_date_input())
    agreement = df.NumberFilter(label="Kerja sama", field_name="agreement_id", widget=forms.HiddenInput)
    sort = SortFilter(orderings=ACTIVITY_SORTS)

    class Meta:
        model = Activity
        fields: list[str] = []

    def filter_q(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return self.search_records(qs, ["title", "location"], value)

    def filter_year(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return qs
        year = int(value)
        return qs.filter(end_date__gte=dt.date(year, 1, 1), end_date__lte=dt.date(year, 12, 31))

    def filter_ikp(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(has_code("ikp_dimensions", value)) if value else qs


AGREEMENT_SORTS = {
    "start": ("Mulai berlaku", ["start_date"]),
    "end": ("Berakhir", ["end_date"]),
    "title": ("Judul", ["title"]),
    "kind": ("Jenis", ["kind"]),
    "office": ("Kantor", ["office__code"]),
    "status": ("Status", ["computed_status"]),
    "verification": ("Verifikasi", ["verification_status"]),
}


class AgreementFilter(_RecordFilterSet):
    primary = ("q", "year", "office", "status", "verification")
    q = df.CharFilter(label="Cari", method="filter_q")
    year = ChoiceFilter(label="Berlaku pada tahun", choices=year_choices, empty_label=ALL, method="filter_year")
    kind = ChoiceFilter(label="Jenis", choices=AgreementKind.choices, empty_label=ALL)
    status = ChoiceFilter(
        label="Status berlaku", choices=AgreementStatus.choices, empty_label=ALL, field_name="computed_status"
    )
    active_from = df.DateFilter(label="Berlaku dari", method="filter_active", widget=_date_input())
    active_to = df.DateFilter(label="Berlaku sampai", method="filter_active", widget=_date_input())
    parent = df.NumberFilter(label="Kerja sama induk", field_name="parent_id", widget=forms.HiddenInput)
    sort = SortFilter(orderings=AGREEMENT_SORTS)

    class Meta:
        model = Agreement
        fields: list[str] = []

    def filter_q(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return self.search_records(qs, ["title", "number", "partner_number"], value)

    def filter_year(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return qs
        year = int(value)
        return qs.active_between(dt.date(year, 1, 1), dt.date(year, 12, 31))

    def filter_active(self, qs: QuerySet, name: str, value) -> QuerySet:
        """`active_from`/`active_to`: in force on at least one day of the range (either end may be open)."""
        if value is None or name == "active_to" and self.form.cleaned_data.get("active_from"):
            return qs
        start = self.form.cleaned_data.get("active_from") or dt.date.min
        end = self.form.cleaned_data.get("active_to") or dt.date.max
        return qs.active_between(start, end)


PARTNER_SORTS = {
    "name": ("Nama", ["name"]),
    "category": ("Kategori", ["category", "name"]),
    "level": ("Tingkat", ["level", "name"]),
    "home_office": ("Wilayah", ["home_office__code", "name"]),
    "registered_by": ("Didaftarkan oleh", ["registered_by__code", "name"]),
}


class PartnerFilter(ScopedFilterSet):
    primary = ("q", "category", "level", "home_office")
    q = df.CharFilter(label="Cari", method="filter_q")
    category = ChoiceFilter(label="Kategori", choices=PartnerCategory.choices, empty_label=ALL)
    level = ChoiceFilter(label="Tingkat", choices=PartnerLevel.choices, empty_label=ALL)
    home_office = ChoiceFilter(label="Wilayah", choices=REGION_CHOICES, empty_label=ALL, field_name="home_office__code")
    sort = SortFilter(orderings=PARTNER_SORTS)

    class Meta:
        model = Partner
        fields: list[str] = []

    def filter_q(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        value = (value or "").strip()
        if not value:
            return qs
        condition = Q(name__icontains=value) | Q(acronym__icontains=value)
        key = normalise_name(value)
        if key:
            condition |= Q(name_key__contains=key)
        return qs.filter(condition)


QUEUE_KINDS = [(kind, model._meta.verbose_name.capitalize()) for kind, model in RECORD_MODELS.items()]
QUEUE_ORDERS = [("oldest", "Terlama dulu"), ("newest", "Terbaru dulu")]
QUEUE_SEARCH_FIELDS = {
    "agreement": ["title", "number", "partner_number", "office__name"],
    "activity": ["title", "location", "office__name"],
}


class QueueFilter(ScopedFilterSet):
    """The verifier's queue, applied to each kind's pending records (`agencies.selectors.queue_keys`): `kind`
    keeps one kind only; `order` is read by the selector, which orders the union of both kinds."""

    primary = ("q", "office", "kind", "order")
    q = df.CharFilter(
        label="Cari judul, kantor, atau mitra", method="filter_q", widget=forms.TextInput(attrs={"type": "search"})
    )
    office = ChoiceFilter(label="Kantor", choices=OFFICE_CHOICES, empty_label="Semua kantor", method="filter_office")
    kind = ChoiceFilter(label="Jenis data", choices=QUEUE_KINDS, empty_label="Semua jenis", method="filter_kind")
    order = ChoiceFilter(label="Urutan", choices=QUEUE_ORDERS, empty_label=None, method="filter_order")

    def filter_q(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return self.search_records(qs, QUEUE_SEARCH_FIELDS[qs.model.record_kind], value)

    def filter_kind(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs if value in ("", qs.model.record_kind) else qs.none()

    def filter_order(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs  # the order of the union is set by the selector

    @property
    def newest_first(self) -> bool:
        self.form.is_valid()  # an invalid office or kind must not cancel a valid order
        return getattr(self.form, "cleaned_data", {}).get("order") == "newest"


class CatalogueFilter(df.FilterSet):
    """The public catalogue's search: text (title, numbers, partner names), office, kind, year signed. Narrows
    `permissions.public_agreements()` only; nobody's scope is involved, so there is no user."""

    primary = ("q", "office", "kind", "year")
    q = df.CharFilter(label="Cari judul, nomor, atau mitra", method="filter_q")
    office = ChoiceFilter(label="Kantor", choices=OFFICE_CHOICES, empty_label=ALL, field_name="office__code")
    kind = ChoiceFilter(label="Jenis", choices=AgreementKind.choices, empty_label=ALL)
    year = ChoiceFilter(label="Tahun ditandatangani", choices=year_choices, empty_label=ALL, method="filter_year")

    class Meta:
        model = Agreement
        fields: list[str] = []

    def filter_q(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return qs
        key = normalise_name(value)
        partners = Partner.objects.filter(Q(name__icontains=value) | Q(acronym__iexact=value))
        if key:
            partners = partners | Partner.objects.filter(name_key__contains=key)
        text = Q(title__icontains=value) | Q(number__icontains=value) | Q(partner_number__icontains=value)
        return qs.filter(text | _with_partner(Agreement, partners))

    def filter_year(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return qs
        year = int(value)
        signed = Q(signed_on__year=year) | Q(signed_on__isnull=True, start_date__year=year)
        return qs.filter(signed)

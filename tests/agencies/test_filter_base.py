"""agencies/filter_base.py: FilterSets built from shallow copies and a cached form class must behave as
django-filter's deep copies did: each filterset's `method=` filters answer to it alone, the fields of one form
are its own, staff get no office field, and choices worked out when read (the years) are never stale."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import QueryDict

from agencies import permissions
from agencies.filters import ActivityFilter, AgreementFilter
from agencies.models import Activity
from tests.factories import ActivityFactory, AgreementFactory

pytestmark = pytest.mark.django_db


def _activities(user, query: str = "") -> ActivityFilter:
    return ActivityFilter(QueryDict(query) or None, queryset=permissions.scope_activities(user), user=user)


def test_each_filterset_filters_with_its_own_data(staff_a, office_a):
    ActivityFactory(office=office_a, title="Rapat pertama", kind="fgd")
    ActivityFactory(office=office_a, title="Sosialisasi kedua", kind="socialisation")
    first, second = _activities(staff_a, "q=rapat"), _activities(staff_a, "q=sosialisasi&kind=socialisation")
    assert [a.title for a in second.qs] == ["Sosialisasi kedua"]
    assert [a.title for a in first.qs] == ["Rapat pertama"]
    assert first.filters["q"].parent is first and second.filters["q"].parent is second
    assert ActivityFilter.base_filters["q"].__dict__.get("parent") is None


def test_a_method_reading_the_form_reads_its_own(staff_a, office_a):
    """AgreementFilter.filter_active reads `self.form.cleaned_data`: the form of the filterset it belongs to."""
    AgreementFactory(office=office_a, title="Lama", start_date=dt.date(2020, 1, 1), end_date=dt.date(2020, 12, 31))
    AgreementFactory(office=office_a, title="Baru", start_date=dt.date(2025, 1, 1), end_date=dt.date(2026, 12, 31))

    def titles(query):
        base = permissions.scope_agreements(staff_a).with_status(dt.date(2025, 6, 1))
        return AgreementFilter(QueryDict(query), queryset=base, user=staff_a)

    old, new = titles("active_from=2020-03-01&active_to=2020-04-01"), titles("active_from=2025-03-01")
    assert [a.title for a in new.qs] == ["Baru"]
    assert [a.title for a in old.qs] == ["Lama"]


def test_forms_do_not_share_fields_and_staff_have_no_office(staff_a, verifier):
    staff, province = _activities(staff_a), _activities(verifier)
    assert "office" not in staff.form.fields and "office" not in staff.filters
    assert list(province.form.fields)[:5] == ["q", "year", "office", "kind", "verification"]
    staff.form.fields["kind"].widget.attrs["data-x"] = "1"
    staff.form.fields["kind"].choices = [("a", "A")]
    again = _activities(staff_a)
    assert "data-x" not in again.form.fields["kind"].widget.attrs
    assert len(list(again.form.fields["kind"].choices)) > 2
    assert type(staff.form) is type(again.form)  # built once per class and filters


def test_choices_worked_out_when_read_are_never_stale(clock, staff_a):
    years = [value for value, _label in _activities(staff_a).form.fields["year"].choices if value]
    assert years[0] == "2026"  # the clock's year (2025) and the next
    clock.shift(dt.timedelta(days=400))
    years = [value for value, _label in _activities(staff_a).form.fields["year"].choices if value]
    assert years[0] == "2027"
    assert 'value="2027"' in str(_activities(staff_a).form["year"])


def test_the_model_of_each_filter_is_the_querysets(staff_a):
    filterset = _activities(staff_a)
    assert {f.model for f in filterset.filters.values()} == {Activity}

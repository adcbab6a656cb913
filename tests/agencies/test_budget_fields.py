"""The optional record budget: the Rupiah form field and import cell, and the agreement form saving it."""

from decimal import Decimal

import pytest

from agencies.budget_fields import RupiahField
from agencies.resources.widgets import RupiahWidget


@pytest.mark.parametrize(
    ("typed", "amount"),
    [("15.000.000", 15_000_000), ("Rp 2.500.000,50", Decimal("2500000.50")), ("750000", 750_000), ("", None)],
)
def test_rupiah_typed_the_indonesian_way(typed, amount):
    assert RupiahField().clean(typed) == amount


def test_rupiah_refuses_words_and_negatives():
    with pytest.raises(Exception, match="Isi jumlah rupiah"):
        RupiahField().clean("lima juta")
    with pytest.raises(Exception, match="tidak boleh negatif"):
        RupiahField().clean("-5")


def test_rupiah_shown_with_thousand_dots():
    assert RupiahField().prepare_value(Decimal("15000000.00")) == "15.000.000"


@pytest.mark.parametrize(
    ("cell", "amount"),
    [
        (15000000, Decimal("15000000.00")),
        (12.5, Decimal("12.50")),
        ("Rp 15.000.000", Decimal("15000000.00")),
        ("", None),
    ],
)
def test_rupiah_import_cell(cell, amount):
    assert RupiahWidget().clean(cell) == amount


def test_rupiah_import_cell_errors():
    with pytest.raises(ValueError, match="bukan jumlah rupiah"):
        RupiahWidget().clean("seratus")
    with pytest.raises(ValueError, match="negatif"):
        RupiahWidget().clean(-1)


@pytest.mark.django_db
def test_activity_form_carries_the_budget_and_refuses_overspending(staff_a, office_a):
    from agencies.forms import ActivityForm
    from agencies.models import Activity
    from tests.agencies.test_forms import _activity_data

    data = _activity_data(budget_ceiling="15.000.000", budget_spent="12.450.000", budget_line="5227.QDC.521211")
    form = ActivityForm(data, instance=Activity(office=office_a), user=staff_a, office=office_a)
    assert form.is_valid(), form.errors
    values = form.data_for_service()
    assert (values["budget_ceiling"], values["budget_spent"], values["budget_line"]) == (
        15_000_000,
        12_450_000,
        "5227.QDC.521211",
    )
    over = ActivityForm(
        _activity_data(budget_ceiling="1.000", budget_spent="2.000"),
        instance=Activity(office=office_a),
        user=staff_a,
        office=office_a,
    )
    assert not over.is_valid() and "melebihi pagu" in str(over.errors["budget_spent"])

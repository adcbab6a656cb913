"""A record is validated without asking the database what it already told us: the date-order constraint is
compared in Python, and a foreign key whose object was read from the database is not read again. Bad data is
still refused, through the forms and through the services alike."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import models
from django.db.migrations.state import ModelState

from agencies import services
from agencies.models import Activity, Agreement, Office
from tests.factories import ActivityFactory, AgreementFactory, PartnerFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 6, 10)
DATES = [(DAY, DAY), (DAY, DAY - dt.timedelta(days=1)), (DAY, DAY + dt.timedelta(days=1)), (None, DAY), (DAY, None)]


def _outcome(check, model, obj, exclude=None):
    try:
        check(model, obj, exclude=exclude)
    except ValidationError as exc:
        return exc.messages, exc.code
    return None


@pytest.mark.parametrize("model", [Activity, Agreement])
def test_the_date_order_is_checked_in_python_like_the_database_would(model, django_assert_num_queries):
    constraint = model._meta.constraints[0]
    sql = models.CheckConstraint(
        condition=constraint.condition,
        name=constraint.name,
        violation_error_message=constraint.violation_error_message,
    )
    for start, end in DATES:
        obj = model(start_date=start, end_date=end)
        expected = _outcome(sql.validate, model, obj)  # Django's own check: a query
        with django_assert_num_queries(0):
            assert _outcome(constraint.validate, model, obj) == expected, (start, end)
    reversed_ = model(start_date=DAY, end_date=DAY - dt.timedelta(days=1))
    assert _outcome(constraint.validate, model, reversed_) is not None
    assert _outcome(constraint.validate, model, reversed_, exclude={"end_date"}) is None


def test_migrations_see_the_plain_check_constraint():
    for model in (Activity, Agreement):
        (constraint,) = ModelState.from_model(model).options["constraints"]
        assert constraint.deconstruct()[0] == "django.db.models.CheckConstraint"
    call_command("makemigrations", "agencies", check=True, dry_run=True, verbosity=0)


def test_foreign_keys_read_with_the_record_are_not_read_again(office_a, staff_a, django_assert_num_queries):
    agreement = AgreementFactory(office=office_a)
    activity = ActivityFactory(office=office_a, agreement=agreement, created_by=staff_a)
    loaded = Activity.objects.select_related("office", "agreement__office", "created_by").get(pk=activity.pk)
    with django_assert_num_queries(0):
        loaded.full_clean()


def test_foreign_keys_set_by_number_or_to_an_unsaved_object_are_still_checked(office_a):
    activity = ActivityFactory(office=office_a)
    activity.agreement_id = 999_999
    with pytest.raises(ValidationError) as exc:
        activity.full_clean()
    assert "agreement" in exc.value.message_dict
    activity = Activity.objects.select_related("office").get(pk=activity.pk)
    activity.office = Office(pk=999_999, code="99.99", region_name="Entah")
    with pytest.raises(ValidationError) as exc:
        activity.full_clean()
    assert "office" in exc.value.message_dict


def test_the_services_still_refuse_bad_data(staff_a, office_a, office_b):
    partner = PartnerFactory()
    activity = ActivityFactory(office=office_a, partners=[partner], start_date=DAY, end_date=DAY)
    foreign = Agreement.objects.select_related("office").get(pk=AgreementFactory(office=office_b).pk)
    bad = [
        ({"end_date": DAY - dt.timedelta(days=1)}, "end_date"),
        ({"agreement_id": 999_999}, "agreement"),
        ({"agreement": foreign}, "agreement"),  # read from the database, but another office's
    ]
    for data, field in bad:
        record = Activity.objects.select_related("office", "agreement", "created_by").get(pk=activity.pk)
        with pytest.raises(ValidationError) as exc:
            services.activity_update(user=staff_a, activity=record, data=data, partners=[partner], expected_version=1)
        assert field in exc.value.message_dict, data
    activity.refresh_from_db()
    assert (activity.version, activity.end_date, activity.agreement_id) == (1, DAY, None)

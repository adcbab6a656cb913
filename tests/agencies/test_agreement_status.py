import datetime as dt

import pytest

from agencies.choices import AgreementStatus as S
from agencies.models import Agreement
from tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db

START = dt.date(2025, 1, 1)
END = dt.date(2025, 12, 31)


def _sql_status(agreement, today):
    return Agreement.objects.with_status(today).get(pk=agreement.pk).computed_status


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (START - dt.timedelta(days=1), S.NOT_YET_VALID),
        (START, S.ACTIVE),
        (END - dt.timedelta(days=91), S.ACTIVE),
        (END - dt.timedelta(days=90), S.EXPIRING),
        (END, S.EXPIRING),
        (END + dt.timedelta(days=1), S.EXPIRED),
    ],
)
def test_status_on_boundary_days(today, expected):
    agreement = AgreementFactory(start_date=START, end_date=END)
    assert agreement.status(today) == expected
    assert _sql_status(agreement, today) == expected


def test_open_ended_agreement_never_expires():
    agreement = AgreementFactory(start_date=START, end_date=None)
    for today in (START, dt.date(2040, 1, 1)):
        assert agreement.status(today) == S.ACTIVE
        assert _sql_status(agreement, today) == S.ACTIVE


def test_terminated_from_its_termination_day():
    agreement = AgreementFactory(
        start_date=START, end_date=END, terminated_on=dt.date(2025, 6, 1), termination_reason="Mitra dibubarkan"
    )
    assert agreement.status(dt.date(2025, 5, 31)) == S.ACTIVE
    assert agreement.status(dt.date(2025, 6, 1)) == S.TERMINATED
    assert _sql_status(agreement, dt.date(2025, 6, 1)) == S.TERMINATED
    assert agreement.get_status_display(dt.date(2025, 6, 1)) == "Diakhiri"


def test_active_between_counts_any_overlapping_day():
    ends_first_day = AgreementFactory(start_date=dt.date(2024, 1, 1), end_date=dt.date(2025, 1, 1))
    ends_before = AgreementFactory(start_date=dt.date(2024, 1, 1), end_date=dt.date(2024, 12, 31))
    starts_last_day = AgreementFactory(start_date=dt.date(2025, 12, 31), end_date=None)
    active = set(Agreement.objects.active_between(dt.date(2025, 1, 1), dt.date(2025, 12, 31)))
    assert active == {ends_first_day, starts_last_day}
    assert ends_before not in active


def _in_force_days(agreement, days):
    """The days on which the SQL rule and the model rule both say "in force" (they must agree)."""
    sql = {day for day in days if Agreement.objects.active(on=day).filter(pk=agreement.pk).exists()}
    assert sql == {day for day in days if agreement.is_in_force(day)}
    return sql


def test_terminated_on_its_start_day_is_never_in_force():
    # The audit's example: starts and is terminated on 10 June 2024.
    day = dt.date(2024, 6, 10)
    agreement = AgreementFactory(start_date=day, end_date=None, terminated_on=day, termination_reason="Batal")
    assert not Agreement.objects.active_between(dt.date(2024, 1, 1), dt.date(2024, 12, 31)).exists()
    assert not Agreement.objects.active_between(day, day).exists()
    assert _in_force_days(agreement, [day - dt.timedelta(days=1), day, day + dt.timedelta(days=1)]) == set()
    # It will never be in force: the badge says "Diakhiri" even before its start date.
    for today in (day - dt.timedelta(days=1), day):
        assert agreement.status(today) == S.TERMINATED
        assert _sql_status(agreement, today) == S.TERMINATED


def test_termination_boundaries_of_a_period():
    q1_start, q1_end = dt.date(2024, 1, 1), dt.date(2024, 3, 31)
    on_last_day = AgreementFactory(
        start_date=dt.date(2023, 6, 1), end_date=None, terminated_on=q1_end, termination_reason="Diakhiri"
    )
    on_first_day = AgreementFactory(
        start_date=dt.date(2023, 6, 1), end_date=None, terminated_on=q1_start, termination_reason="Diakhiri"
    )
    day_after_start = AgreementFactory(
        start_date=q1_start, end_date=None, terminated_on=q1_start + dt.timedelta(days=1), termination_reason="x"
    )
    ends_on_period_start = AgreementFactory(start_date=dt.date(2023, 1, 1), end_date=q1_start)
    in_q1 = set(Agreement.objects.active_between(q1_start, q1_end))
    # Terminated on the last day: in force until 30 March. Terminated on the first day: never in the period.
    # Terminated the day after its start: in force on that one day. Ending on the first day: in force that day.
    assert in_q1 == {on_last_day, day_after_start, ends_on_period_start}
    assert _in_force_days(on_last_day, [q1_end - dt.timedelta(days=1), q1_end]) == {q1_end - dt.timedelta(days=1)}
    assert _in_force_days(day_after_start, [q1_start, q1_start + dt.timedelta(days=1)]) == {q1_start}
    assert not Agreement.objects.active_between(q1_end, q1_end).filter(pk=on_last_day.pk).exists()
    assert on_first_day.status(q1_start) == S.TERMINATED

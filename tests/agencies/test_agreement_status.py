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

"""Demo LAKIP targets: every unit and indicator of the previous and the current year, capaian shown."""

import datetime as dt

import pytest
from django.core.management import call_command

from agencies import demo
from agencies.models import Office
from reports.lakip import demo as lakip_demo
from reports.lakip import selectors as lakip
from reports.models import ManualRealisation, PerformanceIndicator, PerformanceTarget

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 28)


def test_seeded_targets_cover_every_unit_and_give_capaian():
    demo.seed(seed=3, scale=0.1, today=TODAY)
    created = lakip_demo.seed_targets(seed=3, today=TODAY)
    indicators = PerformanceIndicator.objects.filter(is_active=True).count()
    assert created == PerformanceTarget.objects.count() == 2 * 28 * indicators
    assert set(PerformanceTarget.objects.values_list("year", flat=True)) == {2025, 2026}
    assert not PerformanceTarget.objects.filter(q1__isnull=True).exists()
    report = lakip.unit_report(2025, Office.objects.get(code="32.76"), today=TODAY)
    assert all(result.capaian is not None for result in report.results)
    # Flow targets add up over the quarters; percentages repeat the yearly target.
    for target in PerformanceTarget.objects.filter(indicator__code="IK-03"):
        assert target.q1 + target.q2 + target.q3 + target.q4 == target.yearly
    for target in PerformanceTarget.objects.filter(indicator__unit="%"):
        assert target.q1 == target.q4 == target.yearly
    # Manual values only for quarters already past (2026: TW I–IV have started by 28 November).
    assert ManualRealisation.objects.filter(year=2026).values("quarter").distinct().count() == 4
    assert lakip_demo.seed_targets(seed=3, today=TODAY) == 0  # idempotent


def test_seed_demo_command_seeds_targets(settings):
    settings.DEBUG = True
    call_command("seed_demo", "--scale", "0.02")
    assert PerformanceTarget.objects.exists()

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from agencies import services
from agencies.models import Activity, Agreement, Evidence
from tests.factories import ActivityFactory, AgreementFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def test_agreement_end_before_start_refused_by_database(office_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.create(
            office=office_a, kind="pks", title="x", start_date=dt.date(2025, 5, 1), end_date=dt.date(2025, 4, 30)
        )


def test_agreement_end_before_start_gives_indonesian_message(staff_a, office_a):
    with pytest.raises(ValidationError) as exc:
        services.agreement_create(
            user=staff_a,
            office=office_a,
            data={"kind": "pks", "title": "PKS", "start_date": dt.date(2025, 5, 1), "end_date": dt.date(2025, 4, 30)},
            partners=[PartnerFactory()],
        )
    assert "tidak boleh sebelum" in " ".join(exc.value.message_dict["end_date"])
    assert not Agreement.objects.exists()


def test_activity_end_before_start_refused_by_database(office_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.create(
            office=office_a,
            title="x",
            kind="fgd",
            stage="campaign",
            start_date=dt.date(2025, 5, 2),
            end_date=dt.date(2025, 5, 1),
        )


def test_future_activity_refused(staff_a, office_a):
    tomorrow = dt.date.today() + dt.timedelta(days=2)
    with pytest.raises(ValidationError) as exc:
        services.activity_create(
            user=staff_a,
            office=office_a,
            data={"title": "FGD", "kind": "fgd", "stage": "campaign", "start_date": tomorrow, "end_date": tomorrow},
            partners=[PartnerFactory()],
        )
    assert "masa depan" in exc.value.message_dict["end_date"][0]


def test_activity_without_partner_refused(staff_a, office_a):
    with pytest.raises(ValidationError) as exc:
        services.activity_create(
            user=staff_a,
            office=office_a,
            data={
                "title": "FGD",
                "kind": "fgd",
                "stage": "campaign",
                "start_date": dt.date(2025, 1, 1),
                "end_date": dt.date(2025, 1, 1),
            },
            partners=[],
        )
    assert "partners" in exc.value.message_dict
    assert not Activity.objects.exists()


def test_activity_cannot_cite_another_office_agreement(office_a, office_b):
    foreign = AgreementFactory(office=office_b)
    activity = ActivityFactory.build(office=office_a, agreement=foreign)
    with pytest.raises(ValidationError) as exc:
        activity.full_clean(exclude=["partners"])
    assert "agreement" in exc.value.message_dict


def test_evidence_needs_exactly_one_parent(office_a):
    activity = ActivityFactory()
    agreement = AgreementFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.create(
            office=office_a,
            activity=activity,
            agreement=agreement,
            kind="photo",
            file="x.png",
            original_name="x.png",
            size=1,
            content_type="image/png",
            sha256="0" * 64,
        )

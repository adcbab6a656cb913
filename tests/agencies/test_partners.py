import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from agencies import services
from agencies.choices import PartnerCategory
from agencies.models import Partner, normalise_name
from agencies.models.partners import ACCREDITATION_ORDER
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "variant",
    ["universitas padjadjaran", "  Universitas   Padjadjaran. ", "UNIVERSITAS PADJADJARAN", "Universitas-Padjadjaran"],
)
def test_normalised_name_matches_variants(variant):
    assert normalise_name(variant) == normalise_name("Universitas Padjadjaran")


def test_duplicate_partner_refused_with_existing_name(staff_b, office_a):
    PartnerFactory(name="Universitas Padjadjaran", registered_by=office_a)
    with pytest.raises(ValidationError) as exc:
        services.partner_create(
            user=staff_b, data={"name": "universitas  PADJADJARAN!", "category": PartnerCategory.UNIVERSITY}
        )
    message = exc.value.message_dict["name"][0]
    assert "“Universitas Padjadjaran”" in message
    assert "Bawaslu Kota Depok" in message
    assert Partner.objects.count() == 1


def test_database_refuses_duplicate_key_even_without_validation(office_a):
    PartnerFactory(name="KIPP Kota Depok")
    with pytest.raises(IntegrityError):
        Partner.objects.create(name="kipp kota depok", category="monitoring_org", registered_by=office_a)


def test_accreditation_number_only_for_monitoring_organisations(staff_a):
    with pytest.raises(ValidationError) as exc:
        services.partner_create(
            user=staff_a, data={"name": "Radar Depok", "category": PartnerCategory.MEDIA, "accreditation_number": "12"}
        )
    assert "accreditation_number" in exc.value.message_dict


def test_partner_registered_by_the_staff_office(staff_a, office_a):
    partner = services.partner_create(user=staff_a, data={"name": "JPPR Kota Depok", "category": "monitoring_org"})
    assert partner.registered_by == office_a
    assert partner.name_key == "jppr kota depok"


def _monitoring(**accreditation):
    return PartnerFactory(category=PartnerCategory.MONITORING_ORG, **accreditation)


MISSING = {"accreditation_number": "", "accredited_from": None, "accredited_until": None}


def test_accreditation_rule_model_and_queryset_agree():
    valid = _monitoring(accredited_from=dt.date(2023, 1, 1), accredited_until=dt.date(2024, 12, 31))
    expired = _monitoring(accredited_from=dt.date(2019, 1, 1), accredited_until=dt.date(2023, 12, 31))
    missing = _monitoring(**MISSING)
    number_only = _monitoring(accreditation_number="9/PP", accredited_from=None, accredited_until=None)
    university = PartnerFactory(category=PartnerCategory.UNIVERSITY)
    day = dt.date(2024, 1, 1)
    assert set(Partner.objects.accredited(on=day)) == {valid}
    for partner in (valid, expired, missing, number_only, university):
        assert partner.is_accredited_on(day) == (partner == valid)
    # Both boundary days count.
    assert valid.is_accredited_on(dt.date(2023, 1, 1)) and valid.is_accredited_on(dt.date(2024, 12, 31))
    assert set(Partner.objects.accredited_between(dt.date(2023, 12, 31), dt.date(2023, 12, 31))) == {valid, expired}


def test_accreditation_fields_are_validated_together():
    partner = _monitoring(**MISSING)
    partner.accreditation_number = "12/PP.02/K1/2023"
    with pytest.raises(ValidationError) as error:
        partner.full_clean()
    assert set(error.value.message_dict) == {"accredited_from", "accredited_until"}
    partner.accredited_from, partner.accredited_until = dt.date(2024, 1, 2), dt.date(2024, 1, 1)
    with pytest.raises(ValidationError) as error:
        partner.full_clean()
    assert error.value.message_dict["accredited_until"] == [ACCREDITATION_ORDER]
    partner.accredited_until = dt.date(2024, 1, 2)
    partner.full_clean()


def test_accreditation_warning_for_monitoring_orgs_only():
    today = timezone.localdate()
    assert "belum lengkap" in _monitoring(**MISSING).accreditation_warning
    past = _monitoring(accredited_from=today - dt.timedelta(days=400), accredited_until=today - dt.timedelta(days=1))
    assert "sudah berakhir" in past.accreditation_warning
    assert _monitoring(accredited_from=today, accredited_until=today).accreditation_warning == ""
    assert PartnerFactory(category=PartnerCategory.UNIVERSITY).accreditation_warning == ""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from agencies import services
from agencies.choices import PartnerCategory
from agencies.models import Partner, normalise_name
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

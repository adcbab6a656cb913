"""factory_boy factories for the Hubal models."""

import datetime as dt

import factory
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from agencies.choices import ActivityKind, AgreementKind, ElectionStage, FocusArea, PartnerCategory, Role
from agencies.models import Activity, Agreement, Evidence, Office, Partner, User


def office(code: str) -> Office:
    return Office.objects.get(code=code)


TEST_PASSWORD = "rahasia-uji-123"
_HASH_CACHE: dict[str, str] = {}


def _hashed_test_password() -> str:
    if "hash" not in _HASH_CACHE:
        _HASH_CACHE["hash"] = make_password(TEST_PASSWORD)
    return _HASH_CACHE["hash"]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"pengguna{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    role = Role.STAFF
    office = factory.LazyFunction(lambda: office("32.76"))
    password = factory.LazyFunction(lambda: _hashed_test_password())


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Lembaga Mitra Uji {n}")
    category = PartnerCategory.UNIVERSITY
    registered_by = factory.LazyFunction(lambda: office("32.76"))
    # Monitoring organisations are accredited for a long period unless a test says otherwise
    # (pass accreditation_number="", accredited_from=None, accredited_until=None for a missing one).
    accreditation_number = factory.LazyAttribute(
        lambda p: "001/PP.02/K1/2023" if p.category == PartnerCategory.MONITORING_ORG else ""
    )
    accredited_from = factory.LazyAttribute(
        lambda p: dt.date(2000, 1, 1) if p.category == PartnerCategory.MONITORING_ORG else None
    )
    accredited_until = factory.LazyAttribute(
        lambda p: dt.date(2099, 12, 31) if p.category == PartnerCategory.MONITORING_ORG else None
    )


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    office = factory.LazyFunction(lambda: office("32.76"))
    kind = AgreementKind.PKS
    title = factory.Sequence(lambda n: f"Perjanjian Kerja Sama Uji {n}")
    focus_areas = factory.LazyFunction(lambda: [FocusArea.PREVENTION])
    start_date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))
    end_date = factory.LazyAttribute(lambda a: a.start_date + dt.timedelta(days=730))

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if create:
            self.partners.set(extracted if extracted is not None else [PartnerFactory()])


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity
        skip_postgeneration_save = True

    office = factory.LazyFunction(lambda: office("32.76"))
    title = factory.Sequence(lambda n: f"Rapat koordinasi uji {n}")
    kind = ActivityKind.COORDINATION
    start_date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=3))
    end_date = factory.LazyAttribute(lambda a: a.start_date)
    stage = ElectionStage.CAMPAIGN
    focus_areas = factory.LazyFunction(lambda: [FocusArea.PREVENTION])

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if create:
            self.partners.set(extracted if extracted is not None else [PartnerFactory()])


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    activity = factory.SubFactory(ActivityFactory)
    office = factory.LazyAttribute(lambda e: (e.activity or e.agreement).office)
    kind = "photo"
    file = "evidence/test/contoh.png"
    original_name = "foto.png"
    size = 100
    content_type = "image/png"
    sha256 = "0" * 64

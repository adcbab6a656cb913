"""Partners by spreadsheet: keyed by the normalised name, province-wide."""

from __future__ import annotations

from ..choices import PartnerCategory, PartnerLevel
from ..models import Partner, normalise_name
from .base import HubalResource, column_field
from .widgets import ChoiceWidget, DateWidget, TextWidget


class PartnerResource(HubalResource):
    required_columns = ("Nama lembaga", "Kategori")
    key_fields = ("name",)
    label_field = "name"

    name = column_field("name", "Nama lembaga", TextWidget(required=True, max_length=200))
    acronym = column_field("acronym", "Singkatan", TextWidget(max_length=40))
    category = column_field("category", "Kategori", ChoiceWidget(PartnerCategory))
    level = column_field("level", "Tingkat", ChoiceWidget(PartnerLevel, default=PartnerLevel.LOCAL))
    address = column_field("address", "Alamat", TextWidget(max_length=500))
    phone = column_field("phone", "Telepon", TextWidget(max_length=40))
    email = column_field("email", "E-mail", TextWidget(max_length=254))
    website = column_field("website", "Situs web", TextWidget(max_length=200))
    contact_name = column_field("contact_name", "Narahubung", TextWidget(max_length=120))
    contact_position = column_field("contact_position", "Jabatan narahubung", TextWidget(max_length=120))
    contact_phone = column_field("contact_phone", "Telepon narahubung", TextWidget(max_length=40))
    accreditation_number = column_field("accreditation_number", "Nomor akreditasi pemantau", TextWidget(max_length=80))
    accredited_from = column_field("accredited_from", "Akreditasi berlaku dari", DateWidget())
    accredited_until = column_field("accredited_until", "Akreditasi berlaku sampai", DateWidget())

    class Meta:
        model = Partner
        # The declared fields, in template order.
        fields = ["name", "acronym", "category", "level", "address", "phone", "email", "website", "contact_name", "contact_position", "contact_phone", "accreditation_number", "accredited_from", "accredited_until"]  # fmt: skip
        import_id_fields = ("name",)

    def get_queryset(self):
        return Partner.objects.all()

    def init_instance(self, row=None):
        return Partner(registered_by=self.office, home_office=self.office)

    def key_of(self, values: dict) -> tuple:
        return (normalise_name(values["name"]),)

    def lookup(self, values: dict):
        key = normalise_name(values["name"])
        return (
            Partner.objects.filter(name_key=key).first()
            or Partner.objects.filter(aliases__name_key=key).first()  # a merged duplicate's name
        )

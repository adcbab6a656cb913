import pytest

from agencies.models import Office
from agencies.offices import REGENCIES_AND_CITIES

pytestmark = pytest.mark.django_db


def test_data_migration_creates_the_28_offices():
    assert Office.objects.count() == 28
    province = Office.objects.get(code="32")
    assert province.name == "Bawaslu Provinsi Jawa Barat"
    assert province.parent is None
    assert Office.objects.filter(parent=province).count() == 27


@pytest.mark.parametrize(
    ("code", "name", "label"),
    [
        ("32.01", "Bawaslu Kabupaten Bogor", "Kabupaten Bogor"),
        ("32.71", "Bawaslu Kota Bogor", "Kota Bogor"),
        ("32.76", "Bawaslu Kota Depok", "Kota Depok"),
        ("32.17", "Bawaslu Kabupaten Bandung Barat", "Kabupaten Bandung Barat"),
        ("32.18", "Bawaslu Kabupaten Pangandaran", "Kabupaten Pangandaran"),
        ("32.79", "Bawaslu Kota Banjar", "Kota Banjar"),
    ],
)
def test_office_names_always_carry_the_kind(code, name, label):
    office = Office.objects.get(code=code)
    assert office.name == name
    assert office.region_label == label


def test_every_domain_code_is_present_with_its_kind():
    codes = dict(Office.objects.values_list("code", "kind"))
    assert len(REGENCIES_AND_CITIES) == 27
    for code, kind, _region in REGENCIES_AND_CITIES:
        assert codes[code] == kind
    assert sum(1 for k in codes.values() if k == "kabupaten") == 18
    assert sum(1 for k in codes.values() if k == "kota") == 9
    # Six names exist as both a regency and a city; the display names stay distinct.
    assert Office.objects.values("name").distinct().count() == 28

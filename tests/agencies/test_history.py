import pytest

from agencies import services
from tests.factories import ActivityFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def test_history_rows_on_create_change_and_delete(staff_a, office_a):
    activity = ActivityFactory(office=office_a, title="Awal")
    services.activity_update(user=staff_a, activity=activity, data={"title": "Sesudah"}, expected_version=1)
    records = list(activity.history.order_by("history_id"))
    assert [r.history_type for r in records][:2] == ["+", "~"]
    assert records[-1].title == "Sesudah"
    delta = records[-1].diff_against(records[0])
    assert "title" in delta.changed_fields
    pk = activity.pk
    activity.delete()
    assert activity.history.model.objects.filter(id=pk, history_type="-").exists()


def test_partner_history_records_who(staff_a):
    partner = PartnerFactory()
    partner._history_user = staff_a
    partner.phone = "021-1234"
    partner.save()
    assert partner.history.first().history_user == staff_a

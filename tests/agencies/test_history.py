import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agencies import services
from agencies.models import Activity
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


def test_each_history_row_keeps_the_partner_links_of_its_moment(staff_a, office_a):
    # RecordHistory reads the links in one query of the link table, without rebuilding the record first.
    old, new = PartnerFactory(), PartnerFactory()
    activity = ActivityFactory(office=office_a, partners=[old])
    links = Activity.partners.through.objects.filter(activity=activity)
    before = set(links.values_list("id", "partner_id"))
    with CaptureQueriesContext(connection) as queries:
        services.activity_update(
            user=staff_a, activity=activity, data={"title": "Baru"}, partners=[new], expected_version=1
        )
    assert not [q["sql"] for q in queries if q["sql"].startswith("SELECT") and "import_batch_id" in q["sql"]]
    saved, *relinked = activity.history.filter(history_type="~").order_by("history_id")
    assert set(saved.partners.values_list("id", "partner_id")) == before  # the save, before the links changed
    assert set(relinked[-1].partners.values_list("id", "partner_id")) == set(links.values_list("id", "partner_id"))
    assert {p for _id, p in set(links.values_list("id", "partner_id"))} == {new.pk}

"""accounts.backends.ModelBackend: the signed-in user comes with their office in one query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.backends import ModelBackend


@pytest.mark.django_db
def test_the_user_comes_with_the_office(staff_a, django_assert_num_queries):
    with django_assert_num_queries(1):
        user = ModelBackend().get_user(staff_a.pk)
        assert user.office.code == staff_a.office.code


@pytest.mark.django_db
def test_an_inactive_or_missing_user_is_nobody(staff_a):
    staff_a.is_active = False
    staff_a.save(update_fields=["is_active"])
    assert ModelBackend().get_user(staff_a.pk) is None
    assert ModelBackend().get_user(999_999) is None


@pytest.mark.django_db
def test_a_signed_in_page_shows_the_office_without_a_query_of_its_own(client_a, staff_a):
    with CaptureQueriesContext(connection) as ctx:
        response = client_a.get("/kegiatan/")
    assert response.status_code == 200 and staff_a.office.name in response.content.decode()
    assert [q for q in ctx.captured_queries if q["sql"].startswith('SELECT "agencies_office"')] == []

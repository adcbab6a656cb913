"""accounts/user_cache.py: with a shared cache, the signed-in user is read from the cache, and every change of the
user or their office is seen by the very next request (never a stale role, office, password or active flag)."""

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import user_cache
from accounts.backends import ModelBackend
from agencies.choices import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _user_cache_on(settings):
    settings.HUBAL_USER_CACHE_SECONDS = 300  # as with Redis (the tests' local-memory cache is one process)


def _user_queries(client, url="/kegiatan/"):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response, [q["sql"] for q in ctx.captured_queries if 'FROM "agencies_user"' in q["sql"]]


def test_the_second_request_reads_the_user_from_the_cache(client_a, staff_a):
    first, queries = _user_queries(client_a)
    assert first.status_code == 200 and len(queries) == 1
    second, queries = _user_queries(client_a)
    assert second.status_code == 200 and queries == []
    assert staff_a.office.name in second.content.decode()


def test_the_cached_user_comes_with_the_office_and_nothing_else(staff_a, django_assert_num_queries):
    ModelBackend().get_user(staff_a.pk)
    with django_assert_num_queries(0):
        user = ModelBackend().get_user(staff_a.pk)
        assert user == staff_a and user.office.code == staff_a.office.code
        assert not hasattr(user, "_perm_cache")
    user.has_perm("agencies.view_activity")  # fills the permission cache of this copy only
    assert not hasattr(ModelBackend().get_user(staff_a.pk), "_perm_cache")


def test_off_without_a_shared_cache(settings, client_a):
    settings.HUBAL_USER_CACHE_SECONDS = 0
    _user_queries(client_a)
    assert len(_user_queries(client_a)[1]) == 1
    assert cache.get(user_cache.user_key(client_a.session["_auth_user_id"])) is None


def test_a_deactivated_user_is_signed_out_at_the_next_request(client_a, staff_a):
    _user_queries(client_a)
    staff_a.is_active = False
    staff_a.save()
    response = client_a.get("/kegiatan/")
    assert response.status_code == 302 and "/masuk/" in response["Location"]


def test_a_new_role_counts_at_the_next_request(settings, client_a, staff_a, province):
    settings.HUBAL_MFA_REQUIRED_ROLES = []  # the role alone decides here, not the second step of signing in
    assert client_a.get("/verifikasi/antrean/").status_code == 403
    staff_a.role, staff_a.office = Role.VERIFIER, province
    staff_a.save()
    assert client_a.get("/verifikasi/antrean/").status_code == 200


def test_a_renamed_office_shows_at_the_next_request(client_a, staff_a):
    _user_queries(client_a)
    office = staff_a.office
    office.name = "Bawaslu Kota Depok (nama baru)"
    office.save()
    assert "Bawaslu Kota Depok (nama baru)" in client_a.get("/kegiatan/").content.decode()


def test_a_changed_password_ends_the_other_sessions(client_a, staff_a):
    _user_queries(client_a)
    staff_a.set_password("kata-sandi-baru-yang-panjang")
    staff_a.save()
    response = client_a.get("/kegiatan/")
    assert response.status_code == 302 and "/masuk/" in response["Location"]


def test_a_deleted_user_is_nobody(staff_b):
    ModelBackend().get_user(staff_b.pk)
    pk = staff_b.pk
    staff_b.delete()
    assert ModelBackend().get_user(pk) is None


def test_signing_in_forgets_the_copy_with_the_old_sign_in_time(client, staff_a):
    staff_a.set_password("kata-sandi-uji-12345")
    staff_a.save()
    ModelBackend().get_user(staff_a.pk)
    response = client.post(reverse("login"), {"username": staff_a.username, "password": "kata-sandi-uji-12345"})
    assert response.status_code == 302
    staff_a.refresh_from_db()
    assert staff_a.last_login is not None
    assert ModelBackend().get_user(staff_a.pk).last_login == staff_a.last_login


def test_a_copy_cached_before_the_commit_is_forgotten_when_it_commits(staff_a, django_capture_on_commit_callbacks):
    key = user_cache.user_key(staff_a.pk)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        staff_a.first_name = "Baru"
        staff_a.save()
        assert cache.get(key) is None
        # A request outside this transaction reads the old row meanwhile and caches it.
        cache.set(key, "the old row", 300)
    assert cache.get(key) is None
    assert ModelBackend().get_user(staff_a.pk).first_name == "Baru"


def test_the_key_changes_with_the_fields_of_the_models(staff_a):
    assert user_cache.user_key(staff_a.pk).startswith(f"hubal:user:{user_cache._layout()}:")
    assert len(user_cache._layout()) == 12

"""Kelola akun: create with invitation, change, deactivate/reactivate, unlock, the role rules and the history."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts import lockouts, services
from accounts.models import UserSession
from agencies.choices import Role
from agencies.models import User
from tests.factories import UserFactory, office

pytestmark = pytest.mark.django_db


def _create(client, committed, **data):
    form = {"full_name": "Siti Rahmawati", "email": "Siti.Rahma@example.org", "office": office("32.76").pk}
    return committed(client.post, reverse("accounts:manage-create"), form | {"role": Role.STAFF} | data)


def test_verifier_creates_staff_account_with_invitation(client_verifier, verifier, committed):
    response = _create(client_verifier, committed)
    user = User.objects.get(email="siti.rahma@example.org")
    assert response["Location"] == reverse("accounts:manage-detail", args=[user.pk])
    assert (user.username, user.first_name, user.last_name) == ("siti.rahma", "Siti", "Rahmawati")
    assert user.role == Role.STAFF and user.office.code == "32.76" and not user.has_usable_password()
    assert [m.to for m in mail.outbox] == [["siti.rahma@example.org"]]
    assert "/akun/undangan/" in mail.outbox[0].body
    assert user.history.first().history_user == verifier
    assert user.history.first().history_change_reason == "Akun dibuat"


def test_verifier_cannot_create_a_verifier(client_verifier, committed):
    response = _create(client_verifier, committed, role=Role.VERIFIER, office=office("32").pk)
    assert response.status_code == 200
    assert "bukan salah satu dari pilihan" in response.content.decode()  # not among the offered roles
    assert not User.objects.filter(email="siti.rahma@example.org").exists()


def test_admin_creates_a_verifier_at_the_province_only(client_admin, committed):
    wrong = _create(client_admin, committed, role=Role.VERIFIER)
    assert "berada di Bawaslu Provinsi Jawa Barat" in wrong.content.decode()
    _create(client_admin, committed, role=Role.VERIFIER, office=office("32").pk)
    assert User.objects.get(email="siti.rahma@example.org").role == Role.VERIFIER


def test_staff_cannot_sit_at_the_province(client_verifier, committed):
    response = _create(client_verifier, committed, office=office("32").pk)
    assert "bukan di kantor provinsi" in response.content.decode()


def test_duplicate_email_is_refused(client_verifier, staff_a, committed):
    response = _create(client_verifier, committed, email=staff_a.email.upper())
    assert "sudah dipakai akun lain" in response.content.decode()


def test_username_made_unique(client_verifier, committed):
    UserFactory(username="siti.rahma", email="lain@example.org")
    _create(client_verifier, committed)
    assert User.objects.get(email="siti.rahma@example.org").username == "siti.rahma2"


def test_change_office_and_role_is_in_history(client_verifier, verifier, staff_a):
    url = reverse("accounts:manage-detail", args=[staff_a.pk])
    data = {"full_name": "Staf A", "email": staff_a.email, "office": office("32.01").pk, "role": Role.STAFF}
    assert client_verifier.post(url, data).status_code == 302
    staff_a.refresh_from_db()
    assert staff_a.office.code == "32.01"
    latest = staff_a.history.first()
    assert latest.history_user == verifier and "kantor" in latest.history_change_reason
    page = client_verifier.get(url).content.decode()
    assert "Riwayat perubahan" in page and "Verifikator" not in page.split("Riwayat perubahan")[0][-5:]


def test_nobody_raises_their_own_role(admin_user, verifier):
    admin_user.is_superuser = False  # pretend a verifier tries through the service directly
    with pytest.raises(PermissionDenied):
        services.account_update(
            actor=verifier, user=verifier, full_name="V", email=verifier.email, office=office("32"), role="admin"
        )


def test_last_active_admin_remains(admin_user):
    with pytest.raises(ValidationError, match="minimal satu administrator"):
        services.account_update(
            actor=admin_user, user=admin_user, full_name="A", email="a@x.org", office=office("32"), role=Role.VERIFIER
        )
    other = UserFactory(username="admin-2", office=office("32"), role="", is_superuser=True, is_staff=True)
    with pytest.raises(ValidationError, match="menonaktifkan akun Anda sendiri"):
        services.account_deactivate(actor=admin_user, user=admin_user)
    services.account_update(
        actor=admin_user, user=admin_user, full_name="A", email="a@x.org", office=office("32"), role=Role.VERIFIER
    )
    admin_user.refresh_from_db()
    assert not admin_user.is_superuser and admin_user.role == Role.VERIFIER
    with pytest.raises(ValidationError, match="minimal satu administrator"):
        services.account_update(
            actor=other, user=other, full_name="B", email="b@x.org", office=office("32"), role=Role.LEADER
        )


def test_deactivate_signs_out_and_reactivate(client_verifier, staff_a, client_a):
    assert UserSession.objects.filter(user=staff_a).exists()
    client_verifier.post(reverse("accounts:manage-deactivate", args=[staff_a.pk]))
    staff_a.refresh_from_db()
    assert not staff_a.is_active and not UserSession.objects.filter(user=staff_a).exists()
    assert client_a.get(reverse("home")).status_code == 302
    assert staff_a.history.first().history_change_reason == "Akun dinonaktifkan"
    client_verifier.post(reverse("accounts:manage-reactivate", args=[staff_a.pk]))
    staff_a.refresh_from_db()
    assert staff_a.is_active


def test_verifier_cannot_touch_an_admin(verifier, admin_user):
    with pytest.raises(PermissionDenied):
        services.account_deactivate(actor=verifier, user=admin_user)


def test_lockout_shown_and_unlocked(client, client_verifier, staff_a, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": staff_a.username, "password": "salah"}, REMOTE_ADDR="10.4.4.4")
    assert lockouts.lockout_for(staff_a.username).locked
    listing = client_verifier.get(reverse("accounts:manage-list")).content.decode()
    assert "terkunci" in listing
    detail = client_verifier.get(reverse("accounts:manage-detail", args=[staff_a.pk])).content.decode()
    assert "Terkunci sampai" in detail
    client_verifier.post(reverse("accounts:manage-unlock", args=[staff_a.pk]))
    assert lockouts.lockout_for(staff_a.username) is None
    ok = client.post(
        reverse("login"), {"username": staff_a.username, "password": "rahasia-uji-123"}, REMOTE_ADDR="10.4.4.4"
    )
    assert ok.status_code == 302


def test_resend_invitation_from_detail(client_verifier, committed, office_a):
    user = UserFactory(username="tunggu", email="tunggu@example.org", office=office_a)
    user.set_unusable_password()
    user.save()
    committed(client_verifier.post, reverse("accounts:manage-invite", args=[user.pk]))
    committed(client_verifier.post, reverse("accounts:manage-invite", args=[user.pk]))
    assert len(mail.outbox) == 2
    assert user.invitations.open().count() == 1
    page = client_verifier.get(reverse("accounts:manage-detail", args=[user.pk])).content.decode()
    assert "Menunggu aktivasi" in page and "Kirim ulang undangan" in page


def test_list_filters(client_verifier, staff_a, staff_b, leader):
    page = client_verifier.get(reverse("accounts:manage-list"), {"office": office("32.01").pk}).content.decode()
    assert "staf-b" in page and "staf-a" not in page
    page = client_verifier.get(reverse("accounts:manage-list"), {"role": Role.LEADER}).content.decode()
    assert "pimpinan-uji" in page and "staf-a" not in page


def test_account_list_query_budget(client_verifier, django_assert_num_queries, office_a):
    for n in range(12):
        UserFactory(username=f"staf-uji-{n}", email=f"s{n}@example.org", office=office_a)
    client_verifier.get(reverse("accounts:manage-list"))  # warm the session
    # 1 session, 2 request.user, 3 count, 4 page of users with their office and invitation expiry (one
    # query whatever the number of rows), 5 lockouts of the page's usernames (axes), 6 offices of
    # the filter select (the signed-in user's office comes with the user) (the session is not saved on every request).
    # +1 unread inbox count (header)
    with django_assert_num_queries(7):
        response = client_verifier.get(reverse("accounts:manage-list"))
    assert response.status_code == 200
    assert response.content.decode().count("staf-uji-") >= 12

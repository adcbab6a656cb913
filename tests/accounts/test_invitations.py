"""Invitations: single use, expiring, replaced on resend, same answer for every bad token, no clear-text
password anywhere."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts import invitations
from accounts.models import Invitation, hash_token
from agencies.choices import Role
from tests.accounts.conftest import make_invited

pytestmark = pytest.mark.django_db
PASSWORD = "Situ-Patenggang-2029"
LINK = re.compile(r"http://testserver(/akun/undangan/[\w-]+/)")


@pytest.fixture
def invite(committed, verifier):
    def send(user):
        committed(invitations.invitation_send, actor=verifier, user=user, site_url="http://testserver")
        return LINK.search(mail.outbox[-1].body).group(1)

    return send


def _accept(client, link, password=PASSWORD):
    first = client.get(link)
    assert first.status_code == 302 and first["Location"] == reverse("accounts:invitation-accept")
    return client.post(first["Location"], {"new_password1": password, "new_password2": password})


def _sign_in(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR="10.3.3.3")


def test_invitation_email_and_first_sign_in(client, office_a, invite):
    user = make_invited(username="siti")
    link = invite(user)
    message = mail.outbox[0]
    assert message.to == ["baru@example.org"]
    assert message.subject.startswith("Undangan akun Hubal Jabar")
    assert "Nama pengguna : siti" in message.body and "berlaku sampai" in message.body
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert not Invitation.objects.filter(token_hash=token).exists()  # only the hash is stored
    assert Invitation.objects.filter(token_hash=hash_token(token)).exists()
    page = client.get(client.get(link)["Location"])
    assert "Selamat datang" in page.content.decode() and token not in page.content.decode()
    done = client.post(reverse("accounts:invitation-accept"), {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert done["Location"] == reverse("login")
    assert _sign_in(client, "siti").status_code == 302


def test_invitation_is_single_use(client, office_a, invite):
    user = make_invited()
    link = invite(user)
    _accept(client, link)
    again = client.get(link)
    assert again.status_code == 200
    assert "Tautan undangan tidak berlaku" in again.content.decode()
    assert Invitation.objects.get(user=user).used_at is not None


def test_invitation_expires(client, office_a, invite, settings):
    link = invite(make_invited())
    with time_machine.travel(dt.timedelta(days=settings.HUBAL_INVITATION_DAYS, minutes=1)):
        assert "Tautan undangan tidak berlaku" in client.get(link).content.decode()


def test_resend_invalidates_the_old_link(client, office_a, invite):
    user = make_invited()
    old = invite(user)
    new = invite(user)
    assert old != new
    assert "Tautan undangan tidak berlaku" in client.get(old).content.decode()
    assert _accept(client, new)["Location"] == reverse("login")


def test_bad_tokens_all_get_the_same_answer(client, office_a, invite):
    used = invite(make_invited(username="a", email="a@example.org"))
    _accept(client, used)
    revoked_user = make_invited(username="b", email="b@example.org")
    revoked = invite(revoked_user)
    invite(revoked_user)
    unknown = reverse("accounts:invitation", args=["x" * 43])
    answers = [Client().get(link) for link in (used, revoked, unknown)]  # fresh clients: no pending message
    bodies = {(r.status_code, r.content) for r in answers}
    assert len(bodies) == 1


def test_deactivated_account_cannot_use_its_invitation(client, office_a, invite):
    user = make_invited()
    link = invite(user)
    user.is_active = False
    user.save()
    assert "Tautan undangan tidak berlaku" in client.get(link).content.decode()


def test_password_set_by_reset_closes_the_invitation(client, office_a, invite):
    user = make_invited()
    link = invite(user)
    user.set_password("Lain-Sekali-2029")
    user.save()
    assert "Tautan undangan tidak berlaku" in client.get(link).content.decode()


def test_weak_password_is_refused_in_indonesian(client, office_a, invite):
    response = _accept(client, invite(make_invited()), password="12345678")
    assert response.status_code == 200
    assert "error" in response.content.decode()
    assert not Invitation.objects.filter(used_at__isnull=False).exists()


def test_cannot_invite_an_activated_account(staff_a, verifier):
    with pytest.raises(Exception, match="sudah mengatur kata sandinya"):
        invitations.invitation_send(actor=verifier, user=staff_a, site_url="http://testserver")


def test_accept_page_without_a_token_in_the_session(client):
    assert "Tautan undangan tidak berlaku" in client.get(reverse("accounts:invitation-accept")).content.decode()


def test_leader_invited_at_province(client, province, invite):
    user = make_invited(username="pimpinan-baru", code="32", role=Role.LEADER)
    assert _accept(client, invite(user))["Location"] == reverse("login")

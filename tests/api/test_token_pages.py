"""Token API pages: permission matrix (verifier and administrator only), create shows the secret once and
stores only its hash, revoke stops the token at once."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from api.models import ApiToken
from tests.conftest import _client_for
from tests.factories import UserFactory
from tests.matrix import LOGIN, check_matrix

from .conftest import make_token

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

MANAGERS_ONLY = {"anonymous": LOGIN, "own_office": 403, "other_office": 403, "verifier": 200, "leader": 403}


def _form(**overrides) -> dict:
    return {"name": "SIGAP Jabar", "office": "", "can_write": "on", "expires_on": "2026-06-16", **overrides}


def test_matrix_list_and_form(role_clients):
    check_matrix(role_clients, "get", reverse("api_tokens:list"), MANAGERS_ONLY)
    check_matrix(role_clients, "get", reverse("api_tokens:create"), MANAGERS_ONLY)


def test_matrix_create(role_clients, office_a):
    refused = {**MANAGERS_ONLY, "verifier": 200}
    check_matrix(role_clients, "post", reverse("api_tokens:create"), refused, data=_form(office=office_a.pk))
    assert ApiToken.objects.count() == 1  # only the verifier's
    assert ApiToken.objects.get().created_by.username == "verif"


def test_matrix_revoke(role_clients, verifier, office_a):
    token = make_token(creator=verifier, office=office_a, can_write=False).token
    url = reverse("api_tokens:revoke", args=[token.pk])
    check_matrix(role_clients, "post", url, {"anonymous": LOGIN, "own_office": 403, "other_office": 403, "leader": 403})
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
    check_matrix(role_clients, "post", url, {"verifier": 302})
    assert ApiToken.objects.get(pk=token.pk).revoked_by == verifier


def test_administrator_manages_tokens(client, province):
    admin = UserFactory(username="admin-uji", is_superuser=True, is_staff=True, role="", office=None)
    assert _client_for(admin).get(reverse("api_tokens:list")).status_code == 200


def test_create_shows_the_secret_once_and_stores_only_its_hash(client_verifier, office_a):
    response = client_verifier.post(reverse("api_tokens:create"), _form(office=office_a.pk))
    token = ApiToken.objects.get()
    secret = response.context["secret"]
    assert secret.startswith(f"hbl_{token.prefix}_")
    assert secret in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiToken.objects.values().get())
    assert (token.name, token.office, token.can_write) == ("SIGAP Jabar", office_a, True)
    assert token.expires_at == dt.datetime(2026, 6, 16, 16, 59, 59, tzinfo=dt.UTC)  # 23.59.59 WIB
    assert secret not in client_verifier.get(reverse("api_tokens:list")).content.decode()
    service_user = token.service_user
    assert (service_user.role, service_user.has_usable_password()) == ("", False)
    assert APIClient().get("/api/v1/offices/", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200


@pytest.mark.parametrize(
    "overrides,field,message",
    [
        ({"expires_on": "2025-06-16"}, "expires_on", "Tanggal berakhir harus setelah hari ini."),
        (
            {"expires_on": "2027-06-17"},
            "expires_on",
            "Masa berlaku paling lama dua tahun; buat token baru sebelum berakhir.",
        ),
        ({"name": "  "}, "name", "Bidang ini tidak boleh kosong."),
    ],
)
def test_create_form_errors(client_verifier, office_a, overrides, field, message):
    response = client_verifier.post(reverse("api_tokens:create"), _form(office=office_a.pk, **overrides))
    assert response.context["form"].errors[field] == [message]
    assert not ApiToken.objects.exists()


def test_revoked_token_stops_at_once_and_the_list_says_so(client_verifier, verifier, office_a):
    issued = make_token(creator=verifier, office=office_a, can_write=True)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {issued.secret}")
    assert api.get("/api/v1/offices/").status_code == 200
    client_verifier.post(reverse("api_tokens:revoke", args=[issued.token.pk]))
    assert api.get("/api/v1/offices/").status_code == 401
    page = client_verifier.get(reverse("api_tokens:list")).content.decode()
    assert "dicabut" in page and "Cabut</button>" not in page
    again = client_verifier.post(reverse("api_tokens:revoke", args=[issued.token.pk]), follow=True)
    assert "Token ini sudah dicabut." in again.content.decode()


def test_menu_shows_the_token_page_to_the_verifier_only(client_verifier, client_a, client_leader):
    url = reverse("api_tokens:list")
    assert url in client_verifier.get(reverse("home")).content.decode()
    assert url not in client_a.get(reverse("home")).content.decode()
    assert url not in client_leader.get(reverse("home")).content.decode()

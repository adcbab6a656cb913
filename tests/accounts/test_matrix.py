"""Permission matrix of every account page: anonymous, staff of office A (the account's owner side), staff of
office B, the verifier, the leader and the administrator."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

SIDES = ["anonymous", "own_office", "other_office", "verifier", "leader", "admin"]
LOGIN = "login"

# Pages of the user's own account: every signed-in role may open them; anonymous goes to sign in.
SELF_PAGES = ["accounts:profile", "accounts:password-change", "accounts:sessions"]
# Public pages of the reset and invitation paths: everyone gets them (200).
PUBLIC_PAGES = ["accounts:password-reset", "accounts:password-reset-done", "accounts:password-reset-complete"]
# Kelola akun: verifier and administrator only.
MANAGER_PAGES = [
    "accounts:manage-list",
    "accounts:manage-create",
    "accounts:onboarding",
    "accounts:onboarding-template",
]


def _status(response) -> int | str:
    if response.status_code == 302 and reverse(LOGIN) in response["Location"]:
        return LOGIN
    return response.status_code


@pytest.mark.parametrize("name", SELF_PAGES)
def test_self_pages(matrix_clients, name):
    got = {side: _status(matrix_clients[side].get(reverse(name))) for side in SIDES}
    assert got == {"anonymous": LOGIN} | dict.fromkeys(SIDES[1:], 200)


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages(matrix_clients, name):
    assert {side: matrix_clients[side].get(reverse(name)).status_code for side in SIDES} == dict.fromkeys(SIDES, 200)


@pytest.mark.parametrize("name", MANAGER_PAGES)
def test_manager_pages(matrix_clients, name):
    got = {side: _status(matrix_clients[side].get(reverse(name))) for side in SIDES}
    expected = {
        "anonymous": LOGIN,
        "own_office": 403,
        "other_office": 403,
        "verifier": 200,
        "leader": 403,
        "admin": 200,
    }
    assert got == expected


def test_account_detail_matrix(matrix_clients, staff_a, verifier):
    staff_page = reverse("accounts:manage-detail", args=[staff_a.pk])
    verifier_page = reverse("accounts:manage-detail", args=[verifier.pk])
    got = {
        side: (_status(matrix_clients[side].get(staff_page)), _status(matrix_clients[side].get(verifier_page)))
        for side in SIDES
    }
    assert got == {
        "anonymous": (LOGIN, LOGIN),
        "own_office": (403, 403),  # staff, even of the account's own office, do not manage accounts
        "other_office": (403, 403),
        "verifier": (200, 404),  # a verifier account is outside the verifier's reach
        "leader": (403, 403),
        "admin": (200, 200),
    }


@pytest.mark.parametrize(
    "action",
    ["accounts:manage-deactivate", "accounts:manage-reactivate", "accounts:manage-unlock", "accounts:manage-invite"],
)
def test_account_actions_matrix(matrix_clients, staff_a, verifier, action):
    on_staff = reverse(action, args=[staff_a.pk])
    on_verifier = reverse(action, args=[verifier.pk])
    got = {
        side: (_status(matrix_clients[side].post(on_staff)), _status(matrix_clients[side].post(on_verifier)))
        for side in SIDES
    }
    assert got == {
        "anonymous": (LOGIN, LOGIN),
        "own_office": (403, 403),
        "other_office": (403, 403),
        "verifier": (302, 404),
        "leader": (403, 403),
        "admin": (302, 302),
    }
    assert matrix_clients["admin"].get(on_staff).status_code == 405


def test_session_actions_need_post_and_sign_in(client, client_a):
    assert _status(client.post(reverse("accounts:sessions-end-others"))) == LOGIN
    assert client_a.get(reverse("accounts:sessions-end-others")).status_code == 405
    assert client_a.post(reverse("accounts:session-end", args=[999])).status_code == 302


def test_onboarding_preview_matrix(matrix_clients):
    url = reverse("accounts:onboarding-preview")
    got = {side: _status(matrix_clients[side].get(url)) for side in SIDES}
    # Managers without an upload are sent back to the upload page.
    assert got == {
        "anonymous": LOGIN,
        "own_office": 403,
        "other_office": 403,
        "verifier": 302,
        "leader": 403,
        "admin": 302,
    }

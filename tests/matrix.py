"""The permission matrix check shared by the view tests: one request per role, one expected answer each."""

from django.urls import reverse

LOGIN = "login"  # expected answer: redirect to the login page


def check_matrix(role_clients, method: str, url: str, expected: dict, data=None) -> None:
    """`expected` maps a role of `role_clients` to a status code, or LOGIN for a redirect to the login page."""
    for role, want in expected.items():
        response = getattr(role_clients[role], method)(url, data or {})
        if want == LOGIN:
            assert response.status_code == 302, role
            assert response["Location"].startswith(reverse("login")), role
        else:
            assert response.status_code == want, (role, response.status_code)

"""Error pages are in Bahasa Indonesia (Django's defaults are English)."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def production_errors(settings):
    settings.DEBUG = False


def test_404_in_indonesian(production_errors, client_b):
    response = client_b.get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


def test_403_in_indonesian(production_errors, client_leader):
    # Pimpinan reads everything and changes nothing.
    response = client_leader.post(reverse("agencies:bulk-submit"), {"kind": "activity", "ids": []})
    assert response.status_code == 403
    assert "Akses ditolak" in response.content.decode()


def test_csrf_failure_in_indonesian(production_errors, staff_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_a, backend="accounts.backends.ModelBackend")
    response = client.post(reverse("logout"))
    assert response.status_code == 403
    assert "Sesi formulir kedaluwarsa" in response.content.decode()


def test_500_template_renders_without_context():
    from django.template import loader

    html = loader.get_template("500.html").render({})
    assert "Terjadi kesalahan pada server" in html

"""`{% page_header %}` (agencies/page_header.py) prints templates/includes/page_header.html in Python: on real pages,
for every role and state of the header (unread counts, the current menu entry, the search box, the guide, an
administrator without office or role, names that need escaping), both must give the same bytes."""

from __future__ import annotations

import pytest
from django.template import engines
from django.test import Client
from django.urls import reverse, set_script_prefix

from agencies.choices import NotificationTopic, Role
from agencies.models import Notification
from agencies.page_header import page_header
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REFERENCE = engines["django"].from_string('{% include "includes/page_header.html" %}')
TAG = engines["django"].from_string("{% page_header %}")


def _headers(response) -> tuple[str, str]:
    """The header as the reference template and as the tag print it, from the context the page was rendered with."""
    context = {}
    for layer in reversed(list(response.context.dicts if hasattr(response.context, "dicts") else [])):
        context.update(layer)
    if not context:  # several templates rendered: the ContextList holds each one's context
        for ctx in response.context:
            for layer in ctx.dicts:
                context.update(layer)
    request = context["request"]
    reference = REFERENCE.render(context, request)
    tag = TAG.render(context, request)
    return reference, tag


def _unread(user, count: int) -> None:
    Notification.objects.bulk_create(
        Notification(recipient=user, topic=NotificationTopic.VERIFIED, message=f"Pesan {n}", url="/")
        for n in range(count)
    )


def _same_header(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    reference, tag = _headers(response)
    assert tag == reference, url
    assert tag in response.content.decode()  # the page shows what the tag prints
    return tag


@pytest.mark.parametrize("unread", [0, 5, 150])
def test_staff_pages(client_a, staff_a, unread):
    _unread(staff_a, unread)
    for url in ("/", "/kegiatan/", "/mitra/", reverse("agencies:inbox"), reverse("agencies:guide")):
        html = _same_header(client_a, url)
    assert ("99+" in html) == (unread > 99)


def test_verifier_and_leader(client_verifier, client_leader):
    assert "Kelola akun" in _same_header(client_verifier, reverse("agencies:verification-queue"))
    assert "Kelola akun" not in _same_header(client_leader, reverse("reports:ranking"))


def test_search_box_keeps_the_query_escaped(client_a):
    html = _same_header(client_a, reverse("agencies:search") + "?q=%3Cb%3E%22Bawaslu%22+%26+co")
    assert 'value="&lt;b&gt;&quot;Bawaslu&quot; &amp; co"' in html


def test_names_are_escaped_and_an_administrator_has_no_office(office_a):
    admin = UserFactory(username="admin-uji", role="", office=None, is_superuser=True, is_staff=True)
    admin.first_name, admin.last_name = "<Adi>", "& Co"
    admin.save()
    client = Client()
    client.force_login(admin, backend="accounts.backends.ModelBackend")
    html = _same_header(client, reverse("agencies:guide"))
    assert "&lt;Adi&gt; &amp; Co" in html and "Tanpa kantor · Administrator" in html and ">Admin</a>" in html
    staff = UserFactory(username="staf-tanpa-nama", role=Role.STAFF, office=office_a, first_name="", last_name="")
    client.force_login(staff, backend="accounts.backends.ModelBackend")
    assert "staf-tanpa-nama" in _same_header(client, "/kegiatan/")


def test_signed_out_pages(client):
    html = _same_header(client, reverse("login"))
    assert "userbox" not in html and "mainnav" not in html


def test_under_a_script_prefix(rf, staff_a):
    request = rf.get("/")
    request.user, request.resolver_match = staff_a, None
    context = {"user": staff_a, "request": request, "main_menu": [], "csrf_token": "t" * 64}
    set_script_prefix("/hubal/")
    try:
        tag, reference = TAG.render(context, request), REFERENCE.render(context, request)
    finally:
        set_script_prefix("/")
    assert tag == reference and 'href="/hubal/"' in tag
    assert page_header(context) == TAG.render(context, request)

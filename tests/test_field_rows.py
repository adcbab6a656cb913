"""`{% field_row %}` (hubal/form_renderer.py) renders templates/includes/field.html in Python: its output must be the
template's, character for character, on the portal's forms (errors, help texts, required marks, checkbox lists,
escaping), and the pages that now use it must be the pages the template made."""

from __future__ import annotations

import re
from copy import deepcopy
from pathlib import Path

import pytest
from django import forms
from django.conf import settings as django_settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from accounts.forms import PasswordChangeForm, ProfileForm
from agencies.forms import ActivityForm, AgreementForm, EvidenceBatchForm, PartnerForm
from agencies.models import Activity, Agreement, Partner
from hubal.form_renderer import field_row
from tests.factories import ActivityFactory, AgreementFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def _template(field) -> str:
    return render_to_string("includes/field.html", {"field": field})


def _same_rows(form: forms.BaseForm) -> None:
    for field in form:
        assert field_row(field) == _template(field), field.name


class EdgeCases(forms.Form):
    plain = forms.CharField(label='Nama "lembaga" <mitra> & co', help_text="Bantuan <b>tebal</b> & lain")
    safe = forms.CharField(required=False, label=mark_safe("<em>aman</em>"), help_text=mark_safe("<i>aman</i>"))
    boxes = forms.MultipleChoiceField(choices=[("a", "A & B"), ("b", "C")], widget=forms.CheckboxSelectMultiple)
    blank = forms.CharField(required=False, label="")
    number = forms.IntegerField(min_value=0)


def test_edge_cases_render_like_the_template():
    _same_rows(EdgeCases())
    invalid = EdgeCases({"plain": "", "boxes": ["z"], "number": "-1", "safe": "<script>"})
    assert not invalid.is_valid()
    invalid.add_error("number", mark_safe("Angka <b>aman</b>"))
    _same_rows(invalid)
    _same_rows(EdgeCases(auto_id=False))  # no ids: the template prints `for="None"`, and so does the tag


def test_record_forms_render_like_the_template(staff_a, office_a):
    partners = [PartnerFactory(name=f"Mitra <{n}> & Co") for n in range(2)]
    agreement = AgreementFactory(office=office_a, partners=partners)
    activity = ActivityFactory(office=office_a, agreement=agreement, partners=partners, title='Rapat "A" & <B>')
    forms_ = [
        ActivityForm(user=staff_a, office=office_a, instance=Activity(office=office_a)),
        ActivityForm(user=staff_a, office=office_a, instance=activity, initial={"version": 1}),
        ActivityForm(
            {"title": "", "start_date": "2999-01-01", "end_date": "x", "partners": ["999999"], "focus_areas": ["?"]},
            user=staff_a,
            office=office_a,
            instance=activity,
        ),
        AgreementForm(user=staff_a, office=office_a, instance=agreement, initial={"version": 1}),
        AgreementForm({"title": "<x>", "end_date": "2020-01-01"}, user=staff_a, office=office_a, instance=Agreement()),
        PartnerForm(instance=partners[0], initial={"version": 1}),
        PartnerForm({"name": "", "website": "bukan situs", "email": "x@"}, instance=Partner()),
        EvidenceBatchForm(initial={"evidence_kind": "photo"}),
        ProfileForm(user=staff_a),
        PasswordChangeForm(staff_a, {"old_password": "salah", "new_password1": "a", "new_password2": "b"}),
    ]
    for form in forms_:
        if form.is_bound:
            assert not form.is_valid()
        _same_rows(form)


# Pages: rendered with the tag, and with every tag turned back into the include it replaced.
ROW = re.compile(r"\{% field_row ([\w.]+) %\}")
NOISE = [
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"'), 'name="csrfmiddlewaretoken" value=""'),
    (re.compile(r'nonce="[^"]+"'), 'nonce=""'),
]


def _with_includes() -> list[dict]:
    """The portal's templates with each `{% field_row x %}` back as `{% include "includes/field.html" with field=x %}`."""
    root = Path(django_settings.BASE_DIR) / "templates"
    sources = {}
    for path in root.rglob("*.html"):
        text = path.read_text()
        sources[str(path.relative_to(root))] = ROW.sub(r'{% include "includes/field.html" with field=\1 %}', text)
    assert any("field_row" in (root / name).read_text() for name in sources)
    engine = deepcopy(django_settings.TEMPLATES[0])
    engine["DIRS"], engine["APP_DIRS"] = [], False
    engine["OPTIONS"]["loaders"] = [
        ("django.template.loaders.locmem.Loader", sources),
        "django.template.loaders.app_directories.Loader",
    ]
    return [engine]


def _page(client, method: str, url: str, data=None) -> str:
    response = client.post(url, data) if method == "post" else client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    for pattern, replacement in NOISE:
        html = pattern.sub(replacement, html)
    return html


def test_the_pages_are_the_ones_the_include_made(client_a, client_verifier, staff_a, settings):
    partners = [PartnerFactory(name=f"Mitra <{n}> & Co") for n in range(2)]
    agreement = AgreementFactory(office=staff_a.office, partners=partners)
    activity = ActivityFactory(office=staff_a.office, agreement=agreement, partners=partners)
    bad = {"title": "", "start_date": "2999-01-01", "partners": ["999999"], "evidence_kind": "photo"}
    pages = [
        (client_a, "get", reverse("agencies:activity-create"), None),
        (client_a, "post", reverse("agencies:activity-create"), bad),
        (client_a, "get", reverse("agencies:activity-edit", args=[activity.pk]), None),
        (client_a, "post", reverse("agencies:activity-edit", args=[activity.pk]), {**bad, "version": "1"}),
        (client_a, "get", reverse("agencies:agreement-create"), None),
        (client_a, "post", reverse("agencies:agreement-create"), bad),
        (client_a, "get", reverse("agencies:agreement-edit", args=[agreement.pk]), None),
        (client_a, "get", reverse("agencies:partner-create"), None),
        (client_a, "post", reverse("agencies:partner-create"), {"name": "", "website": "x"}),
        (client_a, "get", reverse("agencies:partner-edit", args=[partners[0].pk]), None),
        (client_a, "get", reverse("accounts:profile"), None),
        (client_a, "get", reverse("accounts:password-change"), None),
        (client_verifier, "get", reverse("agencies:verification-queue"), None),
        (client_verifier, "get", reverse("accounts:manage-list"), None),
        (client_verifier, "get", reverse("accounts:manage-create"), None),
        (client_verifier, "get", reverse("reports:predicate-scale"), None),
        (client_verifier, "get", reverse("reports:ranking-weights"), None),
        (client_verifier, "get", reverse("reports:import-start"), None),
    ]
    ours = [_page(client, method, url, data) for client, method, url, data in pages]
    settings.TEMPLATES = _with_includes()
    for (client, method, url, data), html in zip(pages, ours, strict=True):
        assert html == _page(client, method, url, data), url

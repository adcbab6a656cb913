"""hubal.form_renderer renders the stock widget templates in Python: its output must be Django's, character for
character, for every widget the portal uses and for the edge cases of the templates (escaping, safe strings,
boolean attributes, optgroups, localisation)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from hubal.form_renderer import FAST, FormRenderer, PlainOptionsSelectMultiple
from tests.factories import ActivityFactory, AgreementFactory, PartnerFactory

STOCK, OURS = DjangoTemplates(), FormRenderer()


class EdgeCases(forms.Form):
    title = forms.CharField(initial='Rapat "koordinasi" <Bawaslu> & mitra', max_length=200)
    safe = forms.CharField(initial=mark_safe("<b>aman</b>"))
    number = forms.DecimalField(initial=Decimal("1234.50"), widget=forms.NumberInput(attrs={"step": "0.01"}))
    day = forms.DateField(initial=dt.date(2026, 11, 30), widget=forms.DateInput(attrs={"type": "date"}))
    hidden = forms.IntegerField(initial=7, widget=forms.HiddenInput)
    empty = forms.CharField(required=False, widget=forms.TextInput(attrs={"disabled": True, "readonly": False}))
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), initial="rahasia")
    mail = forms.EmailField(initial="staf@bawaslu.go.id")
    kind = forms.ChoiceField(
        choices=[("", "---------"), ("a", "Satu & dua"), ("b", gettext_lazy("Tahapan")), (3, mark_safe("<i>tiga</i>"))],
        initial="b",
    )
    grouped = forms.ChoiceField(
        choices=[("Kampus", [("u1", "Universitas <A>"), ("u2", "Institut")]), ("x", "Lainnya")], initial="u2"
    )
    many = forms.MultipleChoiceField(choices=[(1, "Satu"), (2, "Dua"), (3, "Tiga")], initial=[1, 3])
    boxes = forms.MultipleChoiceField(
        choices=[("p", "Pencegahan"), ("q", "Penindakan")], widget=forms.CheckboxSelectMultiple, initial=["q"]
    )
    radios = forms.ChoiceField(choices=[("y", "Ya"), ("n", "Tidak")], widget=forms.RadioSelect, initial="n")
    agree = forms.BooleanField(initial=True)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), initial="Baris satu\n<baris> dua")
    blank_note = forms.CharField(widget=forms.Textarea, required=False)
    upload = forms.FileField(required=False, widget=forms.FileInput)
    attached = forms.FileField(required=False, widget=forms.ClearableFileInput)
    when = forms.SplitDateTimeField(required=False)


def _render_all(form: forms.Form, renderer) -> list[str]:
    form.renderer = renderer
    return [str(field) for field in form]


def test_the_fast_templates_render_like_djangos_own():
    for data in (None, {"title": "x\" onmouseover='1'", "kind": "zz", "many": ["2"], "boxes": ["p", "q"]}):
        assert _render_all(EdgeCases(data), OURS) == _render_all(EdgeCases(data), STOCK)


def test_every_fast_template_was_used_by_the_edge_cases(monkeypatch):
    used = set()

    def spy(name, fn):
        def wrapped(widget):
            used.add(name)
            return fn(widget)

        return wrapped

    for name, fn in list(FAST.items()):
        monkeypatch.setitem(FAST, name, spy(name, fn))
    _render_all(EdgeCases(), OURS)
    widgets = "django/forms/widgets/"
    expected = {
        widgets + f"{n}.html"
        for n in ("text", "number", "date", "hidden", "password", "email", "select", "checkbox", "textarea", "file")
    } | {widgets + "checkbox_select.html", widgets + "radio.html"}
    assert expected <= used


def test_an_option_with_a_template_of_its_own_goes_through_the_engine():
    class CustomOption(forms.Select):
        option_template_name = "django/forms/widgets/radio_option.html"

    field = forms.ChoiceField(choices=[("a", "A")], widget=CustomOption)
    html = field.widget.render("k", "a", renderer=OURS)
    assert html == field.widget.render("k", "a", renderer=STOCK)
    assert "<label" in html  # the option's own template, not <option>


NOISE = [
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"'), 'name="csrfmiddlewaretoken" value=""'),
    (re.compile(r'nonce="[^"]+"'), 'nonce=""'),
]


def _page(client, url: str, settings, renderer: str) -> str:
    settings.FORM_RENDERER = renderer
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    for pattern, replacement in NOISE:
        html = pattern.sub(replacement, html)
    return html


@pytest.mark.django_db
def test_the_portals_forms_render_the_same(client_a, client_verifier, staff_a, settings):
    partners = [PartnerFactory(name=f"Mitra <{n}> & Co") for n in range(3)]
    agreement = AgreementFactory(office=staff_a.office, partners=partners[:2])
    activity = ActivityFactory(office=staff_a.office, agreement=agreement, partners=partners[1:])
    pages = [
        (client_a, reverse("agencies:activity-list") + "?year=2026&q=<x>"),
        (client_a, reverse("agencies:activity-create")),
        (client_a, reverse("agencies:activity-edit", args=[activity.pk])),
        (client_a, reverse("agencies:agreement-list")),
        (client_a, reverse("agencies:agreement-create")),
        (client_a, reverse("agencies:agreement-edit", args=[agreement.pk])),
        (client_a, reverse("agencies:partner-list")),
        (client_a, reverse("agencies:partner-create")),
        (client_a, reverse("agencies:partner-edit", args=[partners[0].pk])),
        (client_a, reverse("accounts:profile")),
        (client_verifier, reverse("agencies:activity-list") + "?office=x"),
        (client_verifier, reverse("reports:targets")),
        (client_verifier, reverse("reports:predicate-scale")),
        (client_verifier, reverse("accounts:manage-create")),
    ]
    for client, url in pages:
        ours = _page(client, url, settings, "hubal.form_renderer.FormRenderer")
        stock = _page(client, url, settings, "django.forms.renderers.DjangoTemplates")
        assert ours == stock, url


def test_a_select_of_plain_options_renders_like_djangos_own():
    choices = [
        ("Kampus <A>", [(1, "Universitas & Co"), ("2", mark_safe("<b>Institut</b>")), (3, 'Politeknik "X"')]),
        ("", [(4, "Tanpa kelompok")]),
        (None, "Kosong"),
        (5, gettext_lazy("Tahapan")),
        ('k"<&>', "Kunci aneh"),
        ("Lain", []),
    ]
    widget = PlainOptionsSelectMultiple(attrs={"size": 12, "data-partner-select": "", "id": "id_p"}, choices=choices)
    for value in (None, [], [1, "3"], ["2", "99", "<x>"], ["", "5"], "1", ['k"<&>']):
        assert widget.render("p", value, renderer=OURS) == widget.render("p", value, renderer=STOCK), value
    assert widget.render("p", [1], attrs={"required": True}, renderer=OURS).count(" selected") == 1

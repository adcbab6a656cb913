"""The activity list prints parts of its page in Python (agencies/views/rows.py). Each part must read as the
template it replaced did, character for character: the old template text is kept here and rendered on real
pages (staff, verifier with the office column and the province's checkboxes, leader, an empty list, names
that need escaping) to compare."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import engines
from django.urls import reverse

from agencies.choices import VerificationStatus
from tests.factories import ActivityFactory, EvidenceFactory, PartnerFactory

pytestmark = pytest.mark.django_db

OLD_ROWS = """<tbody>
  {% for r in rows %}
    <tr>
      {% if can_create and bulk_url %}<td class="check-col">{% if r.checkable %}<input type="checkbox" name="ids" value="{{ r.pk }}" form="bulk-form" data-row-check aria-label="Pilih {{ r.title }}">{% endif %}</td>{% endif %}
      <td class="date-col">{{ r.dates }}</td>
      <td class="title-col"><a href="{{ r.url }}">{{ r.title }}</a>{% if r.location %}<br><span class="muted small">{{ r.location }}</span>{% endif %}</td>
      <td>{{ r.kind }}</td>
      {% if user_role != "staff" %}<td>{{ r.office }}</td>{% endif %}
      <td class="partners-col">{% for url, name in r.partners %}<a href="{{ url }}">{{ name }}</a>{% if not forloop.last %}, {% endif %}{% endfor %}</td>
      <td class="num">{{ r.participants }}</td>
      <td class="num">{% if r.evidence %}{{ r.evidence }}{% else %}<span class="badge badge-expired" title="Belum ada bukti">0</span>{% endif %}</td>
      <td><span class="badge badge-{{ r.status }}">{{ r.status_label }}</span></td>
    </tr>
  {% empty %}
    <tr><td colspan="{{ headers|length|add:1 }}" class="empty">Tidak ada kegiatan yang cocok.{% if can_create %} <a href="{% url 'agencies:activity-create' %}">Catat kegiatan</a>.{% endif %}</td></tr>
  {% endfor %}
  </tbody>"""  # noqa: E501 - the template's own lines


def _between(html: str, start: str, end: str) -> str:
    head = html.index(start)
    return html[head : html.index(end, head) + len(end)]


def _old(template: str, response) -> str:
    return engines["django"].from_string(template).render(response.context[0].flatten(), response.wsgi_request)


@pytest.fixture
def tricky(office_a, province):
    """Rows that exercise every branch: several partners, a location or none, a span of days, evidence or
    none, a large audience, the province's own draft, and texts that need escaping."""
    odd = PartnerFactory(name='Mitra "<b>tebal</b>" & Co', acronym="")
    short = PartnerFactory(name="Komisi Pemilihan Umum", acronym="K<PU>")
    start = dt.date(2026, 3, 30)
    ActivityFactory(
        office=office_a,
        title="Rapat <script>alert('x')</script> & \"kutip\"",
        location="Aula <b>Depok</b>",
        start_date=start,
        end_date=start + dt.timedelta(days=3),
        participants_male=1500,
        participants_female=7,
        partners=[odd, short],
    )
    plain = ActivityFactory(office=office_a, location="", partners=[], verification_status=VerificationStatus.VERIFIED)
    for _ in range(2):
        EvidenceFactory(activity=plain)
    ActivityFactory(office=province, title="Draf provinsi", partners=[short])
    ActivityFactory(office=province, title="Dikembalikan", verification_status=VerificationStatus.RETURNED)


@pytest.mark.parametrize("who", ["client_a", "client_verifier", "client_leader"])
@pytest.mark.parametrize("query", ["", "?sort=title", "?q=tidak-ada-yang-cocok"])
def test_rows_read_as_the_old_loop(request, tricky, who, query):
    response = request.getfixturevalue(who).get(reverse("agencies:activity-list") + query)
    html = response.content.decode()
    old = _old(OLD_ROWS, response)
    assert _between(html, "<tbody>", "</tbody>") == old
    assert "<script>" not in old
    assert ("Tidak ada kegiatan" in old) == ("tidak-ada" in query)

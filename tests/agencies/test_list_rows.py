"""The activity list's table (agencies/views/rows.py) and count.

The table's rows are printed in Python: they must read as the template loop they replaced did, character for
character. The old template text is kept here and rendered on real pages (staff, verifier with the office
column and the province's checkboxes, leader, an empty list, names that need escaping) to compare. The pager
counts the filtered activities without the office join of the shown columns: the same count under every filter."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import engines
from django.urls import reverse

from agencies import selectors
from agencies.choices import PartnerCategory, VerificationStatus
from agencies.views.rows import activity_values
from tests.factories import ActivityFactory, AgreementFactory, EvidenceFactory, PartnerFactory

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


@pytest.fixture
def varied(tricky, office_a, office_b):
    """Besides `tricky`: another office, a monitoring organisation, an agreement, evidence and IKP codes."""
    monitor = PartnerFactory(name="Jaringan Pemantau", category=PartnerCategory.MONITORING_ORG)
    agreement = AgreementFactory(office=office_a)
    cited = ActivityFactory(
        office=office_a, agreement=agreement, partners=[monitor], ikp_dimensions=["participation"], kind="fgd"
    )
    EvidenceFactory(activity=cited)
    ActivityFactory(office=office_b, title="Sosialisasi Bogor", partners=[monitor], stage="candidacy")
    return {"monitor": monitor, "agreement": agreement}


def _filters(varied) -> list[dict]:
    year = str(dt.date.today().year)
    return [
        {},
        {"year": year},
        {"year": "2026"},
        {"office": "32.01"},
        {"office": "32.76", "sort": "-office"},
        {"kind": "fgd"},
        {"stage": "candidacy"},
        {"focus": "prevention"},
        {"ikp": "participation"},
        {"verification": "draft"},
        {"end_from": "2026-01-01", "end_to": "2026-12-31"},
        {"monitoring": "1"},
        {"partner_category": "monitoring_org"},
        {"partner": str(varied["monitor"].pk)},
        {"agreement": str(varied["agreement"].pk)},
        {"q": "aula"},
        {"q": "pemantau"},
        {"q": "Rapat", "sort": "participants"},
        {"year": "abad", "end_from": "kemarin"},
        {"page": "2"},
    ]


@pytest.mark.parametrize(
    ("who", "client_name"), [("staff_a", "client_a"), ("verifier", "client_verifier"), ("leader", "client_leader")]
)
def test_the_pager_counts_what_the_list_shows(request, varied, who, client_name):
    user, client = request.getfixturevalue(who), request.getfixturevalue(client_name)
    for params in _filters(varied):
        filterset = selectors.activity_filterset(user, params)
        shown = activity_values(filterset.qs)
        assert filterset.qs.count() == shown.count() == len(list(shown)), params
        response = client.get(reverse("agencies:activity-list"), params)
        assert response.context["page"].paginator.count == shown.count(), params

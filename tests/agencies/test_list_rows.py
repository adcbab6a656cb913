"""The parts of the record lists printed in Python, and the activity list's count.

The activity list's rows (agencies/views/rows.py), the filter form (agencies/views/filter_form.py) and the
sortable headers (`headers_html`) of the activity, agreement and partner lists must read as the templates
they replaced did, character for character: the old template text is kept here and rendered on real pages
(staff, verifier with the office column and the province's checkboxes, leader, an empty list, names that need
escaping, invalid filters) to compare. What is remembered between pages (printed selects, formatted days, the
evidence-count expression) follows what it depends on. The pager counts the filtered activities without the
office join of the shown columns: the same count under every filter and role."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import translation

from agencies import selectors
from agencies.choices import PartnerCategory, VerificationStatus
from agencies.views import filter_form
from agencies.views.rows import _day, activity_values
from tests.factories import ActivityFactory, AgreementFactory, EvidenceFactory, PartnerFactory
from tests.factories import office as office_for

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

OLD_FILTER_FORM = """<form method="get" class="filters records-filters" role="search" aria-label="Saring daftar">
  {% for field in filterset.form %}{% if field.is_hidden %}{{ field }}{% elif field.name in filterset.primary %}
  <div class="field{% if field.name == 'q' %} field-wide{% endif %}{% if field.errors %} has-error{% endif %}">
    <label for="{{ field.id_for_label }}">{{ field.label }}</label>{{ field }}
    {% for error in field.errors %}<p class="error">{{ error }}</p>{% endfor %}
  </div>
  {% endif %}{% endfor %}
  <details class="filters-more"{% if filterset.more_is_set %} open{% endif %}>
    <summary>Filter lainnya</summary>
    <div class="filters-more-grid">
    {% for field in filterset.form %}{% if not field.is_hidden and field.name not in filterset.primary %}
      <div class="field{% if field.widget_type == 'checkbox' %} field-check{% endif %}{% if field.errors %} has-error{% endif %}">
        {% if field.widget_type == 'checkbox' %}<label>{{ field }} {{ field.label }}</label>{% else %}<label for="{{ field.id_for_label }}">{{ field.label }}</label>{{ field }}{% endif %}
        {% for error in field.errors %}<p class="error">{{ error }}</p>{% endfor %}
      </div>
    {% endif %}{% endfor %}
    </div>
  </details>
  <div class="filters-actions">
    <button type="submit" class="btn btn-primary">Terapkan</button>
    <a class="btn" href="{{ reset_url }}">Atur ulang</a>
  </div>
</form>"""  # noqa: E501 - the template's own lines

OLD_HEADERS = """{% for h in headers %}
<th scope="col"{% if h.css %} class="{{ h.css }}"{% endif %}{% if h.sortable %} aria-sort="{{ h.aria_sort }}"{% endif %}>{% if h.sortable %}<a class="sort sort-{{ h.state|default:'none' }}" href="{% querystring sort=h.next_sort page=None %}" title="Urutkan menurut {{ h.label|lower }}">{{ h.label }}<span class="sort-mark" aria-hidden="true"></span></a>{% else %}{{ h.label }}{% endif %}</th>
{% endfor %}"""  # noqa: E501 - the template's own lines


def _between(html: str, start: str, end: str) -> str:
    head = html.index(start)
    return html[head : html.index(end, head) + len(end)]


def _old(template: str, response, **extra) -> str:
    context = {**response.context[0].flatten(), **extra}
    return engines["django"].from_string(template).render(context, response.wsgi_request)


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


# (list, query, a field shows an error, "Filter lainnya" is open)
FILTERED = [
    ("agencies:activity-list", "", False, False),
    ("agencies:activity-list", "?q=<b>&office=32.01&year=abad&end_from=kemarin&partner=1&batch=x", True, False),
    ("agencies:activity-list", "?monitoring=1&sort=-title", False, True),
    ("agencies:activity-list", "?stage=candidacy&office=32.01", False, True),
    ("agencies:agreement-list", "?status=active&active_from=2026-01-01&parent=2", False, True),
    ("agencies:agreement-list", "?q=%22kutip%22", False, False),
    ("agencies:partner-list", "", False, False),
    ("agencies:partner-list", "?q=x&home_office=32.76&level=zz", True, False),
]


@pytest.mark.parametrize("who", ["client_a", "client_verifier"])
@pytest.mark.parametrize(("name", "query", "errors", "is_open"), FILTERED)
def test_the_filter_form_reads_as_the_old_template(request, tricky, who, name, query, errors, is_open):
    url = reverse(name)
    response = request.getfixturevalue(who).get(url + query)
    start, end = '<form method="get" class="filters', "</form>"
    old = _old(OLD_FILTER_FORM, response, reset_url=url)
    assert _between(response.content.decode(), start, end) == old
    assert ("has-error" in old) == errors
    assert (" open>" in old) == is_open
    assert "<b>" not in old


@pytest.mark.parametrize("who", ["client_a", "client_verifier"])
@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("agencies:activity-list", "?sort=title&q=<a>&page=2"),
        ("agencies:activity-list", "?sort=-office"),
        ("agencies:agreement-list", ""),
        ("agencies:partner-list", "?sort=-name&level=x&q=%22"),
    ],
)
def test_the_headers_read_as_the_old_template(request, tricky, who, name, query):
    response = request.getfixturevalue(who).get(reverse(name) + query)
    old = _old(OLD_HEADERS, response)
    assert response.context["headers_html"] == old
    assert old in response.content.decode()
    assert ("&amp;" in old) == ("&" in query)


def test_the_chips_name_only_what_the_user_may_read(client_a, office_a, office_b, province):
    own, foreign = AgreementFactory(office=office_a, title="PKS sendiri"), AgreementFactory(office=office_b)
    national = AgreementFactory(office=province, title="MoU nasional", verification_status=VerificationStatus.VERIFIED)
    activities, agreements = reverse("agencies:activity-list"), reverse("agencies:agreement-list")
    chip = {pk: client_a.get(activities, {"agreement": pk}).context["chosen_agreement"] for pk in (own.pk, national.pk)}
    assert chip == {own.pk: own, national.pk: national}
    assert client_a.get(activities, {"agreement": foreign.pk}).context["chosen_agreement"] is None
    assert client_a.get(agreements, {"parent": own.pk}).context["chosen_parent"] == own
    assert client_a.get(agreements, {"parent": national.pk}).context["chosen_parent"] is None
    assert client_a.get(agreements, {"parent": foreign.pk}).context["chosen_parent"] is None


def test_one_evidence_count_expression_serves_every_list_and_export(client_a, client_verifier, staff_a, verifier):
    """`activity_evidence_count()` is built once; each queryset annotates a resolved copy of it."""
    counted = {}
    for office, evidence in (("32.76", 2), ("32.01", 1), ("32", 0)):
        activity = ActivityFactory(office=office_for(office), title=f"Kegiatan {office}")
        for _ in range(evidence):
            EvidenceFactory(activity=activity)
        counted[activity.title] = str(evidence) if evidence else ""
    url = reverse("agencies:activity-list")
    for _ in range(2):
        for user, client in ((staff_a, client_a), (verifier, client_verifier)):
            rows = client.get(url).context["rows"]
            assert {r["title"]: r["evidence"] for r in rows} == {r["title"]: counted[r["title"]] for r in rows}
            exported = selectors.filtered_activities(user, {"sort": "title"})[1]
            assert {a.title: str(a.evidence_count or "") for a in exported} == {
                a.title: counted[a.title] for a in exported
            }
    assert selectors.activity_evidence_count() is selectors.activity_evidence_count()


@pytest.mark.clock(dt.datetime(2025, 12, 31, 23, 30, tzinfo=ZoneInfo("Asia/Jakarta")))
def test_remembered_selects_follow_the_choices_and_the_value(clock, client_a):
    url = reverse("agencies:activity-list")
    first = client_a.get(url, {"year": "2026"}).content.decode()
    assert '<option value="2026" selected>2026</option>' in first and 'value="2027"' not in first
    clock.shift(dt.timedelta(minutes=40))  # into 2026: the years now run from 2027
    later = client_a.get(url, {"year": "2026"}).content.decode()
    assert '<option value="2027">2027</option>' in later and '<option value="2026" selected>' in later
    assert '<option value="" selected>Semua</option>' in client_a.get(url, {"year": ""}).content.decode()


def test_what_the_user_types_is_not_remembered(client_a):
    url = reverse("agencies:activity-list")
    client_a.get(url, {"kind": "fgd"})
    size = len(filter_form._SELECTS)
    for n in range(5):
        html = client_a.get(url, {"kind": f"tidak-ada-{n}", "sort": f"x{n}"}).content.decode()
        assert f'value="tidak-ada-{n}"' not in html and 'aria-invalid="true"' in html
    assert len(filter_form._SELECTS) == size


def test_remembered_days_follow_the_language():
    assert _day(dt.date(2026, 8, 17), "j M Y") == "17 Agu 2026"
    with translation.override("en"):
        assert _day(dt.date(2026, 8, 17), "j M Y") == "17 Aug 2026"
    assert _day(dt.date(2026, 8, 17), "j M") == "17 Agu"

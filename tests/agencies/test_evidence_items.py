"""agencies/views/evidence_items.py renders the files of a record page's evidence panel in Python: its output must
be the panel's former loop, character for character, for every kind of file (images, documents, names to escape,
sizes, uploaders), with and without the delete link, alone and on real activity and agreement pages."""

import datetime as dt

import pytest
from django.template import engines
from django.utils import timezone
from django.utils.safestring import SafeString

from agencies import selectors
from agencies.views.evidence_items import evidence_items
from tests.factories import ActivityFactory, AgreementFactory, EvidenceFactory, UserFactory

pytestmark = pytest.mark.django_db

# The loop as templates/agencies/includes/evidence_panel.html had it: the reference of the Python rendering.
REFERENCE = engines["django"].from_string(
    """{% load humanize %}    {% for e in evidence_list %}
    <li class="evidence-item">
      {% if e.is_image %}
        <a href="{% url 'agencies:evidence-download' e.pk %}" class="evidence-thumb"><img src="{% url 'agencies:evidence-thumbnail' e.pk %}" alt="Pratinjau {{ e.original_name }}" loading="lazy" width="160" height="120"></a>
      {% else %}
        <a href="{% url 'agencies:evidence-download' e.pk %}" class="evidence-thumb evidence-doc" aria-hidden="true" tabindex="-1"><span>{% if e.content_type == "application/pdf" %}PDF{% elif "word" in e.content_type %}DOCX{% elif "sheet" in e.content_type %}XLSX{% else %}BERKAS{% endif %}</span></a>
      {% endif %}
      <div class="evidence-meta">
        <a href="{% url 'agencies:evidence-download' e.pk %}" class="evidence-name" download>{{ e.original_name }}</a>
        <span class="muted small">{{ e.get_kind_display }} · {{ e.size|filesizeformat }} · {{ e.uploaded_at|date:"j M Y H:i" }} WIB{% if e.uploaded_by %} · {{ e.uploaded_by.get_full_name|default:e.uploaded_by.username }}{% endif %}</span>
        {% if upload_form %}<a href="{% url 'agencies:evidence-delete' e.pk %}" class="small link-danger">Hapus</a>{% endif %}
      </div>
    </li>
    {% endfor %}"""  # noqa: E501
)

FILES = [
    ("application/pdf", "notulen.pdf", 0, "report"),
    ("image/jpeg", 'foto "rapat" <1> & mitra\'s.jpg', 1023, "photo"),
    ("image/png", "tangkapan.png", 1536 * 1024, "photo"),
    (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "daftar hadir.docx",
        10**10,
        "attendance",
    ),
    ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "rekap.xlsx", 2048, "other"),
    ("application/octet-stream", "lain.bin", 5, "unknown-kind"),
]


@pytest.fixture
def people(db):
    return [None, UserFactory(username="pengunggah"), UserFactory(first_name="Siti", last_name="<Aminah>")]


def _files(record, office, people):
    parent = {"activity": record} if record.record_kind == "activity" else {"agreement": record, "activity": None}
    moment = timezone.make_aware(dt.datetime(2025, 12, 31, 23, 30), dt.UTC)  # another day in WIB
    for index, (content_type, name, size, kind) in enumerate(FILES):
        EvidenceFactory(
            **parent,
            office=office,
            content_type=content_type,
            original_name=name,
            size=size,
            kind=kind,
            uploaded_by=people[index % 3],
            uploaded_at=moment + dt.timedelta(minutes=index),
        )


def _reference(evidence_list, can_delete: bool) -> str:
    return REFERENCE.render({"evidence_list": evidence_list, "upload_form": can_delete})


def test_the_files_render_like_the_panels_loop(staff_a, office_a, people):
    activity = ActivityFactory(office=office_a)
    _files(activity, office_a, people)
    evidence_list = selectors.record_evidence(staff_a, activity)
    assert len(evidence_list) == len(FILES)
    for can_delete in (True, False):
        for shown in (evidence_list, evidence_list[:1], []):
            ours = evidence_items(shown, can_delete=can_delete)
            assert ours == _reference(shown, can_delete).removeprefix("    ")
            assert isinstance(ours, SafeString)


@pytest.mark.parametrize(
    "side", [("client_a", "staff_a"), ("client_verifier", "verifier"), ("client_leader", "leader")]
)
def test_the_files_on_real_pages(request, side, staff_a, office_a, people):
    client, user = (request.getfixturevalue(name) for name in side)
    for record in (ActivityFactory(office=office_a), AgreementFactory(office=office_a)):
        _files(record, office_a, people)
        page = client.get(record.detail_url()).content.decode()
        shown = page[page.index('<ul class="evidence-grid">') : page.index("</ul>", page.index("evidence-grid"))]
        reference = _reference(selectors.record_evidence(user, record), user == staff_a)
        assert shown == f'<ul class="evidence-grid">\n{reference}\n  '

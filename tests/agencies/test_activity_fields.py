"""agencies/views/activity_fields.py renders the activity page's data card in Python: its output must be the
template's, character for character, for every kind of value (escaping, empty values, dates, numbers, budget,
the agreement and its notice, partners), in the card alone and on real pages."""

import datetime as dt
from decimal import Decimal

import pytest
from django.template import engines
from django.urls import reverse
from django.utils.safestring import SafeString

from agencies import selectors
from agencies.choices import PartnerCategory
from agencies.models import Activity
from agencies.views._common import choice_labels
from agencies.views.activity_fields import activity_fields
from tests.factories import ActivityFactory, AgreementFactory, PartnerFactory, UserFactory

pytestmark = pytest.mark.django_db

# The card as templates/agencies/activity_detail.html had it: the reference the Python rendering must match.
REFERENCE = engines["django"].from_string(
    """{% load humanize %}<dt>Nama kegiatan</dt><dd>{{ activity.title }}</dd>
        <dt>Jenis kegiatan</dt><dd>{{ activity.get_kind_display }}</dd>
        <dt>Kantor</dt><dd>{{ activity.office.name }}</dd>
        <dt>Tanggal</dt><dd>{{ activity.start_date|date:"j F Y" }}{% if activity.start_date != activity.end_date %} – {{ activity.end_date|date:"j F Y" }}{% endif %}</dd>
        <dt>Tempat</dt><dd>{{ activity.location|default:"–" }}</dd>
        <dt>Lembaga mitra</dt><dd>{% for p in partners %}<a href="{% url 'agencies:partner-detail' p.pk %}">{{ p }}</a> <span class="muted">· {{ p.get_category_display }}</span>{% if not forloop.last %}<br>{% endif %}{% empty %}–{% endfor %}</dd>
        <dt>Kerja sama terkait</dt><dd>{% if activity.agreement %}{% if agreement_visible %}<a href="{% url 'agencies:agreement-detail' activity.agreement.pk %}">{{ activity.agreement.title }}</a>{% else %}{{ activity.agreement.title }}{% endif %} <span class="muted">({{ activity.agreement.office.name }})</span>{% if not activity.agreement.is_verified %} {% include "agencies/includes/verification_badge.html" with record=activity.agreement %}<br><span class="small">Kerja sama ini belum terverifikasi: {% if can_edit %}ajukan juga kerja sama itu untuk verifikasi.{% else %}verifikasi kerja samanya lebih dulu, atau kembalikan kegiatan ini dengan catatan.{% endif %}</span>{% endif %}{% else %}–{% endif %}</dd>
        <dt>Ruang lingkup</dt><dd>{% for label in focus_labels %}<span class="tag">{{ label }}</span> {% empty %}–{% endfor %}</dd>
        <dt>Tahapan</dt><dd>{{ activity.get_stage_display }}</dd>
        <dt>Dimensi IKP yang disasar</dt><dd>{% for label in ikp_labels %}<span class="tag">{{ label }}</span> {% empty %}–{% endfor %}</dd>
        <dt>Peserta</dt><dd>{{ activity.participants_total|intcomma }} orang ({{ activity.participants_male|intcomma }} laki-laki, {{ activity.participants_female|intcomma }} perempuan)</dd>
        <dt>Uraian kegiatan</dt><dd>{{ activity.description|default:"–" }}</dd>
        <dt>Hasil kegiatan</dt><dd>{{ activity.outcome|default:"–" }}</dd>
        <dt>Tindak lanjut</dt><dd>{{ activity.follow_up|default:"–" }}</dd>
        <dt>Laporan/informasi awal dari mitra</dt><dd>{{ activity.reports_received|intcomma }}</dd>
        {% include "agencies/includes/budget_detail.html" with record=activity %}
        <dt>Dicatat</dt><dd>{{ activity.created_at|date:"j M Y H:i" }} WIB{% if activity.created_by %} oleh {{ activity.created_by.get_full_name|default:activity.created_by.username }}{% endif %}</dd>"""  # noqa: E501
)

HOSTILE = 'Rapat "koordinasi" <b>Bawaslu</b> & mitra\'s'


def _both(activity: Activity, *, user, can_edit: bool) -> tuple[str, str]:
    activity = selectors.activity_for_user(user, activity.pk)
    partners = selectors.record_partners(activity)
    visible = selectors.visible_agreement(user, activity)
    reference = REFERENCE.render(
        {
            "activity": activity,
            "partners": partners,
            "agreement_visible": visible,
            "can_edit": can_edit,
            "focus_labels": choice_labels(activity, "focus_areas"),
            "ikp_labels": choice_labels(activity, "ikp_dimensions"),
        }
    )
    return activity_fields(activity, partners=partners, agreement_visible=visible, can_edit=can_edit), reference


def _activities(office, province, staff):
    named = UserFactory(username="penulis", first_name="Siti", last_name="Aminah <S>", office=office)
    unverified = AgreementFactory(office=office, title=HOSTILE, verification_status="submitted")
    national = AgreementFactory(office=province, title="MoU Nasional", verification_status="verified")
    partners = [
        PartnerFactory(name=HOSTILE, acronym="R&D"),
        PartnerFactory(name="Universitas Á", category=PartnerCategory.MONITORING_ORG),
        PartnerFactory(name="Lembaga tanpa singkatan"),
    ]
    yield ActivityFactory(office=office, partners=partners[:1])
    yield ActivityFactory(
        office=office,
        partners=partners,
        title=HOSTILE,
        location=HOSTILE,
        description="Baris satu\n<baris> dua & tiga",
        outcome="Hasil",
        follow_up="Lanjut",
        start_date=dt.date(2025, 1, 31),
        end_date=dt.date(2025, 2, 2),
        focus_areas=["prevention", "handling", "participatory"],
        ikp_dimensions=["administration", "contestation"],
        participants_male=12345,
        participants_female=1,
        reports_received=2500,
        agreement=unverified,
        created_by=named,
        budget_ceiling=Decimal("150000000"),
        budget_spent=Decimal("1234567.89"),
        budget_line="5227.QDC <001>",
    )
    yield ActivityFactory(office=office, agreement=national, created_by=staff, budget_line="Tanpa pagu")
    yield ActivityFactory(office=office, agreement=unverified, budget_ceiling=Decimal("0"), focus_areas=[])
    yield ActivityFactory(office=office, budget_ceiling=Decimal("2500000.5"), budget_spent=Decimal("0"))


def test_the_card_renders_like_its_template(staff_a, verifier, leader, office_a, province):
    for activity in _activities(office_a, province, staff_a):
        for user, can_edit in ((staff_a, True), (staff_a, False), (verifier, False), (leader, False)):
            ours, reference = _both(activity, user=user, can_edit=can_edit)
            assert ours == reference, activity.title
            assert isinstance(ours, SafeString)


@pytest.mark.parametrize(
    "side", [("client_a", "staff_a"), ("client_verifier", "verifier"), ("client_leader", "leader")]
)
def test_the_card_on_real_pages(request, side, staff_a, office_a, province):
    client, user = (request.getfixturevalue(name) for name in side)
    for activity in _activities(office_a, province, staff_a):
        page = client.get(reverse("agencies:activity-detail", args=[activity.pk])).content.decode()
        _ours, reference = _both(activity, user=user, can_edit=user == staff_a)
        shown = page[page.index('<dl class="fields">') : page.index("</dl>") + 5]
        assert shown == f'<dl class="fields">\n        {reference}\n      </dl>'

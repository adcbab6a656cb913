"""The data card of the activity page (`<dl class="fields">`), rendered in Python.

The activity page is the one staff open most after the list (a third of the load test's requests). Its card of
some twenty fields went through the template engine lookup by lookup (`get_kind_display`, `date`, `intcomma`,
`default`, a `{% url %}` per partner, two includes). Here each value is made with the function the template
used (`date`, `intcomma`, `floatformat`) and escaped as the template escapes (`html.escape` for plain text, as
`{{ }}` does; a safe string is kept), so the page reads the same to the byte: tests/agencies/test_activity_fields.py
compares both on every kind of value and on real pages, with the card's former template as the reference.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime

from agencies.choices import ActivityKind, ElectionStage, PartnerCategory, VerificationStatus
from agencies.models import Activity, Agreement, Partner

from ._common import choice_labels
from .rows import pk_url

EMPTY = "–"
SEPARATOR = "\n        "  # one row per line, indented as the template had them
KIND_LABELS = dict(ActivityKind.choices)
STAGE_LABELS = dict(ElectionStage.choices)
CATEGORY_LABELS = dict(PartnerCategory.choices)
STATUS_LABELS = dict(VerificationStatus.choices)
BADGE_TITLE = (
    "Status verifikasi oleh provinsi (draf → diajukan → terverifikasi/dikembalikan), terpisah dari masa berlaku"
)


def html_text(value) -> str:
    """`{{ value }}` of a string or a filter's output: escaped unless marked safe."""
    return html.escape(value) if type(value) is str else conditional_escape(value)


def verification_badge(record: Agreement | Activity) -> str:
    """templates/agencies/includes/verification_badge.html"""
    status = record.verification_status
    label = STATUS_LABELS.get(status, status)
    return f'<span class="badge badge-{html_text(status)}" title="{BADGE_TITLE}">{html_text(label)}</span>'


def activity_fields(
    activity: Activity, *, partners: Iterable[Partner], agreement_visible: bool, can_edit: bool
) -> SafeString:
    """The rows of the card, `<dt>` label and `<dd>` value (HTML), one per line. `agreement_visible`: the
    agreement's title links to its page (`selectors.visible_agreement`)."""
    male, female = activity.participants_male, activity.participants_female
    rows = [
        ("Nama kegiatan", html_text(activity.title)),
        ("Jenis kegiatan", html_text(KIND_LABELS.get(activity.kind, activity.kind))),
        ("Kantor", html_text(activity.office.name)),
        ("Tanggal", _dates(activity)),
        ("Tempat", html_text(activity.location or EMPTY)),
        ("Lembaga mitra", _partners(partners)),
        ("Kerja sama terkait", _agreement(activity, agreement_visible, can_edit)),
        ("Ruang lingkup", _tags(choice_labels(activity, "focus_areas"))),
        ("Tahapan", html_text(STAGE_LABELS.get(activity.stage, activity.stage))),
        ("Dimensi IKP yang disasar", _tags(choice_labels(activity, "ikp_dimensions"))),
        ("Peserta", f"{_number(male + female)} orang ({_number(male)} laki-laki, {_number(female)} perempuan)"),
        ("Uraian kegiatan", html_text(activity.description or EMPTY)),
        ("Hasil kegiatan", html_text(activity.outcome or EMPTY)),
        ("Tindak lanjut", html_text(activity.follow_up or EMPTY)),
        ("Laporan/informasi awal dari mitra", _number(activity.reports_received)),
    ]
    card = SEPARATOR.join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)
    # Every text inside went through html_text(); links are the portal's own URLs with numeric keys.
    return mark_safe(f"{card}{SEPARATOR}{budget_rows(activity)}{SEPARATOR}{_created(activity)}")  # noqa: S308


def _number(value: int) -> str:
    return html_text(intcomma(value))


def _dates(activity: Activity) -> str:
    start = date_filter(activity.start_date, "j F Y")
    if activity.start_date == activity.end_date:
        return html_text(start)
    return f"{html_text(start)} – {html_text(date_filter(activity.end_date, 'j F Y'))}"


def _partners(partners: Iterable[Partner]) -> str:
    detail = pk_url("agencies:partner-detail")
    category = CATEGORY_LABELS.get
    links = [
        f'<a href="{detail(p.pk)}">{html_text(str(p))}</a> <span class="muted">· {html_text(category(p.category, p.category))}</span>'
        for p in partners
    ]
    return "<br>".join(links) or EMPTY


def _agreement(activity: Activity, visible: bool, can_edit: bool) -> str:
    agreement = activity.agreement
    if agreement is None:
        return EMPTY
    title = html_text(agreement.title)
    if visible:
        title = f'<a href="{reverse("agencies:agreement-detail", args=[agreement.pk])}">{title}</a>'
    shown = f'{title} <span class="muted">({html_text(agreement.office.name)})</span>'
    if agreement.is_verified:
        return shown
    advice = (
        "ajukan juga kerja sama itu untuk verifikasi."
        if can_edit
        else "verifikasi kerja samanya lebih dulu, atau kembalikan kegiatan ini dengan catatan."
    )
    notice = f'<br><span class="small">Kerja sama ini belum terverifikasi: {advice}</span>'
    return f"{shown} {verification_badge(agreement)}{notice}"


def _tags(labels: list[str]) -> str:
    return "".join(f'<span class="tag">{html_text(label)}</span> ' for label in labels) or EMPTY


def budget_rows(record: Agreement | Activity) -> str:
    """templates/agencies/includes/budget_detail.html, as included on a line of its own."""
    ceiling, spent, line = record.budget_ceiling, record.budget_spent, record.budget_line
    if ceiling is None and not line:
        return "\n"
    value = ""
    if ceiling is not None:
        value = f"pagu Rp {html_text(floatformat(ceiling, '0g'))}"
        if spent is not None:
            value += f", realisasi Rp {html_text(floatformat(spent, '0g'))}"
    if line:
        value += f" · {html_text(line)}"
    return f"{SEPARATOR}<dt>Anggaran</dt><dd>{value}</dd>\n\n"


def _created(activity: Activity) -> str:
    when = html_text(date_filter(template_localtime(activity.created_at), "j M Y H:i"))
    creator = activity.created_by
    by = f" oleh {html_text(creator.get_full_name() or creator.username)}" if creator else ""
    return f"<dt>Dicatat</dt><dd>{when} WIB{by}</dd>"

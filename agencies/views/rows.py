"""The rows of the activity list, worked out in Python once per page.

The list is the page staff open most (bench/bench_load.py). Rendered from model instances, each of its 25
rows resolved about thirty template lookups and filters (`a.partners.all`, `get_kind_display`, `date`,
`intcomma`, `{% url %}` per link), which cost more than the page's queries. Here each row is a plain dict of
the texts and links the template prints (a dict: the template engine finds a key at its first try), with the
same formatting functions the template used, so the page reads the same.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import date as date_filter
from django.urls import reverse

from agencies.choices import ActivityKind, VerificationStatus
from agencies.models import Activity

KIND_LABELS = dict(ActivityKind.choices)
STATUS_LABELS = dict(VerificationStatus.choices)


def pk_url(name: str) -> Callable[[int], str]:
    """`reverse(name, args=[pk])` for many primary keys at the cost of one reverse (the URL of pk 0, split
    around it)."""
    head, tail = reverse(name, args=[0]).rsplit("/0/", 1)
    return lambda pk: f"{head}/{pk}/{tail}"


def activity_rows(
    activities: Iterable[Activity], *, checkable: Callable[[Activity], bool], with_office: bool
) -> list[dict]:
    """One dict per activity of the page; `checkable(activity)`: whether it gets a "submit" checkbox;
    `with_office`: the office column (users who see every office)."""
    detail, partner_detail = pk_url("agencies:activity-detail"), pk_url("agencies:partner-detail")
    rows = []
    for a in activities:
        end = date_filter(a.end_date, "j M Y")
        rows.append(
            {
                "pk": a.pk,
                "title": a.title,
                "location": a.location,
                "url": detail(a.pk),
                "dates": f"{date_filter(a.start_date, 'j M')}–{end}" if a.start_date != a.end_date else end,
                "kind": KIND_LABELS.get(a.kind, a.kind),
                "office": a.office.region_label if with_office else "",
                "partners": [(partner_detail(p.pk), p.acronym or p.name) for p in a.partners.all()],
                "participants": intcomma(a.participants_total),
                "evidence": intcomma(a.evidence_count) if a.evidence_count else "",
                "status": a.verification_status,
                "status_label": STATUS_LABELS.get(a.verification_status, a.verification_status),
                "checkable": checkable(a),
            }
        )
    return rows

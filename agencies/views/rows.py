"""The rows of the activity list, worked out in Python once per page.

The list is the page staff open most (bench/bench_load.py). Rendered from model instances, each of its 25
rows resolved about thirty template lookups and filters (`a.partners.all`, `get_kind_display`, `date`,
`intcomma`, `{% url %}` per link), which cost more than the page's queries. Here the page is read as plain
values (no model instances: the row needs a dozen columns), the partners of the page in one more query, and
each row is a dict of the texts and links the template prints (a dict: the template engine finds a key at its
first try), made with the same formatting functions the template used, so the page reads the same.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import QuerySet
from django.template.defaultfilters import date as date_filter
from django.urls import reverse

from agencies.choices import ActivityKind, OfficeKind, VerificationStatus
from agencies.models import PROVINCE_CODE, Activity

KIND_LABELS = dict(ActivityKind.choices)
OFFICE_KINDS = dict(OfficeKind.choices)
STATUS_LABELS = dict(VerificationStatus.choices)
EDITABLE = (VerificationStatus.DRAFT, VerificationStatus.RETURNED)
ACTIVITY_COLUMNS = (
    "pk",
    "title",
    "location",
    "start_date",
    "end_date",
    "kind",
    "verification_status",
    "participants_male",
    "participants_female",
    "evidence_count",
    "office__code",
    "office__kind",
    "office__region_name",
)


def pk_url(name: str) -> Callable[[int], str]:
    """`reverse(name, args=[pk])` for many primary keys at the cost of one reverse (the URL of pk 0, split
    around it)."""
    head, tail = reverse(name, args=[0]).rsplit("/0/", 1)
    return lambda pk: f"{head}/{pk}/{tail}"


def activity_values(qs: QuerySet[Activity]) -> QuerySet:
    """The list's queryset (permission-scoped and filtered: `selectors.filtered_activities`) as the values a
    row shows; paginate this one."""
    return qs.prefetch_related(None).values(*ACTIVITY_COLUMNS)


def _partners_of(pks: list[int]) -> dict[int, list[tuple[int, str]]]:
    """(partner pk, acronym or name) of each activity, by partner name (as the detail page lists them)."""
    links = (
        Activity.partners.through.objects.filter(activity_id__in=pks)
        .order_by("partner__name", "partner_id")
        .values_list("activity_id", "partner_id", "partner__name", "partner__acronym")
    )
    partners = defaultdict(list)
    for activity_id, partner_id, name, acronym in links:
        partners[activity_id].append((partner_id, acronym or name))
    return partners


def activity_rows(values: Iterable[dict], *, staff: bool, with_office: bool) -> list[dict]:
    """One dict per activity of the page (`values`: a page of `activity_values`). `staff`: staff may tick
    their office's drafts for "submit" (the verifier only the province's own); `with_office`: the office
    column (users who see every office)."""
    values = list(values)
    partners = _partners_of([v["pk"] for v in values]) if values else {}
    detail, partner_detail = pk_url("agencies:activity-detail"), pk_url("agencies:partner-detail")
    rows = []
    for v in values:
        end = date_filter(v["end_date"], "j M Y")
        region = f"{OFFICE_KINDS.get(v['office__kind'], v['office__kind'])} {v['office__region_name']}"
        rows.append(
            {
                "pk": v["pk"],
                "title": v["title"],
                "location": v["location"],
                "url": detail(v["pk"]),
                "dates": f"{date_filter(v['start_date'], 'j M')}–{end}" if v["start_date"] != v["end_date"] else end,
                "kind": KIND_LABELS.get(v["kind"], v["kind"]),
                "office": region if with_office else "",
                "partners": [(partner_detail(pk), label) for pk, label in partners.get(v["pk"], [])],
                "participants": intcomma(v["participants_male"] + v["participants_female"]),
                "evidence": intcomma(v["evidence_count"]) if v["evidence_count"] else "",
                "status": v["verification_status"],
                "status_label": STATUS_LABELS.get(v["verification_status"], v["verification_status"]),
                "checkable": v["verification_status"] in EDITABLE and (staff or v["office__code"] == PROVINCE_CODE),
            }
        )
    return rows

"""The rows of the activity list, worked out and printed in Python once per page.

The list is the page staff open most (bench/bench_load.py). Rendered from model instances, each of its 25
rows resolved about thirty template lookups and filters (`a.partners.all`, `get_kind_display`, `date`,
`intcomma`, `{% url %}` per link), which cost more than the page's queries. Here the page is read as plain
values (no model instances: the row needs a dozen columns), the partners of the page in one more query, and
each row is a dict of the texts and links it shows, made with the same formatting functions the template used.
`rows_html` then prints the rows as the template's loop did, character for character (about 15 template
variables per row cost ~3 ms a page; tests/agencies/test_list_rows.py compares it with the old loop).
"""

from __future__ import annotations

import datetime as dt
import functools
import html
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import QuerySet
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from agencies import selectors
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
    """The list's queryset (permission-scoped and filtered: `selectors.activity_filterset(...).qs`) as the
    values a row shows; paginate this one (counting `qs`, which does not join the office)."""
    return qs.annotate(evidence_count=selectors.activity_evidence_count()).values(*ACTIVITY_COLUMNS)


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


def _number(value: int) -> str:
    """`intcomma`: below a thousand there is nothing to group (the common case, a tenth of its cost)."""
    return str(value) if 0 <= value < 1000 else intcomma(value)


@functools.lru_cache(maxsize=4096)
def _formatted_day(day: dt.date, fmt: str, language: str | None) -> str:
    return date_filter(day, fmt)


def _day(day: dt.date, fmt: str) -> str:
    """`date_filter` of a date with an explicit format, remembered: its text depends on the day, the format
    and the language only (month names), and the list shows the same few hundred days again and again."""
    return _formatted_day(day, fmt, get_language())


def activity_rows(values: Iterable[dict], *, staff: bool, with_office: bool) -> list[dict]:
    """One dict per activity of the page (`values`: a page of `activity_values`). `staff`: staff may tick
    their office's drafts for "submit" (the verifier only the province's own); `with_office`: the office
    column (users who see every office)."""
    values = list(values)
    partners = _partners_of([v["pk"] for v in values]) if values else {}
    detail, partner_detail = pk_url("agencies:activity-detail"), pk_url("agencies:partner-detail")
    rows = []
    for v in values:
        end = _day(v["end_date"], "j M Y")
        region = f"{OFFICE_KINDS.get(v['office__kind'], v['office__kind'])} {v['office__region_name']}"
        rows.append(
            {
                "pk": v["pk"],
                "title": v["title"],
                "location": v["location"],
                "url": detail(v["pk"]),
                "dates": f"{_day(v['start_date'], 'j M')}–{end}" if v["start_date"] != v["end_date"] else end,
                "kind": KIND_LABELS.get(v["kind"], v["kind"]),
                "office": region if with_office else "",
                "partners": [(partner_detail(pk), label) for pk, label in partners.get(v["pk"], [])],
                "participants": _number(v["participants_male"] + v["participants_female"]),
                "evidence": _number(v["evidence_count"]) if v["evidence_count"] else "",
                "status": v["verification_status"],
                "status_label": STATUS_LABELS.get(v["verification_status"], v["verification_status"]),
                "checkable": v["verification_status"] in EDITABLE and (staff or v["office__code"] == PROVINCE_CODE),
            }
        )
    return rows


def _text(value) -> str:
    """`{{ value }}` of a text: escaped unless marked safe (a plain str, the common case, straight through
    html.escape, as django.utils.html.escape does)."""
    return html.escape(value) if type(value) is str else conditional_escape(value)


NO_EVIDENCE = '<span class="badge badge-expired" title="Belum ada bukti">0</span>'


def _row_html(r: dict, *, checkboxes: bool, office_column: bool) -> str:
    title = _text(r["title"])
    check = ""
    if checkboxes:
        box = ""
        if r["checkable"]:
            box = (
                f'<input type="checkbox" name="ids" value="{r["pk"]}" form="bulk-form" data-row-check '
                f'aria-label="Pilih {title}">'
            )
        check = f'<td class="check-col">{box}</td>'
    location = f'<br><span class="muted small">{_text(r["location"])}</span>' if r["location"] else ""
    office = f"<td>{_text(r['office'])}</td>" if office_column else ""
    partners = ", ".join(f'<a href="{_text(url)}">{_text(name)}</a>' for url, name in r["partners"])
    evidence = _text(r["evidence"]) if r["evidence"] else NO_EVIDENCE
    return (
        f"\n    <tr>\n      {check}\n"
        f'      <td class="date-col">{_text(r["dates"])}</td>\n'
        f'      <td class="title-col"><a href="{_text(r["url"])}">{title}</a>{location}</td>\n'
        f"      <td>{_text(r['kind'])}</td>\n"
        f"      {office}\n"
        f'      <td class="partners-col">{partners}</td>\n'
        f'      <td class="num">{_text(r["participants"])}</td>\n'
        f'      <td class="num">{evidence}</td>\n'
        f'      <td><span class="badge badge-{_text(r["status"])}">{_text(r["status_label"])}</span></td>\n'
        "    </tr>\n  "
    )


def rows_html(rows: list[dict], *, checkboxes: bool, office_column: bool, columns: int, create_url: str) -> SafeString:
    """The table body's rows as the list template's loop printed them. `checkboxes`: the "submit" column
    (users who may record); `office_column`: everyone but staff; `columns` and `create_url` ("" if the user
    may not record) for the row shown when nothing matches."""
    if not rows:
        link = f' <a href="{_text(create_url)}">Catat kegiatan</a>.' if create_url else ""
        empty = f'<tr><td colspan="{columns}" class="empty">Tidak ada kegiatan yang cocok.{link}</td></tr>'
        return mark_safe(f"\n    {empty}\n  ")  # noqa: S308 - the link went through _text
    body = "".join(_row_html(r, checkboxes=checkboxes, office_column=office_column) for r in rows)
    return mark_safe(body)  # noqa: S308 - every value went through _text

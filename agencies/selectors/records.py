"""One record and what hangs off it: detail pages, linked records, and the agreements a form may offer."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from agencies import permissions
from agencies.models import Activity, Agreement, Evidence, Partner

# What the record pages, edit forms, renewal and delete pages (and the services they call: `clean`, evidence
# uploads, renewals) read of the rows around an activity or an agreement. The record itself is read whole (a
# save writes it back); the rest is narrowed because compiling and building every column of five tables was the
# largest ORM cost of the activity page. A column left out still works, at the cost of one query each time:
# add it here when a page needs it (tests/agencies/test_list_queries.py reads them all without a query).
OFFICE_COLUMNS = ("name", "kind", "code", "region_name")
USER_NAME_COLUMNS = ("first_name", "last_name", "username")  # get_full_name, or the username
AGREEMENT_RELATED_COLUMNS = (
    *(f"office__{name}" for name in OFFICE_COLUMNS),
    "parent__title",
    "parent__office",
    "parent__office__name",
    "renewal_of__title",
    "renewal_of__end_date",
    "renewal_of__office",
    *(f"created_by__{name}" for name in USER_NAME_COLUMNS),
)
# An agreement's partners with their region (the agreement page shows it; its forms need their keys).
AGREEMENT_PARTNERS = Partner.objects.select_related("home_office").only(
    "name", "acronym", "category", "home_office__kind", "home_office__region_name"
)


def agreement_for_user(user, pk, *, change: bool = False) -> Agreement:
    own = [field.name for field in Agreement._meta.concrete_fields]
    qs = (
        Agreement.objects.select_related("office", "parent", "parent__office", "created_by", "renewal_of")
        .only(*own, *AGREEMENT_RELATED_COLUMNS)
        .prefetch_related(Prefetch("partners", queryset=AGREEMENT_PARTNERS.order_by("name")))
    )
    return permissions.get_for_user(user, qs.with_status(timezone.localdate()), change=change, pk=pk)


ACTIVITY_RELATED_COLUMNS = (
    *(f"office__{name}" for name in OFFICE_COLUMNS),
    "agreement__title",
    "agreement__verification_status",
    "agreement__office",
    *(f"agreement__office__{name}" for name in OFFICE_COLUMNS),
    *(f"created_by__{name}" for name in USER_NAME_COLUMNS),
)
PARTNER_LABEL_COLUMNS = ("name", "acronym", "category")  # str(partner), its category, its link


def activity_for_user(user, pk, *, change: bool = False) -> Activity:
    """The activity with its office, agreement (and the agreement's office) and creator. Its partners are not
    read here: the detail page reads their labels (`record_partners`), the edit form their keys, the delete
    page nothing (a prefetch also cost twice the plain query)."""
    own = [field.name for field in Activity._meta.concrete_fields]
    qs = Activity.objects.select_related("office", "agreement", "agreement__office", "created_by")
    return permissions.get_for_user(user, qs.only(*own, *ACTIVITY_RELATED_COLUMNS), change=change, pk=pk)


def record_partners(record: Agreement | Activity) -> list[Partner]:
    """The partners of a record the user has opened, by name, with what a page shows of each."""
    return list(record.partners.only(*PARTNER_LABEL_COLUMNS).order_by("name"))


EVIDENCE_PANEL_COLUMNS = ("kind", "original_name", "size", "content_type", "uploaded_at", "uploaded_by")


def record_evidence(user, record) -> list[Evidence]:
    """The evidence panel's files: what it shows of each (not the stored path or the digest) and the uploader's
    name. The record's own key is read too: the related manager sets it on each file."""
    qs = record.evidence.select_related("uploaded_by").only(
        *EVIDENCE_PANEL_COLUMNS, record.record_kind, *(f"uploaded_by__{name}" for name in USER_NAME_COLUMNS)
    )
    return list(permissions.scope_evidence(user, qs))


def visible_parent(user, agreement: Agreement) -> bool:
    """May the user open the parent agreement (a national MoU is the province's own record)? Decided from the
    parent read with the agreement (`agreement_for_user`), without a query."""
    return agreement.parent_id is not None and permissions.in_scope(user, agreement.parent)


def agreement_children(user, agreement: Agreement) -> list[Agreement]:
    children = agreement.children.select_related("office").with_status(timezone.localdate())
    return list(permissions.scope_agreements(user, children).order_by("office__code", "-start_date"))


DETAIL_LIMIT = 20


def agreement_activities(user, agreement: Agreement) -> tuple[list[Activity], int]:
    """The first activities under an agreement (with the total), the rest are behind the list link."""
    qs = permissions.scope_activities(user, agreement.activities.select_related("office"))
    rows = list(qs.order_by("-end_date", "-id")[:DETAIL_LIMIT])
    total = qs.count() if len(rows) == DETAIL_LIMIT else len(rows)
    return rows, total


def partner_records(user, partner: Partner) -> dict:
    """The agreements and activities of one partner that the user may see (first rows and totals)."""
    agreements = permissions.scope_agreements(user, partner.agreements.select_related("office"))
    activities = permissions.scope_activities(user, partner.activities.select_related("office"))
    agreement_rows = list(agreements.with_status(timezone.localdate()).order_by("-start_date", "-id")[:DETAIL_LIMIT])
    activity_rows = list(activities.order_by("-end_date", "-id")[:DETAIL_LIMIT])
    return {
        "agreements": agreement_rows,
        "agreement_total": agreements.count() if len(agreement_rows) == DETAIL_LIMIT else len(agreement_rows),
        "activities": activity_rows,
        "activity_total": activities.count() if len(activity_rows) == DETAIL_LIMIT else len(activity_rows),
    }


def partner_in_use(partner: Partner) -> bool:
    """Used by any record of any office (a partner in use cannot be deleted)."""
    return partner.agreements.exists() or partner.activities.exists()


def linkable_agreements(user, office, *, exclude_pk: int | None = None) -> QuerySet[Agreement]:
    """Agreements a record of `office` may cite: the office's own ones the user can see, plus the province's
    published ones."""
    qs = permissions.citable_agreements(user, office).select_related("office").order_by("-start_date", "-id")
    return qs.exclude(pk=exclude_pk) if exclude_pk else qs


def citable_agreements(user) -> QuerySet[Agreement]:
    """Every agreement whose title the user may read: their scope plus the province's published ones."""
    return permissions.citable_agreements(user)


def visible_agreement(user, activity: Activity) -> bool:
    """May the user open the activity's agreement page (not so for a national MoU seen by staff)? Decided from
    the agreement read with the activity (its office), without a query."""
    return activity.agreement_id is not None and permissions.in_scope(user, activity.agreement)


def agreement_renewed_by(user, agreement: Agreement) -> Agreement | None:
    """The newest agreement that renews this one and that the user may see (one query), or None."""
    renewals = permissions.scope_agreements(user, agreement.renewals.all())
    return renewals.with_status(timezone.localdate()).order_by("-start_date", "-id").first()


def visible_renewed(user, agreement: Agreement) -> bool:
    """May the user open the agreement this one renews? Decided from the one read with it, without a query."""
    return agreement.renewal_of_id is not None and permissions.in_scope(user, agreement.renewal_of)

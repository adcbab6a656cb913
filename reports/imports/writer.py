"""Writing a valid plan in bulk, with history: one transaction, a few statements per 500 rows.

simple-history's `bulk_history_create` (what `bulk_create_with_history` calls) writes the historical rows; the
historical partner links (`m2m_fields=[partners]`) are written here too, so each imported agreement or activity
has a history row that lists its partners, exactly as a form save would leave it.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from agencies.choices import VerificationAction, VerificationStatus
from agencies.models import Activity, Agreement, VerificationEvent

from .engine import NEW, UPDATE, ImportPlan, RowPlan

CHANGE_REASON = "Impor spreadsheet"
BATCH = 500
REOPEN_FIELDS = ["verification_status", "verified_at", "verified_by"]


@transaction.atomic
def apply_plan(plan: ImportPlan, *, user) -> dict[str, int]:
    """Write the new and changed rows of a valid plan; refuses an invalid one (nothing written)."""
    if not plan.is_valid:
        raise ValueError("An invalid import plan cannot be applied.")
    new = [row for row in plan.rows if row.status == NEW]
    changed = [row for row in plan.rows if row.status == UPDATE]
    model = plan.model
    _create(model, new, user)
    _update(model, changed, user)
    return plan.counts()


def _create(model, rows: list[RowPlan], user) -> None:
    if not rows:
        return
    objects = model.objects.bulk_create([row.instance for row in rows], batch_size=BATCH)
    links = _link_partners(model, rows)
    history = model.history.bulk_history_create(
        objects, batch_size=BATCH, default_user=user, default_change_reason=CHANGE_REASON
    )
    _history_links(model, history, links)


def _update(model, rows: list[RowPlan], user) -> None:
    if not rows:
        return
    now = timezone.now()
    fields = {"updated_at", "version"}
    for row in rows:
        obj = row.instance
        obj.updated_at, obj.version = now, obj.version + 1
        fields.update(name for name in row.changed if name != "partners")
        if row.reopen:
            obj.verification_status, obj.verified_at, obj.verified_by = VerificationStatus.DRAFT, None, None
            fields.update(REOPEN_FIELDS)
    objects = [row.instance for row in rows]
    model.objects.bulk_update(objects, sorted(fields), batch_size=BATCH)
    relinked = [row for row in rows if "partners" in row.changed]
    links = {}
    if relinked and model in (Activity, Agreement):
        owner = model._meta.model_name + "_id"
        model.partners.through.objects.filter(**{f"{owner}__in": [r.instance.pk for r in relinked]}).delete()
        links = _link_partners(model, relinked)
    history = model.history.bulk_history_create(
        objects, batch_size=BATCH, update=True, default_user=user, default_change_reason=CHANGE_REASON
    )
    if model in (Activity, Agreement):
        _history_links(model, history, links | _current_links(model, [r for r in rows if r not in relinked]))
    _log_reopened(model, [row for row in rows if row.reopen], user)


def _link_partners(model, rows: list[RowPlan]) -> dict[int, list]:
    """Insert the partner links of `rows`; returns {owner pk: [through rows]}."""
    if model not in (Activity, Agreement):
        return {}
    through = model.partners.through
    owner = model._meta.model_name + "_id"
    by_owner = {}
    for row in rows:
        by_owner[row.instance.pk] = [through(**{owner: row.instance.pk, "partner_id": p}) for p in row.partner_ids]
    through.objects.bulk_create([link for links in by_owner.values() for link in links], batch_size=BATCH * 2)
    return by_owner


def _current_links(model, rows: list[RowPlan]) -> dict[int, list]:
    if not rows:
        return {}
    through = model.partners.through
    owner = model._meta.model_name + "_id"
    by_owner: dict[int, list] = {row.instance.pk: [] for row in rows}
    for link in through.objects.filter(**{f"{owner}__in": list(by_owner)}):
        by_owner[getattr(link, owner)].append(link)
    return by_owner


def _history_links(model, history: list, links: dict[int, list]) -> None:
    """Historical partner links pointing at each new historical row (simple-history's m2m history)."""
    if model not in (Activity, Agreement):
        return
    history_links = model.history.model.partners.model
    owner = model._meta.model_name + "_id"
    rows = [
        history_links(id=link.pk, history=record, partner_id=link.partner_id, **{owner: getattr(link, owner)})
        for record in history
        for link in links.get(record.id, [])
    ]
    history_links.objects.bulk_create(rows, batch_size=BATCH * 2)


def _log_reopened(model, rows: list[RowPlan], user) -> None:
    if not rows:
        return
    key = model._meta.model_name
    VerificationEvent.objects.bulk_create(
        [VerificationEvent(**{key: row.instance}, action=VerificationAction.REOPEN, actor=user) for row in rows]
    )

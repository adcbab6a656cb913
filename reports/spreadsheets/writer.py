"""Writing a valid plan in bulk, with history: one transaction, a few statements per 500 rows.

simple-history's `bulk_history_create` (what `bulk_create_with_history` calls) writes the historical rows; the
historical partner links go into simple-history's own m2m history model (`HistoricalActivity.partners.model`,
`m2m_fields=[partners]`) with the ORM, so each imported agreement or activity has a history row that lists its
partners, exactly as a form save would leave it. A changed submitted or verified record goes back to draft by
the services' own rule (`agencies.services.common.reopen_if_needed`), which also logs the reopening.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from agencies.figures import bump_data_version
from agencies.models import Activity, Agreement, ImportBatch
from agencies.services.bulk_history import current_links, history_links, owner_column
from agencies.services.common import reopen_if_needed

from .engine import NEW, UPDATE, ImportPlan, RowPlan

CHANGE_REASON = "Impor spreadsheet"
BATCH = 500
LINK_BATCH = 1000
REOPEN_FIELDS = ["verification_status", "verified_at", "verified_by"]


@transaction.atomic
def apply_plan(plan: ImportPlan, *, user, file_name: str = "") -> dict[str, int]:
    """Write the new and changed rows of a valid plan; refuses an invalid one (nothing written). Agreements and
    activities written are marked with a new `ImportBatch` (`plan.batch`), so the importer lands on them."""
    if not plan.is_valid:
        raise ValueError("An invalid import plan cannot be applied.")
    new = [row for row in plan.rows if row.status == NEW]
    changed = [row for row in plan.rows if row.status == UPDATE]
    model = plan.model
    plan.batch = _batch(plan, [*new, *changed], user, file_name)
    _create(model, new, user)
    _update(model, changed, user, batch=plan.batch)
    if new or changed:
        bump_data_version()
    return plan.counts()


def _batch(plan: ImportPlan, rows: list[RowPlan], user, file_name: str) -> ImportBatch | None:
    if not rows or plan.model not in (Activity, Agreement):
        return None
    batch = ImportBatch.objects.create(
        office=plan.office, record_kind=plan.model.record_kind, file_name=file_name[:200], created_by=user
    )
    for row in rows:
        row.instance.import_batch = batch
    return batch


def _create(model, rows: list[RowPlan], user) -> None:
    if not rows:
        return
    objects = model.objects.bulk_create([row.instance for row in rows], batch_size=BATCH)
    links = _link_partners(model, rows)
    history = model.history.bulk_history_create(
        objects, batch_size=BATCH, default_user=user, default_change_reason=CHANGE_REASON
    )
    _links_history(model, history, links)


def _update(model, rows: list[RowPlan], user, batch: ImportBatch | None = None) -> None:
    if not rows:
        return
    now = timezone.now()
    fields = {"updated_at", "version"} | ({"import_batch"} if batch else set())
    for row in rows:
        obj = row.instance
        obj.updated_at, obj.version = now, obj.version + 1
        fields.update(name for name in row.changed if name != "partners")
        status = obj.verification_status
        reopen_if_needed(obj, user)
        if obj.verification_status != status:
            fields.update(REOPEN_FIELDS)
    objects = [row.instance for row in rows]
    model.objects.bulk_update(objects, sorted(fields), batch_size=BATCH)
    relinked = [row for row in rows if "partners" in row.changed]
    links = {}
    if relinked and model in (Activity, Agreement):
        owner = _owner(model)
        model.partners.through.objects.filter(**{f"{owner}__in": [r.instance.pk for r in relinked]}).delete()
        links = _link_partners(model, relinked)
    relinked_pks = {row.instance.pk for row in relinked}
    unchanged_links = [row.instance.pk for row in rows if row.instance.pk not in relinked_pks]
    history = model.history.bulk_history_create(
        objects, batch_size=BATCH, update=True, default_user=user, default_change_reason=CHANGE_REASON
    )
    if model in (Activity, Agreement):
        _links_history(model, history, links | current_links(model, unchanged_links))


def _owner(model) -> str:
    return owner_column(model)


def _link_partners(model, rows: list[RowPlan]) -> dict[int, list[tuple[int, int]]]:
    """Insert the partner links of `rows`; returns {owner pk: [(link id, partner id)]}."""
    if model not in (Activity, Agreement):
        return {}
    through = model.partners.through
    owner, partner = _owner(model), model.partners.field.m2m_reverse_name()
    links = [through(**{owner: row.instance.pk, partner: pk}) for row in rows for pk in row.partner_ids]
    created = through.objects.bulk_create(links, batch_size=LINK_BATCH)
    if created and created[0].pk is None:  # a database that cannot return the new ids: read them back
        return current_links(model, [row.instance.pk for row in rows])
    by_owner: dict[int, list[tuple[int, int]]] = {row.instance.pk: [] for row in rows}
    for link in created:
        by_owner[getattr(link, owner)].append((link.pk, getattr(link, partner)))
    return by_owner


def _links_history(model, history: list, links: dict[int, list[tuple[int, int]]]) -> None:
    if model in (Activity, Agreement):
        history_links(model, history, links)

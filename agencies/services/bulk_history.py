"""History for writes done in bulk: the historical partner links of agreements and activities.

simple-history's `bulk_history_create` writes the historical rows but not their m2m snapshot (`m2m_fields=
[partners]`), which a form save leaves behind and `selectors.record_history` reads to show partner changes. These
helpers write it with the ORM, in a few statements per batch: the spreadsheet import (`reports/spreadsheets/
writer.py`) and "Ajukan semua" (`services.verification.import_batch_submit`) use them.
"""

from __future__ import annotations

BATCH = 500
LINK_BATCH = 1000


def owner_column(model) -> str:
    """The through table's column naming the agreement or activity (`agreement_id` / `activity_id`)."""
    return model.partners.field.m2m_column_name()


def current_links(model, owner_ids: list[int]) -> dict[int, list[tuple[int, int]]]:
    """{record pk: [(link id, partner id)]} as the through table holds them now (one query per 500 records)."""
    owner = owner_column(model)
    by_owner: dict[int, list[tuple[int, int]]] = {pk: [] for pk in owner_ids}
    through = model.partners.through.objects
    for start in range(0, len(owner_ids), BATCH):
        chunk = owner_ids[start : start + BATCH]
        for link_id, owner_id, partner_id in through.filter(**{f"{owner}__in": chunk}).values_list(
            "id", owner, "partner_id"
        ):
            by_owner[owner_id].append((link_id, partner_id))
    return by_owner


def history_links(model, history: list, links: dict[int, list[tuple[int, int]]]) -> None:
    """Historical partner links pointing at each new historical row (simple-history's m2m history model)."""
    history_link_model = model.history.model.partners.model
    owner = f"{model._meta.model_name}_id"
    rows = [
        history_link_model(
            **{"id": link_id, owner: record.id, "partner_id": partner_id, "history_id": record.history_id}
        )
        for record in history
        for link_id, partner_id in links.get(record.id, [])
    ]
    history_link_model.objects.bulk_create(rows, batch_size=LINK_BATCH)


def bulk_history_with_links(model, objects: list, *, user, update: bool = True, reason: str | None = None) -> list:
    """One historical row per object, with its current partner links, as a save would leave them."""
    history = model.history.bulk_history_create(
        objects, batch_size=BATCH, update=update, default_user=user, default_change_reason=reason
    )
    history_links(model, history, current_links(model, [obj.pk for obj in objects]))
    return history

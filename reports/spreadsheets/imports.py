"""Spreadsheet imports of partners, agreements and activities: check the file, preview, confirm.

    kind  = "partners" | "agreements" | "activities"
    fmt   = inspect_upload(uploaded, kind, office=office)         # FileRejected with an Indonesian message
    state = stash_upload(uploaded, kind, fmt, user=user, office=office)  # only its token reaches the session
    plan  = preview_import(state, user=user, office=office)        # dry run: reads only
    plan  = confirm_import(state, user=user, office=office)        # re-reads and re-validates; writes if valid

Records land as drafts in the importer's own office (`import_office_for`): staff in their office, the verifier
in the province office; the leader cannot import. No column can choose the office.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from agencies import notifications, permissions, tabular_stash
from agencies.evidence import safe_original_name
from agencies.models import Office
from agencies.resources import RESOURCES
from agencies.tabular import MAX_BYTES, MAX_ROWS, FileRejected, Table, read_table, sniff_format, thousands

from .engine import KIND_LABELS, STATUS_LABELS, ImportPlan, Planner, RowError, RowPlan, match_columns

__all__ = [
    "KIND_LABELS",
    "MAX_BYTES",
    "MAX_ROWS",
    "SESSION_KEY",
    "STATUS_LABELS",
    "FileRejected",
    "ImportPlan",
    "RowError",
    "RowPlan",
    "cancel_import",
    "confirm_import",
    "import_office_for",
    "inspect_upload",
    "preview_import",
    "stash_upload",
    "thousands",
]

SESSION_KEY = "hubal_import"
MSG_OTHER_OFFICE = "Sesi impor ini milik kantor lain. Unggah lagi."


def import_office_for(user) -> Office | None:
    """The office an import by `user` lands in, or None if the user may not import."""
    return permissions.recording_office(user)


def _check_kind(kind: str) -> None:
    if kind not in RESOURCES:
        raise FileRejected("Jenis data impor tidak dikenal.")


def _table(fileobj, fmt: str, kind: str) -> Table:
    return read_table(fileobj, fmt, sheet=KIND_LABELS[kind])


def inspect_upload(uploaded, kind: str, *, office: Office) -> str:
    """Everything about the file that needs no database: kind, safety, size, rows, headers. Returns the format."""
    _check_kind(kind)
    fmt = sniff_format(uploaded)
    table = _table(uploaded, fmt, kind)
    match_columns(RESOURCES[kind](office=office), table.headers, kind=kind, office=office)
    uploaded.seek(0)
    return fmt


def stash_upload(uploaded, kind: str, fmt: str, *, user, office: Office) -> dict:
    token = tabular_stash.stash(uploaded, user=user)
    return {
        "token": token,
        "format": fmt,
        "kind": kind,
        "name": safe_original_name(getattr(uploaded, "name", "")),
        "office_id": office.pk,
    }


def _plan(state: dict, fileobj, *, user, office: Office, lock: bool = False) -> ImportPlan:
    kind = state.get("kind", "")
    _check_kind(kind)
    if state.get("office_id") != office.pk:
        raise FileRejected(MSG_OTHER_OFFICE)
    with fileobj:
        fmt = sniff_format(fileobj)
        table = _table(fileobj, fmt, kind)
    return Planner(kind, user=user, office=office, lock=lock).plan(table)


def preview_import(state: dict, *, user, office: Office) -> ImportPlan:
    """The dry run: every row as new / updated / unchanged / skipped / invalid. Writes nothing."""
    return _plan(state, tabular_stash.open_stash(state.get("token", ""), user=user), user=user, office=office)


def confirm_import(state: dict, *, user, office: Office) -> ImportPlan:
    """Re-read and re-validate the stored file, then write it in one transaction if every row is valid."""
    from .writer import apply_plan

    if _may_import(user, state.get("kind", ""), office) is False:
        raise PermissionDenied
    with tabular_stash.confirming(state.get("token", ""), user=user) as claim:
        plan = _plan(state, claim.file, user=user, office=office, lock=True)
        if plan.is_valid:
            counts = apply_plan(plan, user=user)
            _notify_imported(plan, counts, state.get("kind", ""), user=user)
        else:
            claim.keep = True  # the preview shows the rows that became invalid
    return plan


LIST_URLS = {
    "partners": "agencies:partner-list",
    "agreements": "agencies:agreement-list",
    "activities": "agencies:activity-list",
}


def _notify_imported(plan: ImportPlan, counts: dict[str, int], kind: str, *, user) -> None:
    notifications.import_done(
        user=user,
        kind_label=KIND_LABELS[kind],
        created=counts.get("new", 0),
        updated=counts.get("update", 0),
        url=reverse(LIST_URLS[kind]),
    )


def cancel_import(state: dict, *, user) -> None:
    tabular_stash.discard(state.get("token", ""), user=user)


def _may_import(user, kind: str, office: Office) -> bool:
    if kind == "partners":
        return permissions.can_register_partner(user)
    return permissions.can_create_in(user, office)


def purge_stale_uploads() -> int:
    return tabular_stash.purge_stale()

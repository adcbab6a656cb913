"""Spreadsheet imports of partners, agreements and activities: check the file, preview, confirm.

    kind  = "partners" | "agreements" | "activities", or "" to recognise it from the file's headers
    fmt   = sniff_format(uploaded)                                 # FileRejected: not a safe spreadsheet
    state = stash_upload(uploaded, "", fmt, user=user, office=office)    # only its token reaches the session
    state["kind"] = check_stashed(state, kind, user=user, office=office) # FileRejected: headers do not fit
    plan  = preview_import(state, user=user, office=office)        # dry run: reads only
    plan  = confirm_import(state, user=user, office=office)        # re-reads and re-validates; writes if valid

A readable file whose headers do not fit stays stashed, so the page can keep it attached while the user picks
another data type (`check_stashed` again). `inspect_upload` is the same check on a file in hand.

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

from .engine import KIND_LABELS, STATUS_LABELS, ImportPlan, Planner, RowError, RowPlan, _norm, match_columns

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
    "check_headers",
    "check_stashed",
    "detect_kind",
    "confirm_import",
    "import_office_for",
    "inspect_upload",
    "preview_import",
    "sniff_format",
    "stash_upload",
    "thousands",
]

SESSION_KEY = "hubal_import"
KEPT_KEY = "hubal_import_kept"  # a readable upload whose data type did not fit yet, kept for the next try
MSG_UNKNOWN_KIND = (
    "Jenis data tidak dapat dikenali dari judul kolom berkas ini. Pilih jenis datanya, atau gunakan templat impor "
    "dan jangan ubah judul kolomnya."
)
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
    fmt = sniff_format(uploaded)
    check_headers(uploaded, fmt, kind, office=office)
    return fmt


def check_headers(fileobj, fmt: str, kind: str, *, office: Office) -> str:
    """The data type of the file: `kind` when given (its headers must fit), else recognised from the headers.
    Reads the rows too (row limit, empty file). FileRejected with an Indonesian message."""
    kind = kind or detect_kind(fileobj, fmt)
    if not kind:
        raise FileRejected(MSG_UNKNOWN_KIND)
    _check_kind(kind)
    table = _table(fileobj, fmt, kind)
    match_columns(RESOURCES[kind](office=office), table.headers, kind=kind, office=office)
    fileobj.seek(0)
    return kind


def detect_kind(fileobj, fmt: str) -> str:
    """The data type whose required columns the file's headers all have (most matching headers wins), or ""."""
    best, best_score = "", 0
    for kind, resource_class in RESOURCES.items():
        headers = {_norm(h) for h in read_table(fileobj, fmt, sheet=KIND_LABELS[kind], headers_only=True).headers}
        fileobj.seek(0)
        required = {_norm(c) for c in resource_class.required_columns}
        known = {_norm(c) for c in resource_class(office=None).columns()}
        score = len(headers & known)
        if required <= headers and score > best_score:
            best, best_score = kind, score
    return best


def check_stashed(state: dict, kind: str, *, user, office: Office) -> str:
    """`check_headers` on the stashed file of `state`; returns the data type."""
    with tabular_stash.open_stash(state.get("token", ""), user=user) as fileobj:
        return check_headers(fileobj, state.get("format", ""), kind, office=office)


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
            counts = apply_plan(plan, user=user, file_name=state.get("name", ""))
            _notify_imported(plan, counts, state.get("kind", ""), user=user)
        else:
            claim.keep = True  # the preview shows the rows that became invalid
    return plan


LIST_URLS = {
    "partners": "agencies:partner-list",
    "agreements": "agencies:agreement-list",
    "activities": "agencies:activity-list",
}


def imported_rows_url(kind: str, batch=None) -> str:
    """The list of exactly the rows just imported (`?batch=`); partners, or nothing written: the whole list."""
    return reverse(LIST_URLS[kind]) + (f"?batch={batch.pk}" if batch is not None else "")


def _notify_imported(plan: ImportPlan, counts: dict[str, int], kind: str, *, user) -> None:
    notifications.import_done(
        user=user,
        kind_label=KIND_LABELS[kind],
        created=counts.get("new", 0),
        updated=counts.get("update", 0),
        url=imported_rows_url(kind, getattr(plan, "batch", None)),
    )


def cancel_import(state: dict, *, user) -> None:
    tabular_stash.discard(state.get("token", ""), user=user)


def _may_import(user, kind: str, office: Office) -> bool:
    if kind == "partners":
        return permissions.can_register_partner(user)
    return permissions.can_create_in(user, office)


def purge_stale_uploads() -> int:
    return tabular_stash.purge_stale()

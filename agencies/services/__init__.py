"""Writes of the agencies app, one module per noun (as Zulip's `zerver/actions/<noun>.py`).

Each service is one transaction, validates with `full_clean()` and queues its side effects with
`transaction.on_commit`. Code inside `agencies` imports from the noun modules; the names below are
re-exported for code outside the app that imports `agencies.services` directly.
"""

from .activities import activity_create, activity_delete, activity_save, activity_update
from .agreements import agreement_create, agreement_delete, agreement_save, agreement_update
from .common import MSG_NO_PARTNER, MSG_STALE, StaleVersionError
from .evidence import CheckedUpload, check_uploads, evidence_add_many, evidence_delete
from .partners import MSG_PARTNER_IN_USE, partner_create, partner_delete, partner_update
from .verification import (
    MSG_NOT_PENDING,
    MSG_NOT_SUBMITTABLE,
    MSG_RETURN_NOTE,
    BulkResult,
    bulk_submit,
    bulk_verify,
    record_return,
    record_submit,
    record_verify,
)

__all__ = [
    "MSG_NOT_PENDING",
    "MSG_NOT_SUBMITTABLE",
    "MSG_NO_PARTNER",
    "MSG_PARTNER_IN_USE",
    "MSG_RETURN_NOTE",
    "MSG_STALE",
    "BulkResult",
    "CheckedUpload",
    "StaleVersionError",
    "activity_create",
    "activity_delete",
    "activity_save",
    "activity_update",
    "agreement_create",
    "agreement_delete",
    "agreement_save",
    "agreement_update",
    "bulk_submit",
    "bulk_verify",
    "check_uploads",
    "evidence_add_many",
    "evidence_delete",
    "partner_create",
    "partner_delete",
    "partner_update",
    "record_return",
    "record_submit",
    "record_verify",
]

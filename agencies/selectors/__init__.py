"""Reads for pages: annotated, permission-scoped querysets, counts and presentations.

- `lists`: the list pages and the home counts (`filtered_*` are shared with the exports);
- `records`: one record and what hangs off it; the agreements a form may offer;
- `directory`: partner type-ahead search and the near-duplicate check;
- `history`: the change history of a record, for people.
"""

from .directory import partner_search, similar_partners, similarity
from .history import HistoryEntry, record_history
from .lists import filtered_activities, filtered_agreements, filtered_partners, home_counts
from .records import (
    activity_for_user,
    agreement_activities,
    agreement_children,
    agreement_for_user,
    citable_agreements,
    linkable_agreements,
    partner_in_use,
    partner_records,
    record_events,
    record_evidence,
    visible_agreement,
    visible_parent,
)

__all__ = [
    "HistoryEntry",
    "activity_for_user",
    "agreement_activities",
    "agreement_children",
    "agreement_for_user",
    "citable_agreements",
    "filtered_activities",
    "filtered_agreements",
    "filtered_partners",
    "home_counts",
    "linkable_agreements",
    "partner_in_use",
    "partner_records",
    "partner_search",
    "record_events",
    "record_evidence",
    "record_history",
    "similar_partners",
    "similarity",
    "visible_agreement",
    "visible_parent",
]

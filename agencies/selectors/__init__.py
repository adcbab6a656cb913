"""Reads for pages: annotated, permission-scoped querysets, counts and presentations.

- `lists`: the list pages and the home counts (`filtered_*` are shared with the exports);
- `records`: one record and what hangs off it; the agreements a form may offer;
- `directory`: partner type-ahead search and the near-duplicate check;
- `history`: the change history of a record, for people;
- `queue`: the verifier's queue and the offices it comes from;
- `home`: the role home pages and the badge counts;
- `expiring`: the page of agreements about to expire.
"""

from .directory import partner_search
from .expiring import annotate_rows, band_counts, expiring_agreements
from .history import HistoryEntry, record_history
from .home import badge_for, expiring_soon, province_overview, staff_todo, staff_year
from .lists import filtered_activities, filtered_agreements, filtered_partners, home_counts
from .queue import office_overview, queue_counts, queue_keys, queue_records, quiet_offices
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
from .similarity import similar_partners, similarity

__all__ = [
    "HistoryEntry",
    "activity_for_user",
    "agreement_activities",
    "agreement_children",
    "agreement_for_user",
    "annotate_rows",
    "badge_for",
    "band_counts",
    "citable_agreements",
    "expiring_agreements",
    "expiring_soon",
    "filtered_activities",
    "filtered_agreements",
    "filtered_partners",
    "home_counts",
    "linkable_agreements",
    "office_overview",
    "partner_in_use",
    "partner_records",
    "partner_search",
    "province_overview",
    "queue_counts",
    "queue_keys",
    "queue_records",
    "quiet_offices",
    "record_events",
    "record_evidence",
    "record_history",
    "similar_partners",
    "similarity",
    "staff_todo",
    "staff_year",
    "visible_agreement",
    "visible_parent",
]

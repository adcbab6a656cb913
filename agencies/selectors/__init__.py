"""Reads for pages: annotated, permission-scoped querysets, counts and presentations.

- `lists`: the list pages and the home counts (`filtered_*` are shared with the exports);
- `records`: one record and what hangs off it; the agreements a form may offer;
- `directory`: partner type-ahead search; `similarity`: the near-duplicate check; `merge`: a merge's preview;
- `history`: the change history of a record, for people (`history_cache.record_trail`: with the verification
  events, as a record page shows them, cached);
- `queue`: the verifier's queue and the offices it comes from;
- `home`: the role home pages and the badge counts;
- `expiring`: the page of agreements about to expire;
- `imports`: the banner of a list showing one import's rows.
"""

from .directory import partner_search
from .expiring import annotate_rows, band_counts, expiring_agreements
from .history import HistoryEntry, record_history
from .history_cache import Trail, record_trail
from .home import badge_for, expiring_soon, province_overview, staff_todo, staff_year
from .imports import BatchBanner, import_batch_banner
from .inbox import inbox_entries, unread_count
from .lists import (
    activity_evidence_count,
    activity_filterset,
    filtered_activities,
    filtered_agreements,
    filtered_partners,
    home_counts,
)
from .merge import MergePreview, merge_candidates, merge_preview
from .queue import (
    office_overview,
    queue_counts,
    queue_filter,
    queue_keys,
    queue_records,
    quiet_offices,
    recently_verified,
)
from .records import (
    activity_for_user,
    agreement_activities,
    agreement_children,
    agreement_for_user,
    agreement_renewed_by,
    citable_agreements,
    linkable_agreements,
    partner_in_use,
    partner_records,
    record_evidence,
    record_partners,
    visible_agreement,
    visible_parent,
    visible_renewed,
)
from .search import Hit, search
from .search import query_words as search_words
from .similarity import similar_partners, similarity

__all__ = [
    "Hit",
    "Trail",
    "HistoryEntry",
    "MergePreview",
    "activity_evidence_count",
    "activity_filterset",
    "activity_for_user",
    "agreement_activities",
    "agreement_children",
    "agreement_for_user",
    "agreement_renewed_by",
    "annotate_rows",
    "BatchBanner",
    "badge_for",
    "band_counts",
    "citable_agreements",
    "expiring_agreements",
    "expiring_soon",
    "filtered_activities",
    "filtered_agreements",
    "filtered_partners",
    "home_counts",
    "import_batch_banner",
    "inbox_entries",
    "linkable_agreements",
    "merge_candidates",
    "merge_preview",
    "office_overview",
    "partner_in_use",
    "partner_records",
    "partner_search",
    "province_overview",
    "queue_counts",
    "queue_filter",
    "queue_keys",
    "queue_records",
    "quiet_offices",
    "record_trail",
    "record_evidence",
    "record_history",
    "record_partners",
    "recently_verified",
    "search",
    "search_words",
    "similar_partners",
    "similarity",
    "staff_todo",
    "staff_year",
    "unread_count",
    "visible_agreement",
    "visible_parent",
    "visible_renewed",
]

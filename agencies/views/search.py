"""The portal search (`/cari/?q=…`), the box in the header of every page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from agencies import selectors
from agencies.selectors.search import KIND_LABELS


@login_required
@require_GET
def search(request):
    query = " ".join(request.GET.get("q", "").split())[:200]
    only = request.GET.get("jenis", "")
    only = only if only in KIND_LABELS else ""
    hits = selectors.search(request.user, query, only=only)
    context = {
        "search_query": query,
        "only": only,
        "only_label": KIND_LABELS.get(only, "").lower(),
        "hits": hits,
        "kinds": KIND_LABELS.items(),
        "too_short": bool(query) and not selectors.search_words(query),
    }
    return render(request, "agencies/search.html", context)

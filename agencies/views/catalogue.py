"""The public agreement catalogue (no sign-in): search, detail, and each agreement's signed document.

Only `permissions.public_agreements()` (publishable and verified) is reachable here; any other id is 404, and
the document view serves nothing but the newest signed document of such an agreement, through the one
download function.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from agencies.downloads import stored_file_response
from agencies.filters import CatalogueFilter
from agencies.selectors import catalogue as selectors

from ._common import paginate

PER_PAGE = 20


@require_safe
def catalogue(request):
    filterset = CatalogueFilter(request.GET or None, queryset=selectors.public_catalogue(timezone.localdate()))
    qs = filterset.qs if filterset.is_bound and filterset.is_valid() or not filterset.is_bound else []
    context = {"filterset": filterset, "page": paginate(request, qs, PER_PAGE)}
    return render(request, "agencies/catalogue_list.html", context)


@require_safe
def catalogue_detail(request, pk: int):
    agreement = get_object_or_404(selectors.public_catalogue(timezone.localdate()), pk=pk)
    context = {"agreement": agreement, "focus_labels": selectors.focus_labels(agreement)}
    return render(request, "agencies/catalogue_detail.html", context)


@require_safe
def catalogue_document(request, pk: int):
    document = selectors.public_document(pk)
    if document is None:
        raise Http404("Dokumen tidak ditemukan.")
    return stored_file_response(document.file, name=document.original_name)

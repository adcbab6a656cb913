"""Merging duplicate partners (verifier): choose the partner to keep, see what moves, merge."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from agencies import permissions, selectors
from agencies.models import Partner
from agencies.services import merge as merge_services

MSG_NOT_MERGER = "Hanya verifikator provinsi yang dapat menggabungkan lembaga mitra."


def _partner(user, pk) -> Partner:
    qs = Partner.objects.select_related("home_office", "registered_by")
    return permissions.get_for_user(user, qs, pk=pk)


def _keep_from(request, merged: Partner) -> Partner | None:
    raw = request.POST.get("keep") or request.GET.get("keep") or ""
    if not raw.isdigit():
        return None
    keep = _partner(request.user, int(raw))
    if keep.pk == merged.pk:
        raise Http404("Lembaga tidak dapat digabung dengan dirinya sendiri.")
    return keep


@login_required
def partner_merge(request, pk: int):
    """GET: candidates to keep (similar names, or a search), then the preview of what moves.
    POST (with `keep` and the kept partner's `version`): merge in one transaction."""
    if not permissions.can_merge_partners(request.user):
        raise PermissionDenied(MSG_NOT_MERGER)
    merged = _partner(request.user, pk)
    keep = _keep_from(request, merged)
    if request.method == "POST" and keep is not None:
        version = request.POST.get("version", "")
        try:
            result = merge_services.partner_merge(
                user=request.user,
                keep=keep,
                merged=merged,
                expected_version=int(version) if version.isdigit() else None,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            moved = f"{result.agreements} kerja sama dan {result.activities} kegiatan dipindahkan"
            messages.success(request, f"“{result.merged_name}” digabung ke “{result.keep.name}”: {moved}.")
            return redirect("agencies:partner-detail", pk=keep.pk)
    query = request.GET.get("q", "")[:200]
    context = {
        "merged": merged,
        "keep": keep,
        "query": query,
        "candidates": [] if keep else selectors.merge_candidates(request.user, merged, query),
        "preview": selectors.merge_preview(request.user, merged, keep) if keep else None,
    }
    return render(request, "agencies/partner_merge.html", context)

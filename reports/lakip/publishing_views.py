"""Published LAKIPs: publish (verifier), the list, one publication shown from its frozen snapshot."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from agencies import permissions

from .forms import parse_year
from .publishing import NOT_ALLOWED, lakip_publish, published_for_user, visible_published
from .snapshot_display import display
from .views import _office_for_user


@login_required
@require_POST
def publish(request):
    permissions.require_settings_manager(request.user, NOT_ALLOWED)
    year = parse_year(request.POST.get("year"))
    office = _office_for_user(request.user, request.POST.get("office"))
    published = lakip_publish(user=request.user, year=year, office=office, note=request.POST.get("note", ""))
    messages.success(request, f"LAKIP {year} {office.name} diterbitkan. Angkanya tidak akan berubah lagi.")
    return redirect("reports:lakip-published", pk=published.pk)


@login_required
def published_list(request):
    items = visible_published(request.user).order_by("-year", "office__code", "-published_at")
    return render(request, "reports/lakip_published_list.html", {"items": items[:200]})


@login_required
def published_detail(request, pk: int):
    published = published_for_user(request.user, pk)
    docx_url = reverse("reports:lkjip-published", args=[published.pk])
    context = {"published": published, "lakip": display(published.snapshot), "docx_url": docx_url}
    return render(request, "reports/lakip_published.html", context)

"""The portal inbox: what happened to the user's records (returned, verified, expiring, imported, merged)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from agencies import selectors
from agencies.models import Notification
from agencies.services import inbox as inbox_services

from ._common import paginate


@login_required
@require_GET
def inbox(request):
    unread_only = request.GET.get("belum") == "1"
    page = paginate(request, selectors.inbox_entries(request.user, unread_only=unread_only))
    return render(request, "agencies/inbox.html", {"page": page, "unread_only": unread_only})


@login_required
@require_POST
def inbox_read(request, pk: int):
    """Mark one entry read; with `open`, go on to the record it is about."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    inbox_services.notification_mark_read(user=request.user, notification=notification)
    target = notification.url
    if request.POST.get("open") and target and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return redirect(target)
    return redirect("agencies:inbox")


@login_required
@require_POST
def inbox_read_all(request):
    inbox_services.notifications_mark_all_read(user=request.user)
    return redirect("agencies:inbox")

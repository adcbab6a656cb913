"""Bulk onboarding pages: template, upload, preview with every row's problems, then all-or-nothing creation.

Preview and confirm through the one stash (`agencies.tabular_stash`): the session keeps only the token."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from agencies import tabular_stash
from agencies.notifications import site_url
from agencies.tabular import FileRejected

from . import onboarding
from .forms import UploadForm
from .manage_views import manager_required

SESSION_KEY = "accounts_onboarding"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@manager_required
def template(request):
    response = HttpResponse(onboarding.template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="templat-akun-hubal.xlsx"'
    return response


@manager_required
def upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            onboarding.read_rows(upload)
        except FileRejected as error:
            form.add_error("file", error.message)
        else:
            tabular_stash.forget(request.session, SESSION_KEY, user=request.user)
            token = tabular_stash.stash(upload, user=request.user)
            tabular_stash.remember(request.session, SESSION_KEY, token, name=upload.name)
            return redirect("accounts:onboarding-preview")
    return render(request, "accounts/onboarding_upload.html", {"form": form, "max_rows": onboarding.MAX_ROWS})


@manager_required
def preview(request):
    stored = tabular_stash.pending(request.session, SESSION_KEY)
    if not stored:
        messages.info(request, "Unggah berkas daftar akun terlebih dahulu.")
        return redirect("accounts:onboarding")
    if request.method == "POST":
        return _confirm(request, stored)
    try:
        with tabular_stash.open_stash(stored["token"], user=request.user) as fileobj:
            rows = onboarding.read_rows(fileobj)
    except FileRejected as error:
        return _gone(request, error)
    checks = onboarding.check_rows(request.user, rows)
    context = {
        "checks": checks,
        "name": stored["name"],
        "valid": not onboarding.has_errors(checks),
        "error_count": sum(bool(c.errors) for c in checks),
    }
    return render(request, "accounts/onboarding_preview.html", context)


def _confirm(request, stored: dict):
    if "cancel" in request.POST:
        tabular_stash.forget(request.session, SESSION_KEY, user=request.user)
        messages.info(request, "Impor akun dibatalkan; tidak ada akun yang dibuat.")
        return redirect("accounts:onboarding")
    try:
        created = onboarding.onboarding_confirm(actor=request.user, token=stored["token"], site_url=site_url(request))
    except FileRejected as error:
        return _gone(request, error)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect("accounts:onboarding-preview")
    request.session.pop(SESSION_KEY, None)
    messages.success(request, f"{len(created)} akun dibuat dan undangan dikirim ke masing-masing surel.")
    return redirect("accounts:manage-list")


def _gone(request, error: FileRejected):
    """The stash expired (or was already used): start again, nothing was created."""
    tabular_stash.forget(request.session, SESSION_KEY, user=request.user)
    messages.error(request, error.message)
    return redirect("accounts:onboarding")

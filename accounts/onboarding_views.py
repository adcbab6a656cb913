"""Bulk onboarding pages: template, upload, preview with every row's problems, then all-or-nothing creation."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from agencies.notifications import site_url

from . import onboarding, sheet
from .forms import UploadForm
from .manage_views import manager_required

SESSION_KEY = "accounts_onboarding"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@manager_required
def template(request):
    response = HttpResponse(sheet.template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="templat-akun-hubal.xlsx"'
    return response


@manager_required
def upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            rows = sheet.read_rows(form.cleaned_data["file"])
        except sheet.SheetError as error:
            form.add_error("file", str(error))
        else:
            request.session[SESSION_KEY] = {"rows": rows, "name": form.cleaned_data["file"].name}
            return redirect("accounts:onboarding-preview")
    return render(request, "accounts/onboarding_upload.html", {"form": form, "max_rows": onboarding.MAX_ROWS})


@manager_required
def preview(request):
    stored = request.session.get(SESSION_KEY)
    if not stored:
        messages.info(request, "Unggah berkas daftar akun terlebih dahulu.")
        return redirect("accounts:onboarding")
    if request.method == "POST":
        return _confirm(request, stored)
    checks = onboarding.check_rows(request.user, stored["rows"])
    context = {
        "checks": checks,
        "name": stored["name"],
        "valid": not onboarding.has_errors(checks),
        "error_count": sum(bool(c.errors) for c in checks),
    }
    return render(request, "accounts/onboarding_preview.html", context)


def _confirm(request, stored: dict):
    if "cancel" in request.POST:
        request.session.pop(SESSION_KEY, None)
        messages.info(request, "Impor akun dibatalkan; tidak ada akun yang dibuat.")
        return redirect("accounts:onboarding")
    try:
        created = onboarding.onboarding_create(actor=request.user, rows=stored["rows"], site_url=site_url(request))
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect("accounts:onboarding-preview")
    request.session.pop(SESSION_KEY, None)
    messages.success(request, f"{len(created)} akun dibuat dan undangan dikirim ke masing-masing surel.")
    return redirect("accounts:manage-list")

"""Activities (kegiatan): list, detail, create (also from an agreement's page), edit, delete."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from agencies import kept_files, permissions, selectors
from agencies.choices import Role
from agencies.forms import ActivityForm
from agencies.models import Activity, Agreement, Partner
from agencies.services import activities as activity_services
from agencies.services import verification as verification_services

from ._common import (
    chosen_object,
    evidence_form,
    header_context,
    office_for_new_record,
    paginate,
    save_record,
    upload_context,
)
from .activity_fields import activity_fields
from .evidence import upload_slot
from .evidence_items import evidence_items
from .filter_form import filter_form_html
from .rows import activity_rows, activity_values, rows_html

MSG_SAVED = "Kegiatan tersimpan sebagai draf. Ajukan untuk verifikasi bila sudah lengkap."


def _columns(user) -> list[tuple[str, str, str]]:
    columns = [("end", "Tanggal", ""), ("title", "Nama kegiatan", ""), ("kind", "Jenis", "")]
    if permissions.sees_all_offices(user):
        columns.append(("office", "Kantor", ""))
    return columns + [
        ("", "Mitra", ""),
        ("participants", "Peserta", "num"),
        ("", "Bukti", "num"),
        ("verification", "Verifikasi", ""),
    ]


def _table(request, page, *, can_create: bool) -> dict:
    """The table's headers and rows (printed in Python: `rows_html`)."""
    user = request.user
    rows = activity_rows(page, staff=permissions.is_staff_member(user), with_office=permissions.sees_all_offices(user))
    headers = header_context(request, _columns(user), "-end")
    html = rows_html(
        rows,
        checkboxes=can_create,
        office_column=permissions.role_of(user) != Role.STAFF,
        columns=len(headers["headers"]) + 1,
        create_url=reverse("agencies:activity-create") if can_create else "",
    )
    return {"rows": rows, "rows_html": html, **headers}


@login_required
@require_GET
def activity_list(request):
    user = request.user
    filterset = selectors.activity_filterset(user, request.GET)
    page = paginate(request, activity_values(filterset.qs), counted=filterset.qs)
    can_create = permissions.can_register_partner(user)
    context = {
        "filterset": filterset,
        "filter_form": filter_form_html(filterset, reverse("agencies:activity-list")),
        "page": page,
        **_table(request, page, can_create=can_create),
        "can_create": can_create,
        "export_url": reverse("reports:list-export", args=["activities"]),
        "bulk_url": reverse("agencies:bulk-submit"),
        "batch_banner": selectors.import_batch_banner(user, filterset, "activity"),
        "chosen_partner": chosen_object(Partner, filterset, "partner"),
        "chosen_agreement": chosen_object(Agreement, filterset, "agreement", selectors.citable_agreements),
    }
    return render(request, "agencies/activity_list.html", context)


@login_required
@require_GET
def activity_detail(request, pk: int):
    user = request.user
    activity = selectors.activity_for_user(user, pk)
    can_edit = permissions.can_edit(user, activity)
    evidence_list = selectors.record_evidence(user, activity)
    trail = selectors.record_trail(user, activity)
    fields = activity_fields(
        activity,
        partners=selectors.record_partners(activity),
        agreement_visible=selectors.visible_agreement(user, activity),
        can_edit=can_edit,
    )
    context = {
        "record": activity,
        "activity": activity,
        "kind": "activity",
        "can_edit": can_edit,
        "fields": fields,
        "events": trail.events,
        "undo_until": verification_services.undo_until(user, activity),
        "evidence_list": evidence_list,
        "evidence_items": evidence_items(evidence_list, can_delete=can_edit),
        "upload_form": evidence_form(request, kind="activity") if can_edit else None,
        "kept_uploads": kept_files.for_slot(request, upload_slot(activity)) if can_edit else [],
        "history": trail.history,
        **upload_context(),
    }
    return render(request, "agencies/activity_detail.html", context)


def _render_form(request, form, files_form, *, activity=None, title: str = "", agreement=None):
    context = {
        "form": form,
        "files_form": files_form,
        "activity": activity,
        "title": title,
        "from_agreement": agreement,
        "unverified_agreement": form.unverified_agreement(),
        **upload_context(),
    }
    return render(request, "agencies/activity_form.html", context)


def _prefill(form, request) -> Agreement | None:
    """`?agreement=<pk>`: start from that agreement and its partners (only one the office may cite)."""
    pk = request.GET.get("agreement", "")
    if not pk.isdigit():
        return None
    agreement = form.fields["agreement"].queryset.filter(pk=int(pk)).first()
    if agreement:
        form.initial.update(
            {
                "agreement": agreement.pk,
                "partners": [p.pk for p in agreement.partners.all()],
                "focus_areas": agreement.focus_areas,
            }
        )
    return agreement


@login_required
def activity_create(request):
    office = office_for_new_record(request.user)
    form = ActivityForm(request.POST or None, instance=Activity(office=office), user=request.user, office=office)
    files_form = evidence_form(request, kind="activity")
    agreement = _prefill(form, request) if request.method == "GET" else None
    activity = save_record(request, form, files_form, activity_services.activity_save, office=office)
    if activity is not None:
        messages.success(request, MSG_SAVED)
        return redirect(activity.detail_url())
    return _render_form(request, form, files_form, agreement=agreement)


@login_required
def activity_edit(request, pk: int):
    activity = selectors.activity_for_user(request.user, pk, change=True)
    title = activity.title
    form = ActivityForm(
        request.POST or None,
        instance=activity,
        initial={"version": activity.version},
        user=request.user,
        office=activity.office,
    )
    files_form = evidence_form(request, kind="activity")
    if save_record(request, form, files_form, activity_services.activity_save, activity=activity) is not None:
        messages.success(request, "Perubahan kegiatan tersimpan.")
        return redirect(activity.detail_url())
    return _render_form(request, form, files_form, activity=activity, title=title)


@login_required
def activity_delete(request, pk: int):
    activity = selectors.activity_for_user(request.user, pk, change=True)
    if request.method == "POST":
        activity_services.activity_delete(user=request.user, activity=activity)
        messages.success(request, f"Kegiatan “{activity.title}” dihapus (tetap tercatat di riwayat).")
        return redirect("agencies:activity-list")
    context = {"activity": activity, "evidence_count": activity.evidence.count()}
    return render(request, "agencies/activity_confirm_delete.html", context)

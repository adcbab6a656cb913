"""Cooperation agreements (MoU, PKS …): list, detail, create, edit, delete."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from agencies import permissions, selectors
from agencies.forms import AgreementForm
from agencies.models import Agreement, Partner
from agencies.services import agreements as agreement_services
from agencies.services import verification as verification_services

from ._common import (
    choice_labels,
    chosen_object,
    evidence_form,
    office_for_new_record,
    paginate,
    save_record,
    sort_headers,
    upload_context,
)

MSG_SAVED = "Kerja sama tersimpan sebagai draf. Ajukan untuk verifikasi bila sudah lengkap."


def _columns(user) -> list[tuple[str, str, str]]:
    columns = [("title", "Judul", ""), ("kind", "Jenis", "")]
    if permissions.sees_all_offices(user):
        columns.append(("office", "Kantor", ""))
    return columns + [
        ("", "Mitra", ""),
        ("start", "Mulai", ""),
        ("end", "Berakhir", ""),
        ("status", "Status", ""),
        ("verification", "Verifikasi", ""),
        ("", "Kegiatan", "num"),
        ("", "Bukti", "num"),
    ]


@login_required
@require_GET
def agreement_list(request):
    user = request.user
    filterset, qs = selectors.filtered_agreements(user, request.GET)
    context = {
        "filterset": filterset,
        "page": paginate(request, qs),
        "headers": sort_headers(request, _columns(user), "-start"),
        "can_create": permissions.can_register_partner(user),
        "export_url": reverse("reports:list-export", args=["agreements"]),
        "bulk_url": reverse("agencies:bulk-submit"),
        "chosen_partner": chosen_object(Partner, filterset, "partner"),
        "chosen_parent": chosen_object(Agreement, filterset, "parent", permissions.scope_agreements(user)),
    }
    return render(request, "agencies/agreement_list.html", context)


@login_required
@require_GET
def agreement_detail(request, pk: int):
    user = request.user
    agreement = selectors.agreement_for_user(user, pk)
    can_edit = permissions.can_edit(user, agreement)
    activities, activity_total = selectors.agreement_activities(user, agreement)
    context = {
        "record": agreement,
        "agreement": agreement,
        "kind": "agreement",
        "can_edit": can_edit,
        "events": selectors.record_events(user, agreement),
        "undo_until": verification_services.undo_until(user, agreement),
        "evidence_list": selectors.record_evidence(user, agreement),
        "upload_form": evidence_form(request, kind="agreement") if can_edit else None,
        "parent_visible": selectors.visible_parent(user, agreement),
        "children": selectors.agreement_children(user, agreement),
        "activities": activities,
        "activity_total": activity_total,
        "can_add_activity": permissions.can_create_in(user, agreement.office),
        "history": selectors.record_history(agreement),
        "focus_labels": choice_labels(agreement, "focus_areas"),
        **upload_context(),
    }
    return render(request, "agencies/agreement_detail.html", context)


def _render_form(request, form, files_form, *, agreement=None, title: str = ""):
    context = {"form": form, "files_form": files_form, "agreement": agreement, "title": title, **upload_context()}
    return render(request, "agencies/agreement_form.html", context)


@login_required
def agreement_create(request):
    office = office_for_new_record(request.user)
    form = AgreementForm(request.POST or None, instance=Agreement(office=office), user=request.user, office=office)
    files_form = evidence_form(request, kind="agreement")
    agreement = save_record(request, form, files_form, agreement_services.agreement_save, office=office)
    if agreement is not None:
        messages.success(request, MSG_SAVED)
        return redirect(agreement.detail_url())
    return _render_form(request, form, files_form)


@login_required
def agreement_edit(request, pk: int):
    agreement = selectors.agreement_for_user(request.user, pk, change=True)
    title = agreement.title
    form = AgreementForm(
        request.POST or None,
        instance=agreement,
        initial={"version": agreement.version},
        user=request.user,
        office=agreement.office,
    )
    files_form = evidence_form(request, kind="agreement")
    if save_record(request, form, files_form, agreement_services.agreement_save, agreement=agreement) is not None:
        messages.success(request, "Perubahan kerja sama tersimpan.")
        return redirect(agreement.detail_url())
    return _render_form(request, form, files_form, agreement=agreement, title=title)


@login_required
def agreement_delete(request, pk: int):
    agreement = selectors.agreement_for_user(request.user, pk, change=True)
    if request.method == "POST":
        agreement_services.agreement_delete(user=request.user, agreement=agreement)
        messages.success(request, f"Kerja sama “{agreement.title}” dihapus (tetap tercatat di riwayat).")
        return redirect("agencies:agreement-list")
    context = {
        "agreement": agreement,
        "activity_count": agreement.activities.count(),
        "evidence_count": agreement.evidence.count(),
    }
    return render(request, "agencies/agreement_confirm_delete.html", context)

"""Cooperation agreements (MoU, PKS …): list, detail, create, edit, delete."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from agencies import kept_files, permissions, selectors
from agencies.choices import AgreementStatus
from agencies.forms import AgreementForm
from agencies.models import Agreement, Partner
from agencies.services import agreements as agreement_services
from agencies.services import verification as verification_services

from ._common import (
    choice_labels,
    chosen_object,
    evidence_form,
    header_context,
    office_for_new_record,
    paginate,
    save_record,
    upload_context,
)
from .evidence import upload_slot
from .evidence_items import evidence_items
from .filter_form import filter_form_html

MSG_SAVED = "Kerja sama tersimpan sebagai draf. Ajukan untuk verifikasi bila sudah lengkap."
RENEWABLE = (AgreementStatus.EXPIRING, AgreementStatus.EXPIRED)
MSG_RENEWED = (
    "Perpanjangan tersimpan sebagai draf dan tertaut ke kerja sama sebelumnya; pengingat masa berlaku kerja sama "
    "lama dihentikan. Ajukan untuk verifikasi bila sudah lengkap."
)
MSG_ALREADY_RENEWED = "Kerja sama ini sudah diperpanjang; berikut perpanjangannya."


def _columns(user) -> list[tuple[str, str, str]]:
    columns = [("title", "Judul", ""), ("kind", "Jenis", "")]
    if permissions.sees_all_offices(user):
        columns.append(("office", "Kantor", ""))
    return columns + [
        ("", "Mitra", ""),
        ("start", "Mulai", ""),
        ("end", "Berakhir", ""),
        ("status", "Masa berlaku", ""),
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
        "filter_form": filter_form_html(filterset, reverse("agencies:agreement-list")),
        "page": paginate(request, qs),
        **header_context(request, _columns(user), "-start"),
        "can_create": permissions.can_register_partner(user),
        "export_url": reverse("reports:list-export", args=["agreements"]),
        "bulk_url": reverse("agencies:bulk-submit"),
        "batch_banner": selectors.import_batch_banner(user, filterset, "agreement"),
        "chosen_partner": chosen_object(Partner, filterset, "partner"),
        "chosen_parent": chosen_object(Agreement, filterset, "parent", permissions.scope_agreements),
    }
    return render(request, "agencies/agreement_list.html", context)


@login_required
@require_GET
def agreement_detail(request, pk: int):
    user = request.user
    agreement = selectors.agreement_for_user(user, pk)
    can_edit = permissions.can_edit(user, agreement)
    evidence_list = selectors.record_evidence(user, agreement)
    trail = selectors.record_trail(user, agreement)
    activities, activity_total = selectors.agreement_activities(user, agreement)
    renewed_by = selectors.agreement_renewed_by(user, agreement)
    context = {
        "record": agreement,
        "agreement": agreement,
        "kind": "agreement",
        "can_edit": can_edit,
        "events": trail.events,
        "undo_until": verification_services.undo_until(user, agreement),
        "evidence_list": evidence_list,
        "evidence_items": evidence_items(evidence_list, can_delete=can_edit),
        "upload_form": evidence_form(request, kind="agreement") if can_edit else None,
        "kept_uploads": kept_files.for_slot(request, upload_slot(agreement)) if can_edit else [],
        "parent_visible": selectors.visible_parent(user, agreement),
        "children": selectors.agreement_children(user, agreement),
        "activities": activities,
        "activity_total": activity_total,
        "can_add_activity": permissions.can_create_in(user, agreement.office),
        "renewed_by": renewed_by,
        "renewal_of_visible": selectors.visible_renewed(user, agreement),
        "can_renew": renewed_by is None
        and agreement.computed_status in RENEWABLE
        and permissions.can_renew(user, agreement),
        "history": trail.history,
        "focus_labels": choice_labels(agreement, "focus_areas"),
        **upload_context(),
    }
    return render(request, "agencies/agreement_detail.html", context)


def _render_form(request, form, files_form, *, agreement=None, title: str = "", renewing=None):
    context = {
        "form": form,
        "files_form": files_form,
        "agreement": agreement,
        "title": title,
        "renewing": renewing,
        **upload_context(),
    }
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
def agreement_renew(request, pk: int):
    """ "Perpanjang": the form of a new agreement, prefilled from this one and linked to it when saved."""
    previous = selectors.agreement_for_user(request.user, pk)
    if not permissions.can_renew(request.user, previous):
        raise PermissionDenied("Anda tidak berwenang memperpanjang kerja sama ini.")
    renewal = selectors.agreement_renewed_by(request.user, previous)
    if renewal is not None:
        messages.info(request, MSG_ALREADY_RENEWED)
        return redirect(renewal.detail_url())
    office = previous.office
    form = AgreementForm(
        request.POST or None,
        instance=Agreement(office=office),
        initial=previous.renewal_defaults(),
        user=request.user,
        office=office,
    )
    files_form = evidence_form(request, kind="agreement")
    agreement = save_record(request, form, files_form, agreement_services.agreement_renew, previous=previous)
    if agreement is not None:
        messages.success(request, MSG_RENEWED)
        return redirect(agreement.detail_url())
    return _render_form(request, form, files_form, renewing=previous)


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

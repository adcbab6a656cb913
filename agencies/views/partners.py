"""The shared partner directory: list, detail, create, edit, delete, type-ahead search and quick create."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from agencies import pending_partners, permissions, selectors
from agencies.choices import PartnerCategory, PartnerLevel
from agencies.forms import PartnerForm, PartnerQuickForm
from agencies.models import Partner, PartnerAlias, normalise_name
from agencies.services import partners as partner_services

from ._common import add_service_errors, header_context, paginate, safe_next
from .filter_form import filter_form_html

PARTNER_COLUMNS = [
    ("name", "Nama lembaga", ""),
    ("category", "Kategori", ""),
    ("level", "Tingkat", ""),
    ("home_office", "Wilayah", ""),
    ("registered_by", "Didaftarkan oleh", ""),
    ("", "Kerja sama", "num"),
    ("", "Kegiatan", "num"),
]
MSG_SIMILAR = "Lembaga yang mirip sudah terdaftar. Pilih yang sudah ada, atau tetap daftarkan bila memang berbeda."
MSG_EXISTS = "Lembaga ini sudah terdaftar di direktori. Gunakan data yang sudah ada."


def _get_partner(user, pk, *, change: bool = False) -> Partner:
    qs = Partner.objects.select_related("home_office", "registered_by")
    return permissions.get_for_user(user, qs, change=change, pk=pk)


@login_required
@require_GET
def partner_list(request):
    filterset, qs = selectors.filtered_partners(request.user, request.GET)
    page = paginate(request, qs)
    context = {
        "filterset": filterset,
        "filter_form": filter_form_html(filterset, reverse("agencies:partner-list")),
        "page": page,
        **header_context(request, PARTNER_COLUMNS, "name"),
        "can_register": permissions.can_register_partner(request.user),
        "export_url": reverse("reports:list-export", args=["partners"]),
    }
    return render(request, "agencies/partner_list.html", context)


@login_required
@require_GET
def partner_detail(request, pk: int):
    partner = _get_partner(request.user, pk)
    context = {
        "partner": partner,
        "can_edit": permissions.can_edit(request.user, partner),
        "can_merge": permissions.can_merge_partners(request.user),
        "aliases": list(partner.aliases.all()),
        "history": selectors.record_history(partner),
        **selectors.partner_records(request.user, partner),
    }
    return render(request, "agencies/partner_detail.html", context)


@login_required
def partner_create(request):
    if not permissions.can_register_partner(request.user):
        raise PermissionDenied("Anda tidak berwenang mendaftarkan lembaga mitra.")
    form = PartnerForm(request.POST or None, initial={"home_office": request.user.office_id})
    similar = []
    if request.method == "POST":
        similar = selectors.similar_partners(
            request.user, form.data.get("name", ""), acronym=form.data.get("acronym", "")
        )
    # Similar partners are offered before saving: the form saves only once the user confirms it is another one.
    if request.method == "POST" and form.is_valid() and (not similar or form.cleaned_data["confirm_new"]):
        data = {name: form.cleaned_data[name] for name in PartnerForm.DATA_FIELDS}
        try:
            partner = partner_services.partner_create(user=request.user, data=data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Lembaga “{partner.name}” terdaftar di direktori bersama.")
            return redirect(safe_next(request, reverse("agencies:partner-detail", args=[partner.pk])))
    # Ticking "another institution" cannot help against the same name (refused on the name field itself).
    offer_confirm = bool(similar) and not form.has_error("name")
    context = {"form": form, "similar": similar, "next": safe_next(request, ""), "offer_confirm": offer_confirm}
    return render(request, "agencies/partner_form.html", context)


@login_required
def partner_edit(request, pk: int):
    partner = _get_partner(request.user, pk, change=True)
    form = PartnerForm(request.POST or None, instance=partner, initial={"version": partner.version})
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in PartnerForm.DATA_FIELDS}
        try:
            partner_services.partner_update(
                user=request.user, partner=partner, data=data, expected_version=form.cleaned_data["version"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Perubahan data lembaga mitra tersimpan.")
            return redirect("agencies:partner-detail", pk=pk)
    return render(request, "agencies/partner_form.html", {"form": form, "partner_pk": pk})


@login_required
def partner_delete(request, pk: int):
    partner = _get_partner(request.user, pk, change=True)
    in_use = selectors.partner_in_use(partner)
    if request.method == "POST":
        try:
            partner_services.partner_delete(user=request.user, partner=partner)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("agencies:partner-detail", pk=pk)
        messages.success(request, f"Lembaga “{partner.name}” dihapus dari direktori (tetap tercatat di riwayat).")
        return redirect("agencies:partner-list")
    return render(request, "agencies/partner_confirm_delete.html", {"partner": partner, "in_use": in_use})


def partner_json(partner: Partner) -> dict:
    return {
        "id": partner.pk,
        "name": partner.name,
        "acronym": partner.acronym,
        "label": str(partner),
        "category": partner.category,
        "category_label": partner.get_category_display(),
        "home_office": partner.home_office.region_label if partner.home_office else "",
    }


@login_required
@require_GET
def partner_search(request):
    """Type-ahead for the partner picker: `{"results": [...], "similar": [...]}`."""
    query = request.GET.get("q", "")[:200]
    results = selectors.partner_search(request.user, query)
    similar = []
    if len(normalise_name(query)) >= 4:
        found = {p.pk for p in results}
        similar = [p for p in selectors.similar_partners(request.user, query) if p.pk not in found]
    return JsonResponse({"results": [partner_json(p) for p in results], "similar": [partner_json(p) for p in similar]})


@login_required
@require_POST
def partner_quick_create(request):
    """Check a partner typed into the dialog of an agreement/activity form. A near-duplicate is offered instead
    (unless the user confirms it is a different institution); the same normalised name is always refused.
    Nothing is written: the answer carries a signed token that the record form sends back, and the partner is
    created with the record (`agencies.pending_partners`), so an abandoned form leaves no orphan partner."""
    if not permissions.can_register_partner(request.user):
        return JsonResponse({"ok": False, "message": "Anda tidak berwenang mendaftarkan lembaga mitra."}, status=403)
    form = PartnerQuickForm(request.POST)
    name = request.POST.get("name", "")
    existing = _existing_partner(name)
    if existing:
        return JsonResponse({"ok": False, "message": MSG_EXISTS, "existing": partner_json(existing)}, status=409)
    if not form.is_valid():
        return JsonResponse({"ok": False, "errors": form.errors.get_json_data()}, status=400)
    similar = selectors.similar_partners(request.user, name, acronym=form.cleaned_data["acronym"])
    if similar and not form.cleaned_data["confirm_new"]:
        return JsonResponse({"ok": False, "message": MSG_SIMILAR, "similar": [partner_json(p) for p in similar]})
    data = {k: form.cleaned_data[k] for k in PartnerQuickForm.DATA_FIELDS}
    data["home_office_id"] = None
    if data["level"] == PartnerLevel.LOCAL and permissions.is_staff_member(request.user):
        data["home_office_id"] = request.user.office_id
    pending = {
        "id": "",
        "token": pending_partners.sign(request.user, data),
        "name": data["name"],
        "acronym": data["acronym"],
        "label": pending_partners.label(data),
        "category": data["category"],
        "category_label": PartnerCategory(data["category"]).label,
        "home_office": "",
    }
    return JsonResponse({"ok": True, "pending": True, "partner": pending})


def _existing_partner(name: str) -> Partner | None:
    """The partner registered under this normalised name, or under it as an alias (a merged duplicate)."""
    key = normalise_name(name)
    existing = Partner.objects.filter(name_key=key).select_related("home_office").first()
    if existing is None:
        alias = PartnerAlias.objects.filter(name_key=key).select_related("partner__home_office").first()
        existing = alias.partner if alias else None
    return existing

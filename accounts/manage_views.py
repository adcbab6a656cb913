"""Kelola akun: the verifier and the administrator list, create, change, deactivate and reactivate accounts,
resend invitations and lift lockouts. Outsiders get 403; an account outside the actor's reach is a 404."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from agencies import permissions
from agencies.notifications import site_url

from . import forms, invitations, lockouts, selectors, services

User = get_user_model()
PAGE_SIZE = 50


def manager_required(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not permissions.can_manage_accounts(request.user):
            raise PermissionDenied("Hanya verifikator provinsi dan administrator yang dapat mengelola akun.")
        return view(request, *args, **kwargs)

    return wrapped


def _get_account(request, pk: int):
    return get_object_or_404(permissions.manageable_users(request.user).select_related("office"), pk=pk)


def _flash_error(request, error: ValidationError | PermissionDenied) -> None:
    text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
    messages.error(request, text)


@manager_required
def account_list(request):
    filters = forms.AccountFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    qs = selectors.managed_accounts(
        request.user,
        q=data.get("q", ""),
        office=data.get("office"),
        role=data.get("role", ""),
        status=data.get("status", ""),
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    states = lockouts.lockouts_for(u.username for u in page)
    rows = [
        {
            "user": u,
            "status": selectors.account_status(u),
            "role": selectors.role_label(u),
            "lockout": states.get(u.username),
        }
        for u in page
    ]
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filters": filters, "page": page, "rows": rows, "query": query.urlencode()}
    return render(request, "accounts/manage_list.html", context)


@manager_required
def account_create(request):
    form = forms.AccountForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.account_create(
                actor=request.user,
                full_name=data["full_name"],
                email=data["email"],
                office=data["office"],
                role=data["role"],
                site_url=site_url(request),
            )
        except (ValidationError, PermissionDenied) as error:
            _flash_error(request, error)
        else:
            messages.success(request, f"Akun {user.username} dibuat; undangan dikirim ke {user.email}.")
            return redirect("accounts:manage-detail", user.pk)
    return render(request, "accounts/manage_form.html", {"form": form})


@manager_required
def account_detail(request, pk: int):
    account = _get_account(request, pk)
    form = forms.AccountForm(
        request.POST or None, actor=request.user, target=account, initial=forms.AccountForm.initial_for(account)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            changed = services.account_update(actor=request.user, user=account, **data)
        except (ValidationError, PermissionDenied) as error:
            _flash_error(request, error)
            account.refresh_from_db()
        else:
            messages.success(
                request, "Perubahan tersimpan: " + ", ".join(changed) + "." if changed else "Tidak ada perubahan."
            )
            return redirect("accounts:manage-detail", account.pk)
    pending = account.invitations.open().first()
    account.invitation_expires = pending.expires_at if pending else None
    context = {
        "account": account,
        "form": form,
        "status": selectors.account_status(account),
        "role": selectors.role_label(account),
        "lockout": lockouts.lockout_for(account.username),
        "needs_invitation": invitations.needs_invitation(account),
        "latest_invitation": account.invitations.select_related("created_by").first(),
        "history": selectors.account_history(account),
        "is_self": account.pk == request.user.pk,
    }
    return render(request, "accounts/manage_detail.html", context)


def _action(request, pk: int, perform, done: str):
    account = _get_account(request, pk)
    try:
        perform(account)
    except (ValidationError, PermissionDenied) as error:
        _flash_error(request, error)
    else:
        messages.success(request, done.format(account=account))
    return redirect("accounts:manage-detail", account.pk)


@manager_required
@require_POST
def account_deactivate(request, pk: int):
    return _action(
        request,
        pk,
        lambda account: services.account_deactivate(actor=request.user, user=account),
        "Akun {account.username} dinonaktifkan dan dikeluarkan dari semua sesi.",
    )


@manager_required
@require_POST
def account_reactivate(request, pk: int):
    return _action(
        request,
        pk,
        lambda account: services.account_reactivate(actor=request.user, user=account),
        "Akun {account.username} aktif kembali.",
    )


@manager_required
@require_POST
def account_unlock(request, pk: int):
    return _action(
        request,
        pk,
        lambda account: services.account_unlock(actor=request.user, user=account),
        "Kunci masuk akun {account.username} dibuka.",
    )


@manager_required
@require_POST
def account_invite(request, pk: int):
    return _action(
        request,
        pk,
        lambda account: services.account_invite(actor=request.user, user=account, site_url=site_url(request)),
        "Undangan baru dikirim ke {account.email}; tautan sebelumnya tidak berlaku lagi.",
    )

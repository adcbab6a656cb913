"""Portal pages of API tokens, for the verifier and the administrator: list, create (the secret is shown
once, on the answer to the POST, never stored), revoke."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from api.models import ApiToken
from api.permissions import can_manage_tokens

from .forms import ApiTokenForm
from .services import api_token_create, api_token_revoke

MSG_NOT_MANAGER = "Hanya verifikator provinsi dan administrator yang dapat mengelola token API."


def _require_manager(user) -> None:
    if not can_manage_tokens(user):
        raise PermissionDenied(MSG_NOT_MANAGER)


@login_required
@require_GET
def token_list(request):
    _require_manager(request.user)
    tokens = ApiToken.objects.select_related("office", "created_by", "revoked_by")
    return render(request, "api/token_list.html", {"tokens": tokens})


@never_cache
@login_required
def token_create(request):
    _require_manager(request.user)
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        issued = api_token_create(
            user=request.user,
            name=form.cleaned_data["name"],
            office=form.cleaned_data["office"],
            can_write=form.cleaned_data["can_write"],
            expires_at=form.expires_at(),
        )
        return render(request, "api/token_created.html", {"token": issued.token, "secret": issued.secret})
    return render(request, "api/token_form.html", {"form": form})


@login_required
@require_POST
def token_revoke(request, pk: int):
    _require_manager(request.user)
    token = get_object_or_404(ApiToken, pk=pk)
    try:
        api_token_revoke(user=request.user, token=token)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, f"Token “{token.name}” ({token.prefix}) dicabut; sistem itu tidak dapat memakainya lagi."
        )
    return redirect("api_tokens:list")

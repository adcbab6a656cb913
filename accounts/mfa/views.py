"""Two-step sign-in pages: the code step of sign-in, enrolment, recovery codes, the administrator's reset."""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from . import policy, qr, selectors, services, signin
from .forms import EnrolForm, VerifyForm

CODES_SESSION_KEY = "hubal_mfa_new_codes"
SIGNIN_EXPIRED = "Waktu untuk memasukkan kode sudah habis. Silakan masuk lagi dengan kata sandi."
ENROLLED = "Verifikasi dua langkah aktif. Mulai sekarang, setiap masuk Anda memerlukan kode dari aplikasi."
USED_RECOVERY = "Anda masuk dengan kode cadangan. Sisa kode cadangan: {left}. Buat kode baru jika tinggal sedikit."
RESET_DONE = "Verifikasi dua langkah {name} direset. Pengguna memasang ulang saat masuk berikutnya."


def verify(request: HttpRequest) -> HttpResponse:
    """Second step of sign-in (after the password), or of a signed-in session that is not verified yet."""
    user = request.user if request.user.is_authenticated else signin.pending_user(request)
    if user is None:
        messages.info(request, SIGNIN_EXPIRED)
        return redirect("login")
    next_url = signin.safe_next(request, request.GET.get("next") or signin.pending_next(request), reverse("home"))
    if request.user.is_authenticated and policy.session_verified(request):
        return redirect(next_url)
    if not policy.has_authenticator(user):
        return redirect(f"{reverse('accounts:mfa-setup')}?{urlencode({'next': next_url})}")
    credentials = {"username": user.get_username()}
    if not AxesProxyHandler.is_allowed(request, credentials):
        return get_lockout_response(request, None, credentials)
    form = VerifyForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            device = services.code_verify(user=user, **form.cleaned_data)
        except services.CodeRefused as refused:
            form.add_error(None, str(refused))
            # Counted like a wrong password: per address and per account (accounts.throttling).
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        else:
            signin.complete(request, user, device)
            if form.cleaned_data["recovery"]:
                messages.warning(request, USED_RECOVERY.format(left=policy.recovery_codes_left(user)))
            return redirect(next_url)
    return render(request, "accounts/mfa/verify.html", {"form": form, "next": next_url, "person": user})


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Enrolment: scan the QR code (or type the key), confirm with the first code, get recovery codes."""
    next_url = signin.safe_next(request, request.GET.get("next"), reverse("accounts:mfa-overview"))
    if policy.has_authenticator(request.user):
        return redirect("accounts:mfa-overview" if policy.session_verified(request) else "accounts:mfa-verify")
    device = services.authenticator_start(user=request.user)
    form = EnrolForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            codes = services.authenticator_confirm(user=request.user, device=device, code=form.cleaned_data["code"])
        except services.CodeRefused as refused:
            form.add_error("code", str(refused))
        else:
            signin.complete(request, request.user, device)
            request.session[CODES_SESSION_KEY] = codes
            messages.success(request, ENROLLED)
            return redirect(f"{reverse('accounts:mfa-codes')}?{urlencode({'next': next_url})}")
    context = {
        "form": form,
        "qr": qr.qr_svg(device),
        "key": qr.typed_key(device),
        "app_link": device.config_url,
        "required": policy.required_for(request.user),
        "issuer": settings.OTP_TOTP_ISSUER,
    }
    return render(request, "accounts/mfa/setup.html", context)


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "authenticator": policy.authenticator_for(user),
        "codes_left": policy.recovery_codes_left(user),
        "required": policy.required_for(user),
        "verified": policy.session_verified(request),
    }
    return render(request, "accounts/mfa/overview.html", context)


@login_required
def codes(request: HttpRequest) -> HttpResponse:
    """The recovery codes, shown once: they leave the session as they are displayed."""
    new_codes = request.session.pop(CODES_SESSION_KEY, None)
    next_url = signin.safe_next(request, request.GET.get("next"), reverse("accounts:mfa-overview"))
    context = {"codes": [f"{c[:4]}-{c[4:]}" for c in new_codes or []], "next": next_url}
    return render(request, "accounts/mfa/codes.html", context)


@login_required
@require_POST
def codes_renew(request: HttpRequest) -> HttpResponse:
    if not (policy.has_authenticator(request.user) and policy.session_verified(request)):
        return redirect("accounts:mfa-overview")
    request.session[CODES_SESSION_KEY] = services.recovery_codes_renew(user=request.user)
    return redirect("accounts:mfa-codes")


def _superuser_only(request: HttpRequest) -> None:
    if not request.user.is_superuser:
        raise PermissionDenied


@login_required
def users(request: HttpRequest) -> HttpResponse:
    """For the IT administrator: who has enrolled, who must, and the reset of a lost device."""
    _superuser_only(request)
    context = {
        "people": selectors.users_with_second_factor(),
        "required_roles": [policy.ROLE_LABELS[role] for role in settings.HUBAL_MFA_REQUIRED_ROLES],
    }
    return render(request, "accounts/mfa/users.html", context)


@login_required
def user_reset(request: HttpRequest, pk: int) -> HttpResponse:
    _superuser_only(request)
    person = get_object_or_404(get_user_model(), pk=pk)
    if request.method == "POST":
        services.second_factor_reset(user=person, by=request.user)
        messages.success(request, RESET_DONE.format(name=person.get_full_name() or person.username))
        return redirect("accounts:mfa-users")
    context = {"person": person, "has_authenticator": policy.has_authenticator(person)}
    return render(request, "accounts/mfa/user_reset.html", context)

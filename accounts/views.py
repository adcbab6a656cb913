"""Pages every user runs for themselves: profile, password change and reset, first sign-in by invitation,
active sessions."""

from __future__ import annotations

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from agencies import permissions

from . import forms, invitations, ratelimit, services, sessions
from .selectors import role_label

INVITATION_SESSION_KEY = "accounts_invitation_token"
RESET_LIMIT_PER_ADDRESS = 3
RESET_LIMIT_PER_IP = 20
RESET_WINDOW_SECONDS = 60 * 60


@login_required
def profile(request):
    user = request.user
    profile = services.profile_for(user)
    initial = {"first_name": user.first_name, "last_name": user.last_name, "email": user.email, "phone": profile.phone}
    initial |= {name: getattr(profile, name) for name in forms.PREFERENCE_FIELDS}
    form = forms.ProfileForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.profile_update(
                user=user,
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                phone=data["phone"],
                preferences=form.preferences(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Profil Anda tersimpan.")
            return redirect("accounts:profile")
    context = {"form": form, "role_label": role_label(user), "is_staff_member": permissions.is_staff_member(user)}
    return render(request, "accounts/profile.html", context)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = forms.PasswordChangeForm
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        old_key = self.request.session.session_key
        form.user._change_reason = "Kata sandi diubah oleh pemilik akun"
        response = super().form_valid(form)  # saves, then update_session_auth_hash cycles the session key
        new_key = self.request.session.session_key
        sessions.rekey(old_key, new_key)
        ended = services.password_changed(user=form.user, keep_key=new_key)
        note = f" {ended} sesi lain telah dikeluarkan." if ended else ""
        messages.success(self.request, "Kata sandi Anda telah diubah." + note)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Always the same answer and the same page, whether or not the address has an account, and whether or
    not a limit was reached; the e-mail (if any) is sent after the response's transaction commits."""

    template_name = "accounts/password_reset_form.html"
    form_class = forms.ResetRequestForm
    success_url = reverse_lazy("accounts:password-reset-done")

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        ip = get_client_ip_address(self.request) or ""  # the same address django-axes locks on
        within_ip = ratelimit.hit("reset-ip", ip, limit=RESET_LIMIT_PER_IP, window_seconds=RESET_WINDOW_SECONDS)
        within_address = ratelimit.hit(
            "reset-address", email, limit=RESET_LIMIT_PER_ADDRESS, window_seconds=RESET_WINDOW_SECONDS
        )
        if within_ip and within_address:
            with transaction.atomic():
                form.save(
                    request=self.request,
                    use_https=self.request.is_secure(),
                    extra_email_context={"valid_minutes": settings.PASSWORD_RESET_TIMEOUT // 60},
                )
        return redirect(self.success_url)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"

    def get_context_data(self, **kwargs):
        minutes = settings.PASSWORD_RESET_TIMEOUT // 60
        return super().get_context_data(**kwargs) | {"valid_minutes": minutes}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = forms.SetPasswordForm
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form):
        form.user._change_reason = "Kata sandi diatur ulang melalui tautan surel"
        with transaction.atomic():
            response = super().form_valid(form)
            sessions.end_all(form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


def invitation(request, token: str):
    """The link in the e-mail: remember the token in the session and move to a URL without it (so it cannot
    leak through the address bar or a Referer header), as Django's own reset view does."""
    found = invitations.invitation_for_token(token)
    if found is None:
        return render(request, "accounts/invitation_invalid.html")
    request.session[INVITATION_SESSION_KEY] = token
    return redirect("accounts:invitation-accept")


def invitation_accept(request):
    found = invitations.invitation_for_token(request.session.get(INVITATION_SESSION_KEY, ""))
    if found is None:
        return render(request, "accounts/invitation_invalid.html")
    form = forms.SetPasswordForm(found.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitations.invitation_accept(invitation=found, password=form.cleaned_data["new_password1"])
        except ValidationError:
            return render(request, "accounts/invitation_invalid.html")
        request.session.pop(INVITATION_SESSION_KEY, None)
        messages.success(
            request, f"Kata sandi tersimpan. Silakan masuk dengan nama pengguna {found.user.get_username()}."
        )
        return redirect("login")
    return render(request, "accounts/invitation_accept.html", {"form": form, "invited": found.user})


@login_required
def session_list(request):
    rows = sessions.active_sessions(request.user, current_key=request.session.session_key)
    return render(request, "accounts/sessions.html", {"sessions": rows, "others": sum(not r.current for r in rows)})


@login_required
@require_POST
def session_end_others(request):
    ended = sessions.end_others(request.user, keep_key=request.session.session_key)
    messages.success(request, f"{ended} sesi lain telah dikeluarkan.")
    return redirect("accounts:sessions")


@login_required
@require_POST
def session_end(request, pk: int):
    ended = sessions.end_one(request.user, pk=pk, keep_key=request.session.session_key)
    messages.success(request, "Sesi tersebut telah dikeluarkan." if ended else "Sesi tersebut sudah berakhir.")
    return redirect("accounts:sessions")

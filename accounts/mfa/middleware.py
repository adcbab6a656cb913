from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from . import policy


class SecondFactorMiddleware:
    """Send a signed-in user whose role requires two-step sign-in, and whose session has not passed it, to the
    code step (or to enrolment when they have no authenticator yet). Covers every way a session gets signed in
    (the admin login, sessions from before enforcement, a role changed by the administrator).

    Costs no query for anonymous and verified sessions; the user is loaded only for an unverified one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_verify(request):
            return redirect(f"{reverse('accounts:mfa-verify')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    def _must_verify(self, request) -> bool:
        if not settings.HUBAL_MFA_REQUIRED_ROLES or SESSION_KEY not in request.session:
            return False
        if policy.session_verified(request) or self._exempt(request.path):
            return False
        return policy.required_for(request.user)

    @staticmethod
    def _exempt(path: str) -> bool:
        allowed = (
            reverse("accounts:mfa-verify"),
            reverse("accounts:mfa-setup"),
            reverse("logout"),
            reverse("agencies:guide"),  # the user guide (static help, no data) explains enrolment
            settings.STATIC_URL if settings.STATIC_URL.startswith("/") else f"/{settings.STATIC_URL}",
        )
        return path.startswith(allowed)

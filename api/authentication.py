"""Who is calling: an API token (`Authorization: Bearer hbl_…`) or a signed-in portal session (with CSRF).

A valid token authenticates as its principal (`ApiToken.principal()`): the token's service user with the
scope of the token's office. `request.auth` is then the `ApiToken`; for a session it is None. The token is
also put on the Django request (`request.api_token`) so that history rows get the reason "API: <name>".
"""

from __future__ import annotations

from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, SessionAuthentication, get_authorization_header

from .models import ApiToken
from .tokens.secrets import matches, prefix_of
from .tokens.services import api_token_touch

KEYWORDS = (b"bearer", b"token")
MSG_MALFORMED = "Header Authorization tidak valid. Gunakan: Authorization: Bearer <token>."
MSG_INVALID = "Token tidak dikenal."
MSG_REVOKED = "Token sudah dicabut."
MSG_EXPIRED = "Masa berlaku token sudah habis."


class ApiTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer <secret>` (the word `Token` is accepted too)."""

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(MSG_MALFORMED)
        token = self._token(parts[1].decode("latin-1"))
        api_token_touch(token)
        request._request.api_token = token
        return token.principal(), token

    @staticmethod
    def _token(secret: str) -> ApiToken:
        prefix = prefix_of(secret)
        token = (
            ApiToken.objects.select_related("office", "service_user").filter(prefix=prefix).first() if prefix else None
        )
        if token is None or not matches(secret, token.secret_hash):
            raise exceptions.AuthenticationFailed(MSG_INVALID)
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(MSG_REVOKED)
        if not token.is_usable():
            raise exceptions.AuthenticationFailed(MSG_EXPIRED)
        if not token.service_user.is_active:
            raise exceptions.AuthenticationFailed(MSG_INVALID)
        return token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


class ApiSessionAuthentication(SessionAuthentication):
    """The portal session, for a signed-in user exploring the API in the browser; writes need the CSRF token."""

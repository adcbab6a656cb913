"""DRF permission classes of the API. They only delegate: who sees what is `agencies.permissions`.

- `IsApiPrincipal`: a signed-in portal role or a valid token (the default of every API view).
- `TokenMayWrite`: unsafe methods need a read-write token; for sessions the object checks decide.
- `CanEditObject`: an unsafe method on one object needs `agencies.permissions.can_edit`, and an API token
  may only change partners registered by its own office (a province token included: rewriting another
  office's directory entry stays a verifier's act in the portal).
Reads never use an object check: views fetch objects through `agencies.permissions.scope`, so another
office's record is simply not found (404).
"""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, BasePermission

from agencies import permissions
from agencies.models import Partner

from .models import ApiToken

MSG_READ_ONLY_TOKEN = "Token ini hanya untuk membaca data."  # noqa: S105 (a message)
MSG_NOT_EDITABLE = "Anda tidak berwenang mengubah data ini."


def can_manage_tokens(user) -> bool:
    """The verifier and the administrator (a superuser counts as verifier) manage API tokens."""
    return permissions.is_verifier(user)


def token_of(request) -> ApiToken | None:
    return request.auth if isinstance(request.auth, ApiToken) else None


class IsApiPrincipal(BasePermission):
    """Any portal role (staff, verifier, leader) or a valid token's principal."""

    def has_permission(self, request, view) -> bool:
        return permissions.role_of(request.user) is not None


class TokenMayWrite(BasePermission):
    message = MSG_READ_ONLY_TOKEN

    def has_permission(self, request, view) -> bool:
        if getattr(view, "action", "") is None:
            return True  # no such method here: the answer is 405, not 403
        token = token_of(request)
        return request.method in SAFE_METHODS or token is None or token.can_write


class CanEditObject(BasePermission):
    message = MSG_NOT_EDITABLE

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in SAFE_METHODS:
            return True
        if not permissions.can_edit(request.user, obj):
            return False
        token = token_of(request)
        return not (token and isinstance(obj, Partner) and obj.registered_by_id != token.office_id)


WRITE_PERMISSIONS = [IsApiPrincipal, TokenMayWrite, CanEditObject]

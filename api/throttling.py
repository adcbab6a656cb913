"""One throttle for every API request: per token for API clients, per user for portal sessions, per address
for anonymous callers. The rate is REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["api"] (HUBAL_API_THROTTLE_RATE).
A refused request gets 429 with `Retry-After` (seconds), set by DRF's exception handler."""

from __future__ import annotations

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from .permissions import token_of


class ApiClientThrottle(SimpleRateThrottle):
    scope = "api"

    def get_rate(self) -> str:
        # Read at request time (DRF binds THROTTLE_RATES at import), so a changed setting applies.
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def get_cache_key(self, request, view) -> str:
        token = token_of(request)
        if token is not None:
            ident = f"token-{token.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"addr-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}

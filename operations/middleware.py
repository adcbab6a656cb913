"""Middleware of the operations app: the health probes and the request id.

`HealthCheckMiddleware` is first in MIDDLEWARE: the load balancer's probes are answered before the host check,
the HTTPS redirect, sessions and sign-in, so a probe by address over plain HTTP works and never touches a session.
"""

from __future__ import annotations

import re
import uuid

from . import health
from .logs import current_request_id

REQUEST_ID_HEADER = "X-Request-ID"
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = health.PROBES.get(request.path)
        if probe is not None and request.method in ("GET", "HEAD"):
            return probe()
        return self.get_response(request)


class RequestIdMiddleware:
    """Takes the proxy's X-Request-ID (if it looks like one) or makes one; logs and the response carry it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        # Left set until the request has finished (operations.apps): Django logs a failed response after the
        # middleware returned, and that line must carry the id too.
        current_request_id.set(request_id)
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        return response

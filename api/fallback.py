"""A JSON 404 for any address under /api/ that no route matches (instead of the portal's HTML page)."""

from __future__ import annotations

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

MSG_UNKNOWN = "Alamat API tidak dikenal. Daftar alamat: /api/v1/schema/ atau /api/v1/docs/."


@csrf_exempt  # changes nothing; else a PUT to an unknown address got the CSRF middleware's HTML 403
def api_not_found(request, *args, **kwargs) -> JsonResponse:
    return JsonResponse({"code": "not_found", "detail": MSG_UNKNOWN}, status=404)

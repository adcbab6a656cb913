"""Every API error is JSON with a stable English `code` and an Indonesian `detail`:

    {"code": "validation_error", "detail": "Data yang dikirim tidak valid.",
     "errors": [{"field": "end_date", "code": "invalid", "detail": "Tanggal selesai …"}]}

`errors` is present for validation errors only; `field` is the request field (or query parameter) at fault,
"non_field_errors" for an error of the whole body. Django's ValidationError (from the services' `full_clean`),
PermissionDenied and Http404 are mapped too, so a view simply lets them rise.
"""

from __future__ import annotations

import math

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler

from .exceptions import CONFLICT_CODES, Conflict, PayloadTooLarge, PreconditionFailed, PreconditionRequired

NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY
__all__ = [
    "Conflict",
    "PayloadTooLarge",
    "PreconditionFailed",
    "PreconditionRequired",
    "api_exception_handler",
    "flatten",
]


# code → Indonesian message, for exceptions whose own message is English or generic.
MESSAGES = {
    "not_authenticated": "Autentikasi diperlukan: kirim token API (Authorization: Bearer <token>) atau masuk.",
    "authentication_failed": "Autentikasi gagal.",
    "permission_denied": "Anda tidak berwenang melakukan tindakan ini.",
    "not_found": "Data tidak ditemukan.",
    "method_not_allowed": "Metode HTTP ini tidak diizinkan untuk alamat ini.",
    "not_acceptable": "Format respons yang diminta tidak tersedia; gunakan application/json.",
    "unsupported_media_type": "Jenis isi permintaan tidak didukung; gunakan application/json.",
    "parse_error": "Isi permintaan bukan JSON yang valid.",
    "throttled": "Terlalu banyak permintaan. Coba lagi setelah {wait} detik.",
    "validation_error": "Data yang dikirim tidak valid.",
}
# Exceptions whose own (Indonesian) message is kept as the detail.
KEEP_DETAIL = {"authentication_failed", "permission_denied", "not_found"}


def api_exception_handler(exc, context) -> Response | None:
    exc = _as_drf(exc)
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "code": "validation_error",
            "detail": MESSAGES["validation_error"],
            "errors": flatten(exc.detail),
        }
        return response
    code = _code(exc)
    response.data = {"code": code, "detail": _detail(exc, code)}
    return response


def _as_drf(exc):
    """Django's own exceptions, raised by services and `agencies.permissions`, as DRF exceptions."""
    if isinstance(exc, DjangoValidationError):
        if getattr(exc, "code", None) == "stale":
            return PreconditionFailed()
        if getattr(exc, "code", None) in CONFLICT_CODES:
            return Conflict(" ".join(exc.messages))
        errors = exc.error_dict if hasattr(exc, "error_dict") else {NON_FIELD: exc.error_list}
        return exceptions.ValidationError(
            {NON_FIELD if name == "__all__" else name: with_codes(items) for name, items in errors.items()}
        )
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(*exc.args)
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, OverflowError):
        # SQLite cannot bind an integer beyond 64 bits (an id of 30 digits in a query or a body).
        return exceptions.ValidationError({NON_FIELD: [MSG_NUMBER_RANGE]})
    return exc


MSG_NUMBER_RANGE = "Angka di luar batas yang dapat disimpan."


def with_codes(errors: list) -> list[exceptions.ErrorDetail]:
    """Each message of a Django ValidationError with its code (`required`, `invalid_choice` …)."""
    return [exceptions.ErrorDetail(msg, code=error.code or "invalid") for error in errors for msg in error.messages]


def _code(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    return codes if isinstance(codes, str) else exc.default_code


def _detail(exc: exceptions.APIException, code: str) -> str:
    if code == "throttled":
        return MESSAGES["throttled"].format(wait=max(1, math.ceil(exc.wait or 1)))
    if code in KEEP_DETAIL and str(exc.detail) != str(exc.default_detail) or code not in MESSAGES:
        return str(exc.detail)
    return MESSAGES[code]


def flatten(detail, field: str | None = None) -> list[dict]:
    """DRF's nested error dict/list as a flat list of {field, code, detail}; nested fields as "a.b"."""
    if isinstance(detail, dict):
        return [
            error for key, value in detail.items() for error in flatten(value, f"{field}.{key}" if field else str(key))
        ]
    if isinstance(detail, list):
        if all(isinstance(item, (exceptions.ErrorDetail, str)) for item in detail):
            return [_error(field, item) for item in detail]
        return [error for i, item in enumerate(detail) for error in flatten(item, f"{field}.{i}" if field else str(i))]
    return [_error(field, detail)]


def _error(field: str | None, item) -> dict:
    return {"field": field or NON_FIELD, "code": getattr(item, "code", None) or "invalid", "detail": str(item)}

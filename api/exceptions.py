"""The API's own exceptions (HTTP 409, 412, 413, 428). Kept apart from `errors.py`, which imports DRF's views,
so that the parsers (imported by DRF's settings) can raise them without an import cycle."""

from __future__ import annotations

from rest_framework import exceptions, status


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_code = "precondition_required"
    default_detail = "Header If-Match wajib dikirim untuk mengubah data ini (ambil ETag dari respons GET)."


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"
    default_detail = (
        "Data ini telah diubah sejak Anda membacanya (ETag tidak cocok). Baca ulang data lalu kirim lagi; "
        "tidak ada yang diubah."
    )


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    default_detail = "Keadaan data tidak mengizinkan tindakan ini."


# Service refusals about the record's state rather than the submitted data.
CONFLICT_CODES = {"in_use", "not_submittable", "not_pending"}


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "payload_too_large"
    default_detail = "Isi permintaan terlalu besar."

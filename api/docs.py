"""Schema pieces shared by the resources: the error body, the responses each kind of endpoint may give,
the If-Match header and the ETag response header."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers


class FieldErrorSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="Nama isian (atau parameter) yang salah; `non_field_errors` bila umum.")
    code = serializers.CharField(help_text="Kode kesalahan isian, mis. `required`, `invalid`, `invalid_choice`.")
    detail = serializers.CharField(help_text="Pesan dalam Bahasa Indonesia.")


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(
        help_text=(
            "Kode tetap (bahasa Inggris) untuk program: not_authenticated, authentication_failed, "
            "permission_denied, not_found, method_not_allowed, validation_error, conflict, "
            "precondition_required, precondition_failed, payload_too_large, unsupported_media_type, "
            "parse_error, throttled."
        )
    )
    detail = serializers.CharField(help_text="Pesan dalam Bahasa Indonesia untuk manusia.")
    errors = FieldErrorSerializer(many=True, required=False, help_text="Hanya untuk `validation_error`.")


def _error(description: str, example: dict) -> OpenApiResponse:
    return OpenApiResponse(
        ErrorSerializer, description=description, examples=[OpenApiExample(example["code"], value=example)]
    )


E400 = _error(
    "Data atau parameter tidak valid; `errors` menyebut isiannya.",
    {
        "code": "validation_error",
        "detail": "Data yang dikirim tidak valid.",
        "errors": [
            {"field": "end_date", "code": "invalid", "detail": "Tanggal selesai tidak boleh sebelum tanggal mulai."}
        ],
    },
)
E401 = _error(
    "Token tidak ada, tidak dikenal, dicabut atau kedaluwarsa.",
    {"code": "authentication_failed", "detail": "Token sudah dicabut."},
)
E403 = _error(
    "Tidak berwenang (mis. token hanya-baca, atau pimpinan).",
    {"code": "permission_denied", "detail": "Token ini hanya untuk membaca data."},
)
E404 = _error("Tidak ada, atau milik kantor lain.", {"code": "not_found", "detail": "Data tidak ditemukan."})
E409 = _error(
    "Keadaan data tidak mengizinkan tindakan ini.",
    {"code": "conflict", "detail": "Hanya data berstatus draf atau dikembalikan yang dapat diajukan."},
)
E412 = _error(
    "ETag pada If-Match sudah usang; tidak ada yang diubah.",
    {
        "code": "precondition_failed",
        "detail": "Data ini telah diubah sejak Anda membacanya (ETag tidak cocok). Baca ulang data lalu kirim lagi; tidak ada yang diubah.",
    },
)
E413 = _error(
    "Isi permintaan melebihi batas.",
    {"code": "payload_too_large", "detail": "Isi permintaan terlalu besar (maksimum 262144 byte)."},
)
E428 = _error(
    "Header If-Match tidak dikirim.",
    {
        "code": "precondition_required",
        "detail": "Header If-Match wajib dikirim untuk mengubah data ini (ambil ETag dari respons GET).",
    },
)
E429 = _error(
    "Terlalu banyak permintaan; lihat header Retry-After.",
    {"code": "throttled", "detail": "Terlalu banyak permintaan. Coba lagi setelah 12 detik."},
)

ERRORS_READ = {400: E400, 401: E401, 404: E404, 429: E429}
ERRORS_WRITE = {**ERRORS_READ, 403: E403, 409: E409, 412: E412, 413: E413, 428: E428}
ERRORS_CREATE = {400: E400, 401: E401, 403: E403, 404: E404, 413: E413, 429: E429}


def errors_for(success, errors: dict, status: int = 200) -> dict:
    return {status: success, **errors}


IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description='ETag dari respons GET terakhir atas data ini, mis. `"activity-12-v3"`. Tanpa header: 428; usang: 412.',
)

SUBMITTED = inline_serializer("Submitted", {"id": serializers.IntegerField()})

LIST_DESCRIPTION = (
    "Halaman kursor, selalu berurutan (updated_at, id) naik. Untuk sinkronisasi: ikuti `next` sampai null, lalu "
    "pada putaran berikutnya kirim `updated_since` = waktu perubahan terakhir yang diterima dikurangi 120 detik "
    "(perubahan yang baru tersimpan sedikit kemudian tidak terlewat; baris ganda disamakan menurut `id`). "
    "Penghapusan hanya ada di /api/v1/changes/, yang juga menangani jeda ini sendiri. Filter sama dengan "
    "daftar di portal; `office` hanya berlaku bagi token provinsi dan sesi provinsi."
)
CREATE_DESCRIPTION = (
    "Disimpan sebagai draf milik kantor token (token provinsi: kantor provinsi), diperiksa dengan aturan "
    "formulir portal yang sama, dan tercatat di riwayat atas nama sistem token."
)
CHANGE_DESCRIPTION = (
    "Perlu `If-Match` dengan ETag terakhir. Data yang sudah diajukan atau terverifikasi kembali menjadi draf "
    "dan harus diverifikasi ulang."
)
SUBMIT_DESCRIPTION = (
    "Mengajukan data berstatus draf atau dikembalikan untuk diverifikasi provinsi (409 untuk status lain). "
    "Verifikasi tetap dilakukan di portal."
)

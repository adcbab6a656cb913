"""Verification (submit, queue, verify, return, bulk actions), expiry reminders and the portal inbox."""

from django.urls import path, register_converter

from .models import RECORD_MODELS
from .views import inbox, workflow


class RecordKindConverter:
    """Only the two verifiable kinds: anything else is not a URL of ours (404)."""

    regex = "|".join(RECORD_MODELS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(RecordKindConverter, "record_kind")

urlpatterns = [
    path("verifikasi/<record_kind:kind>/<int:pk>/ajukan/", workflow.record_submit, name="record-submit"),
    path("verifikasi/<record_kind:kind>/<int:pk>/verifikasi/", workflow.record_verify, name="record-verify"),
    path(
        "verifikasi/<record_kind:kind>/<int:pk>/batalkan-verifikasi/",
        workflow.record_verification_undo,
        name="record-verification-undo",
    ),
    path("verifikasi/<record_kind:kind>/<int:pk>/kembalikan/", workflow.record_return, name="record-return"),
    path("verifikasi/ajukan-terpilih/", workflow.bulk_submit, name="bulk-submit"),
    path("verifikasi/impor/<int:pk>/ajukan-semua/", workflow.import_batch_submit, name="import-batch-submit"),
    path("verifikasi/antrean/", workflow.verification_queue, name="verification-queue"),
    path("verifikasi/verifikasi-terpilih/", workflow.bulk_verify, name="bulk-verify"),
    path("masa-berlaku/", workflow.expiring, name="expiring"),
    path("kotak-masuk/", inbox.inbox, name="inbox"),
    path("kotak-masuk/<int:pk>/baca/", inbox.inbox_read, name="inbox-read"),
    path("kotak-masuk/baca-semua/", inbox.inbox_read_all, name="inbox-read-all"),
]

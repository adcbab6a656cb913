"""Import batches: the records one confirmed spreadsheet import created or changed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from .offices import Office


class ImportBatch(models.Model):
    """One confirmed import of agreements or activities into one office.

    The records it created or changed point at it (`import_batch`), so that the importer lands on exactly those
    rows (`?batch=<id>` on the list) and can submit them all at once. A later import of the same row moves the
    row to the newer batch.
    """

    office = models.ForeignKey(Office, verbose_name="kantor", on_delete=models.CASCADE, related_name="+")
    record_kind = models.CharField("jenis data", max_length=20)  # "agreement" or "activity"
    file_name = models.CharField("nama berkas", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("diimpor pada", default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "impor spreadsheet"
        verbose_name_plural = "impor spreadsheet"

    def __str__(self) -> str:
        return f"Impor {self.file_name or self.pk} ({self.created_at:%Y-%m-%d %H:%M})"

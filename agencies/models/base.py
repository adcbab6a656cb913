"""Abstract bases shared by the models, and the province's region code."""

from __future__ import annotations

import re
import unicodedata

from django.db import models
from django.utils import timezone

PROVINCE_CODE = "32"


class TimeStamped(models.Model):
    created_at = models.DateTimeField("dibuat", default=timezone.now, editable=False, db_index=True)
    updated_at = models.DateTimeField("diperbarui", auto_now=True)

    class Meta:
        abstract = True


_PUNCTUATION = re.compile(r"[^\w\s]", re.UNICODE)
_SPACES = re.compile(r"\s+")


def normalise_name(name: str) -> str:
    """Key that makes 'Universitas  Padjadjaran.' and 'universitas padjadjaran' the same institution."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _PUNCTUATION.sub(" ", text).replace("_", " ")
    return _SPACES.sub(" ", text).strip()


class Versioned(models.Model):
    """Optimistic locking: every save through a service bumps `version`; a stale form is refused."""

    version = models.PositiveIntegerField("versi", default=1, editable=False)

    class Meta:
        abstract = True

"""Date rules shared by forms, models and imports: one message per rule."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

# Activities are reported once held: their dates may not lie in the future. Forms limit the date picker to
# today (`max`), Activity.clean refuses it, and every place says it with this one message.
MSG_NOT_IN_FUTURE = "Kegiatan yang dilaporkan harus sudah terlaksana: tanggal tidak boleh di masa depan."


def is_in_future(day: dt.date | None) -> bool:
    return day is not None and day > timezone.localdate()

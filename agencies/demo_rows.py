"""Bulk writes of the demo data: records with their partner links and history, evidence rows, and the
verification trail (times, notes, events) of submitted, returned and verified records."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from .choices import EvidenceKind, Role
from .choices import VerificationStatus as V
from .demo_catalogue import RETURN_NOTES
from .models import Evidence, User, VerificationEvent


def insert_with_partners(pairs, model, through_field: str, batch_size: int = 2000) -> list:
    objs = bulk_create_with_history([obj for obj, _ in pairs], model, batch_size=batch_size)
    through = model.partners.through
    links = [
        through(**{through_field: obj.pk, "partner_id": p.pk})
        for obj, (_, ps) in zip(objs, pairs, strict=True)
        for p in ps
    ]
    through.objects.bulk_create(links, batch_size=5000)
    return objs


def evidence_rows(
    rng: random.Random, records: list, key: str, files: dict[str, str], today: dt.date, tz
) -> list[Evidence]:
    rows = []
    for record in records:
        for _ in range(rng.choice([0, 1, 1, 2, 3] if key == "activity" else [0, 1, 1])):
            photo = key == "activity" and rng.random() < 0.6
            content_type = "image/png" if photo else "application/pdf"
            kind = (
                EvidenceKind.PHOTO
                if photo
                else rng.choice(
                    [EvidenceKind.MINUTES, EvidenceKind.ATTENDANCE, EvidenceKind.REPORT, EvidenceKind.ASSIGNMENT_LETTER]
                    if key == "activity"
                    else [EvidenceKind.SIGNED_DOCUMENT]
                )
            )
            day = getattr(record, "end_date", None) or record.start_date
            rows.append(
                Evidence(
                    office_id=record.office_id,
                    **{key: record},
                    kind=kind,
                    file=files[content_type],
                    original_name=f"{kind}-{record.pk}.{'png' if photo else 'pdf'}",
                    size=2048 if photo else 1024,
                    content_type=content_type,
                    sha256="0" * 64,
                    uploaded_at=min(dt.datetime.combine(min(day, today), dt.time(15, 0), tzinfo=tz), timezone.now()),
                )
            )
    return rows


def verification_trail(rng: random.Random, records: list, key: str, tz) -> None:
    """Give submitted, returned and verified demo records their times, notes and trail events."""
    verifier = User.objects.get(username="verifikator")
    staff = {u.office_id: u for u in User.objects.filter(role=Role.STAFF)}
    model = type(records[0]) if records else None
    events, changed = [], []
    now = timezone.now()
    for record in records:
        if record.verification_status == V.DRAFT:
            continue
        submitted = min(now, record.created_at + dt.timedelta(days=rng.randint(0, 3), hours=rng.randint(1, 6)))
        record.submitted_at = submitted
        events.append(
            VerificationEvent(**{key: record}, action="submit", actor=staff.get(record.office_id), created_at=submitted)
        )
        decided = min(now, submitted + dt.timedelta(days=rng.randint(1, 10)))
        if record.verification_status == V.VERIFIED:
            record.verified_at, record.verified_by = decided, verifier
            events.append(VerificationEvent(**{key: record}, action="verify", actor=verifier, created_at=decided))
        elif record.verification_status == V.RETURNED:
            record.return_note = rng.choice(RETURN_NOTES)
            events.append(
                VerificationEvent(
                    **{key: record}, action="return", actor=verifier, note=record.return_note, created_at=decided
                )
            )
        changed.append(record)
    if model is not None:
        model.objects.bulk_update(
            changed, ["submitted_at", "verified_at", "verified_by", "return_note"], batch_size=2000
        )
    VerificationEvent.objects.bulk_create(events, batch_size=5000)

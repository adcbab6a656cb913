"""Publishing a LAKIP: the verifier freezes the snapshot of one unit and year (`snapshot.build_snapshot`)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404

from agencies import permissions
from agencies.models import PROVINCE_CODE, Office

from .models import PublishedLakip
from .snapshot import build_snapshot

NOT_ALLOWED = "Hanya verifikator provinsi yang dapat menerbitkan LAKIP."


@transaction.atomic
def lakip_publish(*, user, year: int, office: Office, note: str = "") -> PublishedLakip:
    """Freeze the live LAKIP of `office` (the province office = all of West Java) for `year`. A unit may be
    published again (a correction); every publication stays, the newest first."""
    permissions.require_settings_manager(user, NOT_ALLOWED)
    published = PublishedLakip(
        year=year, office=office, snapshot=build_snapshot(year, office), note=note.strip(), published_by=user
    )
    published.full_clean()
    published.save()
    return published


def visible_published(user) -> QuerySet[PublishedLakip]:
    """Publications the user may read: staff their own office's and the province's; everyone else all."""
    qs = PublishedLakip.objects.select_related("office", "published_by")
    if permissions.sees_all_offices(user):
        return qs
    own = permissions.visible_offices(user)
    return qs.filter(office__in=own) | qs.filter(office__code=PROVINCE_CODE)


def published_for_user(user, pk: int) -> PublishedLakip:
    found = visible_published(user).filter(pk=pk).first()
    if found is None:
        raise Http404("LAKIP terbit tidak ditemukan.")
    return found
